// The clerk's page as clerks lose work on it, played in real Chromium: a
// suggested recess accepted after saving the agenda, two views of one
// meeting writing in turn, a broken upload put right by replacing its part,
// parts reordered and removed, details edited, a meeting deleted; and what
// citizens see of a meeting that failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addClerk, api, ingest, launchBrowser, login, makeClip, makeDataDir, makeRecessClip, makeTruncatedClip, removeDir,
  screenshotPath, serve, waitForVideo,
} from './harness.mjs';

let dataDir;
let server;
let browser;
let session;
let recessMeeting;  // ingested before the server starts: packaged, with a suggested recess
let twoParts;       // likewise, from two files
const errors = [];

before(async () => {
  dataDir = makeDataDir();
  const recessClip = makeRecessClip(join(dataDir, 'recess.mp4'));
  recessMeeting = Number(ingest(dataDir, recessClip, '--body', 'plenary', '--date', '2026-11-02', '--title', '정회가 있는 회의'));
  twoParts = Number(ingest(dataDir, makeClip(join(dataDir, 'first.mp4'), 3), '--body', 'standing',
    '--committee', '기획행정위원회', '--date', '2026-11-03', '--title', '두 파트 회의'));
  addClerk(dataDir, 'clerk1', 'longpassword1');
  server = await serve(dataDir);
  session = await login(server.url, 'clerk1', 'longpassword1');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  removeDir(dataDir);
});

const asClerk = (path, method = 'GET', body) => api(server.url, session, method, path, body);
const meeting = (id) => asClerk(`/api/v1/meetings/${id}`);

