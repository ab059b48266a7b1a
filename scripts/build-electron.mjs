// Bundles the Electron main process and preload with esbuild:
//   electron/main.ts    → dist-electron/main.cjs    (Node, CJS, `electron` external, zod etc. inlined)
//   electron/preload.ts → dist-electron/preload.cjs (one CJS file that may require only 'electron',
//                                                    because sandboxed preloads cannot load modules)
//   cli/main.ts         → dist-electron/cli.cjs     (the `taizhang` command the installed app runs with
//                                                    `--cli`: one CJS file inside app.asar, loaded by
//                                                    require() only in that mode — docs/design.md §14)
// Run by `npm run build` after `vite build`, and by `npm start` when the bundle is stale.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleSwaps } from './build-cli.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist-electron');

/** Every `require("x")` in a bundle, for checking what a sandboxed preload would try to load. */
export function requiredModules(code) {
  return [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
}

export async function buildElectron({ quiet = false } = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: quiet ? 'warning' : 'info',
  };
  await build({
    ...common,
    entryPoints: [join(root, 'electron/main.ts')],
    outfile: join(OUT_DIR, 'main.cjs'),
  });
  await build({
    ...common,
    entryPoints: [join(root, 'electron/preload.ts')],
    outfile: join(OUT_DIR, 'preload.cjs'),
  });
  await buildAppCli({ quiet });
  const preload = await readFile(join(OUT_DIR, 'preload.cjs'), 'utf8');
  const foreign = requiredModules(preload).filter((name) => name !== 'electron');
  if (foreign.length > 0) {
    throw new Error(
      `preload.cjs requires ${foreign.join(', ')}; a sandboxed preload may require only 'electron'`,
    );
  }
}

/**
 * The CLI for the desktop app: the same entry and swaps as dist-cli/ (scripts/build-cli.mjs), as one
 * CommonJS file, because the main process require()s it from inside app.asar — a path Electron's
 * asar support is certain to cover, and covered by the archive's integrity check. (One file: esbuild
 * splits ESM only; the commands still run their modules lazily.)
 */
export async function buildAppCli({ outfile = join(OUT_DIR, 'cli.cjs'), quiet = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    legalComments: 'none',
    plugins: [bundleSwaps],
    logLevel: quiet ? 'warning' : 'info',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildElectron();
  } catch (err) {
    console.error(`Electron bundle failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
