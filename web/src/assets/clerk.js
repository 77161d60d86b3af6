// The clerks' page: log in, create a meeting, edit or delete it, upload its
// recording parts (tus) and put a broken one right (replace, remove,
// reorder), watch the transcode, edit agenda and speakers while watching,
// import a programme file and upload captions. Every write names the
// version it was based on (If-Match): when someone else changed the
// meeting meanwhile the page says so instead of undoing their change.
import { ApiError, getJSON, query, request, setCsrfToken } from './api.js';
import { bodyLabel, clock, element, formatBytes, formatDate, formatPercent } from './format.js';
import { onLanguageChange, setUpPage, t } from './i18n.js';
import { RowEditor } from './editor.js';
import { forgetSuggestedRecesses, renderSuggestedRecesses } from './recesses.js';
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
// back to the login form; a change someone else made meanwhile asks for a
// reload.
function fail(node, error) {
  if (error instanceof ApiError && error.status === 401) {
    showLogin(t('clerk.sessionExpired'));
    return;
  }
  if (error instanceof ApiError && error.code === 'stale') {
    show(node, t('clerk.stale'), 'error');
    $('stale-text').textContent = t('clerk.stale');
    $('stale-notice').hidden = false;
    return;
  }
  show(node, t('clerk.error', { message: error.message }), 'error');
}

$('stale-reload').addEventListener('click', async () => {
  // The same meeting again, as the server now has it: unsaved rows go.
  if (meeting) await selectMeeting(meeting.id);
});

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

// The meeting as the server now holds it becomes the page's: lists, parts,
// job, player and suggestions follow. The editors keep what the clerk is
// typing; they are set only on selection and after a save or import.
function adopt(fresh) {
  meeting = fresh;
  const index = meetings.findIndex((m) => m.id === fresh.id);
  if (index >= 0) meetings[index] = fresh;
  queue?.setStoredParts(fresh.parts.length);
  renderMeetingOptions();
  renderMeeting();
  renderParts();
  showSuggestedRecesses();
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
    // status=all: failed and unfinished meetings are the clerks' business.
    const answer = await getJSON('/api/v1/meetings?per_page=100&status=all');
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
  try {
    const created = await request('/api/v1/meetings', { method: 'POST', json: fieldsOf(form) });
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
  $('parts').replaceChildren();
  $('meeting-work').hidden = true;
  $('public-link').hidden = true;
  $('stale-notice').hidden = true;
  $('meeting-status').textContent = '';
  history.replaceState(null, '', '/clerk');
}

// The queue for a meeting's uploads: each finished part leaves the queue
// for the list of stored parts, and the line under it says whether the
// recording it delivered can be played.
function makeQueue(id, storedParts) {
  let delivered = true;
  return new UploadQueue({
    list: $('uploads'),
    meetingId: id,
    storedParts,
    onPartDone: async (row) => {
      await refresh();
      queue?.drop(row);
      renderUnfinished();
      if (meeting?.status === 'failed') {
        delivered = false;
        show($('upload-message'), t('clerk.uploadedButUnusable', { name: row.file.name, message: meeting.error ?? '' }),
          'error');
      }
    },
    onIdle: (ok) => {
      $('start-upload').disabled = !queue?.pending().length;
      if (ok && delivered && meeting?.status !== 'failed') show($('upload-message'), t('clerk.done'), 'ok');
      delivered = true;
    },
  });
}

async function selectMeeting(id, known = null) {
  if (meeting?.id !== id) {
    dropMeeting();
    queue = makeQueue(id, known?.parts?.length ?? 0);
  }
  try {
    meeting = known ?? await getJSON(`/api/v1/meetings/${id}`);
  } catch (error) {
    fail($('meeting-status'), error);
    return;
  }
  history.replaceState(null, '', `/clerk${query({ meeting: id })}`);
  $('meeting-work').hidden = false;
  $('public-link').hidden = false;
  $('public-link').href = meeting.url;
  $('stale-notice').hidden = true;
  agendaEditor.set(meeting.agenda);
  speakerEditor.set(meeting.speakers);
  fillDetails();
  for (const id of ['agenda-message', 'speakers-message', 'details-message', 'parts-message', 'import-message',
    'upload-message']) show($(id), '');
  $('start-upload').disabled = !queue?.pending().length;
  adopt(meeting);
  renderUnfinished();
  if (isBusy(meeting)) startPolling();
}

function showSuggestedRecesses() {
  renderSuggestedRecesses($('import-panel'), () => meeting, {
    seek,
    onAccepted: (changed) => adopt(changed),
    onError: (error) => fail($('import-message'), error),
  });
}

// ---- meeting details -------------------------------------------------------

// The details form edits what the create form asks: the same fields,
// copied once with their own ids (c-title -> d-title).
function buildDetailsForm() {
  const buttons = $('details-form').querySelector('.buttons');
  for (const field of $('create-form').querySelectorAll('.field:not(.buttons)')) {
    const copy = field.cloneNode(true);
    for (const list of copy.querySelectorAll('datalist')) list.remove();  // one list serves both
    for (const node of copy.querySelectorAll('[id]')) node.id = node.id.replace(/^c-/, 'd-');
    for (const label of copy.querySelectorAll('label[for]')) label.htmlFor = label.htmlFor.replace(/^c-/, 'd-');
    buttons.before(copy);
  }
}
buildDetailsForm();

function fillDetails() {
  const form = $('details-form');
  form.elements.body.value = meeting.body;
  form.elements.committee.value = meeting.committee ?? '';
  form.elements.session.value = meeting.session?.number ?? '';
  form.elements.session_kind.value = meeting.session?.kind ?? '';
  form.elements.number.value = meeting.number ?? '';
  form.elements.date.value = meeting.date ?? '';
  form.elements.title.value = meeting.title;
}

// The create and details forms hold the same fields.
function fieldsOf(form) {
  const number = (name) => (form.elements[name].value ? Number(form.elements[name].value) : null);
  const text = (name) => form.elements[name].value.trim() || null;
  return {
    body: form.elements.body.value,
    committee: text('committee'),
    session: number('session'),
    session_kind: text('session_kind'),
    number: number('number'),
    date: text('date'),
    title: text('title') ?? '',
  };
}

$('details-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    adopt(await request(`/api/v1/meetings/${meeting.id}`,
      { method: 'PATCH', json: fieldsOf(event.target), ifMatch: meeting.etags?.details }));
    fillDetails();
    show($('details-message'), t('clerk.saved'), 'ok');
  } catch (error) {
    fail($('details-message'), error);
  }
});

