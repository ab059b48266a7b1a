// Benchmark hook, only in the bench build (`vite build --mode bench` → dist-bench/, see app-main.tsx and
// vite.config.ts) and only with `?bench=1`. Exposes `window.__taizhangBench` for scripts/bench/app.ts:
//  - seed(target): fill the database through the app's own schema with `target` monthly reports —
//    every task × unit assignment × consecutive months from the plan's January — and the audit
//    trail and import batches real use leaves: each unit's month came in as an import that changed
//    status, percent and progress (three audit entries per report, one batch per unit and month with
//    its before-images), plus a few typed corrections. The materialised tables are built the way
//    the store's commit keeps them. Chunked, relaxed durability; done once per bench profile;
//  - rawRead(period, unit?): the rows the grid shows for a month, straight from IndexedDB (no Dexie,
//    no React): the baseline of the grid's figures;
//  - measure*(…): timings taken inside the page, from an action to the frame that shows its result;
//  - importBatch(files): the import wizard's own code path (read, identify, plan, back up, apply);
//  - measureDocument(kind, runs): a 公文 button on the dashboard, click → the file handed to the host;
//  - measureForeign(files): a unit's own ledger read and its mapping detected (the wizard's mapping
//    step), and the same town return read as .xls and as .xlsx, alternately;
//  - backup(): build the whole-ledger backup (what every automatic backup does);
//  - seedEvidence / backupWithEvidence / dropEvidence: gigabytes of evidence, and the backup of it.
import Dexie from 'dexie';
import { allAssignments } from '../shared/assignments.ts';
import { rowKey, unitPeriodKey } from '../shared/keys.ts';
import {
  emptyProgress,
  STATUSES,
  type AuditEntry,
  type ImportBatch,
  type ProgressReport,
} from '../shared/model.ts';
import { nextPeriod } from '../shared/periods.ts';
import { buildLedgerBackup, keepBrowserBackup } from './db/backup-store.ts';
import { crc32 } from '../shared/zip/crc32.ts';
import type { Attachment } from '../shared/evidence/model.ts';
import type { BlobRow } from './db/schema.ts';
import { appDb, appStore } from './db/index.ts';
import { openDb, DB_NAME, type EntryRow } from './db/schema.ts';
import { saveProfile } from './db/settings-repo.ts';
import { getHost } from './host.ts';
import { writeCells } from './hooks/actions.ts';
import {
  applyImportBatch,
  buildReturnWorkbooks,
  identifyReads,
  planImport,
  proposeFileMapping,
  readWorkbooks,
  type ReturnFile,
} from './hooks/exchange-actions.ts';

const CHUNK = 10_000;
const WHO = '基准测试';

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

interface SeedResult {
  reports: number;
  audit: number;
  batches: number;
  periods: string[];
  ms: number;
}

