// The `taizhang` command against unlucky offices and hostile files: two imports at once on one
// ledger, locks left by dead or live processes, a ledger changed underneath, read-only, 600 and
// symlinked ledgers, killed and failed writes, errors a person can cause, file names and cell text
// that would rewrite a terminal, formula-like text in the report, and returns built to exhaust time
// or memory. Where a real process matters (two writers, exit codes, what reaches the terminal, time
// and memory) the installed command runs: bin/taizhang.mjs on the bundle, built here when stale.
// Everything is generated in the test, under test-output/tmp/. Bounds are generous, so that a busy
// machine does not flake; the figures measured are printed.
import { spawn, spawnSync } from 'node:child_process';
import {
  type BigIntStats,
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, isCliStale } from '../../scripts/build-cli.mjs';
import { townReturns } from '../../scripts/bench/bench-data.ts';
import { ledgerFailure } from '../../cli/context.ts';
import { EXIT, jsonTermSafe, termSafe } from '../../cli/errors.ts';
import {
  encodeLedger,
  encodingForName,
  LedgerFileStore,
  readLedgerFile,
} from '../../cli/ledger-file-store.ts';
import { STALE_AFTER_MS } from '../../cli/ledger-lock.ts';
import { main } from '../../cli/main.ts';
import {
  describeFsError,
  SafeWriteError,
  TEMP_MARK,
  writeFileSafely,
  writeViaTempFile,
} from '../../cli/safe-write.ts';
import { editCells } from '../../shared/engine/edit-cells.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { unitWorkbookRows } from '../../shared/engine/workbook-rows.ts';
import { createLedger, type Ledger } from '../../shared/ledger-file.ts';
import { taskLabel, type ProgressField } from '../../shared/model.ts';
import { MAX_FILE_BYTES } from '../../shared/workbook/container.ts';
import { exportReturnWorkbook, returnWorkbookFileName } from '../../shared/workbook/export-workbook.ts';
import { HOSTILE_RETURNS, patchPart } from '../support/hostile-returns.ts';
import { seedPlan, seedUnits } from '../support/ledger-builder.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'taizhang.mjs');
const PERIOD = '2021-03';
const TOWNS = ['永乐店镇', '漷县镇'];
const HOST = hostname();

mkdirSync(join(ROOT, 'test-output', 'tmp'), { recursive: true });
const WORK = mkdtempSync(join(ROOT, 'test-output', 'tmp', 'hostile-cli-'));
let folders = 0;
/** A fresh folder of the test's own. */
function folder(name: string): string {
  const dir = join(WORK, `${++folders}-${name}`);
  mkdirSync(dir);
  return dir;
}

/** Records a child's peak RSS (kB) in the file named by TZ_RSS_OUT when it exits. */
const RSS_PRELOAD = join(WORK, 'rss-preload.mjs');
writeFileSync(
  RSS_PRELOAD,
  "import { writeFileSync } from 'node:fs';\n" +
    "process.on('exit', () => { if (process.env.TZ_RSS_OUT) writeFileSync(process.env.TZ_RSS_OUT, String(process.resourceUsage().maxRSS)); });\n",
);

interface Run {
  code: number | null;
  out: string;
  err: string;
  outBytes: Buffer;
  errBytes: Buffer;
  pid: number;
  ms: number;
  /** Peak resident memory of the process, MB. */
  rssMb: number;
}

