// Benchmark hook, loaded only when the page URL has `?bench=1` (see main.tsx; a separate lazy chunk,
// inert otherwise). Exposes `window.__taizhangBench` for scripts/bench/grid.ts:
//  - seedReports(target): fill the reports table with synthetic monthly reports — every (task, unit)
//    assignment × consecutive periods from the plan's January — up to `target` rows, through the app's
//    own Dexie schema in bulkPut chunks of 10k with relaxed durability (writes are the slow part: the
//    bench seeds once into a persistent profile, then only measures reads);
//  - rawRead(period, unit?): the same rows the grid reads, straight from IndexedDB (no Dexie, no
//    React): getAll on the period (or [unit+period]) index plus the primary keys of earlier periods;
//  - reportCount();
//  - measureFilter(text), frameTimes(ms, step), gridState(): measurements made inside the page;
//  - timeQuitBackup(): the whole-ledger export the Electron quit handshake makes.
import Dexie from 'dexie';
import { allAssignments } from '../shared/assignments.ts';
import { emptyProgress, STATUSES, type ProgressReport } from '../shared/model.ts';
import { nextPeriod } from '../shared/periods.ts';
import { buildLedgerBackup } from './db/backup-store.ts';
import { appStore } from './db/index.ts';
import { listUnits } from './db/repository.ts';
import { openDb, DB_NAME } from './db/schema.ts';
import { saveProfile } from './db/settings-repo.ts';

const CHUNK = 10_000;

function syntheticReport(taskId: string, unit: string, period: string, i: number): ProgressReport {
  const status = STATUSES[i % 3] ?? null;
  return {
    ...emptyProgress(),
    taskId,
    unit,
    period,
    status,
    percent: status === '已完成' ? 100 : (i * 7) % 100,
    progress: `${period} 已按计划推进第${(i % 9) + 1}项工作，完成现场检查${i % 17}次。`,
    problems: i % 5 === 0 ? '资金尚未到位。' : '',
    nextSteps: '继续推进，按月报送。',
    reporter: `填报人${i % 50}`,
    phone: '010-80000000',
    filledOn: `${period}-20`,
    updatedAt: `${period}-20T08:00:00.000Z`,
    updatedBy: `填报人${i % 50}`,
  };
}

async function seedReports(target: number): Promise<{ count: number; periods: string[]; ms: number }> {
  const db = openDb(DB_NAME); // openDb sets chromeTransactionDurability: 'relaxed'
  try {
    const started = performance.now();
    const tasks = await db.tasks.toArray();
    const units = await listUnits(db);
    const resolutions = await db.groupResolutions.toArray();
    const assignments = allAssignments(tasks, units, resolutions);
    const planYear = ((await db.settings.get('plan'))?.value as { year?: number } | undefined)?.year ?? 2021;
    const periods: string[] = [];
    let chunk: ProgressReport[] = [];
    let count = 0;
    let period = `${planYear}-01`;
    await db.reports.clear();
    while (count < target) {
      periods.push(period);
      for (const a of assignments) {
        if (count >= target) break;
        chunk.push(syntheticReport(a.task.id, a.unit, period, count));
        count++;
        if (chunk.length === CHUNK) {
          await db.reports.bulkPut(chunk);
          chunk = [];
        }
      }
      period = nextPeriod(period);
    }
    if (chunk.length) await db.reports.bulkPut(chunk);
    await saveProfile(db, { name: '基准测试', mode: 'coordinator', unit: null });
    return { count, periods, ms: performance.now() - started };
  } finally {
    db.close();
  }
}

function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function rawRead(
  period: string,
  unit?: string,
): Promise<{ rows: number; earlierKeys: number; ms: number; rowsMs: number; keysMs: number }> {
  const started = performance.now();
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    const store = idb.transaction('reports', 'readonly').objectStore('reports');
    // One after the other, so each part's time can be told apart.
    const t0 = performance.now();
    const rows = await idbRequest(
      unit
        ? store.index('[unit+period]').getAll(IDBKeyRange.only([unit, period]))
        : store.index('period').getAll(IDBKeyRange.only(period)),
    );
    const t1 = performance.now();
    const keys = await idbRequest(
      unit
        ? store.index('[unit+period]').getAllKeys(IDBKeyRange.bound([unit, ''], [unit, period], false, true))
        : store.index('period').getAllKeys(IDBKeyRange.upperBound(period, true)),
    );
    const t2 = performance.now();
    return {
      rows: rows.length,
      earlierKeys: keys.length,
      ms: t2 - started,
      rowsMs: t1 - t0,
      keysMs: t2 - t1,
    };
  } finally {
    idb.close();
  }
}

