// The clerks' page in real Chromium: log in, create a meeting, upload a
// recording with tus through the page until it plays, edit the agenda
// while watching, import a programme file, upload captions, log out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addClerk, api, ingest, launchBrowser, login, makeClip, makeDataDir, removeDir, screenshotPath, serve, waitForVideo,
} from './harness.mjs';

let dataDir;
let server;
let browser;
let context;
let page;
let ingested;
let clerkSession;
const errors = [];

before(async () => {
  dataDir = makeDataDir();
  ingested = ingest(dataDir, makeClip(join(dataDir, 'committee.mp4'), 12), '--body', 'standing',
    '--committee', '기획행정위원회', '--date', '2026-05-20', '--title', '제300회 기획행정위원회 제1차');
  addClerk(dataDir, 'clerk1', 'longpassword1');
  server = await serve(dataDir);
  clerkSession = await login(server.url, 'clerk1', 'longpassword1');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
});

after(async () => {
  await browser?.close();
  server?.stop();
  removeDir(dataDir);
});

// As a clerk sees it: a meeting without a playable recording yet is not public.
async function meeting(id) {
  return api(server.url, clerkSession, 'GET', `/api/v1/meetings/${id}`);
}

test('a wrong password is refused with the server\'s message in the page\'s language, the right one logs in', async () => {
  await page.goto(`${server.url}/clerk`);
  await page.waitForSelector('#login-panel:not([hidden])');
  await page.fill('#username', 'clerk1');
  await page.fill('#password', 'wrong-password');
  await page.click('#login-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('login-message').textContent.includes('아이디 또는 비밀번호가 틀렸습니다'));
  // The same refusal on the English page is in English.
  await page.click('#lang-toggle');
  await page.click('#login-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('login-message').textContent.includes('wrong user name or password'));
  assert.doesNotMatch(await page.textContent('#login-message'), /[가-힣]/);
  await page.click('#lang-toggle');
  await page.fill('#password', 'longpassword1');
  await page.click('#login-form button[type="submit"]');
  await page.waitForSelector('#workspace:not([hidden])');
  assert.match(await page.textContent('#who'), /clerk1/);
});

test('a clerk creates a meeting and uploads a recording with tus until it plays', async (t) => {
  const probe = await fetch(`${server.url}/api/v1/uploads`, { method: 'OPTIONS' });
  if (probe.status === 404) {
    t.skip('needs tus server');
    return;
  }
  await page.selectOption('#c-body', 'plenary');
  await page.fill('#c-session', '291');
  await page.selectOption('#c-session-kind', 'regular');
  await page.fill('#c-number', '3');
  await page.fill('#c-date', '2026-11-20');
  await page.fill('#c-title', '제291회 정례회 제3차 본회의');
  await page.click('#create-form button[type="submit"]');
  await page.waitForSelector('#meeting-work:not([hidden])');
  const id = Number(new URL(page.url()).searchParams.get('meeting'));
  assert.ok(id > 0, 'the new meeting is selected');
  assert.equal((await meeting(id)).title, '제291회 정례회 제3차 본회의');

  const clip = makeClip(join(dataDir, 'upload part.mp4'), 6);
  const seen = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/uploads')) seen.push(request.method());
  });
  // The tab closes while the first PATCH is on its way (held here, never answered)...
  let held = 0;
  await page.route('**/api/v1/uploads/*', (route) => {
    if (route.request().method() === 'PATCH' && held++ === 0) return;  // left hanging
    return route.continue();
  });
  await page.setInputFiles('#files', clip);
  const firstPatch = page.waitForRequest((r) => r.url().includes('/api/v1/uploads/') && r.method() === 'PATCH');
  await page.click('#start-upload');
  await firstPatch;
  await page.reload();
  await page.waitForSelector('#meeting-work:not([hidden])');
  await page.waitForSelector('#unfinished:not([hidden])');
  assert.match(await page.textContent('#unfinished'), /upload part\.mp4/);
  // ...and after it the connection drops once more, mid-PATCH.
  await page.unroute('**/api/v1/uploads/*');
  let dropped = 0;
  await page.route('**/api/v1/uploads/*', (route) => {
    if (route.request().method() === 'PATCH' && dropped++ === 0) return route.abort('connectionreset');
    return route.continue();
  });
  // Choosing the same file again continues the same upload.
  await page.setInputFiles('#files', clip);
  await page.click('#start-upload');
  // Done, or the upload's own failure message (the server's words).
  const outcome = await page.waitForFunction(() => {
    if (document.querySelector('#upload-message.ok')) return 'done';
    const row = document.querySelector('#uploads .upload-row');
    return row && /실패|failed/i.test(row.textContent) ? row.querySelector('.upload-status').textContent : null;
  }, null, { timeout: 30000 });
  assert.equal(await outcome.jsonValue(), 'done');
  // The finished upload left the queue for the list of the meeting's parts.
  await page.waitForFunction(() => document.querySelectorAll('#parts li').length === 1);
  assert.match(await page.textContent('#parts li'), /파트 1: 01-upload_part\.mp4/);
  assert.equal(await page.locator('#uploads li').count(), 0);
  await page.unroute('**/api/v1/uploads/*');
  assert.equal(seen.filter((m) => m === 'POST').length, 1, `one upload created (${seen})`);
  assert.ok(seen.includes('HEAD'), `the upload's offset was asked for (${seen})`);
  assert.ok(dropped >= 2, 'the dropped PATCH was retried');
  await page.screenshot({ path: screenshotPath('clerk-uploaded.png') });
  // The page polls the meeting until the transcode is done, then plays it.
  await page.waitForFunction(() => document.getElementById('job-panel').classList.contains('done'), null, { timeout: 60000 });
  await waitForVideo(page, '#editor-video');
  const after = await meeting(id);
  assert.equal(after.status, 'ready');
  assert.equal(after.parts.length, 1);
  assert.ok(Math.abs(after.duration - 6) < 0.5, `duration ${after.duration}`);
  await page.screenshot({ path: screenshotPath('clerk-transcoded.png'), fullPage: true });

  const watch = await context.newPage();
  await watch.goto(`${server.url}/meetings/${id}`);
  await waitForVideo(watch);
  await watch.evaluate(() => document.getElementById('player').play());
  await watch.waitForFunction(() => document.getElementById('player').currentTime > 1, null, { timeout: 15000 });
  await watch.close();
});

