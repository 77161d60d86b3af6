// Assembles the web app into one folder the gavel server serves:
// the pages and scripts from src/ (each page's shared head and site header
// filled in from src/partials/), and the browser builds of the players'
// and uploader's libraries from npm (no CDN: gavel serves everything).
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? 'dist');
const require = createRequire(import.meta.url);
const vendor = join(out, 'assets', 'vendor');
rmSync(out, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
const partials = join(here, 'src', 'partials');
cpSync(join(here, 'src'), out, { recursive: true, filter: (from) => from !== partials });

// <!--#include NAME--> becomes src/partials/NAME; a missing one stops the build.
for (const page of readdirSync(out).filter((name) => name.endsWith('.html'))) {
  const file = join(out, page);
  const html = readFileSync(file, 'utf8').replace(/<!--#include ([\w.-]+)-->\n?/g,
    (_, name) => readFileSync(join(partials, name), 'utf8'));
  writeFileSync(file, html);
}

function copyFromPackage(name, file, as) {
  const root = dirname(require.resolve(`${name}/package.json`));
  cpSync(join(root, file), join(vendor, as));
}
copyFromPackage('hls.js', 'dist/hls.min.js', 'hls.min.js');
copyFromPackage('tus-js-client', 'dist/tus.min.js', 'tus.min.js');
console.log(`web assets in ${out}`);
