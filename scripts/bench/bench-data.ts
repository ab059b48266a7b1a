// The benches' inputs, made once and cached under test-output/bench-data/ (reused while the generator
// version below matches; delete the folder or bump the version to remake them):
//   ledger.taizhang   a 100k-report ledger as a container file, with the history real use leaves:
//                     monthly periods from 2019-01 (BENCH_PERIOD itself left empty, so the returns
//                     have something to bring) across every task × unit assignment; each unit's month
//                     arrived as one import (one ImportBatch with before-images, one audit entry per
//                     changed field, source `import:<batch>`), and some months a coordinator's `edit`
//                     came first
//   ledger.json       the same ledger as JSON text (the version-1 encoding, still read and written)
//   returns/          the 22 streets' and towns' return workbooks for BENCH_PERIOD, exported from that
//                     ledger and filled the way a clerk fills them (fillLikeAClerk)
// Used by the CLI bench (scripts/bench/cli.ts) and the app bench; the generators are also used in
// memory by the Excel round-trip bench (scripts/bench/exchange.ts).
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import plan from '../../seeds/plan.json' with { type: 'json' };
import units from '../../seeds/units.json' with { type: 'json' };
import { encodeLedger } from '../../cli/ledger-file-store.ts';
import { writeFileSafely } from '../../cli/safe-write.ts';
import { allAssignments } from '../../shared/assignments.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { unitWorkbookRows } from '../../shared/engine/workbook-rows.ts';
import { createLedger, type Ledger } from '../../shared/ledger-file.ts';
import { LEDGER_VERSION } from '../../shared/ledger.ts';
import {
  emptyProgress,
  importSource,
  STATUSES,
  type AuditEntry,
  type ImportBatch,
  type PlanDocument,
  type ProgressField,
  type ProgressReport,
  type Status,
  type Unit,
} from '../../shared/model.ts';
import { exportReturnWorkbook, returnWorkbookFileName } from '../../shared/workbook/export-workbook.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bump when what is generated changes: cached data of another version is made anew. */
export const GENERATOR_VERSION = 1;
export const BENCH_PERIOD = '2021-03';
export const BENCH_REPORTS = 100_000;

export const BENCH_DATA_DIR = join(ROOT, 'test-output', 'bench-data');
export const benchDataPaths = {
  dir: BENCH_DATA_DIR,
  ledgerContainer: join(BENCH_DATA_DIR, 'ledger.taizhang'),
  ledgerJson: join(BENCH_DATA_DIR, 'ledger.json'),
  returnsDir: join(BENCH_DATA_DIR, 'returns'),
  meta: join(BENCH_DATA_DIR, 'meta.json'),
} as const;

export interface BenchData {
  version: number;
  /** The ledger format the files were written in: a newer one makes them anew (an older file is
   * migrated on every read — the slow path a user meets once, not the one to time). */
  ledgerVersion: number;
  period: string;
  ledgerContainer: string;
  ledgerJson: string;
  returnsDir: string;
  /** The return workbooks, in the order `taizhang import DIR` takes them (names sorted). */
  returns: string[];
  counts: { reports: number; audit: number; imports: number; edits: number };
}

const log = (msg: string) => console.error(`bench data: ${msg}`);

/** A ledger with `count` reports spread over the months before and including PERIOD's year
 * (reports only, no history: the Excel round-trip bench's in-memory ledger). */
export function ledgerWithReports(count: number): Ledger {
  const ledger = createLedger(plan as PlanDocument, units as Unit[]);
  const assignments = allAssignments(ledger.plans[0]!.tasks, ledger.units);
  const periods: string[] = [];
  for (let y = 2019; periods.length < Math.ceil(count / assignments.length); y++)
    for (let m = 1; m <= 12; m++) periods.push(`${y}-${String(m).padStart(2, '0')}`);
  const reports: ProgressReport[] = [];
  outer: for (const period of periods.filter((p) => p !== BENCH_PERIOD)) {
    for (const [i, a] of assignments.entries()) {
      if (reports.length >= count) break outer;
      reports.push({
        ...emptyProgress(),
        status: STATUSES[i % 3] ?? null,
        percent: (i * 7) % 101,
        progress: `${a.unit}${period}进展：按计划推进第${i % 17}项工作。`,
        taskId: a.task.id,
        unit: a.unit,
        period,
        updatedAt: `${period}-20T00:00:00.000Z`,
        updatedBy: 'bench',
      });
    }
  }
  ledger.reports = reports;
  return ledger;
}