$('delete-meeting').addEventListener('click', async () => {
  if (!confirm(t('clerk.confirmDelete', { title: meeting.title }))) return;
  const gone = meeting;
  try {
    await request(`/api/v1/meetings/${gone.id}`, { method: 'DELETE' });
  } catch (error) {
    fail($('details-message'), error);
    return;
  }
  dropMeeting();
  meetings = meetings.filter((m) => m.id !== gone.id);
  renderMeetingOptions();
  show($('meeting-status'), t('clerk.deleted', { id: gone.id, title: gone.title }), 'ok');
});

// ---- stored parts ------------------------------------------------------------

// The part a failed meeting's reason names ("02-name.mp4: ..."), if any.
function isBroken(part) {
  return meeting.status === 'failed' && (meeting.error ?? '').startsWith(`${part.filename}:`);
}

function partButton(className, label, partLabel, onClick) {
  const button = element('button', { type: 'button', className, textContent: t(label) });
  button.setAttribute('aria-label', `${t(label)}: ${partLabel}`);
  button.addEventListener('click', onClick);
  return button;
}

function renderParts() {
  const parts = meeting.parts;
  $('parts-empty').hidden = parts.length > 0;
  $('parts').replaceChildren(...parts.map((part, i) => {
    const label = t('clerk.part', { n: part.seq, name: part.filename });
    const broken = isBroken(part);
    const up = partButton('up', 'clerk.moveUp', label, () => reorderParts(i, -1));
    const down = partButton('down', 'clerk.moveDown', label, () => reorderParts(i, 1));
    up.disabled = i === 0;
    down.disabled = i === parts.length - 1;
    return element('li', { className: `upload-row part${broken ? ' broken' : ''}`, dataset: { seq: String(part.seq) } },
      element('div', { className: 'upload-head' },
        element('span', { className: 'name', textContent: label }),
        element('div', { className: 'actions' }, up, down,
          partButton('replace', 'clerk.replace', label, () => chooseReplacement(part.seq)),
          partButton('remove danger', 'clerk.remove', label, () => removePart(part)))),
      element('div', { className: 'upload-foot' },
        element('span', { className: 'bytes meta', textContent: formatBytes(part.size) }),
        broken ? element('span', { className: 'part-problem', textContent: ` · ${meeting.error}` }) : null));
  }));
}

