// The meeting page: the player, the agenda and speakers beside it (click to
// seek, the one playing now highlighted), a timeline of agenda items and
// recesses under it, and links to moments: ?t= (90, 1:30, 1h2m3s) starts there.
import { getJSON } from './api.js';
import { clock, element, formatDuration, meetingFacts, parseStartTime, secondsInWords, sessionLabel } from './format.js';
import { onLanguageChange, setUpPage, t } from './i18n.js';
import { Player, copyLink } from './player.js';
import { attachRecessSkip } from './skip_recess.js';

const id = location.pathname.split('/').filter(Boolean).pop();
const video = document.getElementById('player');
const status = document.getElementById('status');
const agendaList = document.getElementById('agenda');
const speakerList = document.getElementById('speakers');
const timeline = document.getElementById('timeline');
const startAt = parseStartTime(new URLSearchParams(location.search).get('t')) ?? 0;

let meeting = null;
let player = null;
let spans = [];  // [{start, end, node}] for highlighting, agenda and speakers alike

const LINK_ICON = 'M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4a5 5 0 0 0 0-10z';
const DOWNLOAD_ICON = 'M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z';

function icon(path) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const shape = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

function duration() {
  return player?.duration() || meeting?.duration || 0;
}

// Each entry runs to its own end, else to the next one's start, else to
// the end of the recording.
function withEnds(entries) {
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  return sorted.map((entry, i) => ({ ...entry, until: entry.end ?? sorted[i + 1]?.start ?? Infinity }));
}

function seekTo(seconds) {
  if (player) player.seek(seconds);
}

// On a phone the lists sit below the player: after a tap there, scroll back
// up so the moment chosen is seen playing.
function showPlayer() {
  const rect = video.getBoundingClientRect();
  if (rect.top >= 0 && rect.bottom <= window.innerHeight) return;
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  document.getElementById('player-box').scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
}

// The time, then each part beside it; the last part takes the rest of the
// line and wraps within its own column, so the time (and an item's number)
// never stand alone on a line above a long title.
function jumpButton(start, ...parts) {
  const button = element('button', { type: 'button', className: 'jump' },
    element('span', { className: 'time', textContent: clock(start) }), ...parts);
  button.addEventListener('click', () => {
    seekTo(start);
    showPlayer();
  });
  return button;
}

function renderAgenda() {
  const entries = [
    ...withEnds(meeting.agenda).map((item) => ({ kind: 'agenda', ...item })),
    ...meeting.recesses.map((r) => ({ kind: 'recess', ...r, until: r.end })),
  ].sort((a, b) => a.start - b.start || (a.kind === 'recess') - (b.kind === 'recess'));
  if (!meeting.agenda.length && !meeting.recesses.length) {
    agendaList.replaceChildren(element('li', { className: 'empty', textContent: t('meeting.noAgenda') }));
    return [];
  }
  const made = [];
  agendaList.replaceChildren(...entries.map((entry) => {
    if (entry.kind === 'recess') {
      const li = element('li', { className: 'entry recess' },
        jumpButton(entry.start,
          element('span', { className: 'label', textContent: `${t('meeting.recess')} (${formatDuration(entry.end - entry.start)})` })));
      made.push({ start: entry.start, end: entry.until, node: li });
      return li;
    }
    const link = element('a', { className: 'item-link', href: entry.url, title: t('meeting.itemLink', { no: entry.no }),
      attrs: { 'aria-label': t('meeting.itemLink', { no: entry.no }) } }, icon(LINK_ICON));
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      history.replaceState(null, '', entry.url);
      copyLink(entry.url, say);
    });
    const li = element('li', { className: 'entry', dataset: { no: String(entry.no) } },
      jumpButton(entry.start,
        element('span', { className: 'no', textContent: `${entry.no}.` }),
        element('span', { className: 'label' }, entry.title,
          entry.result ? element('span', { className: 'result', textContent: t('meeting.result', { result: entry.result }) }) : null)),
      link,
      entry.clip ? clipLink(entry) : null);
    made.push({ start: entry.start, end: entry.until, node: li });
    return li;
  }));
  return made;
}

// Named for its item, so a list of "download" links can be told apart.
function clipLink(entry) {
  const name = t('meeting.itemDownload', { no: entry.no, title: entry.title });
  return element('a', { className: 'item-clip', href: entry.clip, title: name, attrs: { download: '', 'aria-label': name } },
    icon(DOWNLOAD_ICON));
}

function renderSpeakers() {
  if (!meeting.speakers.length) {
    speakerList.replaceChildren(element('li', { className: 'empty', textContent: t('meeting.noSpeakers') }));
    return [];
  }
  const made = [];
  speakerList.replaceChildren(...withEnds(meeting.speakers).map((s) => {
    const li = element('li', { className: 'entry' },
      jumpButton(s.start,
        element('span', { className: 'label' }, s.name,
          s.role ? element('span', { className: 'role', textContent: ` ${s.role}` }) : null)));
    made.push({ start: s.start, end: s.until, node: li });
    return li;
  }));
  return made;
}

