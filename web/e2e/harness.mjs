// Shared set-up for the end-to-end tests: a data dir with real meetings
// made by the real `gavel` binary, a running `gavel serve`, and Debian's
// Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const GAVEL = process.env.GAVEL_BINARY ?? 'build/app/gavel';
export const OUTPUT = process.env.GAVEL_TEST_OUTPUT ?? join(tmpdir(), 'gavel-e2e');
const CHROMIUM = process.env.GAVEL_CHROMIUM ?? '/usr/lib/chromium/chromium';

export function makeDataDir() {
  return mkdtempSync(join(tmpdir(), 'gavel-e2e-'));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
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

export function ingest(dataDir, file, ...args) {
  return execFileSync(GAVEL, ['ingest', file, '--data', dataDir, '--wait', ...args],
    { encoding: 'utf8' }).trim();
}

// Starts `gavel serve` on a free port; resolves with its base URL.
export function serve(dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(GAVEL, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--workers', '1'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`gavel serve exited with ${code}: ${seen}`)));
  });
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