async function seed(target: number): Promise<SeedResult> {
  const db = openDb(DB_NAME); // chromeTransactionDurability: 'relaxed'
  try {
    const started = performance.now();
    const plan = (await appStore.plans()).at(-1);
    if (!plan) throw new Error('bench: database holds no plan');
    const [tasks, units, resolutions] = await Promise.all([
      appStore.tasks(plan.id),
      appStore.units(),
      appStore.groupResolutions(),
    ]);
    const assignments = allAssignments(tasks, units, resolutions);
    const planYear = plan.year;
    await Promise.all([
      db.reports.clear(),
      db.audit.clear(),
      db.imports.clear(),
      db.latest.clear(),
      db.planEntries.clear(),
      db.segments.clear(),
      db.backups.clear(),
    ]);
    const periods: string[] = [];
    const latest = new Map<string, ProgressReport>();
    const entries = new Map<string, EntryRow>();
    let reports: ProgressReport[] = [];
    let audit: AuditEntry[] = [];
    let batches: ImportBatch[] = [];
    let count = 0;
    let auditCount = 0;
    let batchCount = 0;
    const flush = async (force = false) => {
      if (!force && reports.length < CHUNK) return;
      await db.transaction('rw', db.reports, db.audit, db.imports, async () => {
        await db.reports.bulkPut(reports);
        await db.audit.bulkPut(audit);
        await db.imports.bulkPut(batches);
      });
      reports = [];
      audit = [];
      batches = [];
    };
    let period = `${planYear}-01`;
    while (count < target) {
      periods.push(period);
      const byUnit = new Map<string, { batch: ImportBatch; n: number }>();
      for (const a of assignments) {
        if (count >= target) break;
        const r = syntheticReport(a.task.id, a.unit, period, count);
        const pair = rowKey(a.task.id, a.unit);
        const prev = latest.get(pair);
        let b = byUnit.get(a.unit);
        if (!b) {
          batchCount++;
          b = {
            n: 0,
            batch: {
              id: `bench-b${batchCount}`,
              planId: plan.id,
              fileName: `${a.unit}_${period}_进展填报.xlsx`,
              sha256: batchCount.toString(16).padStart(64, '0'),
              unit: a.unit,
              period,
              exportId: `bench-exp-${batchCount}`,
              importedAt: `${period}-20T08:00:00.000Z`,
              importedBy: WHO,
              counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
              before: [],
            },
          };
          byUnit.set(a.unit, b);
          batches.push(b.batch);
        }
        b.batch.counts.updated++;
        b.batch.before.push({ taskId: a.task.id, unit: a.unit, period, report: null });
        for (const field of ['status', 'percent', 'progress'] as const) {
          auditCount++;
          audit.push({
            id: `bench-a${auditCount}`,
            at: r.updatedAt,
            who: WHO,
            source: `import:${b.batch.id}`,
            taskId: a.task.id,
            unit: a.unit,
            period,
            field,
            old: prev ? prev[field] : null,
            new: r[field],
          });
        }
        // One typed correction in twenty: the coordinator fixed a percent by hand.
        if (count % 20 === 0) {
          auditCount++;
          const at = `${period}-22T02:00:00.000Z`;
          audit.push({
            id: `bench-a${auditCount}`,
            at,
            who: WHO,
            source: 'edit',
            taskId: a.task.id,
            unit: a.unit,
            period,
            field: 'nextSteps',
            old: '',
            new: r.nextSteps,
          });
          const key = unitPeriodKey(a.unit, period);
          if (!entries.has(key)) entries.set(key, { planId: plan.id, unit: a.unit, period, firstAt: at });
        }
        latest.set(pair, r);
        reports.push(r);
        count++;
        await flush();
      }
      period = nextPeriod(period);
    }
    await flush(true);
    await db.latest.bulkPut([...latest.values()]);
    await db.planEntries.bulkPut([...entries.values()]);
    // Every month with data gets its backup segment row, as the store's commit would have made.
    await db.segments.bulkPut(
      periods.flatMap((period) =>
        (['reports', 'audit', 'imports'] as const).map((part) => ({ part, period, gen: 0 })),
      ),
    );
    await db.settings.put({ key: 'revision', value: 1 });
    await saveProfile(db, { name: WHO, mode: 'coordinator', unit: null });
    return {
      reports: count,
      audit: auditCount,
      batches: batchCount,
      periods,
      ms: performance.now() - started,
    };
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

/**
 * The month's rows straight from IndexedDB: its own reports (period index, or [unit+period]) and,
 * where a row has none, its newest report — the least any app must read to show the month.
 */
async function rawRead(period: string, unit?: string): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    const tx = idb.transaction(['reports', 'latest'], 'readonly');
    const rows = await idbRequest(
      unit
        ? tx
            .objectStore('reports')
            .index('[unit+period]')
            .getAll(IDBKeyRange.only([unit, period]))
        : tx.objectStore('reports').index('period').getAll(IDBKeyRange.only(period)),
    );
    let carried = 0;
    if (rows.length === 0) carried = (await idbRequest(tx.objectStore('latest').getAll())).length;
    return { rows: rows.length + carried, ms: performance.now() - started };
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

// ---------------------------------------------------------------------------------------------------
// In-page measurements.

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

/** Resolve when `test()` holds, checked after every DOM change (and now). */
function until(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('timed out waiting for the page'));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
  });
}