async function reportCount(): Promise<number> {
  const db = openDb();
  try {
    return await db.reports.count();
  } finally {
    db.close();
  }
}

declare global {
  interface Window {
    __taizhangBench?: {
      seedReports: typeof seedReports;
      rawRead: typeof rawRead;
      reportCount: typeof reportCount;
      measureFilter: typeof measureFilter;
      frameTimes: typeof frameTimes;
      gridState: typeof gridState;
      timeQuitBackup: typeof timeQuitBackup;
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// In-page measurements (called by scripts/bench/grid.ts once the grid shows).

/** Resolves after the next frame has been painted (rAF, then a task after it). */
function afterPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

/** Resolve when `test()` holds, checked after every DOM change below `root` (and now). */
function until(root: Node, test: () => boolean, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('timed out waiting for the grid'));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

function el<T extends Element>(testId: string): T {
  const found = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (!found) throw new Error(`no [data-testid="${testId}"] on the page`);
  return found;
}

/** Set the grid's search box the way typing does (React sees the native value setter + input event). */
function setSearch(text: string): void {
  const input = el<HTMLInputElement>('filter-text');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Type `text` into the grid's search box at once: ms from the input event to the first paint that
 * shows the filtered rows (row count reads 筛选出…), then clear the box again.
 */
async function measureFilter(text: string): Promise<{ ms: number; shown: number; rowsOfUnit: number }> {
  const count = el('row-count');
  const root = document.querySelector('.ledger-view') ?? document.body;
  await afterPaint();
  const t0 = performance.now();
  setSearch(text);
  await until(root, () => (count.textContent ?? '').includes('筛选出'));
  const t1 = await afterPaint();
  const shown = Number(/筛选出 (\d+)/.exec(count.textContent ?? '')?.[1] ?? NaN);
  const rows = [...document.querySelectorAll('[data-testid="task-row"]')];
  const rowsOfUnit = rows.filter((r) => r.getAttribute('data-unit') === text).length;
  setSearch('');
  await until(root, () => !(count.textContent ?? '').includes('筛选出'));
  await afterPaint();
  return { ms: t1 - t0, shown, rowsOfUnit };
}

/** rAF deltas (ms) over `ms`, scrolling the grid by `step` px each frame (0 = idle frames). */
async function frameTimes(ms: number, step: number): Promise<{ deltas: number[]; rowsSeen: number }> {
  const grid = el<HTMLElement>('task-grid');
  grid.scrollTop = 0;
  await afterPaint();
  const deltas: number[] = [];
  const seen = new Set<string>();
  return new Promise((resolve) => {
    let last = -1;
    let start = -1;
    const frame = (t: number) => {
      if (start < 0) start = t;
      if (last >= 0) deltas.push(t - last);
      last = t;
      if (step) {
        for (const r of grid.querySelectorAll('[data-testid="task-row"]'))
          seen.add(r.getAttribute('data-index') ?? '');
        grid.scrollTop =
          grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1 ? 0 : grid.scrollTop + step;
      }
      if (t - start < ms) requestAnimationFrame(frame);
      else resolve({ deltas, rowsSeen: seen.size });
    };
    requestAnimationFrame(frame);
  });
}

function gridState(): { period: string; rowCount: string; rows: number; units: string[] } {
  const picker = document.querySelector<HTMLSelectElement>('[data-testid="period-picker"]');
  const unitSelect = document.querySelector<HTMLSelectElement>('select[aria-label="单位筛选"]');
  return {
    period: picker?.value ?? '',
    rowCount: el('row-count').textContent ?? '',
    rows: document.querySelectorAll('[data-testid="task-row"]').length,
    units: unitSelect ? [...unitSelect.options].map((o) => o.value).filter(Boolean) : [],
  };
}

/** What every automatic backup does (build the ledger container): ms and size. */
async function timeQuitBackup(): Promise<{ ms: number; chars: number }> {
  const t0 = performance.now();
  const built = await buildLedgerBackup(appStore);
  return { ms: performance.now() - t0, chars: built.data.size };
}

window.__taizhangBench = {
  seedReports,
  rawRead,
  reportCount,
  measureFilter,
  frameTimes,
  gridState,
  timeQuitBackup,
};
console.info(`bench hook installed (Dexie ${Dexie.semVer})`);
