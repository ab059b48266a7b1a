#!/usr/bin/env node
// Launcher for the `taizhang` command: runs the TypeScript CLI (cli/main.ts) through tsx's loader,
// so `npx taizhang` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// `taizhang tasks | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