/** The installed command as a separate process (asynchronous: several can run at once). */
function taizhang(args: string[], cwd = WORK): Promise<Run> {
  const rssFile = join(WORK, `rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', pathToFileURL(RSS_PRELOAD).href, BIN, ...args], {
    cwd,
    env: { ...process.env, TZ_RSS_OUT: rssFile },
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
      rmSync(rssFile, { force: true });
      const outBytes = Buffer.concat(out);
      const errBytes = Buffer.concat(err);
      done({
        code,
        out: outBytes.toString('utf8'),
        err: errBytes.toString('utf8'),
        outBytes,
        errBytes,
        pid: child.pid!,
        ms,
        rssMb: rssKb / 1024,
      });
    });
  });
}

/** The command in this process, for cases a separate process adds nothing to. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** One line on stderr, Chinese then English in parentheses, no stack trace. */
function expectOneClearLine(err: string): void {
  const lines = err.trim().split('\n');
  expect(lines, err).toHaveLength(1);
  expect(err).toMatch(/[\u4e00-\u9fff]/);
  expect(err).toMatch(/\([^)]*[A-Za-z]{3,}[^)]*\)/);
  expect(err).not.toMatch(/\bat .*\.(ts|mjs|js|cjs):\d+/);
  expect(err).not.toMatch(/内部错误|internal error/);
}

/** A pid that no process has: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

/** Temp files a write left beside its target. */
function temps(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith(TEMP_MARK));
}

function freshLedger(): Ledger {
  return createLedger(seedPlan(), seedUnits(), new Date('2021-01-01T00:00:00Z'));
}

async function writeLedgerFile(path: string, ledger: Ledger = freshLedger()): Promise<void> {
  await writeFileSafely(path, await encodeLedger(ledger, encodingForName(path)));
}

/** Whether a town's return for PERIOD is in the ledger: its batch and the values it brought. */
function hasImport(ledger: Ledger, unit: string): boolean {
  return (
    ledger.imports.some((b) => b.unit === unit && b.period === PERIOD && !b.undoneAt) &&
    ledger.reports.some((r) => r.unit === unit && r.period === PERIOD && r.status === '推进中')
  );
}

/** A town's exported return for PERIOD from `ledger`, not yet filled in. */
async function exportedReturn(ledger: Ledger, unit: string): Promise<Uint8Array> {
  return exportReturnWorkbook({
    plan: ledger.plans[0]!,
    unit,
    period: PERIOD,
    rows: await unitWorkbookRows(new MemoryLedgerStore(ledger), 'tongzhou-2021', unit, PERIOD),
    exportId: `hostile-${unit}`,
    exportedAt: `${PERIOD}-01T00:00:00Z`,
  });
}

/** Rows of the 填报 sheet by task (column A holds the id, or its label), and the header's columns. */
function sheetIndex(ws: ExcelJS.Worksheet): { row: (taskId: string) => number; col: (h: string) => number } {
  const header = (ws.getRow(2).values as unknown[]).map(String);
  return {
    row: (taskId) => {
      for (let r = 3; r <= ws.rowCount; r++) {
        const a = ws.getCell(r, 1).value;
        if (a === taskId || a === taskLabel(taskId)) return r;
      }
      throw new Error(`no row for ${taskId}`);
    },
    col: (h) => {
      const i = header.indexOf(h);
      if (i < 0) throw new Error(`no column ${h}`);
      return i;
    },
  };
}

let filled: { unit: string; fileName: string; bytes: Uint8Array }[];

beforeAll(async () => {
  if (isCliStale()) await buildCli({ quiet: true });
  filled = await townReturns(freshLedger(), PERIOD, TOWNS);
}, 120_000);

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('one writer at a time', () => {
  it('two taizhang import processes at once on one ledger: no exit 0 with the import missing; both batches end in the ledger', async () => {
    const outcomes = { bothWaited: 0, refused: 0 };
    for (let round = 0; round < 6; round++) {
      const dir = folder(`race-${round}`);
      const ledgerPath = join(dir, round % 2 ? '台账.taizhang' : '台账.json');
      await writeLedgerFile(ledgerPath);
      const files = filled.map((r) => {
        const f = join(dir, r.fileName);
        writeFileSync(f, r.bytes);
        return f;
      });
      const runs = await Promise.all(files.map((f) => taizhang(['import', f, '--ledger', ledgerPath])));
      let ledger = (await readLedgerFile(ledgerPath)).ledger;
      const refused: number[] = [];
      runs.forEach((r, i) => {
        const unit = filled[i]!.unit;
        if (r.code === 0) {
          expect(hasImport(ledger, unit), `${unit} exited 0 but is missing (round ${round})`).toBe(true);
          return;
        }
        // Could not get the lock in time: one line naming the holder (the other process), nothing written.
        expect(r.code, r.err).toBe(EXIT.usage);
        expectOneClearLine(r.err);
        expect(r.err).toContain(`进程 ${runs[1 - i]!.pid}`);
        expect(r.err).toContain(HOST);
        expect(hasImport(ledger, unit)).toBe(false);
        refused.push(i);
      });
      if (refused.length === 0) outcomes.bothWaited++;
      outcomes.refused += refused.length;
      for (const i of refused)
        expect((await taizhang(['import', files[i]!, '--ledger', ledgerPath])).code).toBe(0);
      ledger = (await readLedgerFile(ledgerPath)).ledger;
      for (const unit of TOWNS) expect(hasImport(ledger, unit), `${unit} (round ${round})`).toBe(true);
      expect(existsSync(`${ledgerPath}.lock`)).toBe(false);
      expect(temps(dir)).toEqual([]);
    }
    console.info(`two imports at once, 6 rounds: ${JSON.stringify(outcomes)}`);
  }, 300_000);
});

describe('the ledger lock', () => {
  /** A ledger with a lock file beside it holding `holder` (or the raw text given). */
  async function lockedLedger(name: string, holder: object | string) {
    const dir = folder(name);
    const ledgerPath = join(dir, '台账.json');
    await writeLedgerFile(ledgerPath);
    const returnPath = join(dir, filled[0]!.fileName);
    writeFileSync(returnPath, filled[0]!.bytes);
    const lockPath = `${ledgerPath}.lock`;
    writeFileSync(lockPath, typeof holder === 'string' ? holder : JSON.stringify(holder));
    return { dir, ledgerPath, returnPath, lockPath };
  }
  const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

  it.each([
    ['a dead process on this host', () => ({ pid: deadPid(), host: HOST, command: 'import', at: at(1000) })],
    [
      'a process on this host from before the machine last started (its pid may be reused)',
      () => ({ pid: process.pid, host: HOST, command: 'import', at: '2000-01-01T00:00:00.000Z' }),
    ],
    [
      `another host, older than STALE_AFTER_MS (${STALE_AFTER_MS / 60_000} min)`,
      () => ({ pid: 4242, host: 'other-pc', command: 'import', at: at(STALE_AFTER_MS + 60_000) }),
    ],
  ])('a stale lock (%s) is recovered: the import goes ahead', async (_what, holder) => {
    const { ledgerPath, returnPath, lockPath } = await lockedLedger('stale', holder());
    const r = await run('import', returnPath, '--ledger', ledgerPath);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(hasImport((await readLedgerFile(ledgerPath)).ledger, filled[0]!.unit)).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
    expect(existsSync(`${lockPath}.recover`)).toBe(false);
  });

  it('a lock file nobody can read (a crash right after creating it) is recovered once older than STALE_AFTER_MS', async () => {
    const { ledgerPath, returnPath, lockPath } = await lockedLedger('unreadable-lock', '');
    const old = new Date(Date.now() - STALE_AFTER_MS - 60_000);
    utimesSync(lockPath, old, old);
    const r = await run('import', returnPath, '--ledger', ledgerPath);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(existsSync(lockPath)).toBe(false);
  });

  it.each([
    ['a live process on this host', 'live'],
    ['another host, a minute ago', 'remote'],
    ['a fresh lock file nobody can read', 'unreadable'],
  ])(
    'a lock held by %s: one clear line naming the holder, the ledger untouched, the lock left as it was',
    async (_what, kind) => {
      const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
      try {
        const holder =
          kind === 'live'
            ? { pid: sleeper.pid!, host: HOST, command: 'import', at: at(1000) }
            : kind === 'remote'
              ? { pid: 4242, host: 'other-pc', command: 'import', at: at(60_000) }
              : '';
        const { ledgerPath, returnPath, lockPath } = await lockedLedger(`held-${kind}`, holder);
        const before = readFileSync(ledgerPath);
        const lockBefore = readFileSync(lockPath);
        const r = await run('import', returnPath, '--ledger', ledgerPath);
        expect(r.code).toBe(EXIT.usage);
        expectOneClearLine(r.err);
        if (kind === 'live') expect(r.err).toContain(`${HOST} 上的进程 ${sleeper.pid}`);
        if (kind === 'remote') expect(r.err).toContain('other-pc 上的进程 4242');
        expect(r.err).toContain(`${lockPath}`); // where to look if the holder is known to be gone
        expect(readFileSync(ledgerPath).equals(before)).toBe(true);
        expect(readFileSync(lockPath).equals(lockBefore)).toBe(true);
      } finally {
        sleeper.kill();
      }
    },
    30_000,
  );
});

describe('a ledger changed underneath', () => {
  /** Give `path` the times in `info` to the nanosecond, as `touch -r` and copy tools do. */
  function setTimesBack(path: string, info: BigIntStats): void {
    // Node's utimes takes seconds as a double, which cannot hold today's times to the nanosecond.
    const toTouch = (ns: bigint) => `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
    const r = spawnSync('touch', ['-m', '-d', toTouch(info.mtimeNs), path]);
    if (r.status !== 0) utimesSync(path, Number(info.atimeMs) / 1000, Number(info.mtimeMs) / 1000);
  }

  /** Open a ledger for writing and commit an edit in memory, as a command does before it saves. */
  async function openAndEdit(ledgerPath: string) {
    const store = await LedgerFileStore.open(ledgerPath, {
      write: true,
      command: 'test',
      fresh: freshLedger,
    });
    await store.run((reader) =>
      editCells(
        reader,
        { who: '测试', at: '2021-03-20T00:00:00.000Z', newId: () => 'e1' },
        {
          writes: [
            { taskId: 'air-02', unit: '永乐店镇', period: PERIOD, field: 'progress', value: '本进程的改动' },
          ],
          source: 'edit',
        },
      ),
    );
    return store;
  }

  it.each([
    ['rewritten in place (another size)', (p: string) => writeFileSync(p, readFileSync(p, 'utf8') + '\n')],
    [
      'rewritten with the same size and its modification time set back',
      (p: string) => {
        const info = statSync(p, { bigint: true });
        const bytes = readFileSync(p);
        const middle = bytes.length >> 1;
        bytes[middle] = bytes[middle]! ^ 1;
        writeFileSync(p, bytes);
        setTimesBack(p, info);
        const now = statSync(p, { bigint: true });
        expect([now.size, now.mtimeNs]).toEqual([info.size, info.mtimeNs]);
      },
    ],
    [
      'replaced by a rename (as a sync client does), same size and time',
      (p: string) => {
        const info = statSync(p, { bigint: true });
        const other = `${p}.incoming`;
        writeFileSync(other, readFileSync(p));
        setTimesBack(other, info);
        renameSync(other, p);
        expect(statSync(p, { bigint: true }).mtimeNs).toBe(info.mtimeNs);
      },
    ],
    ['deleted', (p: string) => rmSync(p)],
  ])('%s between read and write: the save is refused, nothing overwritten', async (_what, change) => {
    const dir = folder('underneath');
    for (const name of ['台账.json', '台账.taizhang']) {
      const ledgerPath = join(dir, name);
      await writeLedgerFile(ledgerPath);
      const store = await openAndEdit(ledgerPath);
      change(ledgerPath);
      const theirs = existsSync(ledgerPath) ? readFileSync(ledgerPath) : null;
      const failure = await store.save().then(
        () => null,
        (err: unknown) => err,
      );
      await store.close();
      expect(failure).toBeInstanceOf(SafeWriteError);
      expect((failure as SafeWriteError).code).toBe('changed-underneath');
      const line = ledgerFailure(failure, ledgerPath).message;
      expect(line).toContain('被其他程序');
      expect(line).toContain('changed between read and write');
      expect(existsSync(ledgerPath) ? readFileSync(ledgerPath) : null).toEqual(theirs);
      expect(temps(dir)).toEqual([]);
      expect(existsSync(`${ledgerPath}.lock`)).toBe(false);
    }
  });

  it('a new ledger that another program creates meanwhile is not overwritten', async () => {
    const dir = folder('appeared');
    const ledgerPath = join(dir, '台账.json');
    const store = await openAndEdit(ledgerPath);
    writeFileSync(ledgerPath, 'someone else’s file');
    await expect(store.save()).rejects.toMatchObject({ code: 'changed-underneath' });
    await store.close();
    expect(readFileSync(ledgerPath, 'utf8')).toBe('someone else’s file');
  });

  it('a save after a save of its own is not mistaken for a change underneath', async () => {
    const dir = folder('twice');
    const ledgerPath = join(dir, '台账.taizhang');
    await writeLedgerFile(ledgerPath);
    const store = await openAndEdit(ledgerPath);
    await store.save();
    await store.save();
    await store.close();
    const ledger = (await readLedgerFile(ledgerPath)).ledger;
    expect(ledger.reports.find((r) => r.taskId === 'air-02' && r.unit === '永乐店镇')?.progress).toBe(
      '本进程的改动',
    );
  });
});