// A logged-in clerk page (optionally on one meeting), in its own context.
async function clerkPage(id = null) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${server.url}/clerk${id ? `?meeting=${id}` : ''}`);
  await page.waitForSelector('#login-panel:not([hidden])');
  await page.fill('#username', 'clerk1');
  await page.fill('#password', 'longpassword1');
  await page.click('#login-form button[type="submit"]');
  await page.waitForSelector('#workspace:not([hidden])');
  if (id) await page.waitForSelector('#meeting-work:not([hidden])');
  return page;
}

async function createMeeting(page, title) {
  await page.selectOption('#c-body', 'plenary');
  await page.fill('#c-date', '2026-11-20');
  await page.fill('#c-title', title);
  await page.click('#create-form button[type="submit"]');
  await page.waitForSelector('#meeting-work:not([hidden])');
  return Number(new URL(page.url()).searchParams.get('meeting'));
}

async function addAgendaRow(page, title, start) {
  await page.click('#add-agenda');
  const row = page.locator('#agenda-rows li').last();
  await row.locator('input[name="title"]').fill(title);
  await row.locator('input[name="start"]').fill(start);
  return row;
}

test('a saved agenda survives accepting a suggested recess, which appears when the job ends on the page', async () => {
  const page = await clerkPage();
  const id = await createMeeting(page, '정회 제안 회의');
  await page.setInputFiles('#files', makeRecessClip(join(dataDir, 'upload-recess.mp4')));
  await page.click('#start-upload');
  // The clerk stays on the page: when the job ends the suggestion appears.
  await page.waitForFunction(() => document.getElementById('job-panel').classList.contains('done'), null,
    { timeout: 90000 });
  await page.waitForSelector('#recess-suggestions:not([hidden]) .suggestion', { timeout: 10000 });
  const label = await page.locator('#recess-suggestions .suggestion .label').first().boundingBox();
  const lineHeight = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(
    '#recess-suggestions .label')).lineHeight) || 24);
  assert.ok(label.width > 150, `the label has room (${label.width} px wide)`);
  assert.ok(label.height < lineHeight * 2.5, `the label is one or two lines, not a column (${label.height} px)`);
  await page.screenshot({ path: screenshotPath('clerk-recess-suggestion.png'), fullPage: true });

  await addAgendaRow(page, '예산안 심사', '0:01');
  await page.click('#save-agenda');
  await page.waitForSelector('#agenda-message.ok');
  await page.locator('#recess-suggestions .suggestion button.accept').first().click();
  await page.waitForSelector('#recess-suggestions', { state: 'hidden' });
  const m = await meeting(id);
  assert.deepEqual(m.agenda.map((a) => a.title), ['예산안 심사'], 'the agenda saved before is still there');
  assert.equal(m.recesses.length, 1, 'the recess was added');
  assert.ok(m.recesses[0].start >= 6 && m.recesses[0].end <= 22, JSON.stringify(m.recesses));
  await page.context().close();
});

test('a save based on an old copy is refused, and the page asks for a reload instead of undoing', async () => {
  const first = await clerkPage(recessMeeting);
  const second = await clerkPage(recessMeeting);
  await addAgendaRow(second, '다른 사무처 직원의 안건', '0:02');
  await second.click('#save-agenda');
  await second.waitForSelector('#agenda-message.ok');
  // The first view still holds the meeting as it was when it loaded.
  await addAgendaRow(first, '내 안건', '0:03');
  await first.click('#save-agenda');
  await first.waitForSelector('#stale-notice:not([hidden])');
  assert.match(await first.textContent('#stale-notice'), /다른 사람이 그 사이에 이 회의를 바꿨습니다/);
  assert.deepEqual((await meeting(recessMeeting)).agenda.map((a) => a.title), ['다른 사무처 직원의 안건']);
  // The recesses nobody changed: accepting one from the first view is fine...
  await first.locator('#recess-suggestions .suggestion button.accept').first().click();
  await first.waitForSelector('#recess-suggestions', { state: 'hidden' });
  // ...and the second view, which has not seen it, is refused rather than dropping it.
  await second.locator('#recess-suggestions .suggestion button.accept').first().click();
  await second.waitForSelector('#stale-notice:not([hidden])');
  assert.match(await second.textContent('#import-message'), /다른 사람이 그 사이에/);
  assert.equal((await meeting(recessMeeting)).recesses.length, 1);
  await first.click('#stale-reload');
  await first.waitForSelector('#stale-notice', { state: 'hidden' });
  assert.equal(await first.locator('#agenda-rows input[name="title"]').first().inputValue(), '다른 사무처 직원의 안건');
  assert.equal(await first.locator('#recess-suggestions .suggestion').count(), 0);
  await first.screenshot({ path: screenshotPath('clerk-reloaded.png'), fullPage: true });
  await first.context().close();
  await second.context().close();
});

test('a suggestion an imported recess already covers is not offered', async () => {
  const id = Number(ingest(dataDir, makeRecessClip(join(dataDir, 'import-recess.mp4')), '--body', 'plenary',
    '--title', '가져올 회의'));
  const page = await clerkPage(id);
  await page.waitForSelector('#recess-suggestions:not([hidden]) .suggestion');
  const csv = join(dataDir, 'covering.csv');
  writeFileSync(csv, 'kind,no,title,name,role,start,end,result\nrecess,,,,,0:07,0:21,\n');
  await page.setInputFiles('#programme-file', csv);
  await page.click('#import-form button[type="submit"]');
  await page.waitForSelector('#import-message.ok');
  await page.waitForSelector('#recess-suggestions', { state: 'hidden' });
  await page.context().close();
});

test('a broken upload is reported, kept from citizens, and put right by replacing its part', async () => {
  const page = await clerkPage();
  const id = await createMeeting(page, '잘린 파일 회의');
  await page.setInputFiles('#files', makeTruncatedClip(join(dataDir, 'broken-truncated.mp4')));
  await page.click('#start-upload');
  await page.waitForSelector('#upload-message.error', { timeout: 30000 });
  const said = await page.textContent('#upload-message');
  assert.match(said, /broken-truncated\.mp4/);
  assert.match(said, /끝까지/, 'the reason, in Korean');
  assert.doesNotMatch(said, /업로드 완료/);
  assert.equal(await page.locator('#upload-message.ok').count(), 0, 'never green for a recording that failed');
  await page.waitForSelector('#parts li.broken');
  assert.match(await page.textContent('#parts li.broken'), /파트 1: 01-broken-truncated\.mp4/);
  assert.match(await page.textContent('#job-state'), /실패/);
  assert.match(await page.textContent('#meeting-select'), /잘린 파일 회의 \(실패\)/);
  await page.click('#lang-toggle');
  await page.waitForFunction(() => /was not fully uploaded/.test(document.getElementById('job-error').textContent));
  await page.click('#lang-toggle');
  await page.waitForFunction(() => /끝까지/.test(document.getElementById('job-error').textContent));

  // Citizens: not listed, not searchable, and the page says only that it is not available yet.
  const list = await (await fetch(`${server.url}/api/v1/meetings?per_page=100`)).json();
  assert.ok(!list.meetings.some((m) => m.id === id), 'not in the public list');
  const search = await (await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent('잘린 파일')}`)).json();
  assert.ok(!search.hits.some((h) => h.meeting_id === id), 'not found by search');
  const feed = await (await fetch(`${server.url}/api/v1/export/meetings.json`)).text();
  assert.doesNotMatch(feed, /잘린 파일 회의/);
  const citizen = await browser.newPage();
  await citizen.goto(`${server.url}/meetings/${id}`);
  await citizen.waitForFunction(() => /아직 공개되지 않았습니다/.test(document.getElementById('title').textContent));
  assert.doesNotMatch(await citizen.textContent('body'), /끝까지|truncated/);
  await citizen.close();

  // A file chosen now is numbered after the stored part.
  await page.setInputFiles('#files', makeClip(join(dataDir, 'extra.mp4'), 2));
  assert.match(await page.textContent('#uploads li'), /파트 2: extra\.mp4/);
  await page.locator('#uploads li button.remove').click();

  // Replacing the broken part with the good file.
  const good = makeClip(join(dataDir, 'good recording.mp4'), 5);
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#parts li.broken button.replace').click();
  await (await chooser).setFiles(good);
  await page.waitForFunction(() => document.getElementById('job-panel').classList.contains('done'), null,
    { timeout: 60000 });
  await page.waitForSelector('#upload-message.ok');
  const m = await meeting(id);
  assert.equal(m.status, 'ready');
  assert.deepEqual(m.parts.map((p) => p.filename), ['01-good_recording.mp4']);
  assert.equal(await page.locator('#parts li').count(), 1);
  assert.equal(await page.locator('#parts li.broken').count(), 0);
  await waitForVideo(page, '#editor-video');
  await page.screenshot({ path: screenshotPath('clerk-replaced.png'), fullPage: true });
  const listed = await (await fetch(`${server.url}/api/v1/meetings?per_page=100`)).json();
  assert.ok(listed.meetings.some((x) => x.id === id), 'public once it plays');
  await page.context().close();
});

