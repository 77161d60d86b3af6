// The citizens' pages in real Chromium: the meeting plays through hls.js,
// a ?t= link starts at that second, the agenda seeks and follows the video,
// captions uploaded through the API show the cue of the moment, the
// keyboard works, and the home page lists the meeting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  makeClip, makeDataDir, openPage, removeDir, screenshotPath, servedMeeting, waitForVideo,
} from './harness.mjs';

const TITLE = '제290회 임시회 제1차 본회의';
const PROGRAMME = {
  agenda: [
    { no: 1, title: '개회 및 의사일정 보고', start: 0, end: 5 },
    { no: 2, title: '도시계획 조례 일부개정조례안', start: 6, end: 12 },
    { no: 3, title: '공공시설 개방에 관한 조례안', start: 14, end: 20 },
  ],
  speakers: [
    { name: '김의장', role: '의장', start: 0, end: 6 },
    { name: '이위원', role: '위원', start: 6, end: 12 },
    { name: '박의원', role: '의원', start: 14, end: 20 },
  ],
  recess: [{ start: 12, end: 14 }],
};
const CAPTIONS = `WEBVTT

00:00:00.000 --> 00:00:05.000
지금부터 본회의를 개의하겠습니다.

00:00:05.000 --> 00:00:10.000
도시계획 조례 일부개정조례안을 상정합니다.

00:00:10.000 --> 00:00:20.000
다음 안건으로 넘어가겠습니다.
`;

let dataDir;
let server;
let browser;
let meetingId;

before(async () => {
  dataDir = makeDataDir();
  ({ server, meetingId, browser } = await servedMeeting({
    clip: makeClip(join(dataDir, 'plenary.mp4'), 20), title: TITLE, date: '2026-11-13', programme: PROGRAMME, captions: CAPTIONS,
  }));
});

after(async () => {
  await browser?.close();
  server?.stop();
  removeDir(dataDir);
});

async function openMeeting(query = '', options) {
  const page = await openPage(browser, `${server.url}/meetings/${meetingId}${query}`, options);
  await waitForVideo(page);
  return page;
}

const currentTime = (page) => page.evaluate(() => document.getElementById('player').currentTime);

