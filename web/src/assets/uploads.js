// Resumable uploads of a meeting's recording parts with tus-js-client
// (tus 1.0.0 at /api/v1/uploads). Parts go one after another in the order
// the clerk set, so they arrive at the server in that order. tus-js-client
// keeps each upload's URL in localStorage under a fingerprint that names
// the meeting and the file, so choosing the same file again after a
// dropped connection or a closed tab continues where it stopped.
import { getCsrfToken, languageHeaders } from './api.js';
import { element, formatBytes, formatPercent } from './format.js';
import { t } from './i18n.js';

const ENDPOINT = '/api/v1/uploads';
// Bounded PATCH bodies: a lost connection costs at most one chunk, and
// the server never has to take a multi-gigabyte request body at once.
const CHUNK_SIZE = 16 * 1024 * 1024;
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
const FINGERPRINT_PREFIX = 'gavel-upload';

function fingerprintFor(meetingId, file, replaces) {
  return [FINGERPRINT_PREFIX, meetingId, file.name, file.type, file.size, file.lastModified, replaces ?? ''].join('|');
}

// The server's {"error": {"message"}} from a failed tus request, if any.
function errorMessage(error) {
  const response = error?.originalResponse;
  if (response) {
    try {
      const body = JSON.parse(response.getBody());
      if (body?.error?.message) return body.error.message;
    } catch {
      // Not JSON.
    }
    const status = response.getStatus();
    if (status) return `${status}: ${String(response.getBody() || error.message).slice(0, 200)}`;
  }
  return error?.message ?? String(error);
}

// Uploads this browser started for the meeting and never finished.
export async function unfinishedUploads(meetingId) {
  if (!window.tus?.defaultOptions?.urlStorage) return [];
  try {
    const all = await window.tus.defaultOptions.urlStorage.findAllUploads();
    const prefix = `${FINGERPRINT_PREFIX}|${meetingId}|`;
    return all.filter((entry) => (entry.urlStorageKey ?? '').includes(prefix));
  } catch {
    return [];
  }
}

class UploadRow {
  // replaces: the stored part this file takes the place of (else it goes last)
  constructor(queue, file, replaces = null) {
    this.queue = queue;
    this.file = file;
    this.replaces = replaces;
    this.upload = null;
    this.state = 'waiting';  // waiting | uploading | paused | done | failed
    const id = `upload-${queue.nextId++}`;
    this.progress = element('progress', { id: `${id}-progress`, max: 1, value: 0 });
    this.name = element('span', { className: 'name' });
    this.statusText = element('span', { className: 'upload-status', attrs: { 'aria-live': 'polite' } });
    this.bytes = element('span', { className: 'bytes meta' });
    this.up = element('button', { type: 'button', className: 'up' });
    this.down = element('button', { type: 'button', className: 'down' });
    this.remove = element('button', { type: 'button', className: 'remove' });
    this.pause = element('button', { type: 'button', className: 'pause' });
    this.cancel = element('button', { type: 'button', className: 'danger' });
    this.up.addEventListener('click', () => queue.move(this, -1));
    this.down.addEventListener('click', () => queue.move(this, 1));
    this.remove.addEventListener('click', () => queue.drop(this));
    this.pause.addEventListener('click', () => this.togglePause());
    this.cancel.addEventListener('click', () => this.abortAndForget());
    this.node = element('li', { className: 'upload-row' },
      element('div', { className: 'upload-head' }, this.name,
        element('div', { className: 'actions' }, this.up, this.down, this.remove, this.pause, this.cancel)),
      this.progress,
      element('div', { className: 'upload-foot' }, this.statusText, ' ', this.bytes));
    this.setProgress(0, file.size);
  }

  // The part this file will be: after the parts the meeting already has.
  partNumber() {
    if (this.replaces) return this.replaces;
    const appended = this.queue.rows.filter((row) => !row.replaces);
    return this.queue.storedParts + appended.indexOf(this) + 1;
  }

  render(position, count) {
    this.position = position;
    this.name.textContent = t(this.replaces ? 'clerk.replacingPart' : 'clerk.part',
      { n: this.partNumber(), name: this.file.name });
    this.progress.setAttribute('aria-label', t('clerk.uploadProgress', { name: this.file.name }));
    const before = this.state === 'waiting' && !this.queue.running;
    this.up.hidden = this.down.hidden = this.remove.hidden = !before;
    this.up.disabled = position === 0;
    this.down.disabled = position === count - 1;
    this.up.textContent = t('clerk.moveUp');
    this.down.textContent = t('clerk.moveDown');
    this.remove.textContent = t('clerk.remove');
    this.up.setAttribute('aria-label', `${t('clerk.moveUp')}: ${this.file.name}`);
    this.down.setAttribute('aria-label', `${t('clerk.moveDown')}: ${this.file.name}`);
    this.remove.setAttribute('aria-label', `${t('clerk.remove')}: ${this.file.name}`);
    this.pause.hidden = !['uploading', 'paused'].includes(this.state);
    this.pause.textContent = t(this.state === 'paused' ? 'clerk.resume' : 'clerk.pause');
    this.pause.setAttribute('aria-label', `${this.pause.textContent}: ${this.file.name}`);
    this.cancel.hidden = !['uploading', 'paused', 'failed'].includes(this.state);
    this.cancel.textContent = t('clerk.cancel');
    this.cancel.setAttribute('aria-label', `${t('clerk.cancel')}: ${this.file.name}`);
    if (!this.statusText.dataset.custom) this.statusText.textContent = t(`clerk.${this.state === 'failed' ? 'waiting' : this.state}`);
  }