function el<T extends Element>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

const text = (selector: string) => document.querySelector(selector)?.textContent ?? '';

/** ms from `act()` to the painted frame in which `done()` first holds. */
async function timeUntil(act: () => void, done: () => boolean): Promise<number> {
  await afterPaint();
  const t0 = performance.now();
  act();
  await until(done);
  return (await afterPaint()) - t0;
}

/** Set a form control the way a person does (React sees the native setter and the event). */
function setValue(selector: string, value: string, event: 'input' | 'change'): void {
  const input = el<HTMLInputElement | HTMLSelectElement>(selector);
  const proto = input instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(input, value);
  input.dispatchEvent(new Event(event, { bubbles: true }));
}

/** Type `text` into the grid's search box: ms to the paint showing the filtered rows; cleared after. */
async function measureFilter(value: string): Promise<{ ms: number; shown: number }> {
  const count = '[data-testid="row-count"]';
  const ms = await timeUntil(
    () => setValue('[data-testid="filter-text"]', value, 'input'),
    () => text(count).includes('筛选出'),
  );
  const shown = Number(/筛选出 (\d+)/.exec(text(count))?.[1] ?? NaN);
  setValue('[data-testid="filter-text"]', '', 'input');
  await until(() => !text(count).includes('筛选出'));
  await afterPaint();
  return { ms, shown };
}

/** Switch the grid to another month: ms to the paint of its rows. */
async function measureMonthSwitch(period: string): Promise<{ ms: number; rows: number }> {
  const label = `${Number(period.slice(0, 4))}年${Number(period.slice(5))}月`;
  const ms = await timeUntil(
    () => setValue('[data-testid="period-picker"]', period, 'change'),
    () =>
      text('[data-testid="row-count"]').startsWith(label) &&
      !!document.querySelector('[data-testid="task-row"]'),
  );
  return { ms, rows: document.querySelectorAll('[data-testid="task-row"]').length };
}

/** Click a top-bar view: ms to the paint where `ready` holds. */
async function measureView(view: string, hash: string | null, ready: string): Promise<number> {
  return timeUntil(
    () => {
      if (hash) location.hash = hash;
      else el<HTMLButtonElement>(`[data-testid="nav-${view}"]`).click();
    },
    () => !!document.querySelector(ready),
  );
}

/** Click 统计看板, then 督查清单 for one town; each click → painted. */
async function measureDashboardAndChecklist(
  period: string,
  unit: string,
): Promise<{ dashboard: number; checklist: number; blocks: number }> {
  const dashboard = await measureView(
    'dashboard',
    `#/dashboard?period=${period}`,
    '[data-testid="plan-row-air"]',
  );
  const checklist = await measureView(
    'checklist',
    `#/checklist?period=${period}&unit=${encodeURIComponent(unit)}`,
    '[data-testid="checklist-block"]',
  );
  await until(() => document.querySelectorAll('[data-testid="checklist-block"]').length > 50);
  return {
    dashboard,
    checklist,
    blocks: document.querySelectorAll('[data-testid="checklist-block"]').length,
  };
}

/** With the dashboard showing, one cell edit through the app's write path: ms until the figure updates. */
async function measureDashboardEdit(
  period: string,
  taskId: string,
  unit: string,
): Promise<{ ms: number; before: string; after: string }> {
  await until(() => !!document.querySelector('[data-testid="total-done"]'));
  const before = text('[data-testid="total-done"]');
  const view = await appStore.reportsAsOf(period, [{ taskId, unit }]);
  const current = view.get(rowKey(taskId, unit))?.status;
  const next = current === '已完成' ? '推进中' : '已完成';
  const ms = await timeUntil(
    () => void writeCells([{ taskId, unit, period, field: 'status', value: next }], WHO, 'edit'),
    () => text('[data-testid="total-done"]') !== before,
  );
  return { ms, before, after: text('[data-testid="total-done"]') };
}