describe('ledger files as they sit on disk', () => {
  async function setUp(name: string) {
    const dir = folder(name);
    const ledgerPath = join(dir, '台账.taizhang');
    await writeLedgerFile(ledgerPath);
    const returnPath = join(dir, filled[0]!.fileName);
    writeFileSync(returnPath, filled[0]!.bytes);
    return { dir, ledgerPath, returnPath };
  }

  it('a read-only ledger (444) is refused with a Chinese message, its bytes and mode unchanged — as root too', async () => {
    const { dir, ledgerPath, returnPath } = await setUp('read-only');
    chmodSync(ledgerPath, 0o444);
    const before = readFileSync(ledgerPath);
    const r = await taizhang(['import', returnPath, '--ledger', ledgerPath]);
    expect(r.code).toBe(EXIT.usage);
    expectOneClearLine(r.err);
    expect(r.err).toContain('只读');
    expect(r.err).toContain('read-only');
    expect(readFileSync(ledgerPath).equals(before)).toBe(true);
    expect(statSync(ledgerPath).mode & 0o777).toBe(0o444);
    expect(temps(dir)).toEqual([]);
    expect(existsSync(`${ledgerPath}.lock`)).toBe(false);
  });

  it('a 600 ledger keeps mode 600 after an import', async () => {
    const { ledgerPath, returnPath } = await setUp('mode-600');
    chmodSync(ledgerPath, 0o600);
    const r = await run('import', returnPath, '--ledger', ledgerPath);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(statSync(ledgerPath).mode & 0o777).toBe(0o600);
    expect(hasImport((await readLedgerFile(ledgerPath)).ledger, filled[0]!.unit)).toBe(true);
  });

  it('a symlinked ledger: the file it points at receives the import, the link stays a link', async () => {
    const { dir, ledgerPath, returnPath } = await setUp('symlink');
    const elsewhere = folder('symlink-target');
    const real = join(elsewhere, '真台账.taizhang');
    renameSync(ledgerPath, real);
    symlinkSync(real, ledgerPath);
    const r = await run('import', returnPath, '--ledger', ledgerPath);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(lstatSync(ledgerPath).isSymbolicLink()).toBe(true);
    expect(readlinkSync(ledgerPath)).toBe(real);
    expect(hasImport((await readLedgerFile(real)).ledger, filled[0]!.unit)).toBe(true);
    expect(temps(dir)).toEqual([]);
    expect(temps(elsewhere)).toEqual([]);
    expect(existsSync(`${real}.lock`)).toBe(false);
  });

  it('a dangling link as the ledger is refused: nothing is created where it points', async () => {
    const { dir, returnPath } = await setUp('dangling');
    const link = join(dir, '链接.taizhang');
    const nowhere = join(dir, 'gone', '台账.taizhang');
    symlinkSync(nowhere, link);
    const r = await run('import', returnPath, '--ledger', link);
    expect(r.code).toBe(EXIT.usage);
    expectOneClearLine(r.err);
    expect(r.err).toContain('链接');
    expect(existsSync(nowhere)).toBe(false);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe('killed and failed writes', () => {
  it('a temp file a killed import left (a dead pid) is removed by the next import; a live writer’s is kept', async () => {
    const dir = folder('killed');
    const ledgerPath = join(dir, '台账.taizhang');
    await writeLedgerFile(ledgerPath);
    const returnPath = join(dir, filled[0]!.fileName);
    writeFileSync(returnPath, filled[0]!.bytes);
    const dead = `${TEMP_MARK}${deadPid()}-0123abcd-${basename(ledgerPath)}`;
    const live = `${TEMP_MARK}${process.pid}-4567cdef-${basename(ledgerPath)}`;
    const otherFile = `${TEMP_MARK}${deadPid()}-89abcdef-另一个.taizhang`;
    for (const name of [dead, live, otherFile]) writeFileSync(join(dir, name), Buffer.alloc(1 << 20));
    const r = await taizhang(['import', returnPath, '--ledger', ledgerPath]);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(temps(dir).sort()).toEqual([live, otherFile].sort());
    expect(hasImport((await readLedgerFile(ledgerPath)).ledger, filled[0]!.unit)).toBe(true);
  });

  /** A Blob whose bytes stop coming halfway, as a full disk or a pulled USB stick would. */
  class FailingBlob extends Blob {
    constructor(private readonly failure: Error) {
      super([]);
    }
    override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
      const failure = this.failure;
      return new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(256 * 1024).fill(0x41));
          controller.error(failure);
        },
      });
    }
  }

  it.each([
    ['the bytes stop coming (a stream error)', new Error('source failed')],
    [
      'the disk is full (ENOSPC)',
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    ],
  ])(
    'a write that fails partway (%s) leaves the target as it was and no temp file',
    async (_what, failure) => {
      const dir = folder('failed-write');
      const target = join(dir, '台账.json');
      writeFileSync(target, 'the ledger as it was');
      chmodSync(target, 0o640);
      const err = await writeFileSafely(target, ['{"start":', new FailingBlob(failure)]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SafeWriteError);
      expect((err as SafeWriteError).userMessage).toMatch(/[\u4e00-\u9fff]/);
      if ((failure as NodeJS.ErrnoException).code === 'ENOSPC')
        expect((err as SafeWriteError).userMessage).toContain('磁盘空间不足');
      expect(readFileSync(target, 'utf8')).toBe('the ledger as it was');
      expect(statSync(target).mode & 0o777).toBe(0o640);
      expect(temps(dir)).toEqual([]);
    },
  );

  it('a streaming writer that fails partway (the report’s path) leaves the target as it was and no temp file', async () => {
    const dir = folder('failed-stream');
    const target = join(dir, '汇总.xlsx');
    writeFileSync(target, 'the report as it was');
    await expect(
      writeViaTempFile(target, async (tmp) => {
        writeFileSync(tmp, Buffer.alloc(1 << 20));
        throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      }),
    ).rejects.toMatchObject({ code: 'EIO' });
    expect(readFileSync(target, 'utf8')).toBe('the report as it was');
    expect(temps(dir)).toEqual([]);
  });
});

