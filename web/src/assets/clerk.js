// The clerks' page: log in, create a meeting, upload its recording parts
// (tus), watch the transcode, edit agenda and speakers while watching,
// import a programme file and upload captions.
import { ApiError, getJSON, query, request, setCsrfToken } from './api.js';
import { bodyLabel, clock, element, formatDate, formatPercent } from './format.js';
import { onLanguageChange, setUpPage, t } from './i18n.js';
import { RowEditor } from './editor.js';
import { renderSuggestedRecesses } from './recesses.js';
import { Player } from './player.js';
import { UploadQueue, unfinishedUploads } from './uploads.js';

const POLL_MS = 2000;
const $ = (id) => document.getElementById(id);

let session = null;
let meeting = null;
let player = null;
let queue = null;
let pollTimer = null;
let meetings = [];

const agendaEditor = new RowEditor($('agenda-rows'), 'agenda', { now: currentTime, seek });
const speakerEditor = new RowEditor($('speaker-rows'), 'speakers', { now: currentTime, seek });

function currentTime() {
  return player ? player.currentTime : null;
}

function seek(seconds) {
  player?.seek(seconds, false);
}

function show(node, text, kind = '') {
  node.textContent = text;
  node.classList.toggle('error', kind === 'error');
  node.classList.toggle('ok', kind === 'ok');
}

// An API failure shown where it happened; a lost session sends the clerk
// back to the login form.
function fail(node, error) {
  if (error instanceof ApiError && error.status === 401) {
    showLogin(t('clerk.sessionExpired'));
    return;
  }
  show(node, t('clerk.error', { message: error.message }), 'error');
}

// ---- session -------------------------------------------------------------

function showLogin(message = '') {
  session = null;
  setCsrfToken(null);
  stopPolling();
  $('workspace').hidden = true;
  $('who-box').hidden = true;
  $('login-panel').hidden = false;
  show($('login-message'), message, message ? 'error' : '');
  $('username').focus();
}

async function showWorkspace(answer) {
  session = answer;
  setCsrfToken(answer.csrf_token);
  $('login-panel').hidden = true;
  $('workspace').hidden = false;
  $('who-box').hidden = false;
  renderWho();
  await loadMeetings();
  const wanted = Number(new URLSearchParams(location.search).get('meeting'));
  if (wanted) await selectMeeting(wanted);
}

function renderWho() {
  if (session) $('who').textContent = t('clerk.loggedIn', { username: session.username, role: session.role });
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  show($('login-message'), '');
  try {
    const answer = await request('/api/v1/session', { method: 'POST',
      json: { username: $('username').value.trim(), password: $('password').value } });
    $('password').value = '';
    await showWorkspace(answer);
    $('create-title').focus?.();
  } catch (error) {
    show($('login-message'), t('clerk.loginFailed', { message: error.message }), 'error');
  }
});

$('logout').addEventListener('click', async () => {
  queue?.pauseAll();
  try {
    await request('/api/v1/session', { method: 'DELETE' });
  } catch {
    // Already gone: either way the clerk is logged out here.
  }
  dropMeeting();
  showLogin();
});

// ---- meetings ------------------------------------------------------------

function statusLabel(status) {
  return ['pending', 'processing', 'ready', 'failed'].includes(status) ? t(`clerk.status.${status}`) : status;
}

function meetingLabel(m) {
  return [`#${m.id}`, m.date ? formatDate(m.date, 'short') : null, m.title,
    `(${statusLabel(m.status)})`].filter(Boolean).join(' ');
}

function renderMeetingOptions() {
  const select = $('meeting-select');
  const labels = [t('clerk.pickNone'), ...meetings.map(meetingLabel)];
  // Rebuilt only when something changed: polling must not disturb an open list.
  if (labels.join('\n') !== [...select.options].map((o) => o.textContent).join('\n')) {
    select.replaceChildren(element('option', { value: '', textContent: labels[0] }),
      ...meetings.map((m, i) => element('option', { value: String(m.id), textContent: labels[i + 1] })));
  }
  select.value = meeting ? String(meeting.id) : '';
  $('committee-names').replaceChildren(...[...new Set(meetings.map((m) => m.committee).filter(Boolean))]
    .sort().map((name) => element('option', { value: name })));
}

async function loadMeetings() {
  try {
    const answer = await getJSON('/api/v1/meetings?per_page=100');
    meetings = answer.meetings;
    if (meeting && !meetings.some((m) => m.id === meeting.id)) meetings.unshift(meeting);
  } catch (error) {
    fail($('meeting-status'), error);
  }
  renderMeetingOptions();
}

$('meeting-select').addEventListener('change', () => {
  const id = Number($('meeting-select').value);
  if (id) selectMeeting(id);
  else dropMeeting();
});

