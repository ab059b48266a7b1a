// `npm run test:e2e`: end-to-end tests of the production renderer build in a real Chromium.
//  1. find Chromium ($CHROME_PATH or a system path); on Debian as root, install it with apt-get
//     (like `playwright install --with-deps`), otherwise print the command to run and exit 1;
//  2. rebuild dist/ with vite when it is missing or older than renderer/, shared/ or seeds/;
//  3. run vitest with vitest.e2e.config.ts (its globalSetup serves dist/ over http://127.0.0.1).
// Flags: --browser-only (stop after step 1), --no-build (skip step 2); other args go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_INSTALL_COMMAND, findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const browserOnly = argv.includes('--browser-only');
const noBuild = argv.includes('--no-build');
const vitestArgs = argv.filter((a) => a !== '--browser-only' && a !== '--no-build');

function run(cmd, args, opts = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, ms: Date.now() - started };
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ensureChromium() {
  let path = findChromium();
  if (path) return path;
  if (process.env.CHROME_PATH) {
    console.error(`e2e: CHROME_PATH=${process.env.CHROME_PATH} does not exist. Unset it to use a system`);
    console.error(`     Chromium, or install one (as root on Debian/Ubuntu): ${CHROMIUM_INSTALL_COMMAND}`);
    process.exit(1);
  }
  if (existsSync('/etc/debian_version') && isRoot()) {
    console.error(`e2e: no Chromium found; installing it (root on Debian): ${CHROMIUM_INSTALL_COMMAND}`);
    const update = run('apt-get', ['update'], { stdio: ['ignore', 2, 2] });
    const install =
      update.status === 0
        ? run('apt-get', ['install', '-y', 'chromium', 'fonts-noto-cjk'], {
            stdio: ['ignore', 2, 2],
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
          })
        : update;
    if (install.status !== 0) {
      console.error(`e2e: apt-get failed (exit ${install.status}).`);
      process.exit(1);
    }
    console.error(`e2e: Chromium installed in ${((update.ms + install.ms) / 1000).toFixed(1)} s.`);
    path = findChromium();
    if (path) return path;
  }
  console.error(
    'e2e: no Chromium found (looked at $CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser,',
  );
  console.error('     /usr/bin/google-chrome). Install one, e.g. as root on Debian/Ubuntu:');
  console.error(`       ${CHROMIUM_INSTALL_COMMAND}`);
  console.error('     or point CHROME_PATH at an existing Chrome/Chromium binary.');
  process.exit(1);
}

/** Newest mtime (ms) of any file below `dir` (0 if it does not exist). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function ensureBuild() {
  const builtIndex = join(root, 'dist', 'index.html');
  const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
  const sources = ['renderer', 'shared', 'seeds'].map((d) => newestMtime(join(root, d)));
  sources.push(
    ...['vite.config.ts', 'package.json'].map((f) =>
      existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0,
    ),
  );
  if (builtAt > Math.max(...sources)) {
    console.error('e2e: dist/ is up to date.');
    return;
  }
  console.error('e2e: building the renderer (vite build)…');
  const build = run('npx', ['vite', 'build']);
  if (build.status !== 0) process.exit(build.status);
  console.error(`e2e: vite build took ${(build.ms / 1000).toFixed(1)} s.`);
}

const chrome = ensureChromium();
console.error(`e2e: using Chromium at ${chrome}`);
if (browserOnly) process.exit(0);
if (!noBuild) ensureBuild();
const tests = run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...vitestArgs], {
  env: { ...process.env, CHROME_PATH: chrome },
});
console.error(`e2e: tests took ${(tests.ms / 1000).toFixed(1)} s.`);
process.exit(tests.status);