describe('export and report write through a temp file', () => {
  async function setUp(name: string) {
    const dir = folder(name);
    const ledgerPath = join(dir, '台账.taizhang');
    await writeLedgerFile(ledgerPath);
    return { dir, ledgerPath };
  }

  /** The commands that write a workbook, with their arguments for a ledger and a target. */
  const WRITING_COMMANDS: [string, (ledger: string, out: string) => string[]][] = [
    [
      'export',
      (ledger, out) => ['export', '--unit', '永乐店镇', '--period', PERIOD, '--ledger', ledger, '-o', out],
    ],
    ['report', (ledger, out) => ['report', '--ledger', ledger, '--period', PERIOD, '-o', out]],
  ];

  it.each(WRITING_COMMANDS)(
    '%s replaces an existing target whole, keeping its mode',
    async (command, args) => {
      const { dir, ledgerPath } = await setUp(`${command}-replace`);
      const out = join(dir, `${command}.xlsx`);
      writeFileSync(out, Buffer.alloc(4 << 20, 0x5a)); // 4 MB of something else: none of it may remain
      chmodSync(out, 0o640);
      const r = await taizhang(args(ledgerPath, out));
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      const bytes = readFileSync(out);
      expect(bytes.length).toBeLessThan(1 << 20);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(wb.worksheets.length).toBeGreaterThan(0);
      expect(statSync(out).mode & 0o777).toBe(0o640);
      expect(temps(dir)).toEqual([]);
    },
  );

  it.each(WRITING_COMMANDS)(
    '%s that fails leaves the old file intact: a ledger that fails validation, a read-only target',
    async (command, args) => {
      const { dir, ledgerPath } = await setUp(`${command}-fail`);
      const out = join(dir, `${command}.xlsx`);
      writeFileSync(out, 'last month’s file');
      const broken = join(dir, '坏台账.json');
      writeFileSync(broken, JSON.stringify({ format: 'taizhang-ledger', version: 2, plan: {} }));
      const invalid = await taizhang(args(broken, out));
      expect(invalid.code).toBe(EXIT.usage);
      expectOneClearLine(invalid.err);
      expect(readFileSync(out, 'utf8')).toBe('last month’s file');

      chmodSync(out, 0o444);
      const readOnly = await run(...args(ledgerPath, out));
      expect(readOnly.code).toBe(EXIT.usage);
      expectOneClearLine(readOnly.err);
      expect(readOnly.err).toContain('只读');
      expect(readFileSync(out, 'utf8')).toBe('last month’s file');
      expect(temps(dir)).toEqual([]);
    },
  );
});

