// Bench of `taizhang import` on hostile returns (every hostile file must stay within 2 s and 300 MB):
// the files of test/support/hostile-returns.ts — the same the hostile test bounds generously — each
// made from one town's plain return (scripts/bench/bench-data.ts: townReturns, exported from a ledger
// of the seed plan and units and filled like a clerk). Each is run as people run it, a whole process
// (`node bin/taizhang.mjs import FILE --ledger L --dry-run --json`, start-up included; the bundle built
// beforehand so no build is timed) against a small ledger (the seed plan and units, no reports), and
// compared with the same command on the plain return it was made from, interleaved run for run.
// Time: best and median of N runs. Memory: the process's peak RSS (process.resourceUsage().maxRSS,
// written at exit by a --import preload, as the test does), the highest of the N runs.
// Run alone: npx tsx scripts/bench/hostile.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import plan from '../../seeds/plan.json' with { type: 'json' };
import units from '../../seeds/units.json' with { type: 'json' };
import { encodeLedger } from '../../cli/ledger-file-store.ts';
import { EXIT } from '../../cli/errors.ts';
import { writeFileSafely } from '../../cli/safe-write.ts';
import { createLedger } from '../../shared/ledger-file.ts';
import type { PlanDocument, Unit } from '../../shared/model.ts';
import { HOSTILE_RETURNS } from '../../test/support/hostile-returns.ts';
import { buildCli, isCliStale } from '../build-cli.mjs';
import { BENCH_PERIOD, townReturns } from './bench-data.ts';
import { median, withBaseline, type BenchResult } from './result.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'taizhang.mjs');
const WORK = join(ROOT, 'test-output', 'bench-hostile');
const RSS_PRELOAD = join(WORK, 'rss-preload.mjs');
const RSS_OUT = join(WORK, 'rss.txt');
/** The town whose return the hostile files are made from (the hostile test's too). */
const TOWN = '永乐店镇';
const RUNS = 5;

const log = (msg: string) => console.error(`bench hostile: ${msg}`);

interface Run {
  ms: number;
  /** Peak resident memory, MB (NaN if the preload wrote nothing). */
  rssMb: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One whole `taizhang import FILE --ledger L --dry-run --json`, timed from spawn to exit. */
function dryRun(file: string, ledger: string): Run {
  rmSync(RSS_OUT, { force: true });
  const args = ['--import', pathToFileURL(RSS_PRELOAD).href, BIN, 'import', file, '--ledger', ledger];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...args, '--dry-run', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TZ_RSS_OUT: RSS_OUT },
  });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  const rssMb = existsSync(RSS_OUT) ? Number(readFileSync(RSS_OUT, 'utf8')) / 1024 : NaN;
  return { ms, rssMb, code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The run answered as the case says: its exit code; rows updated when it succeeds; one line on
 * stderr when it does not. (The case's text pattern is for the text output; this is --json.) */
function check(name: string, r: Run, code: number): void {
  const fail = (why: string) => {
    throw new Error(`${name}: ${why} (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
  };
  if (r.code !== code) fail(`expected exit ${code}`);
  if (code === EXIT.ok) {
    const files = (JSON.parse(r.stdout) as { files: { counts: { updated: number } }[] }).files;
    if (!(files[0]?.counts.updated ?? 0)) fail('no rows updated');
  } else if (r.stderr.trim().split('\n').length !== 1) fail('not one line on stderr');
}

const fmtMs = (values: number[]) => `best of ${values.length}; median ${median(values).toFixed(0)} ms`;
const fmtMb = (values: number[]) => `highest of ${values.length}; median ${median(values).toFixed(0)} MB`;
const kb = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;

export async function benchHostile(): Promise<BenchResult[]> {
  if (isCliStale()) {
    log('building dist-cli/ (not timed)…');
    await buildCli({ quiet: true });
  }
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  writeFileSync(
    RSS_PRELOAD,
    "import { writeFileSync } from 'node:fs';\n" +
      "process.on('exit', () => { if (process.env.TZ_RSS_OUT) writeFileSync(process.env.TZ_RSS_OUT, String(process.resourceUsage().maxRSS)); });\n",
  );

  // The small ledger, and the plain return the hostile files are made from.
  const ledgerData = createLedger(plan as PlanDocument, units as Unit[], new Date('2021-01-01T00:00:00Z'));
  const ledger = join(WORK, '台账.taizhang');
  await writeFileSafely(ledger, await encodeLedger(ledgerData, 'container'));
  const [plain] = await townReturns(ledgerData, BENCH_PERIOD, [TOWN]);
  if (!plain) throw new Error(`no return for ${TOWN}`);

  // Each file in a folder of its own under the return's own name (the name is checked on import).
  const files: { name: string; path: string; bytes: number; code: number }[] = [];
  const place = (name: string, bytes: Uint8Array, code: number) => {
    const dir = join(WORK, String(files.length));
    mkdirSync(dir);
    const path = join(dir, plain.fileName);
    writeFileSync(path, bytes);
    files.push({ name, path, bytes: bytes.length, code });
  };
  place(`the plain return (${TOWN})`, plain.bytes, EXIT.ok);
  log(`making ${HOSTILE_RETURNS.length} hostile returns from ${plain.fileName}…`);
  for (const c of HOSTILE_RETURNS) place(c.name, await c.make(plain.bytes), c.code);

  // A check run of each (also a warm-up), then RUNS rounds, each running every file once.
  for (const f of files) check(f.name, dryRun(f.path, ledger), f.code);
  const ms = files.map(() => [] as number[]);
  const rss = files.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    log(`round ${i + 1} of ${RUNS}…`);
    files.forEach((f, j) => {
      const r = dryRun(f.path, ledger);
      check(f.name, r, f.code);
      ms[j]!.push(r.ms);
      rss[j]!.push(r.rssMb);
    });
  }

  const [plainMs, plainRss] = [ms[0]!, rss[0]!];
  const plainFile = files[0]!;
  const results: BenchResult[] = [];
  files.forEach((f, j) => {
    if (j === 0) return;
    const what = `${f.name} — ${kb(f.bytes)}, exit ${f.code}`;
    results.push(
      withBaseline({
        name: `${what}: time, whole process (${fmtMs(ms[j]!)})`,
        value: Math.min(...ms[j]!),
        unit: 'ms',
        baseline: {
          name: `${plainFile.name}, ${kb(plainFile.bytes)}, ${fmtMs(plainMs)}`,
          value: Math.min(...plainMs),
        },
        target: '< 2000 ms',
      }),
    );
    results.push(
      withBaseline({
        name: `${what}: peak RSS (${fmtMb(rss[j]!)})`,
        value: Math.max(...rss[j]!),
        unit: 'MB',
        baseline: { name: `${plainFile.name}, ${fmtMb(plainRss)}`, value: Math.max(...plainRss) },
        target: '< 300 MB',
      }),
    );
  });
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { printResults } = await import('./print.ts');
  printResults(await benchHostile());
}
