// Bench of returns we did not write, each figure against a baseline measured in the same run:
//  (a) the app in Chromium (the bench build, a fresh profile: the plan alone is enough):
//      - detecting the mapping of 永乐店镇's own three-sheet, 91-row ledger (the committed fixture,
//        test/fixtures/foreign/town-ylz-2021-03.xlsx) — header, plans, columns, every row — against
//        reading that same file (target < 300 ms; the first run is the one a person waits for);
//      - reading one town's return as .xls (LibreOffice's save of it, through SheetJS) against the
//        same data as .xlsx (our own reader), alternately (target ≤ 2×);
//  (b) the `taizhang` command as whole processes, interleaved run for run:
//      - `import <the .xls> --dry-run --json` against the same for the .xlsx (target ≤ 2×);
//      - `map <the town's ledger>` against `import <the .xlsx> --dry-run` (a return of our own).
// Run alone: npx tsx scripts/bench/foreign.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildCli, isCliStale } from '../build-cli.mjs';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_COMMAND, findChromium } from '../chromium.mjs';
import { serveStatic } from '../serve.mjs';
import { ensureBuild } from './app.ts';
import { median, withBaseline, type BenchResult } from './result.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist-bench');
const BIN = join(ROOT, 'bin', 'taizhang.mjs');
const WORK = join(ROOT, 'test-output', 'bench-foreign');
const FOREIGN = join(ROOT, 'test', 'fixtures', 'foreign');
const LEDGER = join(FOREIGN, 'town-ylz-2021-03.xlsx');
const XLS = join(FOREIGN, 'ylz-2021-03-plain.xls');
/** The .xlsx the .xls was saved from: the same 91 rows, the same values. */
const XLSX = join(ROOT, 'test', 'fixtures', 'xlsx', 'ylz-2021-03-openpyxl-plain.xlsx');
const PAGE_RUNS = 7;
const CLI_RUNS = 5;

const log = (msg: string) => console.error(`bench foreign: ${msg}`);
const b64 = (path: string) => readFileSync(path).toString('base64');

async function benchInChromium(): Promise<BenchResult[]> {
  ensureBuild();
  const chromePath = findChromium();
  if (!chromePath) throw new Error(`no Chromium found; install one: ${CHROMIUM_INSTALL_COMMAND}`);
  const server = await serveStatic(DIST, 0);
  const browser = await chromium.launch({ executablePath: chromePath, args: [...CHROMIUM_ARGS] });
  try {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.url}?bench=1`);
    const deadline = Date.now() + 60_000;
    while (!(await page.evaluate<boolean>('!!window.__taizhangBench'))) {
      if (Date.now() > deadline) throw new Error('the bench hook did not load');
      await new Promise((r) => setTimeout(r, 20));
    }
    const files = {
      ledger: { name: '永乐店镇污染防治台账.xlsx', base64: b64(LEDGER) },
      xls: b64(XLS),
      xlsx: b64(XLSX),
    };
    const m = await page.evaluate<{
      readMs: number[];
      detectMs: number[];
      rows: number;
      sheets: number;
      toConfirm: number;
      xlsMs: number[];
      xlsxMs: number[];
      rowsXls: number;
      rowsXlsx: number;
    }>(`window.__taizhangBench.measureForeign(${JSON.stringify(files)}, ${PAGE_RUNS})`);
    if (m.rowsXls !== m.rowsXlsx) throw new Error(`.xls read ${m.rowsXls} rows, .xlsx ${m.rowsXlsx}`);
    if (errors.length) log(`page errors: ${errors.join(' | ')}`);
    return [
      withBaseline({
        name: `app: detect the mapping of a town's own ledger (${m.sheets} sheets, ${m.rows} rows; ${m.toConfirm} to confirm), first run`,
        value: m.detectMs[0]!,
        unit: 'ms',
        baseline: { name: 'reading the same file, first run', value: m.readMs[0]! },
        target: '< 300 ms',
      }),
      withBaseline({
        name: `app: the same detection, median of ${PAGE_RUNS}`,
        value: median(m.detectMs),
        unit: 'ms',
        baseline: { name: 'reading the same file, median', value: median(m.readMs) },
        target: '< 300 ms',
      }),
      withBaseline({
        name: `app: read a town's return as .xls (${m.rowsXls} rows, SheetJS), median of ${PAGE_RUNS}`,
        value: median(m.xlsMs.slice(1)),
        unit: 'ms',
        baseline: {
          name: 'the same data as .xlsx (our reader), alternately',
          value: median(m.xlsxMs.slice(1)),
        },
        target: '≤ 2×',
      }),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

function timed(args: readonly string[]): { ms: number; code: number | null; err: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.error) throw r.error;
  return { ms: performance.now() - t0, code: r.status, err: r.stderr };
}

async function benchCliProcesses(): Promise<BenchResult[]> {
  if (isCliStale()) {
    log('building dist-cli/ (not timed)…');
    await buildCli({ quiet: true });
  }
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const ledger = join(WORK, 'absent.json'); // a dry run on a ledger not there yet: the seeds
  const xls: number[] = [];
  const xlsx: number[] = [];
  const map: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const a = timed(['import', XLS, '--ledger', ledger, '--dry-run', '--json']);
    const b = timed(['import', XLSX, '--ledger', ledger, '--dry-run', '--json']);
    const c = timed(['map', LEDGER]);
    if (a.code === 2 || b.code === 2 || c.code === 2)
      throw new Error(`taizhang failed: ${a.err}${b.err}${c.err}`);
    xls.push(a.ms);
    xlsx.push(b.ms);
    map.push(c.ms);
  }
  return [
    withBaseline({
      name: `cli: taizhang import <a town's .xls> --dry-run, whole process (median of ${CLI_RUNS})`,
      value: median(xls),
      unit: 'ms',
      baseline: { name: 'the same data as .xlsx', value: median(xlsx) },
      target: '≤ 2×',
    }),
    withBaseline({
      name: `cli: taizhang map <a town's own 3-sheet ledger>, whole process (median of ${CLI_RUNS})`,
      value: median(map),
      unit: 'ms',
      baseline: { name: 'taizhang import <a return of ours> --dry-run', value: median(xlsx) },
    }),
  ];
}

export async function benchForeign(): Promise<BenchResult[]> {
  return [...(await benchInChromium()), ...(await benchCliProcesses())];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { printResults } = await import('./print.ts');
  printResults(await benchForeign());
}
