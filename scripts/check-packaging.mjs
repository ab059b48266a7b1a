// Proves build/electron-builder.json offline: packs the app for `--linux dir --x64` against a stand-in
// Electron distribution (the real binary cannot be downloaded here), then checks the result:
// release/linux-unpacked/ holds the renamed executable and resources/app.asar with the renderer build,
// the main/preload bundles and package.json — and no node_modules, no source maps; locales are pruned
// to zh-CN/en-US; the security fuses in build/electron-builder.json were flipped in the executable:
// RunAsNode, NODE_OPTIONS, --inspect and the file:// extra privileges off; embedded ASAR integrity
// validation and OnlyLoadAppFromAsar on (integrity checking without OnlyLoadAppFromAsar could be
// bypassed through an unpacked app folder).
//
// The stand-in is a shell script that carries an Electron fuse wire (sentinel + version + 8 fuses, set
// as a stock Electron ships them), so electron-builder's fuse step runs for real and every checked fuse
// must actually have been flipped. It also checks that the bench hook (dist-bench/ only) is not in
// dist/. Electron enforces ASAR integrity on Windows and macOS, where
// electron-builder embeds the archive's header hash; Linux ignores that fuse. Windows targets (NSIS,
// portable) need the real win32 Electron and NSIS and are not checked here. Takes a few seconds; needs
// dist/ (vite build) to exist.
// Run: node scripts/check-packaging.mjs
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ELECTRON_VERSION = '45.5.0';
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse names in wire order, with the state a stock Electron binary ships with ('1' on, '0' off). */
const STOCK_FUSES = {
  RunAsNode: '1',
  EnableCookieEncryption: '0',
  EnableNodeOptionsEnvironmentVariable: '1',
  EnableNodeCliInspectArguments: '1',
  EnableEmbeddedAsarIntegrityValidation: '0',
  OnlyLoadAppFromAsar: '0',
  LoadBrowserProcessSpecificV8Snapshot: '0',
  GrantFileProtocolExtraPrivileges: '1',
};
const FUSE_NAMES = Object.keys(STOCK_FUSES);
/** What the packaged executable must have. */
const EXPECTED_FUSES = {
  RunAsNode: '0',
  EnableNodeOptionsEnvironmentVariable: '0',
  EnableNodeCliInspectArguments: '0',
  EnableEmbeddedAsarIntegrityValidation: '1',
  OnlyLoadAppFromAsar: '1',
  GrantFileProtocolExtraPrivileges: '0',
};

/** A directory shaped like an unpacked linux-x64 Electron, with a fake `electron` executable. */
function makeStandInElectron(dir) {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  for (const locale of ['zh-CN', 'en-US', 'fr', 'de', 'ja'])
    writeFileSync(join(dir, 'locales', `${locale}.pak`), 'pak');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in Electron licence\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
  writeFileSync(join(dir, 'version'), ELECTRON_VERSION);
  // Fuse wire as in a real Electron binary: sentinel, wire version 1, length, then '1'/'0' per fuse.
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho "stand-in electron, not runnable"\nexit 1\n# `),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, FUSE_NAMES.length]),
    Buffer.from(Object.values(STOCK_FUSES).join('')),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
}

function readFuses(executable) {
  const bytes = readFileSync(executable);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`no fuse wire in ${executable}`);
  const length = bytes[at + FUSE_SENTINEL.length + 1];
  const fuses = {};
  for (let i = 0; i < length; i++)
    fuses[FUSE_NAMES[i]] = String.fromCharCode(bytes[at + FUSE_SENTINEL.length + 2 + i]);
  return fuses;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The fuse settings in build/electron-builder.json, checked before packing. */
