// Proves build/electron-builder.json offline: packs the app for `--linux dir --x64` and `--win dir
// --x64` against stand-in Electron distributions (the real binaries cannot be downloaded here), then
// checks the results: release/linux-unpacked/ and release/win-unpacked/ hold the renamed executable
// (taizhang, taizhang.exe) and resources/app.asar with the renderer build, the main/preload bundles,
// the CLI the app runs with `--cli` (dist-electron/cli.cjs) and package.json — and no node_modules,
// no source maps; locales are pruned to zh-CN/en-US; the security fuses in build/electron-builder.json
// were flipped in the executable: RunAsNode, NODE_OPTIONS, --inspect and the file:// extra privileges
// off; embedded ASAR integrity validation and OnlyLoadAppFromAsar on (integrity checking without
// OnlyLoadAppFromAsar could be bypassed through an unpacked app folder). The `taizhang` launchers are
// in resources/bin/ (the shell script executable, the .cmd as written); the Linux launcher is run and
// must start the packaged executable with `--cli -- <arguments>` and return its exit code; the
// packaged cli.cjs is taken out of app.asar and run (`tasks --plan soil`).
//
// The Linux stand-in is a shell script that carries an Electron fuse wire (sentinel + version + 8
// fuses, set as a stock Electron ships them) and reports its arguments; the Windows stand-in is a
// minimal PE built with resedit (the library electron-builder edits executables with) holding a
// version resource and the same wire, so electron-builder's fuse step and its Windows ASAR integrity
// step run for real: every checked fuse must have been flipped, and the integrity resource embedded.
// Resource editing (icon, version strings: rcedit, which needs Wine here) is switched off for the
// Windows pack only. What this cannot show: that the real Electron binaries run the app — NSIS and
// portable targets, and `--cli` on a real Windows console, are not exercised here. It also checks
// that the bench hook (dist-bench/ only) is not in dist/. Takes several seconds; needs dist/.
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
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
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

/** Fuse wire as in a real Electron binary: sentinel, wire version 1, length, then '1'/'0' per fuse. */
function fuseWire() {
  return Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, FUSE_NAMES.length]),
    Buffer.from(Object.values(STOCK_FUSES).join('')),
  ]);
}

/** Exit code of the Linux stand-in, so the launcher check can see it come back. */
const STAND_IN_EXIT = 3;

/**
 * A directory shaped like an unpacked Electron: for linux, a fake `electron` shell script that
 * prints its arguments; for win32, a minimal `electron.exe` (PE with a version resource) that
 * electron-builder can embed the ASAR integrity resource in. Both carry the fuse wire.
 */
