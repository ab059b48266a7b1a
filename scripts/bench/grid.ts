// Bench of the progress grid in Chromium against 100k reports in IndexedDB — the coordinator's view of
// one period (every task × unit, ~2,500 rows) over ≈3 years of monthly reports. Each figure is also
// measured the most direct way in the same run (raw IndexedDB reads of the same rows, idle frames),
// so the ratio is what the app adds. Run alone: npx tsx scripts/bench/grid.ts
//
// 1. Builds dist/ when it is older than renderer/, shared/ or seeds/ (vite build).
// 2. Serves dist/ on a FIXED port (IndexedDB is per origin, so the seeded data is found again) and
//    opens it in Chromium with a persistent profile in test-output/bench-profile.
// 3. Seeds once: `?bench=1` loads renderer/bench-hook.ts, which bulkPuts 100k reports (all
//    assignments × consecutive months from 2021-01) in 10k chunks with relaxed durability. Later runs
//    reuse the profile. Delete test-output/bench-profile to reseed.
// 4. Measures (a) page load → first grid rows painted, (b) typing a unit name in the search box →
//    next paint with the filtered rows (p50/p95 over 20 units), (c) rAF frame times while scrolling
//    the grid for 3 s (p50/p95), (d) JS heap after GC (CDP Runtime.getHeapUsage).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_COMMAND, findChromium } from '../chromium.mjs';
import { serveStatic } from '../serve.mjs';
import { median, percentile, withBaseline, type BenchResult } from './result.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROFILE = join(ROOT, 'test-output', 'bench-profile');
const PORT = Number(process.env.BENCH_PORT ?? 5187);
const REPORTS = 100_000;
const LOADS = 5;
const FILTER_RUNS = 20;
const SCROLL_MS = 3_000;
/** Pixels per frame while scrolling: two rows of 84 px, a brisk wheel scroll. */
const SCROLL_STEP = 168;

const log = (msg: string) => console.error(`bench grid: ${msg}`);

/** Newest mtime (ms) of any file below `dir`. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuild(): void {
  const index = join(ROOT, 'dist', 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(...['renderer', 'shared', 'seeds'].map((d) => newestMtime(join(ROOT, d))));
  if (builtAt > sources) return;
  log('building the renderer (vite build)…');
  const build = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error(`vite build failed (exit ${build.status})`);
}

/** Evaluate an expression in the page (strings: this file is type-checked without the DOM library). */
function run<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

const BENCH = 'window.__taizhangBench';

