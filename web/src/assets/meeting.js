// The meeting page: plays the HLS master with hls.js (Safari's native HLS
// only where Media Source Extensions are missing), lists the agenda and
// speakers, and honours ?t=SECONDS deep links.
import { BODY_LABEL, clock, element } from './format.js';

const id = location.pathname.split('/').filter(Boolean).pop();
const video = document.getElementById('player');
const status = document.getElementById('status');
const startAt = Number(new URLSearchParams(location.search).get('t')) || 0;

function seek(seconds) {
  video.currentTime = seconds;
  video.play().catch(() => {});
}

function listItems(target, entries) {
  target.replaceChildren(...entries.map(({ start, label }) => {
    const button = element('button', { type: 'button', className: 'jump' },
      element('span', { className: 'time', textContent: clock(start) }), ` ${label}`);
    button.addEventListener('click', () => seek(start));
    return element('li', {}, button);
  }));
}

function attach(master) {
  // hls.js first: Chromium also claims native HLS, but hls.js gives us the
  // quality and audio-track control the page needs.
  if (window.Hls && window.Hls.isSupported()) {
    const hls = new window.Hls({ startPosition: startAt });
    hls.loadSource(master);
    hls.attachMedia(video);
    hls.on(window.Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) status.textContent = `재생 오류: ${data.details}`;
    });
    window.gavelHls = hls;
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = master + (startAt ? `#t=${startAt}` : '');
  } else {
    status.textContent = '이 브라우저는 영상을 재생할 수 없습니다.';
  }
}

const response = await fetch(`/api/v1/meetings/${id}`);
if (!response.ok) {
  document.getElementById('title').textContent = '회의를 찾을 수 없습니다';
} else {
  const m = await response.json();
  document.title = `${m.title} — gavel`;
  document.getElementById('title').textContent = m.title;
  document.getElementById('meta').textContent =
    [BODY_LABEL[m.body] ?? m.body, m.committee, m.date, m.duration ? clock(m.duration) : null]
      .filter(Boolean).join(' · ');
  listItems(document.getElementById('agenda'),
    m.agenda.map((a) => ({ start: a.start, label: `${a.no}. ${a.title}` })));
  listItems(document.getElementById('speakers'),
    m.speakers.map((s) => ({ start: s.start, label: `${s.name}${s.role ? ` (${s.role})` : ''}` })));
  if (m.playback) {
    attach(m.playback.master);
    if (m.status === 'processing') status.textContent = '처리 중입니다. 앞부분부터 볼 수 있습니다.';
  } else if (m.status === 'failed') {
    status.textContent = `영상 처리에 실패했습니다: ${m.error ?? ''}`;
  } else {
    status.textContent = '영상을 준비하고 있습니다.';
  }
}