/**
 * With the dashboard showing, click a 公文 button (通报, 催报通知, 进展情况附件) `runs` times: ms from the
 * click to the moment the finished .docx is handed to the host's saveFile — the whole path a person
 * waits for (on the first click, loading the docx library too). The host's saveFile is stood in for
 * meanwhile, so no download is made; it is put back after.
 */
async function measureDocument(
  kind: 'tongbao' | 'cuibao' | 'annex',
  runs: number,
): Promise<{ times: number[]; bytes: number }> {
  const selector = `[data-testid="doc-${kind}"]`;
  await until(() => !!document.querySelector(selector));
  const host = getHost();
  const saveFile = host.saveFile;
  const times: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < runs; i++) {
      await until(() => !el<HTMLButtonElement>(selector).disabled);
      await afterPaint();
      let handed: (at: number) => void = () => {};
      const saved = new Promise<number>((resolve) => (handed = resolve));
      host.saveFile = async (_name, data) => {
        bytes = data.length;
        handed(performance.now());
        return false;
      };
      const t0 = performance.now();
      el<HTMLButtonElement>(selector).click();
      times.push((await saved) - t0);
    }
  } finally {
    host.saveFile = saveFile;
  }
  return { times, bytes };
}

/** rAF deltas (ms) over `ms`, scrolling the grid by `step` px each frame (0 = idle frames). */
async function frameTimes(ms: number, step: number): Promise<{ deltas: number[]; rowsSeen: number }> {
  const grid = el<HTMLElement>('[data-testid="task-grid"]');
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
    rowCount: text('[data-testid="row-count"]'),
    rows: document.querySelectorAll('[data-testid="task-row"]').length,
    units: unitSelect ? [...unitSelect.options].map((o) => o.value).filter(Boolean) : [],
  };
}

/** The whole-ledger backup every automatic backup builds: ms, size, segments compressed. */
async function backup(): Promise<{ ms: number; bytes: number; rebuilt: number; segments: number }> {
  const t0 = performance.now();
  const built = await buildLedgerBackup(appStore);
  return {
    ms: performance.now() - t0,
    bytes: built.data.size,
    rebuilt: built.rebuilt,
    segments: built.segments,
  };
}

/** One cell edit (a typed value), so the next backup has one changed month. */
async function editOne(period: string, taskId: string, unit: string, value: string): Promise<void> {
  await writeCells([{ taskId, unit, period, field: 'nextSteps', value }], WHO, 'edit');
}

/**
 * The import wizard's code path over returned workbooks (bytes from Node as base64): read, identify
 * (the one rule), plan in sequence (preview), then back up once and apply the whole batch.
 */
async function importBatch(files: { name: string; base64: string }[]): Promise<{
  readMs: number;
  planMs: number;
  applyMs: number;
  totalMs: number;
  files: number;
  written: number;
  backupBytes: number;
}> {
  const bytes = files.map((f) => ({
    name: f.name,
    bytes: Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)),
  }));
  const t0 = performance.now();
  const reads = await readWorkbooks(bytes);
  const ids = await identifyReads(reads);
  const t1 = performance.now();
  const batch: ReturnFile[] = reads.map((read, i) => ({
    read,
    unit: ids[i]?.unit ?? '',
    period: ids[i]?.period ?? '',
    identityConfirmed: false,
  }));
  const plans = await planImport(batch, WHO);
  const t2 = performance.now();
  const applied = await applyImportBatch(batch, WHO);
  const t3 = performance.now();
  const written = applied.outcomes.reduce((n, o) => n + o.applied.length, 0);
  if (plans.some((o) => o.plan.rejection))
    throw new Error(`a bench file was rejected: ${plans.find((o) => o.plan.rejection)?.plan.rejection?.log}`);
  return {
    readMs: t1 - t0,
    planMs: t2 - t1,
    applyMs: t3 - t2,
    totalMs: t3 - t0,
    files: reads.length,
    written,
    backupBytes: applied.backup.bytes,
  };
}

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/**
 * Files we did not write, through the wizard's code: (1) a town's own ledger read (the baseline) and
 * its mapping detected (proposeFileMapping: header, plans, columns, rows), `runs` times each — the
 * first run is the one a person waits for; (2) one town return read as .xls and as .xlsx, alternately.
 */