describe('errors a person can cause: one clear line, Chinese then English, no stack trace', () => {
  const errorCases: [string, (dir: string) => Promise<string[]> | string[], RegExp][] = [
    [
      'a ledger that does not exist (ENOENT)',
      (d) => ['report', '--ledger', join(d, '没有.json'), '--period', PERIOD, '-o', join(d, 'r.xlsx')],
      /找不到台账文件/,
    ],
    [
      'a ledger path that is a folder (EISDIR), reading',
      (d) => ['report', '--ledger', d, '--period', PERIOD, '-o', join(d, 'r.xlsx')],
      /是一个文件夹/,
    ],
    [
      'a ledger path that is a folder (EISDIR), importing',
      (d) => {
        const f = join(d, filled[0]!.fileName);
        writeFileSync(f, filled[0]!.bytes);
        mkdirSync(join(d, '台账.json'));
        return ['import', f, '--ledger', join(d, '台账.json')];
      },
      /是一个文件夹/,
    ],
    [
      'an output folder that does not exist (export)',
      (d) => ['export', '--unit', '永乐店镇', '--period', PERIOD, '-o', join(d, '没有', 'x.xlsx')],
      /找不到 .* 所在的文件夹/,
    ],
    [
      'an output folder that does not exist (report)',
      async (d) => {
        await writeLedgerFile(join(d, '台账.json'));
        return [
          'report',
          '--ledger',
          join(d, '台账.json'),
          '--period',
          PERIOD,
          '-o',
          join(d, '没有', 'r.xlsx'),
        ];
      },
      /找不到 .* 所在的文件夹/,
    ],
    [
      'a corrupt container',
      (d) => {
        writeFileSync(
          join(d, '台账.taizhang'),
          Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(5000, 7)]),
        );
        return ['report', '--ledger', join(d, '台账.taizhang'), '--period', PERIOD, '-o', join(d, 'r.xlsx')];
      },
      /已损坏/,
    ],
    [
      'a registry clash (one alias claimed by two units)',
      async (d) => {
        const ledger = freshLedger();
        ledger.units[1]!.aliases.push(ledger.units[0]!.name);
        writeFileSync(join(d, '台账.json'), JSON.stringify(ledger));
        return ['report', '--ledger', join(d, '台账.json'), '--period', PERIOD, '-o', join(d, 'r.xlsx')];
      },
      /位置：units\.1/,
    ],
    [
      'a ledger nested 100,000 levels deep',
      (d) => {
        writeFileSync(join(d, '台账.json'), '['.repeat(100_000) + ']'.repeat(100_000));
        return ['report', '--ledger', join(d, '台账.json'), '--period', PERIOD, '-o', join(d, 'r.xlsx')];
      },
      /不是台账数据文件/,
    ],
    [
      'a ledger whose audit value is nested 100,000 levels deep (it would overflow the stack when written)',
      (d) => {
        const ledger = freshLedger();
        ledger.audit.push({
          id: 'a1',
          at: '2021-03-02T00:00:00.000Z',
          who: '某人',
          source: 'edit',
          taskId: 'air-02',
          unit: '永乐店镇',
          period: PERIOD,
          field: 'progress',
          old: 'DEEP',
          new: '新',
        });
        const n = 100_000;
        const text = JSON.stringify(ledger).replace('"DEEP"', '['.repeat(n) + ']'.repeat(n));
        writeFileSync(join(d, '台账.json'), text);
        const f = join(d, filled[0]!.fileName);
        writeFileSync(f, filled[0]!.bytes);
        return ['import', f, '--ledger', join(d, '台账.json')];
      },
      /位置：audit\.0\.old/,
    ],
  ];

  it.each(errorCases)('%s', async (_what, args, says) => {
    const dir = folder('user-error');
    const argv = await args(dir);
    const before =
      argv.includes('--ledger') && existsSync(argv[argv.indexOf('--ledger') + 1]!)
        ? statSync(argv[argv.indexOf('--ledger') + 1]!).isFile()
          ? readFileSync(argv[argv.indexOf('--ledger') + 1]!)
          : null
        : null;
    const r = await taizhang(argv);
    expect(r.code, r.err).toBe(EXIT.usage);
    expectOneClearLine(r.err);
    expect(r.err).toMatch(says);
    expect(r.out).toBe('');
    if (before) expect(readFileSync(argv[argv.indexOf('--ledger') + 1]!).equals(before)).toBe(true);
    expect(temps(dir)).toEqual([]);
  });

  const codes = [
    'EACCES',
    'EPERM',
    'ENOSPC',
    'EDQUOT',
    'EROFS',
    'EBUSY',
    'EMFILE',
    'ENOENT',
    'ENOTDIR',
    'EISDIR',
    'EIO',
  ];
  it.each(codes.flatMap((code) => (['read', 'write'] as const).map((action) => [code, action] as const)))(
    '%s while %sing (simulated: as root, real permissions are moot) → one clear line naming the file',
    (code, action) => {
      const fake = Object.assign(new Error(`${code}: simulated, open '/x/台账.json'`), {
        code,
        syscall: 'open',
        path: '/x/台账.json',
      });
      const described = describeFsError(fake, '/x/台账.json', action);
      expect(described.userMessage).toMatch(/[\u4e00-\u9fff]/);
      expect(described.message).toContain(`cannot ${action}`);
      expect(described.message).toContain(code);
      const line = ledgerFailure(fake, '/x/台账.json', action);
      expect(line.exitCode).toBe(EXIT.usage);
      expect(line.message.split('\n')).toHaveLength(1);
      expect(line.message).toContain(code);
      expect(line.message).toMatch(/[\u4e00-\u9fff].*\(.*[a-z]{3,}.*\)$/);
      expect(line.message).not.toMatch(/内部错误|internal error/);
      if (!['EMFILE'].includes(code)) expect(line.message).toContain('/x/台账.json');
      if (code === 'EACCES')
        expect(line.message).toContain(action === 'read' ? '没有权限读取' : '没有权限写入');
      if (code === 'ENOSPC') expect(line.message).toContain('磁盘空间不足');
    },
  );
});

