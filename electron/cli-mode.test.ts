// The command inside the app: `taizhang --cli -- …` runs the CLI the app carries (dist-electron/cli.cjs,
// built here exactly as scripts/build-electron.mjs builds it for the package) through runCliMode,
// with a fake Electron `app` — output on the given streams, the command's exit code, a throwaway
// profile removed afterwards. main.test.ts checks that main.ts takes this path before any window.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cliArguments, guardCliProcess, runCliMode, type CliApp } from './cli-mode.ts';

const build = (await import('../scripts/build-electron.mjs' as string)) as {
  buildAppCli: (o: { outfile: string; quiet?: boolean }) => Promise<void>;
};

/** An app folder holding what app.asar holds for CLI mode: dist-electron/cli.cjs. */
const appPath = mkdtempSync(join(tmpdir(), 'taizhang-app-'));
beforeAll(async () => {
  writeFileSync(join(appPath, 'package.json'), '{"main":"dist-electron/main.cjs"}');
  await build.buildAppCli({ outfile: join(appPath, 'dist-electron', 'cli.cjs'), quiet: true });
}, 60_000);

function fakeApp(path = appPath) {
  const paths: Record<string, string> = {};
  const app = {
    getAppPath: () => path,
    setPath: vi.fn((name: string, p: string) => void (paths[name] = p)),
    disableHardwareAcceleration: vi.fn(),
    exit: vi.fn(),
  } satisfies CliApp;
  return { app, paths };
}

async function run(args: string[], path = appPath) {
  const { app, paths } = fakeApp(path);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const code = await runCliMode(args, app, { stdout, stderr });
  return {
    code,
    app,
    paths,
    out: Buffer.concat(out).toString('utf8'),
    err: Buffer.concat(err).toString('utf8'),
  };
}

describe('CLI mode of the desktop app', () => {
  it('finds the command after --cli, skipping the -- that keeps Chromium off its arguments', () => {
    expect(cliArguments(['/opt/台账/taizhang', '--cli', '--', 'tasks', '--plan', 'soil'])).toEqual([
      'tasks',
      '--plan',
      'soil',
    ]);
    expect(cliArguments(['taizhang.exe', '--cli', 'units', '--json'])).toEqual(['units', '--json']);
    expect(cliArguments(['taizhang.exe', '--cli', '--'])).toEqual([]);
    expect(cliArguments(['taizhang.exe'])).toBeNull();
    expect(cliArguments(['taizhang.exe', 'C:\\台账\\x.xlsx'])).toBeNull();
  });

  it('runs a command on the app’s runtime: its output, its exit code, no GPU, a profile of its own', async () => {
    const r = await run(['tasks', '--plan', 'soil']);
    expect(r.code).toBe(0);
    expect(r.app.exit).toHaveBeenCalledWith(0);
    expect(r.out.trim().split('\n')).toHaveLength(35);
    expect(r.out).toContain('土壤-01');
    expect(r.err).toBe('共 35 项任务 (35 tasks)\n'); // the summary on stderr, the data on stdout
    expect(r.app.disableHardwareAcceleration).toHaveBeenCalled();
    // The running app's user data is never shared: a temp profile, gone afterwards.
    expect(r.paths.userData).toBe(r.paths.sessionData);
    expect(r.paths.userData).toContain('taizhang-cli-');
    expect(existsSync(r.paths.userData!)).toBe(false);
  });

  it('hands back the command’s exit codes and its one-line messages', async () => {
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.app.exit).toHaveBeenCalledWith(2);
    expect(bad.err).toContain('未知命令');
    const usage = await run([]);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('taizhang tasks');
  });

  it('writes a unit’s workbook with exceljs from inside the bundle (the heavy path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-cli-run-'));
    const ledger = join(dir, '台账.json');
    expect((await run(['init', '-o', ledger])).code).toBe(0);
    const xlsx = join(dir, '永乐店镇.xlsx');
    const r = await run([
      'export',
      '--unit',
      '永乐店镇',
      '--period',
      '2021-03',
      '--ledger',
      ledger,
      '-o',
      xlsx,
    ]);
    expect(r.err).toContain('已导出');
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet('填报')!.getCell('A3').value).toBe('大气-01');
  });

  it('says so, with exit code 2, when the app carries no CLI', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'taizhang-app-empty-'));
    mkdirSync(join(empty, 'dist-electron'));
    const r = await run(['units'], empty);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^无法运行台账命令行程序 \(the taizhang command could not run: /);
    expect(existsSync(r.paths.userData!)).toBe(false);
  });

  it('turns an uncaught error into one line and exit code 2, not a dialog', () => {
    const { app } = fakeApp();
    const stderr = new PassThrough();
    const lines: string[] = [];
    stderr.on('data', (b: Buffer) => lines.push(b.toString('utf8')));
    const before = process.listenerCount('uncaughtException');
    const dispose = guardCliProcess(app, stderr);
    try {
      const listener = process.listeners('uncaughtException').at(-1)!;
      listener(new Error('boom'), 'uncaughtException');
      expect(app.exit).toHaveBeenCalledWith(2);
    } finally {
      dispose();
    }
    expect(process.listenerCount('uncaughtException')).toBe(before);
    stderr.end();
    expect(lines.join('')).toBe('内部错误 (internal error): boom\n');
  });
});
