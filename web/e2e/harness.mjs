// Shared set-up for the end-to-end tests: a data dir with real meetings
// made by the real `gavel` binary, a running `gavel serve` on the web app
// built from this tree, clerk accounts and sessions through the real API,
// and Debian's Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const GAVEL = process.env.GAVEL_BINARY ?? 'build/app/gavel';
export const OUTPUT = process.env.GAVEL_TEST_OUTPUT ?? join(tmpdir(), 'gavel-e2e');
const CHROMIUM = process.env.GAVEL_CHROMIUM ?? '/usr/lib/chromium/chromium';
const WEB_SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..');

export function makeDataDir() {
  return mkdtempSync(join(tmpdir(), 'gavel-e2e-'));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// The pages as this tree has them (GAVEL_WEB overrides), so the tests
// never run against assets left over from an older build.
export function buildWeb(dataDir) {
  if (process.env.GAVEL_WEB) return process.env.GAVEL_WEB;
  const out = join(dataDir, 'web');
  execFileSync(process.execPath, [join(WEB_SOURCE, 'build.mjs'), out], { cwd: WEB_SOURCE, stdio: 'ignore' });
  return out;
}

// A clip with a moving test picture, a tone, and a burnt-in clock, so a
// screenshot shows which second is playing.
export function makeClip(path, seconds) {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=640x360:r=25`, '-f', 'lavfi', '-i', 'sine=f=440:r=48000',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', path]);
  return path;
}

export function writeJSON(path, value) {
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

export function ingest(dataDir, file, ...args) {
  return execFileSync(GAVEL, ['ingest', file, '--data', dataDir, '--wait', ...args],
    { encoding: 'utf8' }).trim();
}

export function addClerk(dataDir, username, password) {
  execFileSync(GAVEL, ['user', 'add', username, '--role', 'clerk', '--password-stdin', '--data', dataDir],
    { input: `${password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
}

// A recording with a recess in it: `talk` seconds of moving picture and
// tone, `recess` seconds of a grey card in silence, `talk` seconds more.
export function makeRecessClip(path, talk = 8, recess = 12) {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=320x240:r=25:d=${talk}`, '-f', 'lavfi', '-i', `color=c=gray:s=320x240:r=25:d=${recess}`,
    '-f', 'lavfi', '-i', `testsrc2=s=320x240:r=25:d=${talk}`,
    '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${talk}`, '-f', 'lavfi', '-i', `anullsrc=r=48000:cl=mono,atrim=duration=${recess}`,
    '-f', 'lavfi', '-i', `sine=f=660:r=48000:d=${talk}`,
    '-filter_complex', '[0:v][3:a][1:v][4:a][2:v][5:a]concat=n=3:v=1:a=1[v][a]', '-map', '[v]', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac', '-ac', '2', path]);
  return path;
}

// What a broken upload leaves: an MP4 cut off at `fraction` of its bytes
// (its index, written last, never arrived).
export function makeTruncatedClip(path, seconds = 4, fraction = 0.4) {
  const whole = makeClip(`${path}.whole.mp4`, seconds);
  const bytes = readFileSync(whole);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return path;
}

// Starts `gavel serve` on a free port; resolves with its base URL.
// `args` go to the command line as they are.
export function serve(dataDir, args = []) {
  const web = buildWeb(dataDir);
  return new Promise((resolve, reject) => {
    const child = spawn(GAVEL, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--workers', '1', '--web', web,
      ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`gavel serve exited with ${code}: ${seen}`)));
  });
}

// Logs in through the API; the answer carries the bearer token scripts use.
export async function login(baseUrl, username, password) {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return response.json();
}

// One API call as a logged-in clerk; throws with the server's message.
export async function api(baseUrl, session, method, path, body, type = 'application/json') {
  const headers = { Authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers['Content-Type'] = type;
  const response = await fetch(`${baseUrl}${path}`, {
    method, headers, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// One packaged meeting with a programme and Korean captions, served, and a
// browser: what the viewer tests start from. `clip` is the recording.
export async function servedMeeting({ clip, title, date, programme, captions }) {
  const dataDir = dirname(clip);
  const meetingId = ingest(dataDir, clip, '--body', 'plenary', '--date', date, '--title', title,
    '--agenda', writeJSON(join(dataDir, 'agenda.json'), programme));
  addClerk(dataDir, 'clerk1', 'longpassword1');
  const server = await serve(dataDir);
  const session = await login(server.url, 'clerk1', 'longpassword1');
  await api(server.url, session, 'POST', `/api/v1/meetings/${meetingId}/captions?lang=ko`, captions, 'text/vtt');
  return { server, meetingId, browser: await launchBrowser() };
}

export async function launchBrowser() {
  mkdirSync(OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--autoplay-policy=no-user-gesture-required'],
  });
}

// A page that fails the test on any script error it raises.
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(url);
  return page;
}

export function screenshotPath(name) {
  return join(OUTPUT, name);
}

// Waits until the page's <video> (by selector) can show a picture.
export async function waitForVideo(page, selector = '#player', timeout = 30000) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.readyState >= 2, selector, { timeout });
}