$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const number = (name) => (form.elements[name].value ? Number(form.elements[name].value) : null);
  const text = (name) => form.elements[name].value.trim() || null;
  try {
    const created = await request('/api/v1/meetings', { method: 'POST', json: {
      body: form.elements.body.value,
      committee: text('committee'),
      session: number('session'),
      session_kind: text('session_kind'),
      number: number('number'),
      date: text('date'),
      title: text('title') ?? '',
    } });
    show($('create-message'), t('clerk.created', { id: created.id }), 'ok');
    form.reset();
    meetings.unshift(created);
    await selectMeeting(created.id, created);
    $('files').focus();
  } catch (error) {
    fail($('create-message'), error);
  }
});

function dropMeeting() {
  queue?.pauseAll();  // resumable later: choosing the same file continues it
  stopPolling();
  player?.destroy();
  player = null;
  meeting = null;
  queue = null;
  $('uploads').replaceChildren();
  $('meeting-work').hidden = true;
  $('public-link').hidden = true;
  $('meeting-status').textContent = '';
  history.replaceState(null, '', '/clerk');
}

async function selectMeeting(id, known = null) {
  if (meeting?.id !== id) {
    dropMeeting();
    queue = new UploadQueue({
      list: $('uploads'),
      meetingId: id,
      onPartDone: () => {
        refresh();
        renderUnfinished();
      },
      onIdle: (ok) => {
        $('start-upload').disabled = !queue?.pending().length;
        if (ok) show($('upload-message'), t('clerk.done'), 'ok');
      },
    });
  }
  try {
    meeting = known ?? await getJSON(`/api/v1/meetings/${id}`);
  } catch (error) {
    fail($('meeting-status'), error);
    return;
  }
  history.replaceState(null, '', `/clerk${query({ meeting: id })}`);
  renderMeetingOptions();
  $('meeting-work').hidden = false;
  $('public-link').hidden = false;
  $('public-link').href = meeting.url;
  agendaEditor.set(meeting.agenda);
  speakerEditor.set(meeting.speakers);
  showSuggestedRecesses();
  show($('agenda-message'), '');
  show($('speakers-message'), '');
  show($('upload-message'), '');
  $('start-upload').disabled = true;
  renderMeeting();
  renderUnfinished();
  if (isBusy(meeting)) startPolling();
}

function showSuggestedRecesses() {
  renderSuggestedRecesses($('import-panel'), meeting, {
    seek,
    onAccepted: (changed) => {
      meeting = changed;
      showSuggestedRecesses();
    },
    onError: (error) => fail($('import-message'), error),
  });
}

function renderMeeting() {
  if (!meeting) return;
  $('meeting-status').textContent = [
    `#${meeting.id}`, bodyLabel(meeting.body), meeting.committee, meeting.date ? formatDate(meeting.date) : null,
    t('clerk.status', { status: statusLabel(meeting.status) }),
  ].filter(Boolean).join(' · ');
  renderJob();
  ensurePlayer();
}

async function renderUnfinished() {
  const id = meeting?.id;
  const entries = await unfinishedUploads(id);
  if (meeting?.id !== id) return;
  const names = [...new Set(entries.map((entry) => entry.metadata?.filename).filter(Boolean))];
  $('unfinished').hidden = names.length === 0;
  $('unfinished').textContent = names.length ? t('clerk.unfinished', { names: names.join(', ') }) : '';
}

// ---- uploads ---------------------------------------------------------------

$('files').addEventListener('change', () => {
  if (!queue) return;
  queue.add([...$('files').files]);
  $('files').value = '';
  $('start-upload').disabled = queue.running || !queue.pending().length;
});

$('start-upload').addEventListener('click', () => {
  if (!queue || !window.tus?.isSupported) {
    show($('upload-message'), t('clerk.error', { message: 'tus' }), 'error');
    return;
  }
  $('start-upload').disabled = true;
  show($('upload-message'), '');
  queue.start();
});

// ---- transcode progress ------------------------------------------------------

function isBusy(m) {
  return ['queued', 'running'].includes(m?.job?.state) || m?.status === 'processing';
}

function renderJob() {
  const job = meeting.job;
  const panel = $('job-panel');
  const progress = $('job-progress');
  panel.classList.toggle('failed', job?.state === 'failed' || meeting.status === 'failed');
  panel.classList.toggle('done', job?.state === 'done');
  if (!job) {
    $('job-state').textContent = t('clerk.job.none');
    progress.hidden = true;
    $('job-detail').textContent = '';
    show($('job-error'), meeting.status === 'failed' ? meeting.error ?? '' : '', 'error');
    return;
  }
  const known = ['queued', 'running', 'done', 'failed'].includes(job.state);
  $('job-state').textContent = known ? t(`clerk.job.${job.state}`) : job.state;
  progress.hidden = false;
  progress.value = Math.max(0, Math.min(1, job.progress ?? 0));
  if (job.state === 'running') {
    $('job-detail').textContent = t('clerk.jobDetail', {
      percent: formatPercent(job.progress),
      speed: job.speed ? t('unit.speed', { speed: job.speed.toFixed(2) }) : '—',
      eta: job.eta > 0 ? clock(job.eta) : t('eta.unknown'),
    });
  } else {
    $('job-detail').textContent = job.state === 'done' ? (job.message ?? '')
      : job.state === 'queued' ? formatPercent(job.progress) : '';
  }
  show($('job-error'), job.state === 'failed' ? job.message ?? meeting.error ?? '' : '', 'error');
}