/** A UUID-shaped id from a counter (real ids are random UUIDs: same length, deterministic here). */
function uuidLike(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A ledger of `count` reports with the history real use leaves: months from 2019-01 in order
 * (BENCH_PERIOD skipped), every assignment reporting each month; each unit's month came in as one
 * import of its return (audit entries for the fields that changed against the carried-forward
 * values, an ImportBatch with before-images); every fourth month a coordinator first edited every
 * tenth of a unit's reports (`edit` entries, so those before-images hold the edited report).
 */
export function ledgerAsUsed(count: number): { ledger: Ledger; edits: number } {
  const ledger = createLedger(plan as PlanDocument, units as Unit[]);
  const assignments = allAssignments(ledger.plans[0]!.tasks, ledger.units);
  const byUnit = new Map<string, { index: number; taskId: string }[]>();
  assignments.forEach((a, index) => {
    const list = byUnit.get(a.unit) ?? [];
    list.push({ index, taskId: a.task.id });
    byUnit.set(a.unit, list);
  });
  const latest = new Map<string, ProgressReport>(); // `${taskId}|${unit}` → last report
  const reports: ProgressReport[] = [];
  const audit: AuditEntry[] = [];
  const imports: ImportBatch[] = [];
  let ids = 0;
  let edits = 0;
  const fields: ProgressField[] = ['status', 'percent', 'progress', 'problems', 'reporter', 'phone'];

  outer: for (let k = 0, y = 2019, m = 1; ; k++, m = m === 12 ? 1 : m + 1, y = m === 1 ? y + 1 : y) {
    const period = `${y}-${String(m).padStart(2, '0')}`;
    if (period === BENCH_PERIOD) continue;
    const editAt = `${period}-05T01:30:00.000Z`;
    let u = 0;
    for (const [unit, mine] of byUnit) {
      u++;
      if (reports.length >= count) break outer;
      const batchId = uuidLike(2, ++ids);
      const importedAt = `${period}-20T0${u % 10}:${String(u % 60).padStart(2, '0')}:00.000Z`;
      const before: ImportBatch['before'] = [];
      let updated = 0;
      for (const [j, { index: i, taskId }] of mine.entries()) {
        if (reports.length >= count) break;
        const key = `${taskId}|${unit}`;
        const prev = latest.get(key);
        const carried = prev
          ? { ...prev }
          : { ...emptyProgress(), taskId, unit, period, updatedAt: '', updatedBy: '' };
        let own: ProgressReport | null = null;
        if (k % 4 === 1 && j % 10 === 0) {
          // The coordinator's edit before the return came in.
          own = {
            ...carried,
            period,
            problems: `${period}：资金缺口待协调`,
            updatedAt: editAt,
            updatedBy: '区协调员',
          };
          audit.push({
            id: uuidLike(1, ++ids),
            at: editAt,
            who: '区协调员',
            source: 'edit',
            taskId,
            unit,
            period,
            field: 'problems',
            old: carried.problems,
            new: own.problems,
          });
          edits++;
        }
        const percent = i % 37 === 0 ? null : Math.min(100, k * (2 + (i % 5)) + (i % 13));
        const status: Status =
          percent === null ? '不涉及' : percent === 100 ? '已完成' : percent === 0 ? '未启动' : '推进中';
        const next: ProgressReport = {
          ...(own ?? carried),
          status,
          percent,
          progress: `${unit}${period}进展：按计划推进第${i % 17}项工作，累计完成${percent ?? 0}%。`,
          reporter: `填报人${u}`,
          phone: `010-6954${String(u).padStart(4, '0')}`,
          taskId,
          unit,
          period,
          updatedAt: importedAt,
          updatedBy: '区协调员',
        };
        const base = own ?? carried;
        let changed = false;
        for (const field of fields) {
          if (base[field] === next[field]) continue;
          changed = true;
          audit.push({
            id: uuidLike(1, ++ids),
            at: importedAt,
            who: '区协调员',
            source: importSource(batchId),
            taskId,
            unit,
            period,
            field,
            old: base[field],
            new: next[field],
          });
        }
        if (changed) updated++;
        before.push({ taskId, unit, period, report: own });
        reports.push(next);
        latest.set(key, next);
      }
      const fileName = returnWorkbookFileName(unit, period);
      imports.push({
        id: batchId,
        planId: 'tongzhou-2021',
        fileName,
        sha256: sha256(`${fileName}#${k}`),
        unit,
        period,
        exportId: uuidLike(3, ++ids),
        importedAt,
        importedBy: '区协调员',
        counts: { updated, unchanged: before.length - updated, conflicts: 0, rejected: 0 },
        before,
      });
    }
  }
  ledger.reports = reports;
  ledger.audit = audit;
  ledger.imports = imports;
  return { ledger, edits };
}

/** The clerk's edits: status and percent on every third task, progress text on every fifth. */
export async function fillLikeAClerk(bytes: Uint8Array): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('填报')!;
  const header = (ws.getRow(2).values as unknown[]).map(String);
  const col = (label: string) => header.indexOf(label);
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    if (n % 3 === 0) {
      row.getCell(col('完成状态')).value = '推进中';
      row.getCell(col('完成比例(%)')).value = 40 + (n % 50);
    }
    if (n % 5 === 0) row.getCell(col('工作进展')).value = `第${n}行：本月完成现场检查${n % 9}次。`;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The 22 streets and towns (the members of 各街道乡镇), in registry order. */
export function benchTowns(): string[] {
  return (units as Unit[]).find((u) => u.name === '各街道乡镇')!.members!;
}

/** Each town's return for `period`, exported from `ledger` and filled like a clerk. */
export async function townReturns(
  ledger: Ledger,
  period = BENCH_PERIOD,
  towns = benchTowns(),
): Promise<{ unit: string; fileName: string; bytes: Uint8Array }[]> {
  const store = new MemoryLedgerStore(ledger);
  const out = [];
  for (const unit of towns) {
    const exported = await exportReturnWorkbook({
      plan: ledger.plans[0]!,
      unit,
      period,
      rows: await unitWorkbookRows(store, 'tongzhou-2021', unit, period),
      exportId: `bench-${unit}`,
      exportedAt: `${period}-01T00:00:00Z`,
    });
    out.push({ unit, fileName: returnWorkbookFileName(unit, period), bytes: await fillLikeAClerk(exported) });
  }
  return out;
}

function readMeta(): BenchData | null {
  try {
    const meta = JSON.parse(readFileSync(benchDataPaths.meta, 'utf8')) as BenchData;
    if (meta.version !== GENERATOR_VERSION || meta.ledgerVersion !== LEDGER_VERSION) return null;
    const files = [meta.ledgerContainer, meta.ledgerJson, ...meta.returns];
    return files.every((f) => existsSync(f)) ? meta : null;
  } catch {
    return null;
  }
}

/** The bench inputs: made on first use (≈ 1 min), then read from test-output/bench-data/. */
export async function ensureBenchData(): Promise<BenchData> {
  const cached = readMeta();
  if (cached) return cached;
  const t0 = Date.now();
  log(`generating ${BENCH_REPORTS} reports with their history (v${GENERATOR_VERSION})…`);
  const { ledger, edits } = ledgerAsUsed(BENCH_REPORTS);
  // Made in a folder of its own and moved into place whole, so a run stopped halfway leaves nothing
  // that looks finished (and two runs at once do not mix their files).
  const work = `${BENCH_DATA_DIR}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'returns'), { recursive: true });
  const at = new Date(`${BENCH_PERIOD}-26T00:00:00Z`);
  log('writing ledger.taizhang and ledger.json…');
  await writeFileSafely(join(work, 'ledger.taizhang'), await encodeLedger(ledger, 'container', at));
  await writeFileSafely(join(work, 'ledger.json'), await encodeLedger(ledger, 'json', at));
  log(`exporting and filling ${benchTowns().length} town returns for ${BENCH_PERIOD}…`);
  const names: string[] = [];
  for (const r of await townReturns(ledger)) {
    writeFileSync(join(work, 'returns', r.fileName), r.bytes);
    names.push(r.fileName);
  }
  names.sort((a, b) => a.localeCompare(b, 'zh'));
  const meta: BenchData = {
    version: GENERATOR_VERSION,
    ledgerVersion: LEDGER_VERSION,
    period: BENCH_PERIOD,
    ledgerContainer: benchDataPaths.ledgerContainer,
    ledgerJson: benchDataPaths.ledgerJson,
    returnsDir: benchDataPaths.returnsDir,
    returns: names.map((n) => join(benchDataPaths.returnsDir, n)),
    counts: {
      reports: ledger.reports.length,
      audit: ledger.audit.length,
      imports: ledger.imports.length,
      edits,
    },
  };
  writeFileSync(join(work, 'meta.json'), JSON.stringify(meta, null, 2));
  rmSync(BENCH_DATA_DIR, { recursive: true, force: true });
  renameSync(work, BENCH_DATA_DIR);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s (${JSON.stringify(meta.counts)})`);
  return meta;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await ensureBenchData(), null, 2));
}
