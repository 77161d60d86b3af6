// The embeddable player in real Chromium, framed by a page from another
// origin as a news site would: it plays from ?t=, its agenda menu seeks,
// and its title leads to the full meeting page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import {
  ingest, launchBrowser, makeClip, makeDataDir, openPage, removeDir, screenshotPath, serve, writeJSON,
} from './harness.mjs';

const TITLE = '제291회 임시회 제2차 본회의';
const PROGRAMME = {
  agenda: [
    { no: 1, title: '개회', start: 0, end: 4 },
    { no: 2, title: '청년 주거 지원 조례안', start: 8, end: 12 },
  ],
};

let dataDir;
let server;
let browser;
let host;  // the other site
let meetingId;

before(async () => {
  dataDir = makeDataDir();
  meetingId = ingest(dataDir, makeClip(join(dataDir, 'plenary.mp4'), 12), '--body', 'plenary', '--date', '2026-11-20',
    '--title', TITLE, '--agenda', writeJSON(join(dataDir, 'agenda.json'), PROGRAMME));
  server = await serve(dataDir);
  // "localhost" is another origin than gavel's "127.0.0.1".
  host = createServer((req, res) => {
    const t = new URL(req.url, 'http://localhost').searchParams.get('t') ?? '0';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>news</title><h1>Council news</h1>
<iframe id="player" src="${server.url}/embed/${meetingId}?t=${t}" width="640" height="360"
        allow="autoplay; fullscreen; clipboard-write" allowfullscreen></iframe>`);
  });
  await new Promise((resolve) => host.listen(0, 'localhost', resolve));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  host?.close();
  server?.stop();
  removeDir(dataDir);
});

async function openNewsPage(t) {
  const page = await openPage(browser, `http://localhost:${host.address().port}/?t=${t}`);
  const embed = page.frames().find((f) => f.url().includes('/embed/'));
  assert.ok(embed, 'the player frame loaded');
  await embed.waitForFunction(() => document.getElementById('player')?.readyState >= 2, null, { timeout: 30000 });
  return { page, embed };
}

test('the embed page allows framing by any site', async () => {
  const response = await fetch(`${server.url}/embed/${meetingId}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-security-policy'), 'frame-ancestors *');
  assert.equal(response.headers.get('x-frame-options'), null);
});

test('framed by another site, it plays from ?t= and links to the full page', async () => {
  const { page, embed } = await openNewsPage(6);
  const at = await embed.evaluate(() => document.getElementById('player').currentTime);
  assert.ok(at >= 5.5 && at < 8, `starts near 6 s (at ${at})`);
  await embed.evaluate(() => document.getElementById('player').play());
  await embed.waitForFunction((t) => document.getElementById('player').currentTime > t + 0.5, at, { timeout: 15000 });
  assert.equal(await embed.textContent('#full-link'), TITLE);
  assert.equal(await embed.getAttribute('#full-link', 'href'), `/meetings/${meetingId}?t=6`);
  assert.equal(await embed.getAttribute('#full-link', 'target'), '_blank');
  assert.ok(await embed.locator('.controls').isVisible(), 'the shared player controls are drawn');
  await page.screenshot({ path: screenshotPath('embed.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the agenda menu inside the player seeks to an item', async () => {
  const { page, embed } = await openNewsPage(0);
  assert.equal(await embed.isHidden('#agenda-menu'), true);
  await embed.click('#agenda-button');
  assert.equal(await embed.getAttribute('#agenda-button', 'aria-expanded'), 'true');
  assert.equal(await embed.locator('#agenda li').count(), 2);
  await embed.locator('#agenda li').nth(1).locator('button').click();
  await embed.waitForFunction(() => {
    const t = document.getElementById('player').currentTime;
    return t >= 8 && t < 11;
  }, null, { timeout: 10000 });
  // Held there, so the item is still the one playing when the menu reopens.
  await embed.evaluate(() => document.getElementById('player').pause());
  assert.equal(await embed.isHidden('#agenda-menu'), true, 'the menu closes after choosing');
  await embed.click('#agenda-button');
  await embed.waitForSelector('#agenda li.now button[aria-current="true"]', { timeout: 5000 });
  assert.match(await embed.textContent('#agenda li.now'), /청년 주거 지원 조례안/);
  await embed.press('#agenda li.now button', 'Escape');
  assert.equal(await embed.isHidden('#agenda-menu'), true, 'Escape closes the menu');
  await page.screenshot({ path: screenshotPath('embed-agenda.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});