async function refresh() {
  if (!meeting) return;
  const id = meeting.id;
  try {
    const fresh = await getJSON(`/api/v1/meetings/${id}`);
    if (meeting?.id !== id) return;
    meeting = fresh;
    const index = meetings.findIndex((m) => m.id === id);
    if (index >= 0) meetings[index] = fresh;
    renderMeetingOptions();
    renderMeeting();
    if (isBusy(fresh) || queue?.running) startPolling();
    else stopPolling();
  } catch (error) {
    fail($('job-error'), error);
  }
}

function startPolling() {
  if (pollTimer) return;
  pollTimer = setInterval(refresh, POLL_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

// ---- the editor's player -------------------------------------------------------

// The editor plays the meeting once it is packaged: while a transcode
// runs the playlists are still being replaced.
function ensurePlayer() {
  const box = $('editor-box');
  if (!meeting.playback || meeting.status !== 'ready') {
    player?.destroy();
    player = null;
    box.hidden = true;
    $('editor-novideo').hidden = false;
    return;
  }
  if (player && player.master === meeting.playback.master) return;
  player?.destroy();
  const video = element('video', { id: 'editor-video', playsInline: true, preload: 'metadata' });
  video.setAttribute('aria-label', t('meeting.video'));
  box.replaceChildren(element('div', { className: 'screen' }, video));
  box.hidden = false;
  $('editor-novideo').hidden = true;
  player = new Player(box, video, {
    master: meeting.playback.master,
    storyboard: meeting.storyboard,
    captions: meeting.captions,
    duration: meeting.duration,
  });
  player.master = meeting.playback.master;
  player.load();
}

// ---- agenda and speakers -----------------------------------------------------------

$('mark-agenda').addEventListener('click', () => agendaEditor.mark());
$('mark-speaker').addEventListener('click', () => speakerEditor.mark());
$('add-agenda').addEventListener('click', () => agendaEditor.addRow({ start: currentTime() != null ? Math.floor(currentTime()) : 0 }));
$('add-speaker').addEventListener('click', () => speakerEditor.addRow({ start: currentTime() != null ? Math.floor(currentTime()) : 0 }));

async function save(editor, what, message) {
  let rows;
  try {
    rows = editor.read();
  } catch (error) {
    show(message, error.message, 'error');
    return;
  }
  try {
    meeting = await request(`/api/v1/meetings/${meeting.id}/${what}`, { method: 'PUT', json: rows });
    editor.set(what === 'agenda' ? meeting.agenda : meeting.speakers);
    show(message, t('clerk.saved'), 'ok');
  } catch (error) {
    fail(message, error);
  }
}

$('save-agenda').addEventListener('click', () => save(agendaEditor, 'agenda', $('agenda-message')));
$('save-speakers').addEventListener('click', () => save(speakerEditor, 'speakers', $('speakers-message')));

$('import-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('programme-file').files[0];
  if (!file) {
    show($('import-message'), t('clerk.chooseFile'), 'error');
    return;
  }
  const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
  try {
    meeting = await request(`/api/v1/meetings/${meeting.id}/programme`, { method: 'PUT', body: file,
      type: csv ? 'text/csv' : 'application/json' });
    agendaEditor.set(meeting.agenda);
    speakerEditor.set(meeting.speakers);
    show($('import-message'), t('clerk.imported', { agenda: meeting.agenda.length, speakers: meeting.speakers.length,
      recesses: meeting.recesses.length }), 'ok');
  } catch (error) {
    fail($('import-message'), error);
  }
});

$('captions-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('captions-file').files[0];
  if (!file) {
    show($('captions-message'), t('clerk.chooseFile'), 'error');
    return;
  }
  const lang = $('captions-lang').value;
  const srt = /\.srt$/i.test(file.name);
  try {
    const answer = await request(`/api/v1/meetings/${meeting.id}/captions${query({ lang })}`, { method: 'POST', body: file,
      type: srt ? 'application/x-subrip' : 'text/vtt' });
    show($('captions-message'), t('clerk.captionsDone', { cues: answer.cues, lang: answer.lang }), 'ok');
  } catch (error) {
    fail($('captions-message'), error);
  }
});

// ---- start -----------------------------------------------------------------------

onLanguageChange(() => {
  renderWho();
  renderMeetingOptions();
  if (meeting) renderMeeting();
  agendaEditor.renumber();
  speakerEditor.renumber();
  queue?.renderAll();
  renderUnfinished();
});
setUpPage();
try {
  await showWorkspace(await getJSON('/api/v1/session'));
} catch {
  showLogin();
}
