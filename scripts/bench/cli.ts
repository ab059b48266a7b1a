// Bench of the `taizhang` command as people run it: whole processes (`node bin/taizhang.mjs …`, the
// bundle built beforehand so no build is timed), each interleaved run for run with a baseline:
//  (a) `taizhang units` against `node -e 0` — what starting the command costs over starting Node;
//  (b) `taizhang import <the 22 town returns> --ledger <copy of the 100k-report container ledger>
//      --dry-run --json` against Python's openpyxl opening the same 22 files read-only and going
//      through every row of every sheet (scripts/bench/openpyxl-read.py) — where python3 with
//      openpyxl is installed (Debian: python3-openpyxl), else the absolute figure alone;
//  (c) the same import on the JSON encoding of that ledger, for context.
// Best and median of N runs. Inputs: scripts/bench/bench-data.ts. Run alone: npx tsx scripts/bench/cli.ts
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildCli, isCliStale } from '../build-cli.mjs';
import { ensureBenchData } from './bench-data.ts';
import { median, withBaseline, type BenchResult } from './result.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'taizhang.mjs');
const OPENPYXL_SCRIPT = join(ROOT, 'scripts', 'bench', 'openpyxl-read.py');
const WORK = join(ROOT, 'test-output', 'bench-cli');
const START_RUNS = 11;
const IMPORT_RUNS = 5;

const log = (msg: string) => console.error(`bench cli: ${msg}`);

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One whole process, timed from spawn to exit. Output is kept only when asked (a check run). */
function timed(command: string, args: readonly string[], keepOutput = false): Run {
  const t0 = performance.now();
  const r = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', keepOutput ? 'pipe' : 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A Python that has openpyxl, or null (with why). */
function findOpenpyxl(): { python: string } | { missing: string } {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import openpyxl'], { stdio: 'ignore' });
    if (!r.error && r.status === 0) return { python };
  }
  return { missing: 'python3 with openpyxl not found (Debian: apt-get install python3-openpyxl)' };
}

const fmt = (values: number[]) => `best of ${values.length}; median ${median(values).toFixed(0)} ms`;

export async function benchCli(): Promise<BenchResult[]> {
  if (isCliStale()) {
    log('building dist-cli/ (not timed)…');
    await buildCli({ quiet: true });
  }
  const data = await ensureBenchData();
  mkdirSync(WORK, { recursive: true });
  const container = join(WORK, 'ledger.taizhang');
  const json = join(WORK, 'ledger.json');
  copyFileSync(data.ledgerContainer, container);
  copyFileSync(data.ledgerJson, json);
  const results: BenchResult[] = [];

  // (a) Start-up: `taizhang units` against `node -e 0`, interleaved.
  const check = timed(process.execPath, [BIN, 'units', '--json'], true);
  if (check.code !== 0 || (JSON.parse(check.stdout) as unknown[]).length === 0)
    throw new Error(`taizhang units failed (exit ${check.code}): ${check.stderr}`);
  const units: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    bare.push(timed(process.execPath, ['-e', '0']).ms);
    units.push(timed(process.execPath, [BIN, 'units']).ms);
  }
  results.push(
    withBaseline({
      name: `taizhang units, whole process (${fmt(units)})`,
      value: Math.min(...units),
      unit: 'ms',
      baseline: { name: `node -e 0, ${fmt(bare)}`, value: Math.min(...bare) },
      target: '< 400 ms',
    }),
  );

  // (b), (c) The dry-run import of the 22 returns, against openpyxl reading the same files.
  const importArgs = (ledger: string) => [
    BIN,
    'import',
    data.returnsDir,
    '--ledger',
    ledger,
    '--dry-run',
    '--json',
  ];
  const checked = new Map<string, number>();
  for (const ledger of [container, json]) {
    const r = timed(process.execPath, importArgs(ledger), true);
    const files =
      r.code === 0 ? (JSON.parse(r.stdout) as { files: { counts: { updated: number } }[] }).files : [];
    const updated = files.reduce((n, f) => n + f.counts.updated, 0);
    if (files.length !== data.returns.length || updated === 0)
      throw new Error(`taizhang import --dry-run on ${ledger} failed (exit ${r.code}): ${r.stderr}`);
    checked.set(ledger, updated);
  }
  if (checked.get(container) !== checked.get(json))
    throw new Error(
      `container and JSON ledgers disagree: ${[...checked.values()].join(' vs ')} rows updated`,
    );
  const openpyxl = findOpenpyxl();
  if ('missing' in openpyxl) log(`openpyxl baseline unavailable: ${openpyxl.missing}`);
  const python: number[] = [];
  const fromContainer: number[] = [];
  const fromJson: number[] = [];
  for (let i = 0; i < IMPORT_RUNS; i++) {
    if ('python' in openpyxl) {
      const r = timed(openpyxl.python, [OPENPYXL_SCRIPT, ...data.returns]);
      if (r.code !== 0) throw new Error(`openpyxl baseline failed: ${r.stderr}`);
      python.push(r.ms);
    }
    fromContainer.push(timed(process.execPath, importArgs(container)).ms);
    fromJson.push(timed(process.execPath, importArgs(json)).ms);
  }
  const baseline =
    python.length > 0
      ? {
          name: `openpyxl read-only, every row of the same 22 files, ${fmt(python)}`,
          value: Math.min(...python),
        }
      : undefined;
  const what = `${data.returns.length} town returns, ${checked.get(container)} rows updated; ledger ${data.counts.reports} reports, ${data.counts.audit} audit entries, ${data.counts.imports} batches`;
  results.push(
    withBaseline({
      name: `taizhang import --dry-run --json, container ledger (${what}; ${fmt(fromContainer)})`,
      value: Math.min(...fromContainer),
      unit: 'ms',
      baseline,
      target: 'ratio ≤ 1.0',
    }),
  );
  results.push(
    withBaseline({
      name: `same, JSON ledger (context; ${fmt(fromJson)})`,
      value: Math.min(...fromJson),
      unit: 'ms',
      baseline,
    }),
  );
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { printResults } = await import('./print.ts');
  printResults(await benchCli());
}
