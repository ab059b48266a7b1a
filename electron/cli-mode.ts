// `taizhang --cli -- <command> …`: the installed app runs its own `taizhang` command (cli/main.ts,
// bundled as dist-electron/cli.cjs inside app.asar) in the main process, which has Node's APIs — so
// an office PC needs no Node.js install, and the RunAsNode fuse stays off. main.ts calls this before
// anything else: no window, no single-instance lock (the app may be open at the same time), and a
// throwaway Chromium profile, so nothing the running app holds in its user-data folder is touched.
// The exit code is the command's (0, 1, 2); output goes to the calling console: on Windows Electron
// attaches to the parent's console unless stdout/stderr are redirected, which it then keeps (so
// `> 汇总.txt` works); elsewhere the streams are inherited. build/bin/ holds the launchers
// (taizhang.cmd, taizhang) that add `--cli --`; the `--` stops Chromium and Electron reading the
// command's own arguments as switches or URLs. docs/design.md §14.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI_SWITCH = '--cli';

/** The command's arguments when the app was started with `--cli` (a `--` right after it skipped), else null. */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_SWITCH);
  if (at < 0) return null;
  const rest = argv.slice(at + 1);
  return rest[0] === '--' ? rest.slice(1) : rest;
}

/** What CLI mode needs from Electron's `app` (a parameter, so tests can hand in a fake). */
export interface CliApp {
  getAppPath(): string;
  setPath(name: 'userData' | 'sessionData', path: string): void;
  disableHardwareAcceleration(): void;
  exit(code: number): void;
}

interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

type CliMain = (
  argv: string[],
  io: { out: (t: string) => void; err: (t: string) => void },
) => Promise<number>;

/** Resolves when everything written to `stream` so far has been handed to the system. */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.write('', () => resolve())) stream.once('drain', () => resolve());
  });
}

/**
 * Never Electron's error dialog for a command run from a console: an uncaught error becomes one line
 * on stderr and exit code 2. Returns the listener's removal.
 */
export function guardCliProcess(app: Pick<CliApp, 'exit'>, stderr: NodeJS.WritableStream = process.stderr) {
  const onError = (err: Error) => {
    stderr.write(`内部错误 (internal error): ${err.message}\n`);
    app.exit(2);
  };
  process.on('uncaughtException', onError);
  return () => void process.off('uncaughtException', onError);
}

/** Run the command, then exit the app with its code. Resolves to the code (for tests). */
export async function runCliMode(
  args: string[],
  app: CliApp,
  streams: Streams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { stdout, stderr } = streams;
  // `taizhang tasks | more` closing the pipe early (EPIPE) is not an error: stop writing.
  let closed = false;
  for (const stream of [stdout, stderr]) stream.on('error', () => (closed = true));
  const profile = mkdtempSync(join(tmpdir(), 'taizhang-cli-'));
  app.setPath('userData', profile);
  app.setPath('sessionData', profile);
  app.disableHardwareAcceleration();
  let code: number;
  try {
    const load = createRequire(join(app.getAppPath(), 'package.json'));
    const { main } = load('./dist-electron/cli.cjs') as { main: CliMain };
    code = await main(args, {
      out: (t) => void (closed || stdout.write(`${t}\n`)),
      err: (t) => void (closed || stderr.write(`${t}\n`)),
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    stderr.write(`无法运行台账命令行程序 (the taizhang command could not run: ${why})\n`);
    code = 2;
  }
  if (!closed) await Promise.all([flushed(stdout), flushed(stderr)]);
  rmSync(profile, { recursive: true, force: true });
  app.exit(code);
  return code;
}