async function measureForeign(
  files: { ledger: { name: string; base64: string }; xls: string; xlsx: string },
  runs: number,
): Promise<{
  readMs: number[];
  detectMs: number[];
  rows: number;
  sheets: number;
  toConfirm: number;
  xlsMs: number[];
  xlsxMs: number[];
  rowsXls: number;
  rowsXlsx: number;
}> {
  const ledger = fromBase64(files.ledger.base64);
  const readMs: number[] = [];
  const detectMs: number[] = [];
  let rows = 0;
  let sheets = 0;
  let toConfirm = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const [read] = await readWorkbooks([{ name: files.ledger.name, bytes: ledger }]);
    const t1 = performance.now();
    const proposal = await proposeFileMapping(read!, '永乐店镇');
    const t2 = performance.now();
    readMs.push(t1 - t0);
    detectMs.push(t2 - t1);
    const used = proposal.mapping.sheets.filter((s) => s.use);
    sheets = used.length;
    rows = used.reduce((n, s) => n + s.rows.length, 0);
    toConfirm = proposal.confirmations.length;
  }
  const xls = fromBase64(files.xls);
  const xlsx = fromBase64(files.xlsx);
  const xlsMs: number[] = [];
  const xlsxMs: number[] = [];
  let rowsXls = 0;
  let rowsXlsx = 0;
  for (let i = 0; i < runs; i++) {
    for (const [bytes, name, out] of [
      [xls, '永乐店镇_2021年03月_进展填报.xls', xlsMs],
      [xlsx, '永乐店镇_2021年03月_进展填报.xlsx', xlsxMs],
    ] as const) {
      const t0 = performance.now();
      const [read] = await readWorkbooks([{ name, bytes }]);
      out.push(performance.now() - t0);
      if (name.endsWith('.xls')) rowsXls = read!.rows.length;
      else rowsXlsx = read!.rows.length;
    }
  }
  return { readMs, detectMs, rows, sheets, toConfirm, xlsMs, xlsxMs, rowsXls, rowsXlsx };
}

/** The 22 streets and towns (各街道乡镇). */
async function towns(): Promise<string[]> {
  return (await appStore.units()).find((u) => u.name === '各街道乡镇')?.members ?? [];
}

/** The units' return workbooks for a month, as the export dialog builds them (base64 for Node). */
async function exportReturns(units: string[], period: string): Promise<{ name: string; base64: string }[]> {
  const files = await buildReturnWorkbooks(units, period, () => {});
  return files.map((f) => {
    let binary = '';
    for (let i = 0; i < f.bytes.length; i += 0x8000)
      binary += String.fromCharCode(...f.bytes.subarray(i, i + 0x8000));
    return { name: f.name, base64: btoa(binary) };
  });
}

/** How many evidence bytes the database holds (attachments' sizes, summed). */
async function evidenceBytes(): Promise<{ files: number; bytes: number }> {
  let bytes = 0;
  let files = 0;
  await appDb.blobs.each((b) => {
    files++;
    bytes += b.size;
  });
  return { files, bytes };
}

/**
 * Fill the database with `totalBytes` of evidence in files of `fileBytes` (photos as far as the
 * backup is concerned: stored, never read): one shared random body per file with a unique tail, so
 * each hash and CRC differ while the page holds one body. Hashes are random ids (nothing here checks
 * them); CRCs are real, so the backup is a valid zip. Written in batches straight to the tables, as
 * the store's commit would (bench seeding, like seed() above).
 */