test('parts are reordered and removed, details edited and the meeting deleted from the page', async () => {
  const page = await clerkPage(twoParts);
  // A second part, uploaded through the page, goes after the first.
  await page.setInputFiles('#files', makeClip(join(dataDir, 'second.mp4'), 2));
  assert.match(await page.textContent('#uploads li'), /파트 2: second\.mp4/);
  await page.click('#start-upload');
  await page.waitForFunction(() => document.querySelectorAll('#parts li').length === 2, null, { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById('job-panel').classList.contains('done'), null,
    { timeout: 60000 });
  await page.locator('#parts li').first().locator('button.down').click();
  await page.waitForSelector('#parts-message.ok');
  assert.deepEqual((await meeting(twoParts)).parts.map((p) => p.filename), ['02-second.mp4', '01-first.mp4']);
  await page.waitForFunction(() => document.getElementById('job-panel').classList.contains('done'), null,
    { timeout: 60000 });
  await page.locator('#parts li').last().locator('button.remove').click();
  await page.waitForFunction(() => document.querySelectorAll('#parts li').length === 1);
  assert.deepEqual((await meeting(twoParts)).parts.map((p) => p.filename), ['02-second.mp4']);

  await page.fill('#d-title', '두 파트 회의 (수정)');
  await page.fill('#d-number', '7');
  await page.click('#details-form button[type="submit"]');
  await page.waitForSelector('#details-message.ok');
  const edited = await meeting(twoParts);
  assert.equal(edited.title, '두 파트 회의 (수정)');
  assert.equal(edited.number, 7);
  assert.equal(edited.committee, '기획행정위원회', 'fields left alone stay');

  await page.click('#delete-meeting');
  await page.waitForSelector('#meeting-work', { state: 'hidden' });
  const gone = await fetch(`${server.url}/api/v1/meetings/${twoParts}`, { headers: { Authorization: `Bearer ${session.token}` } });
  assert.equal(gone.status, 404);
  assert.doesNotMatch(await page.textContent('#meeting-select'), /두 파트 회의/);
  await page.context().close();
});

test('the preview plays while the recording is still being packaged', async () => {
  const page = await clerkPage();
  await createMeeting(page, '긴 회의');
  // Samples the job line and the preview every 200 ms.
  await page.evaluate(() => {
    window.samples = [];
    setInterval(() => window.samples.push({
      state: document.getElementById('job-state').textContent,
      ready: document.getElementById('editor-video')?.readyState ?? -1,
    }), 200);
  });
  await page.setInputFiles('#files', makeClip(join(dataDir, 'long.mp4'), 180));
  await page.click('#start-upload');
  await page.waitForFunction(() => document.getElementById('job-panel').classList.contains('done'), null,
    { timeout: 120000 });
  const samples = await page.evaluate(() => window.samples);
  assert.ok(samples.some((s) => s.state === '변환 중' && s.ready >= 2),
    `a picture while packaging (${JSON.stringify(samples.filter((s) => s.state === '변환 중').slice(-3))})`);
  await page.context().close();
});

test('an empty end field shows no made-up time', async () => {
  const page = await clerkPage(recessMeeting);
  await page.click('#add-agenda');
  const end = page.locator('#agenda-rows li').last().locator('input[name="end"]');
  assert.equal(await end.inputValue(), '');
  const placeholder = await end.getAttribute('placeholder');
  assert.doesNotMatch(placeholder ?? '', /\d:\d\d/);
  assert.equal(placeholder, '다음까지');
  await page.context().close();
  assert.deepEqual(errors, []);
});

test('an upload over the limit is refused in the page\'s language', async () => {
  const small = makeDataDir();
  addClerk(small, 'clerk1', 'longpassword1');
  const limited = await serve(small, ['--max-upload-gb', '0.001']);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${limited.url}/clerk`);
    await page.fill('#username', 'clerk1');
    await page.fill('#password', 'longpassword1');
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#workspace:not([hidden])');
    await page.selectOption('#c-body', 'plenary');
    await page.fill('#c-title', '큰 파일');
    await page.click('#create-form button[type="submit"]');
    await page.waitForSelector('#meeting-work:not([hidden])');
    await page.setInputFiles('#files', makeClip(join(small, 'big.mp4'), 30));
    await page.click('#start-upload');
    await page.waitForFunction(() => /업로드 실패/.test(document.querySelector('#uploads .upload-status')?.textContent));
    assert.match(await page.textContent('#uploads .upload-status'), /올릴 수 있는 크기\(0\.001 GiB\)보다 큽니다/);
    await context.close();
  } finally {
    limited.stop();
    removeDir(small);
  }
});