test('the player plays through hls.js and draws frames', async () => {
  const page = await openMeeting();
  assert.equal(await page.textContent('#title'), TITLE);
  assert.ok(await page.evaluate(() => window.Hls.isSupported() && !!window.gavelHls), 'hls.js drives the video');
  await page.evaluate(() => document.getElementById('player').play());
  const first = await currentTime(page);
  await page.waitForFunction((t) => document.getElementById('player').currentTime > t + 1, first, { timeout: 15000 });
  // A frame was drawn: the decoded picture has the source's size and is not blank.
  const frame = await page.evaluate(() => {
    const video = document.getElementById('player');
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 36 });
    const ctx = canvas.getContext('2d');
    ctx.drawImage(video, 0, 0, 64, 36);
    const pixels = ctx.getImageData(0, 0, 64, 36).data;
    let lit = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] > 60) lit++;
    return { width: video.videoWidth, height: video.videoHeight, lit };
  });
  assert.equal(frame.width, 640);
  assert.equal(frame.height, 360);
  assert.ok(frame.lit > 200, `picture has content (${frame.lit} lit pixels)`);
  await page.screenshot({ path: screenshotPath('player.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a ?t= link starts at that second', async () => {
  const page = await openMeeting('?t=12');
  const at = await currentTime(page);
  assert.ok(at >= 11.5 && at < 14, `starts near 12 s (at ${at})`);
  await page.screenshot({ path: screenshotPath('player-t12.png') });
  await page.close();
});

test('clicking an agenda item seeks to its start and highlights it', async () => {
  const page = await openMeeting();
  assert.equal(await page.locator('#agenda .entry[data-no]').count(), 3);
  assert.equal(await page.locator('#agenda .entry.recess').count(), 1, 'the recess is listed');
  assert.equal(await page.locator('#timeline .agenda-span').count(), 3, 'the timeline shows the items');
  assert.equal(await page.locator('#timeline .recess-span').count(), 1, 'the timeline shows the recess');
  await page.click('#agenda .entry[data-no="3"] .jump');
  await page.waitForFunction(() => {
    const t = document.getElementById('player').currentTime;
    return t >= 14 && t < 16;
  }, null, { timeout: 10000 });
  await page.waitForSelector('#agenda .entry[data-no="3"] .jump[aria-current="true"]', { timeout: 10000 });
  assert.equal(await page.locator('#agenda .jump[aria-current="true"]').count(), 1, 'only the item playing is current');
  await page.waitForSelector('#speakers .entry.now', { timeout: 5000 });
  assert.match(await page.textContent('#speakers .entry.now'), /박의원/);
  assert.equal(await page.getAttribute('#agenda .entry[data-no="3"] .item-link', 'href'), `/meetings/${meetingId}?t=14`);
  await page.screenshot({ path: screenshotPath('agenda-seek.png') });
  await page.close();
});

test('captions show the cue at that time', async () => {
  const page = await openMeeting('?t=6');
  const options = await page.locator('#captions option').allTextContents();
  assert.equal(options.length, 2, `off and Korean (${options})`);
  // One text track per language: hls.js's own, not a side-loaded copy beside it.
  const tracks = await page.evaluate(() => [...document.getElementById('player').textTracks]
    .filter((track) => track.kind === 'subtitles').map((track) => track.language));
  assert.deepEqual(tracks, ['ko']);
  await page.selectOption('#captions', { index: 1 });
  await page.evaluate(() => document.getElementById('player').play());
  const cue = await page.waitForFunction(() => {
    for (const track of document.getElementById('player').textTracks) {
      if (track.mode !== 'showing' || !track.activeCues) continue;
      for (const active of track.activeCues) if (active.text) return active.text;
    }
    return null;
  }, null, { timeout: 15000 });
  assert.equal(await cue.jsonValue(), '도시계획 조례 일부개정조례안을 상정합니다.');
  await page.screenshot({ path: screenshotPath('captions.png') });
  // The choice is remembered for the next meeting page.
  assert.equal(await page.evaluate(() => localStorage.getItem('gavel.captions')), 'ko');
  await page.close();
});

test('the keyboard plays, pauses and seeks', async () => {
  const page = await openMeeting('?t=4');
  await page.locator('body').press('k');
  await page.waitForFunction(() => !document.getElementById('player').paused);
  await page.locator('body').press('k');
  await page.waitForFunction(() => document.getElementById('player').paused);
  const before = await currentTime(page);
  await page.locator('body').press('ArrowRight');
  const later = await currentTime(page);
  assert.ok(Math.abs(later - before - 5) < 0.5, `→ moves 5 s (${before} → ${later})`);
  await page.locator('body').press('l');
  const ahead = await currentTime(page);
  assert.ok(Math.abs(ahead - later - 10) < 0.5, `L moves 10 s (${later} → ${ahead})`);
  await page.locator('body').press('j');
  const back = await currentTime(page);
  assert.ok(Math.abs(ahead - back - 10) < 0.5, `J moves back 10 s (${ahead} → ${back})`);
  await page.locator('body').press('ArrowLeft');
  assert.ok(Math.abs(back - (await currentTime(page)) - 5) < 0.5, '← moves back 5 s');
  // Every control has a name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('#player-box button, #player-box input, #player-box select')]
    .filter((el) => !el.hidden && !el.closest('[hidden]'))
    .filter((el) => !(el.getAttribute('aria-label') || el.labels?.length || el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await page.close();
});

test('"share this moment" copies a link to the current second', async () => {
  const page = await openMeeting('?t=9', { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.click('button.share');
  await page.click('.share-menu .share-copy');
  await page.waitForFunction(() => document.querySelector('#player-box [role="status"]').textContent.includes('?t='));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, new RegExp(`/meetings/${meetingId}\\?t=(8|9|10)$`));
  assert.ok(await page.locator('.share-menu').isHidden(), 'the menu closes after copying');
  await page.close();
});

test('the share menu offers the agenda item playing now as an MP4 download', async () => {
  const page = await openMeeting('?t=9');
  await page.click('button.share');
  const links = page.locator('.share-menu a[download]');
  const [item, fromHere] = await links.allTextContents();
  assert.equal(item, '안건 2 영상 내려받기 (MP4)');
  const href = await links.first().getAttribute('href');
  assert.match(href, new RegExp(`/api/v1/meetings/${meetingId}/clip\\.mp4\\?start=6&end=12`));
  // The minute from here stops at the end of the 20 s recording, and says so.
  assert.match(await links.nth(1).getAttribute('href'), /clip\.mp4\?start=(8|9|10)&end=20(\.\d+)?$/);
  assert.match(fromHere, /^이 장면부터 1[0-2]초 내려받기 \(MP4\)$/);
  await page.screenshot({ path: screenshotPath('share-menu.png') });
  // What the link downloads: a moov-first MP4 of item 2.
  const response = await fetch(new URL(href, server.url));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'video/mp4');
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.equal(Number(response.headers.get('content-length')), bytes.length);
  assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
  assert.ok(bytes.indexOf('moov') < bytes.indexOf('mdat'), 'moov comes first');
  await page.keyboard.press('Escape');
  assert.ok(await page.locator('.share-menu').isHidden(), 'Escape closes the menu');
  await page.close();
});

test('the page switches to English and remembers it', async () => {
  const page = await openMeeting();
  assert.equal(await page.textContent('#agenda-title'), '안건');
  await page.click('#lang-toggle');
  assert.equal(await page.textContent('#agenda-title'), 'Agenda');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await waitForVideo(page);
  assert.equal(await page.textContent('#agenda-title'), 'Agenda');
  assert.match(await page.textContent('#meta'), /13 November 2026/);
  await page.screenshot({ path: screenshotPath('meeting-en.png') });
  await page.close();
});

test('the home page lists the meeting with its agenda count', async () => {
  const page = await openPage(browser, server.url + '/');
  await page.waitForSelector('#meetings li a');
  assert.equal(await page.textContent('#meetings li a'), TITLE);
  await page.waitForSelector('#meetings .agenda-count');
  assert.equal(await page.textContent('#meetings .agenda-count dd'), '안건 3건');
  await page.selectOption('#f-body', 'standing');
  await page.waitForFunction(() => document.querySelectorAll('#meetings li').length === 0);
  assert.match(page.url(), /body=standing/);
  await page.selectOption('#f-body', 'plenary');
  await page.waitForSelector('#meetings li a');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: screenshotPath('home-360.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});