function makeStandInElectron(dir, platform) {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  for (const locale of ['zh-CN', 'en-US', 'fr', 'de', 'ja'])
    writeFileSync(join(dir, 'locales', `${locale}.pak`), 'pak');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in Electron licence\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
  writeFileSync(join(dir, 'version'), ELECTRON_VERSION);
  if (platform === 'linux') {
    const script = Buffer.concat([
      Buffer.from(`#!/bin/sh\necho "stand-in electron: $*"\nexit ${STAND_IN_EXIT}\n# `),
      fuseWire(),
      Buffer.from('\n'),
    ]);
    writeFileSync(join(dir, 'electron'), script);
    chmodSync(join(dir, 'electron'), 0o755);
    return;
  }
  // resedit as electron-builder itself resolves it (a dependency of app-builder-lib).
  const ResEdit = createRequire(require.resolve('app-builder-lib/package.json'))('resedit');
  const exe = ResEdit.NtExecutable.createEmpty(false, false);
  const res = ResEdit.NtExecutableResource.from(exe);
  const version = ResEdit.Resource.VersionInfo.createEmpty();
  version.setStringValues({ lang: 1033, codepage: 1200 }, { ProductName: 'stand-in Electron' });
  version.outputToResourceEntries(res.entries);
  res.entries.push({ type: 10, id: 'FUSES', lang: 1033, codepage: 1200, bin: fuseWire() });
  res.outputResource(exe);
  writeFileSync(join(dir, 'electron.exe'), Buffer.from(exe.generate()));
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

/**
 * Pack `--<platform> dir --x64` against a stand-in Electron and check what every platform shares:
 * the renamed executable, pruned locales, app.asar's contents, the launcher, the flipped fuses.
 */
async function packAndCheck(platform) {
  const standIn = mkdtempSync(join(tmpdir(), `taizhang-electron-${platform}-`));
  try {
    makeStandInElectron(standIn, platform);
    const cli = require.resolve('electron-builder/cli.js');
    const run = spawnSync(
      process.execPath,
      [
        cli,
        '--config',
        'build/electron-builder.json',
        `--${platform}`,
        'dir',
        '--x64',
        `-c.electronDist=${standIn}`,
        `-c.electronVersion=${ELECTRON_VERSION}`,
        // rcedit (icon and version strings) needs Wine off Windows; the stand-in has nothing to edit.
        ...(platform === 'win' ? ['-c.win.signAndEditExecutable=false'] : []),
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
      throw new Error(`electron-builder --${platform} failed (exit ${run.status ?? run.error?.message})`);
    }
  } finally {
    rmSync(standIn, { recursive: true, force: true });
  }

  const out = join(root, 'release', `${platform}-unpacked`);
  const executable = join(out, platform === 'win' ? 'taizhang.exe' : 'taizhang');
  const launcher = join(out, 'resources', 'bin', platform === 'win' ? 'taizhang.cmd' : 'taizhang');
  const asarPath = join(out, 'resources', 'app.asar');
  check(existsSync(asarPath), `${asarPath} was not produced`);
  check(existsSync(executable), `${platform}: the executable was not renamed to ${basename(executable)}`);
  check(existsSync(launcher), `${platform}: the package lacks resources/bin/${basename(launcher)}`);
  const locales = readdirSync(join(out, 'locales')).sort();
  check(
    JSON.stringify(locales) === JSON.stringify(['en-US.pak', 'zh-CN.pak']),
    `${platform}: locales not pruned: ${locales}`,
  );

  const asar = require('@electron/asar');
  const entries = asar.listPackage(asarPath).map((p) => p.replaceAll('\\', '/'));
  for (const needed of [
    '/package.json',
    '/dist/index.html',
    '/dist-electron/main.cjs',
    '/dist-electron/preload.cjs',
    '/dist-electron/cli.cjs',
  ]) {
    check(entries.includes(needed), `${platform}: app.asar lacks ${needed}`);
  }
  check(
    !entries.some((p) => p.includes('/node_modules')),
    `${platform}: app.asar contains node_modules (everything should be bundled)`,
  );
  check(!entries.some((p) => p.endsWith('.map')), `${platform}: app.asar contains source maps`);
  check(!entries.some((p) => /\.(ts|tsx)$/.test(p)), `${platform}: app.asar contains TypeScript sources`);
  const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
  check(pkg.main === 'dist-electron/main.cjs', `${platform}: packaged package.json main is ${pkg.main}`);

  const fuses = readFuses(executable);
  for (const [name, state] of Object.entries(EXPECTED_FUSES)) {
    check(fuses[name] === state, `${platform}: fuse ${name} is ${fuses[name]}, expected ${state}`);
  }
  return { out, asarPath, entries: entries.length };
}

/** The packaged shell launcher, run through a symlink elsewhere, starts the packaged executable. */
async function checkLinuxLauncher(out) {
  const launcher = join(out, 'resources', 'bin', 'taizhang');
  check((statSync(launcher).mode & 0o111) !== 0, 'resources/bin/taizhang is not executable');
  const onPath = mkdtempSync(join(tmpdir(), 'taizhang-path-'));
  try {
    symlinkSync(launcher, join(onPath, 'taizhang'));
    const run = spawnSync(
      join(onPath, 'taizhang'),
      ['import', '回收 文件.xlsx', '--resolve', 'air-03:status=ours'],
      {
        encoding: 'utf8',
      },
    );
    check(
      run.status === STAND_IN_EXIT,
      `the launcher did not pass on the executable's exit code (got ${run.status})`,
    );
    check(
      run.stdout.trim() === 'stand-in electron: --cli -- import 回收 文件.xlsx --resolve air-03:status=ours',
      `the launcher started the executable with: ${run.stdout.trim() || run.stderr.trim()}`,
    );
  } finally {
    rmSync(onPath, { recursive: true, force: true });
  }
}

/** The cli.cjs inside app.asar is the working command: taken out and run as main.ts runs it. */
async function checkPackagedCli(asarPath) {
  const asar = require('@electron/asar');
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-cli-cjs-'));
  try {
    const file = join(dir, 'cli.cjs');
    writeFileSync(file, asar.extractFile(asarPath, 'dist-electron/cli.cjs'));
    const out = [];
    const code = await require(file).main(['tasks', '--plan', 'soil'], {
      out: (t) => out.push(t),
      err: () => {},
    });
    const lines = out.join('\n').trim().split('\n');
    check(
      code === 0 && lines.length === 35,
      `packaged cli.cjs: tasks --plan soil gave ${code}, ${lines.length} lines`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

  const linux = await packAndCheck('linux');
  await checkLinuxLauncher(linux.out);
  await checkPackagedCli(linux.asarPath);
  const win = await packAndCheck('win');
  const cmd = readFileSync(join(win.out, 'resources', 'bin', 'taizhang.cmd'), 'utf8');
  check(
    cmd === readFileSync(join(root, 'build', 'bin', 'taizhang.cmd'), 'utf8'),
    'resources/bin/taizhang.cmd differs from build/bin/taizhang.cmd',
  );
  check(
    cmd.includes('"%~dp0..\\..\\taizhang.exe" --cli -- %*') && cmd.includes('exit /b %ERRORLEVEL%'),
    'taizhang.cmd does not start taizhang.exe --cli -- with the arguments and pass on its exit code',
  );
  const exe = readFileSync(join(win.out, 'taizhang.exe'));
  check(
    exe.includes(Buffer.from('ELECTRONASAR', 'utf16le')),
    'taizhang.exe carries no embedded ASAR integrity resource',
  );

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `packaging config OK: linux and win dirs, app.asar (${linux.entries} entries) with cli.cjs, ` +
      `bin/taizhang and bin/taizhang.cmd, fuses flipped, ${seconds} s`,
  );
}

try {
  await main();
} catch (err) {
  console.error(`packaging check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