async function reorderParts(index, delta) {
  const order = meeting.parts.map((part) => part.seq);
  [order[index], order[index + delta]] = [order[index + delta], order[index]];
  try {
    adopt(await request(`/api/v1/meetings/${meeting.id}/parts`,
      { method: 'PUT', json: { order }, ifMatch: meeting.etags?.parts }));
    show($('parts-message'), t('clerk.partsReordered'), 'ok');
    startPolling();
  } catch (error) {
    fail($('parts-message'), error);
  }
}

async function removePart(part) {
  if (!confirm(t('clerk.confirmRemovePart', { n: part.seq, name: part.filename }))) return;
  try {
    adopt(await request(`/api/v1/meetings/${meeting.id}/parts/${part.seq}`,
      { method: 'DELETE', ifMatch: meeting.etags?.parts }));
    show($('parts-message'), t('clerk.partRemoved', { n: part.seq, name: part.filename }), 'ok');
    if (isBusy(meeting)) startPolling();
  } catch (error) {
    fail($('parts-message'), error);
  }
}

let replacing = null;  // the part number the file chooser is for

function chooseReplacement(seq) {
  replacing = seq;
  $('replace-file').value = '';
  $('replace-file').click();
}

$('replace-file').addEventListener('change', () => {
  const file = $('replace-file').files[0];
  if (!file || !queue || !replacing) return;
  queue.add([file], { replaces: replacing });
  replacing = null;
  show($('upload-message'), '');
  startUploads();
});

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

function startUploads() {
  if (!queue || !window.tus?.isSupported) {
    show($('upload-message'), t('clerk.error', { message: 'tus' }), 'error');
    return;
  }
  $('start-upload').disabled = true;
  queue.start();
}

$('start-upload').addEventListener('click', () => {
  show($('upload-message'), '');
  startUploads();
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
    $('job-state').textContent = t(meeting.status === 'failed' ? 'clerk.job.failed' : 'clerk.job.none');
    progress.hidden = true;
    $('job-detail').textContent = '';
    show($('job-error'), meeting.status === 'failed' ? meeting.error ?? '' : '', 'error');
    return;
  }
  // A meeting failed before its job ran (a file that is no recording)
  // reads as failed, not as the job its delivery cancelled.
  const state = meeting.status === 'failed' && job.state === 'cancelled' ? 'failed' : job.state;
  const known = ['queued', 'running', 'done', 'failed', 'cancelled'].includes(state);
  $('job-state').textContent = known ? t(`clerk.job.${state}`) : state;
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
  show($('job-error'), meeting.status === 'failed' ? meeting.error ?? job.message ?? ''
    : job.state === 'failed' ? job.message ?? '' : '', 'error');
}

async function refresh() {
  if (!meeting) return;
  const id = meeting.id;
  try {
    const fresh = await getJSON(`/api/v1/meetings/${id}`);
    if (meeting?.id !== id) return;
    adopt(fresh);
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

// The editor plays the meeting as soon as its first segments are written,
// as the public page does. A new transcode (the parts changed) writes the
// tree again from the start, so its player starts again too.
function ensurePlayer() {
  const box = $('editor-box');
  if (!meeting.playback || !['processing', 'ready'].includes(meeting.status)) {
    player?.destroy();
    player = null;
    box.hidden = true;
    $('editor-novideo').hidden = false;
    return;
  }
  const key = `${meeting.playback.master}#${meeting.job?.id ?? ''}`;
  if (player && player.key === key) return;
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
  player.key = key;
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
    adopt(await request(`/api/v1/meetings/${meeting.id}/${what}`,
      { method: 'PUT', json: rows, ifMatch: meeting.etags?.[what] }));
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
    adopt(await request(`/api/v1/meetings/${meeting.id}/programme`, { method: 'PUT', body: file,
      type: csv ? 'text/csv' : 'application/json', ifMatch: meeting.etags?.programme }));
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
  forgetSuggestedRecesses();
  if (meeting) {
    renderMeeting();
    renderParts();
    showSuggestedRecesses();
    refresh();  // the server's messages (a failed meeting's reason) in the new language
  }
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
