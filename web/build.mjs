// Assembles the web app into one folder the gavel server serves:
// the pages and scripts from src/, and the players' libraries from npm.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const out = resolve(process.argv[2] ?? 'dist');
const require = createRequire(import.meta.url);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets', 'vendor'), { recursive: true });
cpSync(resolve('src'), out, { recursive: true });
const hls = dirname(require.resolve('hls.js/package.json'));
cpSync(join(hls, 'dist', 'hls.min.js'), join(out, 'assets', 'vendor', 'hls.min.js'));
console.log(`web assets in ${out}`);