// Recorded from the first byte of the page: when the first grid row is in the DOM, and when the
// frame showing it has been painted (rAF, then a task after it). performance.now() counts from the
// navigation start.
const FIRST_ROWS_PROBE = `(() => {
  window.__firstRows = null;
  const seen = () => document.querySelector('[data-testid="task-row"]');
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    const dom = performance.now();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { window.__firstRows = { dom, painted: performance.now() }; };
      ch.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

interface GridState {
  period: string;
  rowCount: string;
  rows: number;
  units: string[];
}

async function waitForHook(page: Page): Promise<void> {
  await page.waitForFunction(`!!${BENCH}`, undefined, { timeout: 60_000 }).catch(async (err: unknown) => {
    const text = await page
      .locator('body')
      .innerText()
      .catch(() => '');
    throw new Error(
      `the bench hook did not load (is dist/ built from the current renderer?): ${String(err)}; page: ${text.slice(0, 300)}`,
    );
  });
}

async function waitForGridRows(page: Page): Promise<GridState> {
  await page.locator('[data-testid="task-row"]').first().waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="row-count"]', { hasText: '共' }).waitFor({ timeout: 60_000 });
  await waitForHook(page);
  return run<GridState>(page, `${BENCH}.gridState()`);
}

async function ensureSeeded(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForHook(page);
  // Wait for start-up seeding of the plan (the grid showing means the tasks are there).
  await page.locator('[data-testid="row-count"]').waitFor({ timeout: 60_000 });
  const count = await run<number>(page, `${BENCH}.reportCount()`);
  if (count === REPORTS) {
    log(`reusing the seeded profile (${count} reports) in ${PROFILE}`);
    return;
  }
  log(`seeding ${REPORTS} reports (found ${count}); this happens once per profile…`);
  const seeded = await run<{ count: number; periods: string[]; ms: number }>(
    page,
    `${BENCH}.seedReports(${REPORTS})`,
  );
  log(
    `seeded ${seeded.count} reports over ${seeded.periods.length} periods (${seeded.periods[0]}…${seeded.periods.at(-1)}) in ${(seeded.ms / 1000).toFixed(1)} s`,
  );
}

async function heapMB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 2 ** 20;
}

/** A same-origin empty page (no app), holding the raw IndexedDB rows of one period: the heap baseline. */
async function rawHeapBaseline(context: BrowserContext, url: string, period: string): Promise<number> {
  const blank = `${url}__bench_blank.html`;
  const page = await context.newPage();
  await page.route(blank, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }),
  );
  await page.goto(blank);
  await run(
    page,
    `new Promise((resolve, reject) => {
      const req = indexedDB.open('taizhang');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const store = req.result.transaction('reports').objectStore('reports');
        const own = store.index('period').getAll(IDBKeyRange.only(${JSON.stringify(period)}));
        const keys = store.index('period').getAllKeys(IDBKeyRange.upperBound(${JSON.stringify(period)}, true));
        keys.onsuccess = () => { window.__held = [own.result, keys.result]; resolve(keys.result.length); };
        keys.onerror = () => reject(keys.error);
      };
    })`,
  );
  const mb = await heapMB(context, page);
  await page.close();
  return mb;
}

/**
 * The same page loads with no reports at all (a fresh, throw-away profile; the first load seeds the
 * plan and is not counted): the app's fixed start-up cost, to tell it apart from the cost of the data.
 */
async function emptyLoads(chromePath: string, appUrl: string): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: chromePath, args: [...CHROMIUM_ARGS] });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(appUrl);
    await waitForGridRows(page);
    await page.addInitScript(FIRST_ROWS_PROBE);
    const out: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto(appUrl);
      await waitForGridRows(page);
      await page.waitForFunction('window.__firstRows !== null', undefined, { timeout: 30_000 });
      out.push((await run<{ painted: number }>(page, 'window.__firstRows')).painted);
    }
    return out;
  } finally {
    await browser.close();
  }
}

export async function benchGrid(): Promise<BenchResult[]> {
  ensureBuild();
  const chromePath = findChromium();
  if (!chromePath) throw new Error(`no Chromium found; install one: ${CHROMIUM_INSTALL_COMMAND}`);
  mkdirSync(PROFILE, { recursive: true });
  const server = await serveStatic(join(ROOT, 'dist'), PORT).catch((err: unknown) => {
    throw new Error(`cannot serve dist/ on port ${PORT} (set BENCH_PORT to a free one): ${String(err)}`);
  });
  const url = server.url;
  const appUrl = `${url}?bench=1`;
  const context = await chromium.launchPersistentContext(PROFILE, {
    executablePath: chromePath,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
  });
  const errors: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => errors.push(err.message));
    await ensureSeeded(page, appUrl);
    await page.addInitScript(FIRST_ROWS_PROBE);

    // (a) Page load → first rows painted, coordinator view of the default period.
    const loads: number[] = [];
    const loadsDom: number[] = [];
    let state: GridState | undefined;
    for (let i = 0; i < LOADS; i++) {
      await page.goto(appUrl);
      state = await waitForGridRows(page);
      await page.waitForFunction('window.__firstRows !== null', undefined, { timeout: 30_000 });
      const t = await run<{ dom: number; painted: number }>(page, 'window.__firstRows');
      loads.push(t.painted);
      loadsDom.push(t.dom);
    }
    if (!state) throw new Error('grid never showed');
    log(`period ${state.period}: ${state.rowCount}; ${state.rows} rows rendered (virtualised)`);
    log(`first rows painted per load (ms): ${loads.map((x) => x.toFixed(0)).join(', ')}`);
    const rawPeriod: number[] = [];
    const rawRows: number[] = [];
    const rawKeys: number[] = [];
    let rawInfo = { rows: 0, earlierKeys: 0 };
    for (let i = 0; i < LOADS; i++) {
      const r = await run<{ rows: number; earlierKeys: number; ms: number; rowsMs: number; keysMs: number }>(
        page,
        `${BENCH}.rawRead(${JSON.stringify(state.period)})`,
      );
      rawPeriod.push(r.ms);
      rawRows.push(r.rowsMs);
      rawKeys.push(r.keysMs);
      rawInfo = r;
    }
    log(
      `raw IDB read (median): ${rawInfo.rows} rows of ${state.period} in ${median(rawRows).toFixed(0)} ms, ` +
        `${rawInfo.earlierKeys} earlier primary keys (carry-forward) in ${median(rawKeys).toFixed(0)} ms, ` +
        `${median(rawPeriod).toFixed(0)} ms with opening the database`,
    );

    // (b) Filter: type a unit name into the search box.
    const units = state.units.slice(0, FILTER_RUNS);
    if (units.length === 0)
      throw new Error('the grid offers no unit names to filter by (unit select missing)');
    const filter: number[] = [];
    const rawUnit: number[] = [];
    for (const unit of units) {
      const r = await run<{ ms: number; shown: number; rowsOfUnit: number }>(
        page,
        `${BENCH}.measureFilter(${JSON.stringify(unit)})`,
      );
      filter.push(r.ms);
      const raw = await run<{ ms: number }>(
        page,
        `${BENCH}.rawRead(${JSON.stringify(state.period)}, ${JSON.stringify(unit)})`,
      );
      rawUnit.push(raw.ms);
    }
    log(`filter runs (ms): ${filter.map((x) => x.toFixed(0)).join(', ')}`);

    // (c) Scroll frame times, against idle frames of the same page.
    const idle = await run<{ deltas: number[] }>(page, `${BENCH}.frameTimes(1000, 0)`);
    const scroll = await run<{ deltas: number[]; rowsSeen: number }>(
      page,
      `${BENCH}.frameTimes(${SCROLL_MS}, ${SCROLL_STEP})`,
    );
    log(
      `scroll: ${scroll.deltas.length} frames in ${SCROLL_MS} ms, ${scroll.rowsSeen} distinct rows rendered`,
    );

    // Context for the quit handshake (main waits a few seconds for the renderer's ledger JSON).
    const quit = await run<{ ms: number; chars: number }>(page, `${BENCH}.timeQuitBackup()`);
    log(
      `whole-ledger export for the quit backup: ${quit.ms.toFixed(0)} ms, ${(quit.chars / 2 ** 20).toFixed(1)} MB of JSON`,
    );

    // (d) Heap with the grid showing, against an empty page holding the same raw rows.
    const heap = await heapMB(context, page);
    const heapBase = await rawHeapBaseline(context, url, state.period);

    const empty = await emptyLoads(chromePath, appUrl);
    log(`first rows painted with 0 reports (ms): ${empty.map((x) => x.toFixed(0)).join(', ')}`);

    if (errors.length) log(`page errors: ${errors.join(' | ')}`);
    const period = state.period;
    return [
      withBaseline({
        name: `first rows painted after load (coordinator, ${period}, median of ${LOADS})`,
        value: median(loads),
        unit: 'ms',
        baseline: { name: 'raw IDB getAll of the period + earlier keys', value: median(rawPeriod) },
        target: '< 1000 ms',
      }),
      { name: 'first rows in the DOM after load (median)', value: median(loadsDom), unit: 'ms' },
      withBaseline({
        name: 'first rows painted after load, 100k reports vs none (median)',
        value: median(loads),
        unit: 'ms',
        baseline: { name: 'same load with an empty reports table', value: median(empty) },
      }),
      withBaseline({
        name: `filter by unit name → paint, p50 (${units.length} units)`,
        value: percentile(filter, 50),
        unit: 'ms',
        baseline: { name: 'raw IDB getAll [unit+period] p50', value: percentile(rawUnit, 50) },
      }),
      withBaseline({
        name: 'filter by unit name → paint, p95',
        value: percentile(filter, 95),
        unit: 'ms',
        baseline: { name: 'raw IDB getAll [unit+period] p95', value: percentile(rawUnit, 95) },
        target: '< 100 ms',
      }),
      withBaseline({
        name: `scroll frame time p50 (${SCROLL_STEP} px/frame, ${SCROLL_MS / 1000} s)`,
        value: percentile(scroll.deltas, 50),
        unit: 'ms',
        baseline: { name: 'idle frame p50', value: percentile(idle.deltas, 50) },
      }),
      withBaseline({
        name: 'scroll frame time p95',
        value: percentile(scroll.deltas, 95),
        unit: 'ms',
        baseline: { name: 'idle frame p95', value: percentile(idle.deltas, 95) },
        target: '< 17 ms',
      }),
      {
        name: `whole-ledger export + writeLedger (quit backup, ${REPORTS / 1000}k reports)`,
        value: quit.ms,
        unit: 'ms',
      },
      withBaseline({
        name: 'JS heap after GC, grid showing',
        value: heap,
        unit: 'MB',
        baseline: { name: 'empty page holding the raw rows', value: heapBase },
        target: '< 200 MB',
      }),
    ];
  } finally {
    await context.close();
    await server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { printResults } = await import('./print.ts');
  printResults(await benchGrid());
}
