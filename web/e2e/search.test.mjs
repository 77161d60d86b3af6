// Search in real Chromium: typing a two-syllable Korean word lists the
// matching agenda item and caption under their meeting, with the match
// marked, and the hit's link opens the meeting at that second.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  addClerk, api, ingest, launchBrowser, login, makeClip, makeDataDir, openPage, removeDir, screenshotPath, serve,
  waitForVideo, writeJSON,
} from './harness.mjs';

let dataDir;
let server;
let browser;
let budgetMeeting;
let otherMeeting;

before(async () => {
  dataDir = makeDataDir();
  const clip = makeClip(join(dataDir, 'clip.mp4'), 16);
  budgetMeeting = ingest(dataDir, clip, '--body', 'standing', '--committee', '예산결산특별위원회', '--date', '2026-06-10',
    '--title', '제301회 정례회 제2차 위원회', '--agenda', writeJSON(join(dataDir, 'budget.json'), {
      agenda: [
        { no: 1, title: '2025회계연도 세입세출 결산 승인의 건', start: 9, end: 14 },
        { no: 2, title: '기금 운용계획 변경안', start: 2, end: 8 },
      ],
    }));
  otherMeeting = ingest(dataDir, clip, '--body', 'plenary', '--date', '2026-07-01', '--title', '제302회 임시회 제1차 본회의',
    '--agenda', writeJSON(join(dataDir, 'other.json'), { agenda: [{ no: 1, title: '교통 조례안', start: 3 }] }));
  addClerk(dataDir, 'clerk1', 'longpassword1');
  server = await serve(dataDir);
  const session = await login(server.url, 'clerk1', 'longpassword1');
  await api(server.url, session, 'POST', `/api/v1/meetings/${budgetMeeting}/captions?lang=ko`,
    'WEBVTT\n\n00:00:04.000 --> 00:00:07.000\n결산 심사 보고를 듣겠습니다.\n', 'text/vtt');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  removeDir(dataDir);
});

test('searching a two-syllable word lists the item, and its link lands there', async () => {
  const page = await openPage(browser, `${server.url}/search`);
  await page.locator('#q').pressSequentially('결산', { delay: 40 });
  await page.waitForSelector('.result-group .hit a');
  const groups = page.locator('.result-group');
  assert.equal(await groups.count(), 1, 'only the meeting that says it');
  assert.equal(await groups.locator('h2').textContent(), '제301회 정례회 제2차 위원회');
  const agendaHit = page.locator('.hit a', { has: page.locator('.kind-agenda') });
  assert.equal(await agendaHit.count(), 1);
  assert.equal(await agendaHit.getAttribute('href'), `/meetings/${budgetMeeting}?t=9`);
  assert.equal(await agendaHit.locator('mark').first().textContent(), '결산');
  assert.equal(await page.locator('.hit .kind-caption').count(), 1, 'the caption matches too');
  assert.match(page.url(), /\/search\?q=/, 'the query is in the address');
  await page.screenshot({ path: screenshotPath('search.png') });

  await agendaHit.click();
  await page.waitForURL(`**/meetings/${budgetMeeting}?t=9`);
  await waitForVideo(page);
  const at = await page.evaluate(() => document.getElementById('player').currentTime);
  assert.ok(at >= 8.5 && at < 11, `lands at 9 s (at ${at})`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a search with no hits says so, and filters narrow it', async () => {
  const page = await openPage(browser, `${server.url}/search?q=${encodeURIComponent('조례')}`);
  await page.waitForSelector('.result-group');
  assert.equal(await page.locator('.result-group h2').textContent(), '제302회 임시회 제1차 본회의');
  await page.selectOption('#body', 'standing');
  await page.waitForFunction(() => document.getElementById('summary').textContent.includes('없습니다'));
  assert.equal(await page.locator('.result-group').count(), 0);
  assert.ok(otherMeeting);
  await page.close();
});