/** Control characters and bidi controls: none may reach a terminal raw. */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/;

describe('terminal safety', () => {
  it('a return named with ESC and bidi controls, cells with _x001B_ escapes: nothing import prints holds a raw control character', async () => {
    const dir = folder('terminal');
    const unit = '永乐店镇';
    // The ledger: a progress text the return will contradict (a conflict to print).
    const ledger = freshLedger();
    const clean = await exportedReturn(ledger, unit);
    const rows = await unitWorkbookRows(new MemoryLedgerStore(ledger), 'tongzhou-2021', unit, PERIOD);
    const [first, second] = [rows[0]!.task.id, rows[1]!.task.id];
    const store = new MemoryLedgerStore(ledger);
    await store.run((reader) =>
      editCells(
        reader,
        { who: '测试', at: '2021-03-10T00:00:00.000Z', newId: () => 'e1' },
        {
          writes: [{ taskId: first, unit, period: PERIOD, field: 'progress', value: '台账里的进展' }],
          source: 'edit',
        },
      ),
    );
    // The return: placeholders typed by "the clerk", then swapped for escape sequences in the XML.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(clean as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('填报')!;
    const at = sheetIndex(ws);
    ws.getCell(at.row(first), at.col('工作进展')).value = 'PLACEHOLDER-PROGRESS';
    ws.getCell(at.row(second), at.col('完成状态')).value = 'PLACEHOLDER-STATUS';
    ws.getCell(at.row(second), at.col('存在问题')).value = 'PLACEHOLDER-PROBLEMS';
    let bytes: Uint8Array = new Uint8Array(await wb.xlsx.writeBuffer());
    bytes = await patchPart(bytes, 'xl/sharedStrings.xml', (xml) =>
      xml
        .replace('PLACEHOLDER-PROGRESS', '_x001B_[2J_x001B_]0;pwned_x0007_已清屏\u202e末尾')
        .replace('PLACEHOLDER-STATUS', '_x001B_[31m进行中_x009B_2J')
        .replace('PLACEHOLDER-PROBLEMS', '问题\u202e\u2066反转_x000D_伪造的一行'),
    );
    const name = `x\u001b[31m\u202eevil\u009b\nline\t${returnWorkbookFileName(unit, PERIOD)}`;
    const returnPath = join(dir, name);
    writeFileSync(returnPath, bytes);
    const runs: Run[] = [];
    for (const args of [['--dry-run'], ['--dry-run', '--json'], [], ['--json']]) {
      const ledgerPath = join(dir, `台账-${runs.length}.taizhang`);
      await writeLedgerFile(ledgerPath, store.ledger);
      runs.push(await taizhang(['import', returnPath, '--ledger', ledgerPath, ...args]));
    }
    for (const r of runs) {
      expect(r.code, r.err).toBe(EXIT.rejected); // a conflict and a rejected row
      expect(r.outBytes.includes(0x1b)).toBe(false);
      expect(r.errBytes.includes(0x1b)).toBe(false);
      for (const line of [...r.out.split('\n'), ...r.err.split('\n')]) expect(line).not.toMatch(UNSAFE);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    const [dry, dryJson, real, realJson] = runs as [Run, Run, Run, Run];
    for (const human of [dry, real]) {
      expect(human.out).toContain('冲突');
      expect(human.out).toContain('拒绝');
      // The file's name is one line's head, not a line of its own.
      expect(human.out.split('\n').filter((l) => l.startsWith('line'))).toEqual([]);
      expect(human.out).toMatch(/^x\ufffd\[31mevil\ufffd↵line /m);
    }
    for (const json of [dryJson, realJson]) {
      const parsed = JSON.parse(json.out) as {
        files: { file: string; conflicts: unknown[]; rejected: unknown[] }[];
      };
      expect(parsed.files[0]!.file).toBe(returnPath); // the same value, only escaped
      expect(parsed.files[0]!.conflicts.length).toBeGreaterThan(0);
      expect(parsed.files[0]!.rejected.length).toBeGreaterThan(0);
    }
  });

  it('termSafe and jsonTermSafe: one printable line; the JSON value unchanged', () => {
    const hostile = 'a\u001b[2Jb\u009b31mc\u202ed\u2066e\nf\r\ng\th\u2028i\u0000';
    expect(termSafe(hostile)).not.toMatch(UNSAFE);
    expect(termSafe(hostile)).toBe('a\ufffd[2Jb\ufffd31mcde↵f↵g h↵i\ufffd');
    const json = jsonTermSafe({ hostile });
    expect(json.replace(/\n/g, '')).not.toMatch(UNSAFE);
    expect((JSON.parse(json) as { hostile: string }).hostile).toBe(hostile);
  });
});

describe('formula-like text in the report', () => {
  it('=HYPERLINK(…), +1+1, -2, @SUM(A1) are text cells in the Text format, read back as written', async () => {
    const dir = folder('formulas');
    const unit = '永乐店镇';
    const hostile = ['=HYPERLINK("http://x","点我")', '+1+1', '-2', '@SUM(A1)', "=cmd|' /C calc'!A0"];
    const ledger = freshLedger();
    const store = new MemoryLedgerStore(ledger);
    const rows = await unitWorkbookRows(store, 'tongzhou-2021', unit, PERIOD);
    const writes = hostile.flatMap((text, i) => [
      { taskId: rows[i]!.task.id, unit, period: PERIOD, field: 'progress' as ProgressField, value: text },
      {
        taskId: rows[i]!.task.id,
        unit,
        period: PERIOD,
        field: 'problems' as ProgressField,
        value: hostile[(i + 1) % hostile.length]!,
      },
    ]);
    let id = 0;
    await store.run((reader) =>
      editCells(
        reader,
        { who: '测试', at: '2021-03-10T00:00:00.000Z', newId: () => `e${id++}` },
        { writes, source: 'edit' },
      ),
    );
    const ledgerPath = join(dir, '台账.taizhang');
    await writeLedgerFile(ledgerPath, store.ledger);
    const out = join(dir, '汇总.xlsx');
    const r = await taizhang(['report', '--ledger', ledgerPath, '--period', PERIOD, '-o', out]);
    expect(r.code, r.err).toBe(EXIT.ok);

    const zip = await JSZip.loadAsync(readFileSync(out));
    for (const sheet of zip.file(/^xl\/worksheets\/sheet\d+\.xml$/))
      expect(await sheet.async('string')).not.toMatch(/<f[ >]/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const found = new Set<string>();
    let textCells = 0;
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value !== 'string') return;
          textCells++;
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.numFmt, `${ws.name}!${cell.address} "${cell.value}"`).toBe('@');
          if (hostile.includes(cell.value)) found.add(cell.value);
        }),
      );
    expect(textCells).toBeGreaterThan(2498);
    expect([...found].sort()).toEqual([...hostile].sort());
  });
});