  say(text, tag = 'note') {
    this.statusText.dataset.custom = tag;
    this.statusText.textContent = text;
  }

  setState(state, text) {
    this.state = state;
    delete this.statusText.dataset.custom;
    this.queue.renderAll();
    if (text) this.say(text);
  }

  setProgress(sent, total) {
    this.progress.value = total ? sent / total : 0;
    this.bytes.textContent = t('clerk.bytes', { done: formatBytes(sent), total: formatBytes(total),
      percent: formatPercent(total ? sent / total : 0) });
  }

  // Resolves when the upload finished; rejects when it failed for good.
  start() {
    return new Promise((resolve, reject) => {
      this.finish = { resolve, reject };
      const meetingId = this.queue.meetingId;
      this.upload = new window.tus.Upload(this.file, {
        endpoint: ENDPOINT,
        chunkSize: CHUNK_SIZE,
        retryDelays: RETRY_DELAYS,
        metadata: {
          filename: this.file.name,
          filetype: this.file.type || 'application/octet-stream',
          meeting: String(meetingId),
          ...(this.replaces ? { replace: String(this.replaces) } : {}),
        },
        headers: { 'X-CSRF-Token': getCsrfToken() ?? '', ...languageHeaders() },
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        fingerprint: (file) => Promise.resolve(fingerprintFor(meetingId, file, this.replaces)),
        onProgress: (sent, total) => {
          if (this.state !== 'uploading' || this.statusText.dataset.custom === 'retry') this.setState('uploading');
          this.setProgress(sent, total);
        },
        onShouldRetry: (error) => {
          const status = error?.originalResponse?.getStatus?.() ?? 0;
          const retry = !status || status >= 500 || [409, 423, 429].includes(status);
          if (retry) this.say(t('clerk.retrying'), 'retry');
          return retry;
        },
        onSuccess: () => {
          this.setProgress(this.file.size, this.file.size);
          this.setState('done', t('clerk.done'));
          this.finish.resolve();
        },
        onError: (error) => {
          this.setState('failed', t('clerk.uploadFailed', { message: errorMessage(error) }));
          this.finish.reject(error);
        },
      });
      this.upload.findPreviousUploads().then((previous) => {
        if (previous.length) {
          // The newest record first: resume from where the server stopped.
          previous.sort((a, b) => String(b.creationTime).localeCompare(String(a.creationTime)));
          this.upload.resumeFromPreviousUpload(previous[0]);
        }
        this.setState('uploading', previous.length ? t('clerk.resumed') : null);
        this.upload.start();
      }, (error) => this.upload.options.onError(error));
    });
  }

  togglePause() {
    if (!this.upload) return;
    if (this.state === 'uploading') {
      this.upload.abort(false);  // keeps the server's copy: resume continues from its offset
      this.setState('paused', t('clerk.paused'));
    } else if (this.state === 'paused') {
      this.setState('uploading');
      this.upload.start();
    }
  }

  abortAndForget() {
    const upload = this.upload;
    this.upload = null;
    if (upload) upload.abort(true).catch(() => {});  // terminates it on the server too
    this.queue.drop(this, true);
    this.finish?.reject(new Error('cancelled'));
  }
}

export class UploadQueue {
  // list: the <ol> for rows; storedParts: how many parts the meeting has;
  // onPartDone(row): after each part (awaited before the next starts);
  // onIdle(ok): when the queue stops
  constructor({ list, meetingId, storedParts = 0, onPartDone, onIdle }) {
    this.list = list;
    this.meetingId = meetingId;
    this.storedParts = storedParts;
    this.onPartDone = onPartDone;
    this.onIdle = onIdle;
    this.rows = [];
    this.running = false;
    this.nextId = 1;
  }

  // The meeting's stored parts changed: new files are numbered after them.
  setStoredParts(count) {
    this.storedParts = count;
    this.renderAll();
  }

  // replaces: the part number every file of `files` takes the place of.
  add(files, { replaces = null } = {}) {
    for (const file of files) {
      if (this.rows.some((row) => row.file === file)) continue;
      const row = new UploadRow(this, file, replaces);
      this.rows.push(row);
      this.list.append(row.node);
    }
    this.renderAll();
  }

  move(row, delta) {
    const from = this.rows.indexOf(row);
    const to = from + delta;
    if (to < 0 || to >= this.rows.length) return;
    this.rows.splice(from, 1);
    this.rows.splice(to, 0, row);
    this.list.replaceChildren(...this.rows.map((r) => r.node));
    this.renderAll();
    (delta < 0 ? row.up : row.down).focus();
    if ((delta < 0 ? row.up : row.down).disabled) row.remove.focus();
  }

  drop(row, cancelled = false) {
    this.rows = this.rows.filter((r) => r !== row);
    row.node.remove();
    if (cancelled && row.state !== 'done') row.state = 'failed';
    this.renderAll();
  }

  pending() {
    return this.rows.filter((row) => row.state === 'waiting' || row.state === 'failed');
  }

  renderAll() {
    this.rows.forEach((row, i) => row.render(i, this.rows.length));
  }

  // Uploads the waiting parts one at a time, in order.
  async start() {
    if (this.running) return;
    this.running = true;
    this.renderAll();
    let ok = true;
    for (const row of this.pending()) {
      if (!this.rows.includes(row)) continue;
      try {
        await row.start();
        await this.onPartDone?.(row);
      } catch {
        ok = false;
        break;  // later parts would arrive out of order
      }
    }
    this.running = false;
    this.renderAll();
    this.onIdle?.(ok);
  }

  pauseAll() {
    for (const row of this.rows) if (row.state === 'uploading') row.togglePause();
  }
}
