// The embeddable player (/embed/{id}?t=90, or 1:30, or 1m30s): the meeting
// page's Player filling the frame, the title linking to the full page, and
// the agenda as a menu over the picture. Other sites put it in an iframe:
//   <iframe src="https://ARCHIVE/embed/12?t=95" width="640" height="360" allowfullscreen></iframe>
import { getJSON } from './api.js';
import { clock, element, parseStartTime } from './format.js';
import { language, onLanguageChange, t, translatePage } from './i18n.js';
import { Player } from './player.js';

const LOCAL = {
  ko: { openFull: '{title} — 전체 페이지에서 보기 (새 창)' },
  en: { openFull: '{title} — watch on the full page (new window)' },
};
const local = (key, values = {}) =>
  (LOCAL[language()]?.[key] ?? LOCAL.ko[key]).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));

const id = location.pathname.split('/').filter(Boolean).pop();
const startAt = parseStartTime(new URLSearchParams(location.search).get('t')) ?? 0;
const box = document.getElementById('player-box');
const video = document.getElementById('player');
const status = document.getElementById('status');
const note = document.getElementById('screen-note');
const fullLink = document.getElementById('full-link');
const agendaButton = document.getElementById('agenda-button');
const agendaMenu = document.getElementById('agenda-menu');
const agendaList = document.getElementById('agenda');

let meeting = null;
let player = null;
let items = [];  // [{start, until, node}]

function showNote(text) {
  note.textContent = text;
  note.hidden = false;
  video.hidden = true;
}

function setMenu(open) {
  agendaMenu.hidden = !open;
  agendaButton.setAttribute('aria-expanded', String(open));
  if (open) (agendaList.querySelector('li.now button') ?? agendaList.querySelector('button'))?.focus();
}

function renderAgenda() {
  const sorted = [...meeting.agenda].sort((a, b) => a.start - b.start);
  items = sorted.map((item, i) => {
    const button = element('button', { type: 'button' },
      element('span', { className: 'time', textContent: clock(item.start) }),
      element('span', { textContent: `${item.no}. ${item.title}` }));
    button.addEventListener('click', () => {
      player?.seek(item.start);
      setMenu(false);
      agendaButton.focus();
    });
    const node = element('li', {}, button);
    return { start: item.start, until: item.end ?? sorted[i + 1]?.start ?? Infinity, node };
  });
  agendaList.replaceChildren(...items.map((item) => item.node));
  agendaButton.hidden = items.length === 0 || !meeting.playback;
}

function highlight() {
  const now = video.currentTime;
  for (const item of items) {
    const on = now >= item.start && now < item.until;
    item.node.classList.toggle('now', on);
    const button = item.node.firstElementChild;
    if (on) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

function render() {
  translatePage();
  document.title = `${meeting.title} — gavel`;
  fullLink.textContent = meeting.title;
  fullLink.href = `/meetings/${meeting.id}${startAt ? `?t=${Math.floor(startAt)}` : ''}`;
  fullLink.title = local('openFull', { title: meeting.title });
  fullLink.setAttribute('aria-label', local('openFull', { title: meeting.title }));
  agendaButton.textContent = t('meeting.agenda');
  agendaMenu.setAttribute('aria-label', t('meeting.agenda'));
  renderAgenda();
  highlight();
  if (!meeting.playback)
    showNote(meeting.status === 'failed' ? t('meeting.failed', { message: meeting.error ?? '' }) : t('meeting.preparing'));
}

agendaButton.addEventListener('click', () => setMenu(agendaMenu.hidden));
agendaMenu.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  setMenu(false);
  agendaButton.focus();
});

try {
  meeting = await getJSON(`/api/v1/meetings/${id}`);
} catch (error) {
  translatePage();
  showNote(error.code === 'not_available' ? t('meeting.notAvailable')
    : error.status === 404 ? t('meeting.notFound') : error.message);
}
if (meeting) {
  if (meeting.poster) video.poster = meeting.poster;
  if (meeting.playback) {
    player = new Player(box, video, {
      master: meeting.playback.master,
      startAt,
      storyboard: meeting.storyboard,
      captions: meeting.captions,
      duration: meeting.duration,
      status,
      shareLink: (seconds) => `/meetings/${meeting.id}?t=${seconds}`,
    });
    player.load();
    video.addEventListener('timeupdate', highlight);
    video.addEventListener('seeked', highlight);
  }
  render();
  onLanguageChange(render);
}
