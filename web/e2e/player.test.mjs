// The meeting page plays a packaged meeting through hls.js in real
// Chromium, and a ?t= link starts at that second.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OUTPUT, ingest, launchBrowser, makeClip, makeDataDir, removeDir, serve } from './harness.mjs';

let dataDir;
let server;
let browser;
let meetingId;

before(async () => {
  dataDir = makeDataDir();
  const clip = makeClip(join(dataDir, 'plenary.mp4'), 20);
  meetingId = ingest(dataDir, clip, '--body', 'plenary', '--date', '2026-11-13',
    '--title', '제290회 임시회 제1차 본회의');
  server = await serve(dataDir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  removeDir(dataDir);
});

async function openMeeting(query = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/meetings/${meetingId}${query}`);
  await page.waitForFunction(() => document.getElementById('player').readyState >= 2, null, { timeout: 30000 });
  return page;
}

test('the player plays through hls.js and draws frames', async () => {
  const page = await openMeeting();
  assert.equal(await page.textContent('#title'), '제290회 임시회 제1차 본회의');
  assert.ok(await page.evaluate(() => window.Hls.isSupported() && !!window.gavelHls), 'hls.js drives the video');
  await page.evaluate(() => document.getElementById('player').play());
  const first = await page.evaluate(() => document.getElementById('player').currentTime);
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
  await page.screenshot({ path: join(OUTPUT, 'player.png') });
  await page.close();
});

test('a ?t= link starts at that second', async () => {
  const page = await openMeeting('?t=12');
  const at = await page.evaluate(() => document.getElementById('player').currentTime);
  assert.ok(at >= 11.5 && at < 14, `starts near 12 s (at ${at})`);
  await page.screenshot({ path: join(OUTPUT, 'player-t12.png') });
  await page.close();
});

test('the home page lists the meeting', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/');
  await page.waitForSelector('#meetings li a');
  assert.equal(await page.textContent('#meetings li a'), '제290회 임시회 제1차 본회의');
  await page.close();
});