function checkFuseConfig() {
  const config = JSON.parse(readFileSync(join(root, 'build', 'electron-builder.json'), 'utf8'));
  const fuses = config.electronFuses ?? {};
  check(fuses.runAsNode === false, 'electronFuses.runAsNode must be false');
  check(
    fuses.enableEmbeddedAsarIntegrityValidation === true,
    'electronFuses.enableEmbeddedAsarIntegrityValidation must be true',
  );
  check(fuses.onlyLoadAppFromAsar === true, 'electronFuses.onlyLoadAppFromAsar must be true');
  check(config.asar === true, 'asar must be true (the integrity fuse checks app.asar)');
}

async function main() {
  const started = Date.now();
  checkFuseConfig();
  check(
    existsSync(join(root, 'dist', 'index.html')),
    'dist/index.html is missing: run `npx vite build` first',
  );
  // The bench hook belongs to the bench build (dist-bench/) only: never in what ships.
  const shipped = readdirSync(join(root, 'dist', 'assets')).filter((f) => f.endsWith('.js'));
  const withHook = shipped.filter((f) =>
    readFileSync(join(root, 'dist', 'assets', f), 'utf8').includes('__taizhangBench'),
  );
  check(withHook.length === 0, `the production build contains the bench hook: ${withHook.join(', ')}`);
  await buildElectron({ quiet: true });

  const standIn = mkdtempSync(join(tmpdir(), 'taizhang-electron-dist-'));
  try {
    makeStandInElectron(standIn);
    const cli = require.resolve('electron-builder/cli.js');
    const run = spawnSync(
      process.execPath,
      [
        cli,
        '--config',
        'build/electron-builder.json',
        '--linux',
        'dir',
        '--x64',
        `-c.electronDist=${standIn}`,
        `-c.electronVersion=${ELECTRON_VERSION}`,
        '--publish',
        'never',
      ],
      { cwd: root, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: '1' } },
    );
    if (run.status !== 0) {
      process.stderr.write(
        run.stdout
          .split('\n')
          .filter((l) => !l.includes('duplicate dependency'))
          .join('\n'),
      );
      process.stderr.write(run.stderr);
      throw new Error(`electron-builder failed (exit ${run.status ?? run.error?.message})`);
    }
  } finally {
    rmSync(standIn, { recursive: true, force: true });
  }

  const out = join(root, 'release', 'linux-unpacked');
  const asarPath = join(out, 'resources', 'app.asar');
  check(existsSync(asarPath), `${asarPath} was not produced`);
  check(existsSync(join(out, 'taizhang')), 'the executable was not renamed to `taizhang`');
  const locales = readdirSync(join(out, 'locales')).sort();
  check(
    JSON.stringify(locales) === JSON.stringify(['en-US.pak', 'zh-CN.pak']),
    `locales not pruned: ${locales}`,
  );

  const asar = require('@electron/asar');
  const entries = asar.listPackage(asarPath).map((p) => p.replaceAll('\\', '/'));
  for (const needed of [
    '/package.json',
    '/dist/index.html',
    '/dist-electron/main.cjs',
    '/dist-electron/preload.cjs',
  ]) {
    check(entries.includes(needed), `app.asar lacks ${needed}`);
  }
  check(
    !entries.some((p) => p.includes('/node_modules')),
    'app.asar contains node_modules (everything should be bundled)',
  );
  check(!entries.some((p) => p.endsWith('.map')), 'app.asar contains source maps');
  check(!entries.some((p) => /\.(ts|tsx)$/.test(p)), 'app.asar contains TypeScript sources');
  const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
  check(pkg.main === 'dist-electron/main.cjs', `packaged package.json main is ${pkg.main}`);

  const fuses = readFuses(join(out, 'taizhang'));
  for (const [name, state] of Object.entries(EXPECTED_FUSES)) {
    check(fuses[name] === state, `fuse ${name} is ${fuses[name]}, expected ${state}`);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `packaging config OK: release/linux-unpacked/resources/app.asar (${entries.length} entries), fuses flipped, ${seconds} s`,
  );
}

try {
  await main();
} catch (err) {
  console.error(`packaging check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