function renderTimeline() {
  const total = duration();
  const track = timeline.querySelector('.timeline-track');
  if (!total || (!meeting.agenda.length && !meeting.recesses.length)) {
    timeline.hidden = true;
    return;
  }
  const place = (node, start, end) => {
    node.style.left = `${(start / total) * 100}%`;
    node.style.width = `${Math.max(0.4, ((Math.min(end, total) - start) / total) * 100)}%`;
    return node;
  };
  const bars = withEnds(meeting.agenda).map((item, i) => {
    const bar = place(element('div', { className: `span agenda-span tone-${i % 2}`,
      title: `${item.no}. ${item.title} (${clock(item.start)}–${clock(item.until)})` },
    element('span', { textContent: String(item.no) })), item.start, item.until);
    bar.addEventListener('click', (event) => {
      event.stopPropagation();
      seekTo(item.start);
    });
    return bar;
  });
  const recesses = meeting.recesses.map((r) => {
    const bar = place(element('div', { className: 'span recess-span',
      title: `${t('meeting.recess')} (${clock(r.start)}–${clock(r.end)})` }), r.start, r.end);
    bar.addEventListener('click', (event) => {
      event.stopPropagation();
      seekTo(r.start);
    });
    return bar;
  });
  const head = element('div', { className: 'playhead' });
  track.replaceChildren(...bars, ...recesses, head);
  track.onclick = (event) => {
    const rect = track.getBoundingClientRect();
    seekTo(((event.clientX - rect.left) / rect.width) * total);
  };
  timeline.hidden = false;
  movePlayhead();
}

function movePlayhead() {
  const head = timeline.querySelector('.playhead');
  const total = duration();
  if (head && total) head.style.left = `${(Math.min(video.currentTime, total) / total) * 100}%`;
}

function highlight() {
  const now = video.currentTime;
  for (const span of spans) {
    const on = now >= span.start && now < span.end;
    if (on === span.node.classList.contains('now')) continue;
    span.node.classList.toggle('now', on);
    const button = span.node.querySelector('.jump');
    if (on) {
      button.setAttribute('aria-current', 'true');
      keepInView(span.node);
    } else {
      button.removeAttribute('aria-current');
    }
  }
  movePlayhead();
}

// Scrolls a long side list to the item playing now, without moving the page.
function keepInView(node) {
  const list = node.closest('.side-column');
  if (!list || list.scrollHeight <= list.clientHeight) return;
  const top = node.offsetTop - list.offsetTop;
  if (top < list.scrollTop || top + node.offsetHeight > list.scrollTop + list.clientHeight)
    list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: 'smooth' });
}

// The agenda item playing at `seconds`, as an MP4 download.
function itemClip(seconds) {
  const item = withEnds(meeting.agenda).find((a) => a.start <= seconds && seconds < a.until);
  return item?.clip ? [{ label: t('player.downloadItem', { no: item.no }), href: item.clip, download: true }] : [];
}

// A minute from `seconds`, or what is left of the recording when that is
// less, labelled with the length the clip will really have. The end is the
// shorter of the recording and what the player can reach (its audio may run
// a few milliseconds past the picture).
function clipFromHere(seconds) {
  const known = [player.duration(), meeting.duration].filter((d) => d > 0);
  const end = Math.min(seconds + 60, Math.floor(Math.min(...known) * 1000) / 1000);
  const length = Math.round(end - seconds);
  if (length < 1) return [];
  const label = length >= 60 ? t('player.downloadMinute') : t('player.downloadFrom', { length: secondsInWords(length) });
  return [{ label, href: `/api/v1/meetings/${meeting.id}/clip.mp4?start=${seconds}&end=${end}`, download: true }];
}

function say(text) {
  status.textContent = text;
}

function render() {
  document.title = `${meeting.title} — gavel`;
  const title = document.getElementById('title');
  title.removeAttribute('data-i18n');
  title.textContent = meeting.title;
  document.getElementById('meta').textContent = [sessionLabel(meeting), meetingFacts(meeting)].filter(Boolean).join(' · ');
  spans = [...renderAgenda(), ...renderSpeakers()];
  renderTimeline();
  highlight();
  const note = document.getElementById('screen-note');
  note.hidden = !!meeting.playback;
  if (!meeting.playback) {
    note.textContent = meeting.status === 'failed' ? t('meeting.failed', { message: meeting.error ?? '' }) : t('meeting.preparing');
    video.hidden = true;
  } else if (meeting.status === 'processing') {
    say(t('meeting.processing'));
  }
}

setUpPage();
try {
  meeting = await getJSON(`/api/v1/meetings/${id}`);
} catch (error) {
  const title = document.getElementById('title');
  title.removeAttribute('data-i18n');
  title.textContent = error.code === 'not_available' ? t('meeting.notAvailable')
    : error.status === 404 ? t('meeting.notFound') : t('home.loadError', { message: error.message });
  document.getElementById('player-box').hidden = true;
  document.querySelector('.side-column').hidden = true;
  document.getElementById('meta').replaceChildren(element('a', { href: '/', textContent: t('nav.home') }));
}
if (meeting) {
  if (meeting.poster) video.poster = meeting.poster;
  if (meeting.playback) {
    player = new Player(document.getElementById('player-box'), video, {
      master: meeting.playback.master,
      startAt,
      storyboard: meeting.storyboard,
      captions: meeting.captions,
      duration: meeting.duration,
      status,
      shareLink: (seconds) => `/meetings/${meeting.id}?t=${seconds}`,
      shareExtras: (seconds) => [...itemClip(seconds), ...clipFromHere(seconds)],
    });
    player.load();
    attachRecessSkip(document.getElementById('player-box'), video, player, meeting.recesses);
    video.addEventListener('timeupdate', highlight);
    video.addEventListener('seeked', highlight);
    // A meeting still being packaged grows: only the timeline's scale changes.
    video.addEventListener('durationchange', () => {
      renderTimeline();
      highlight();
    });
  }
  render();
  onLanguageChange(render);
}
