// `npm start`: build what is stale, then run the app.
// - dist/ (vite build of renderer/) is rebuilt when missing or older than renderer/, shared/, seeds/ or
//   vite.config.ts; dist-electron/ (esbuild of electron/) when older than electron/ or shared/.
// - With an Electron binary installed, the app runs in Electron. Without one (this machine cannot
//   download it), the same build is served to a browser at http://127.0.0.1:5178/ (next free port if
//   taken) — the browser host.
// The Electron binary is looked up the way node_modules/electron/index.js does, but without calling
// it: requiring 'electron' from Node starts a download when the binary is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';
import { serveStatic } from './serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const DEFAULT_PORT = 5178;
const PORT_ATTEMPTS = 20;

/** Newest modification time (ms) of the files under `paths`; 0 when none exist. */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        visit(join(path, name));
      }
    } else {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const path of paths) visit(path);
  return newest;
}

/** True when `output` is missing or older than any file under `sources`. */
export function isStale(output, sources) {
  if (!existsSync(output)) return true;
  return statSync(output).mtimeMs < newestMtime(sources);
}

/** Path of the installed Electron executable, or null when it is not there. Never downloads. */
export function findElectronBinary(env = process.env) {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    : relative
      ? join(pkgDir, 'dist', relative)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

/** Serve `dir` on `port`, or the next free port (up to PORT_ATTEMPTS tries). */
export async function serveOnFreePort(dir, port) {
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await serveStatic(dir, port + attempt);
    } catch (err) {
      if (err?.code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error(`ports ${port}–${port + PORT_ATTEMPTS - 1} are all in use`);
}

async function buildIfStale() {
  const rendererSources = ['renderer', 'shared', 'seeds', 'vite.config.ts'].map((p) => join(root, p));
  if (isStale(join(root, 'dist', 'index.html'), rendererSources)) {
    if (!existsSync(join(root, 'vite.config.ts')) || !existsSync(join(root, 'renderer'))) {
      throw new Error('vite.config.ts or renderer/ is missing: nothing to build the UI from');
    }
    console.log('构建界面 (building renderer: vite build)…');
    const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
    const run = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`vite build failed (exit ${run.status})`);
  }
  const mainSources = ['electron', 'shared', 'cli'].map((p) => join(root, p));
  if (
    isStale(join(root, 'dist-electron', 'main.cjs'), mainSources) ||
    isStale(join(root, 'dist-electron', 'preload.cjs'), mainSources) ||
    isStale(join(root, 'dist-electron', 'cli.cjs'), mainSources)
  ) {
    await buildElectron({ quiet: true });
  }
}

function runElectron(binary) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function runBrowserHost() {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  const server = await serveOnFreePort(
    join(root, 'dist'),
    Number.isInteger(port) && port > 0 ? port : DEFAULT_PORT,
  );
  console.log(
    `未找到 Electron 可执行文件，已在浏览器宿主中提供同一应用 (Electron binary not present) — serving the same app at ${server.url} in the browser host`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main() {
  await buildIfStale();
  const binary = findElectronBinary();
  if (binary) runElectron(binary);
  else await runBrowserHost();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`启动失败 (start failed): ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