test('agenda items are marked while watching, saved, and API errors are shown', async () => {
  await page.selectOption('#meeting-select', String(ingested));
  await page.waitForSelector('#meeting-work:not([hidden])');
  await waitForVideo(page, '#editor-video');
  const at = async (seconds) => {
    await page.evaluate((s) => { document.getElementById('editor-video').currentTime = s; }, seconds);
    await page.waitForFunction((s) => Math.abs(document.getElementById('editor-video').currentTime - s) < 0.2, seconds);
  };
  await at(2);
  await page.click('#mark-agenda');
  await page.locator('#agenda-rows li').last().locator('input[name="title"]').fill('행정사무감사 계획서 승인의 건');
  await at(7);
  await page.click('#mark-agenda');
  await page.locator('#agenda-rows li').last().locator('input[name="title"]').fill('조직 개편 조례안');
  await page.locator('#agenda-rows li').last().locator('input[name="result"]').fill('원안가결');
  // The first row's end was filled by the second mark.
  assert.equal(await page.locator('#agenda-rows li').first().locator('input[name="end"]').inputValue(), '0:07');
  // Reorder: the second item goes first.
  await page.locator('#agenda-rows li').last().locator('button.up').click();
  await page.click('#save-agenda');
  await page.waitForSelector('#agenda-message.ok');
  const saved = (await meeting(ingested)).agenda.sort((a, b) => a.no - b.no);
  assert.deepEqual(saved.map((a) => [a.no, a.title, a.start, a.end, a.result]), [
    [1, '조직 개편 조례안', 7, null, '원안가결'],
    [2, '행정사무감사 계획서 승인의 건', 2, 7, null],
  ]);

  // An end before the start: the server refuses, and says why.
  await page.locator('#agenda-rows li').first().locator('input[name="end"]').fill('0:03');
  await page.click('#save-agenda');
  await page.waitForSelector('#agenda-message.error');
  assert.equal(await page.locator('#agenda-rows li').first().locator('input[name="title"]').inputValue(), '조직 개편 조례안',
    'the editor keeps the clerk\'s numbering after saving');
  assert.match(await page.textContent('#agenda-message'), /끝 시각\(3초\)이 시작 시각\(7초\) 뒤가 아닙니다/);
  await page.locator('#agenda-rows li').first().locator('input[name="end"]').fill('abc');
  await page.click('#save-agenda');
  await page.waitForFunction(() => document.getElementById('agenda-message').textContent.includes('abc'));

  await at(3);
  await page.click('#mark-speaker');
  await page.locator('#speaker-rows li').last().locator('input[name="name"]').fill('최위원장');
  await page.locator('#speaker-rows li').last().locator('input[name="role"]').fill('위원장');
  await page.click('#save-speakers');
  await page.waitForSelector('#speakers-message.ok');
  assert.deepEqual((await meeting(ingested)).speakers.map((s) => [s.name, s.role, s.start]), [['최위원장', '위원장', 3]]);
  await page.screenshot({ path: screenshotPath('clerk-editor.png'), fullPage: true });
});

test('a programme CSV and captions are uploaded through the page', async () => {
  const csv = join(dataDir, 'programme.csv');
  writeFileSync(csv, 'kind,no,title,name,role,start,end,result\n'
    + 'agenda,1,예산안 심사,,,0:01,0:06,가결\n'
    + 'speaker,,,김위원,위원,0:01,0:06,\n'
    + 'recess,,,,,0:06,0:08,\n');
  await page.setInputFiles('#programme-file', csv);
  await page.click('#import-form button[type="submit"]');
  await page.waitForSelector('#import-message.ok');
  const m = await meeting(ingested);
  assert.deepEqual(m.agenda.map((a) => [a.title, a.start, a.end]), [['예산안 심사', 1, 6]]);
  assert.equal(m.recesses.length, 1);
  assert.equal(await page.locator('#agenda-rows li').count(), 1, 'the editor shows the imported items');

  const vtt = join(dataDir, 'captions.vtt');
  writeFileSync(vtt, 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n회의를 시작하겠습니다.\n');
  await page.setInputFiles('#captions-file', vtt);
  await page.click('#captions-form button[type="submit"]');
  await page.waitForSelector('#captions-message.ok');
  assert.deepEqual((await meeting(ingested)).captions.map((c) => c.lang), ['ko']);

  const broken = join(dataDir, 'broken.json');
  writeFileSync(broken, '{"agenda": [');
  await page.setInputFiles('#programme-file', broken);
  await page.click('#import-form button[type="submit"]');
  await page.waitForSelector('#import-message.error');
  assert.match(await page.textContent('#import-message'), /올바른 JSON이 아닙니다/);
});

test('logging out ends the session', async () => {
  await page.click('#logout');
  await page.waitForSelector('#login-panel:not([hidden])');
  const state = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(state, 401);
  assert.deepEqual(errors, []);
});
