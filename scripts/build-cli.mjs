// Bundles the `taizhang` command with esbuild: cli/main.ts → dist-cli/main.mjs (ESM, Node 20), code
// split so that each command is a chunk of its own and heavy libraries (exceljs, zod, …) are loaded
// only by the commands that import them. Seeds JSON and every dependency are bundled: the bundle runs
// without tsx and without node_modules.
//
// bin/taizhang.mjs runs the bundle when its stamp (dist-cli/stamp.json: the newest modification time
// and the number of the files it was built from) matches the sources, and builds it first otherwise.
// Files are written under temp names and renamed into place, chunks (named by content hash) before
// main.mjs and the stamp last, so a command starting while another one rebuilds never reads a half
// written file; chunks an older build left are removed once they are no longer in use.
//
// Run by `npm run build`, by `npm ci` (the `prepare` script, with --if-possible) and on first use.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist-cli');
export const ENTRY = join(OUT_DIR, 'main.mjs');
export const STAMP = join(OUT_DIR, 'stamp.json');
export const METAFILE = join(OUT_DIR, 'meta.json');
/** Folders the bundle is built from (test files excluded), and single files that change the build. */
const SOURCE_DIRS = ['cli', 'shared', 'seeds'];
const SOURCE_FILES = ['scripts/build-cli.mjs', 'package.json', 'package-lock.json'];
/** A chunk no build has referenced for this long is removed (a command still running may use it). */
const OLD_CHUNK_MS = 10 * 60 * 1000;

/**
 * What the bundle is built from, cheaply (a few ms): the newest modification time of the source
 * files and folders (a folder's time changes when a file is added, removed or renamed in it) and
 * their number. Test files are not part of the bundle and do not count.
 */
export function sourceStamp() {
  let newest = 0;
  let files = 0;
  const visit = (path, info) => {
    newest = Math.max(newest, info.mtimeMs);
    files++;
    if (!info.isDirectory()) return;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || /\.test\.tsx?$/.test(entry.name))
        continue;
      const full = join(path, entry.name);
      visit(full, statSync(full));
    }
  };
  for (const name of [...SOURCE_DIRS, ...SOURCE_FILES]) {
    const path = join(root, name);
    let info;
    try {
      info = statSync(path);
    } catch {
      continue;
    }
    visit(path, info);
  }
  return { newest, files };
}

/** The stamp the current bundle was built with, or null when there is no complete bundle. */
export function readStamp() {
  try {
    statSync(ENTRY);
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

/** True when dist-cli/main.mjs is missing or was built from other sources than those on disk. */
export function isCliStale() {
  const built = readStamp();
  if (!built?.sources) return true;
  const now = sourceStamp();
  return built.sources.newest !== now.newest || built.sources.files !== now.files;
}

/**
 * What the bundle swaps in: parts of exceljs no command uses (its CSV support and its streaming
 * reader, which pull in fast-csv, dayjs plugins, unzipper and tmp) become a stub that throws if
 * used, so loading exceljs costs less; shared/sha256.ts becomes cli/sha256-node.ts (the same
 * function on Node's native crypto). cli/bundle.test.ts runs export, import and report through the
 * bundle. scripts/build-electron.mjs uses the same swaps for the copy the desktop app carries.
 */
export const bundleSwaps = {
  name: 'taizhang-cli-swaps',
  setup(build) {
    const unused = /[\\/]exceljs[\\/]lib[\\/](csv[\\/]csv|stream[\\/]xlsx[\\/]workbook-reader)\.js$/;
    build.onLoad({ filter: unused }, (args) => ({
      contents: `module.exports = class { constructor() { throw new Error(${JSON.stringify(
        `${relative(root, args.path)} is not part of the taizhang CLI bundle`,
      )}); } };`,
      loader: 'js',
    }));
    build.onResolve({ filter: /[\\/]sha256\.ts$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      return path === join(root, 'shared', 'sha256.ts')
        ? { path: join(root, 'cli', 'sha256-node.ts') }
        : undefined;
    });
  },
};

/** Raised when esbuild is not installed (an install without devDependencies). */
export class EsbuildMissing extends Error {}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/** Chunks no longer referenced and not touched for OLD_CHUNK_MS, and stray temp files, are removed. */
function pruneOldChunks(keep) {
  const dir = join(OUT_DIR, 'chunks');
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const path = join(dir, name);
    if (keep.has(path)) continue;
    try {
      if (now - statSync(path).mtimeMs > OLD_CHUNK_MS) rmSync(path, { force: true });
    } catch {
      /* removed by a concurrent build */
    }
  }
}

/** Build dist-cli/. Resolves to the esbuild metafile; throws EsbuildMissing without esbuild. */
export async function buildCli({ quiet = false } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND') throw new EsbuildMissing('esbuild is not installed');
    throw err;
  }
  // Taken before esbuild reads a file: an edit made during the build makes the next run rebuild.
  const sources = sourceStamp();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [{ in: 'cli/main.ts', out: 'main' }],
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS libraries (exceljs and its dependencies) call require() for Node's modules.
    banner: {
      js: "import { createRequire as __taizhangRequire } from 'node:module'; const require = __taizhangRequire(import.meta.url);",
    },
    minify: process.env.TAIZHANG_CLI_NO_MINIFY !== '1',
    keepNames: false,
    legalComments: 'none',
    metafile: true,
    write: false,
    plugins: [bundleSwaps],
    logLevel: quiet ? 'silent' : 'warning',
  });
  const outputs = result.outputFiles;
  const entry = outputs.find((f) => f.path === ENTRY);
  if (!entry) throw new Error('esbuild produced no dist-cli/main.mjs');
  for (const f of outputs) if (f !== entry) writeAtomically(f.path, f.contents);
  writeAtomically(METAFILE, JSON.stringify(result.metafile));
  writeAtomically(ENTRY, entry.contents);
  writeAtomically(
    STAMP,
    JSON.stringify({ sources, builtAt: new Date().toISOString(), esbuild: esbuild.version }, null, 2),
  );
  pruneOldChunks(new Set(outputs.map((f) => f.path)));
  if (!quiet) {
    const bytes = outputs.reduce((n, f) => n + f.contents.length, 0);
    console.error(
      `taizhang CLI bundle: ${relative(root, ENTRY)} + ${outputs.length - 1} chunks, ${(bytes / 1024).toFixed(0)} KB`,
    );
  }
  return result.metafile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildCli();
  } catch (err) {
    if (err instanceof EsbuildMissing && process.argv.includes('--if-possible')) {
      // `npm ci --omit=dev`: no esbuild, no bundle; `taizhang` says so when it is run.
      console.error('taizhang CLI bundle skipped: esbuild is not installed');
    } else {
      console.error(`taizhang CLI bundle failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }
}