describe('bounded time and memory for hostile returns, through the real command', () => {
  const TIME_BOUND_MS = 20_000;
  const RSS_BOUND_MB = 600;
  const figures: Record<string, { bytes: number; ms: number; rssMb: number; code: number | null }> = {};

  const cases = HOSTILE_RETURNS.map((c) => [c.name, c.make, c.code, c.says] as const);

  it.each(cases)(
    '%s: refused or read within the bounds',
    async (what, make, code, says) => {
      const dir = folder('sized');
      const bytes = await make(filled[0]!.bytes);
      expect(bytes.length).toBeLessThan(MAX_FILE_BYTES);
      const returnPath = join(dir, filled[0]!.fileName);
      writeFileSync(returnPath, bytes);
      const ledgerPath = join(dir, '台账.taizhang');
      await writeLedgerFile(ledgerPath);
      const r = await taizhang(['import', returnPath, '--ledger', ledgerPath]);
      figures[what] = { bytes: bytes.length, ms: Math.round(r.ms), rssMb: Math.round(r.rssMb), code: r.code };
      console.info(`${what}: ${JSON.stringify(figures[what])} — ${r.out.split('\n')[0]}`);
      expect(r.code, r.out + r.err).toBe(code);
      expect(r.out + r.err).toMatch(says);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.ms).toBeLessThan(TIME_BOUND_MS);
      if (Number.isFinite(r.rssMb)) expect(r.rssMb).toBeLessThan(RSS_BOUND_MB);
    },
    60_000,
  );
});
