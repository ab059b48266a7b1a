#!/usr/bin/env node
// Launcher for the `taizhang` command: runs the bundled CLI (dist-cli/main.mjs, made from cli/main.ts
// by scripts/build-cli.mjs), so a call starts in about the time Node itself takes — no TypeScript is
// compiled per call and each command loads only its own modules. The bundle is checked against the
// sources first (cli/, shared/, seeds/: a few ms of stat calls) and built when it is missing or stale
// — on first use after `npm ci` if the install did not build it — printing nothing when that works.
import { buildCli, ENTRY, EsbuildMissing, isCliStale } from '../scripts/build-cli.mjs';
import { pathToFileURL } from 'node:url';

// A deprecation warning from a library inside the bundle (exceljs's zip writer calls Buffer()) is
// for the project's developers, not for the person running the command: it would be a second,
// alarming line under a one-line result. Node prints none for code under node_modules; bundled, the
// libraries no longer are.
process.noDeprecation = true;

// `taizhang tasks | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

if (isCliStale()) {
  try {
    await buildCli({ quiet: true });
  } catch (err) {
    const first = err?.errors?.[0]; // esbuild's first error, with where it is
    const detail = first
      ? `${first.location ? `${first.location.file}:${first.location.line}: ` : ''}${first.text}`
      : String(err?.message ?? err).split('\n')[0];
    const why =
      err instanceof EsbuildMissing
        ? '未安装 esbuild，请先在项目目录运行 npm ci (cannot build the CLI: esbuild is not installed; run npm ci)'
        : `无法构建命令行程序 (cannot build the CLI: ${detail})`;
    process.stderr.write(`${why}\n`);
    process.exit(2);
  }
}
const { main } = await import(pathToFileURL(ENTRY).href);
process.exitCode = await main(process.argv.slice(2));