async function seedEvidence(totalBytes: number, fileBytes: number): Promise<{ files: number; ms: number }> {
  const t0 = performance.now();
  const body = new Uint8Array(fileBytes - 16);
  for (let at = 0; at < body.length; at += 65536) crypto.getRandomValues(body.subarray(at, at + 65536));
  body[0] = 0xff;
  body[1] = 0xd8;
  body[2] = 0xff;
  const bodyCrc = crc32(body);
  const towns = (await appStore.units()).filter((u) => u.kind === 'town').map((u) => u.name);
  const n = Math.ceil(totalBytes / fileBytes);
  const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  for (let done = 0; done < n;) {
    const rows: BlobRow[] = [];
    const links: Attachment[] = [];
    for (let k = 0; k < 25 && done < n; k++, done++) {
      const tail = crypto.getRandomValues(new Uint8Array(16));
      const sha256 = hex(crypto.getRandomValues(new Uint8Array(32)));
      rows.push({
        sha256,
        size: fileBytes,
        kind: 'jpeg' as const,
        crc32: crc32(tail, bodyCrc),
        method: 0 as const,
        data: new Blob([body, tail], { type: 'image/jpeg' }),
      });
      links.push({
        id: `bench-ev-${sha256.slice(0, 16)}`,
        taskId: 'air-02',
        unit: towns[done % towns.length] as string,
        period: '2021-03',
        sha256,
        name: `现场照片${done + 1}.jpg`,
        kind: 'jpeg' as const,
        size: fileBytes,
        addedAt: new Date().toISOString(),
        addedBy: WHO,
        source: 'evidence' as const,
      });
    }
    await appDb.transaction('rw', appDb.blobs, appDb.attachments, appDb.segments, async () => {
      await appDb.blobs.bulkAdd(rows);
      await appDb.attachments.bulkAdd(links);
      const seg = await appDb.segments.get(['attachments', '2021-03']);
      await appDb.segments.put({ part: 'attachments', period: '2021-03', gen: (seg?.gen ?? 0) + 1 });
    });
  }
  return { files: n, ms: performance.now() - t0 };
}

/** Drop every evidence file (a bench run's imports, so the profile does not grow run after run). */
async function dropEvidence(prefix: string): Promise<number> {
  const gone = await appDb.attachments.filter((a) => !a.id.startsWith(prefix)).toArray();
  await appDb.transaction('rw', appDb.attachments, appDb.blobs, async () => {
    await appDb.attachments.bulkDelete(gone.map((a) => a.id));
    const kept = new Set((await appDb.attachments.toArray()).map((a) => a.sha256));
    const blobs = (await appDb.blobs.toCollection().primaryKeys()) as string[];
    await appDb.blobs.bulkDelete(blobs.filter((h) => !kept.has(h)));
  });
  return gone.length;
}

/**
 * The whole-ledger backup with its evidence, the way every automatic backup is kept in the browser
 * host (built from cached segments and the evidence Blobs, then stored in IndexedDB), and removed
 * again afterwards so the profile does not fill the disk.
 */
async function backupWithEvidence(): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const built = await buildLedgerBackup(appStore);
  const record = await keepBrowserBackup(appDb, 'manual', built.data, built.reports);
  const ms = performance.now() - t0;
  if (record.id !== undefined) await appDb.backups.delete(record.id);
  return { ms, bytes: record.bytes };
}

declare global {
  interface Window {
    __taizhangBench?: Record<string, unknown>;
  }
}

window.__taizhangBench = {
  seed,
  rawRead,
  reportCount,
  measureFilter,
  measureMonthSwitch,
  measureDashboardAndChecklist,
  measureDashboardEdit,
  measureDocument,
  frameTimes,
  gridState,
  backup,
  editOne,
  importBatch,
  towns,
  exportReturns,
  evidenceBytes,
  seedEvidence,
  dropEvidence,
  backupWithEvidence,
  measureForeign,
};
console.info(`bench hook installed (Dexie ${Dexie.semVer})`);
