// The clerk's side of the workbook exchange, in the clerk's own database. Opening the workbook the
// district sent stores the district's base for that unit and period in the settings table (key
// `districtBase:<unit>|<period>`, a DistrictBase from shared/return-exchange.ts) so the clerk's
// later return carries the district's base — not the clerk's own values — and the district's
// three-way merge sees exactly what the clerk changed. In the same transaction the clerk's values
// for the period become what the workbook's cells say (audited as `import:<batchId>`, with an
// ImportBatch row, so it can be undone like any import). Opening the same file again changes no
// values (it only refreshes the stored base).
import { applyChanges, beforeImages, type FieldChange } from '../../shared/ledger-ops.ts';
import type { Ledger } from '../../shared/ledger-file.ts';
import type { AuditEntry, ImportBatch, ProgressFields, ProgressReport, Task } from '../../shared/model.ts';
import {
  clerkReturnRows,
  districtBaseFromManifest,
  planAdoptDistrictWorkbook,
  type AdoptPlan,
  type DistrictBase,
} from '../../shared/return-exchange.ts';
import type { ExportRow } from '../../shared/workbook/export-workbook.ts';
import type { ReadResult } from '../../shared/workbook/read-workbook.ts';
import { effectiveMap, loadUnitPeriodIndex } from './import-repo.ts';
import { newAuditId } from './progress-repo.ts';
import { getPlanMeta, listTasks } from './repository.ts';
import type { SettingRow, TaizhangDB } from './schema.ts';

export const DISTRICT_BASE_PREFIX = 'districtBase:';
export const districtBaseKey = (unit: string, period: string) => `${DISTRICT_BASE_PREFIX}${unit}|${period}`;

export interface DistrictWorkbookPreview {
  /** Null when the file cannot serve as the district's workbook; `problem` says why (Chinese). */
  base: DistrictBase | null;
  problem: string | null;
  adopt: AdoptPlan;
  /** The same file (SHA-256) was opened before: no values will change. */
  alreadyOpened: boolean;
}

const EMPTY_ADOPT: AdoptPlan = { changes: [], skipped: [] };

async function preview(db: TaizhangDB, file: ReadResult, at: string): Promise<DistrictWorkbookPreview> {
  const fail = (problem: string): DistrictWorkbookPreview => ({
    base: null,
    problem,
    adopt: EMPTY_ADOPT,
    alreadyOpened: false,
  });
  if (file.errors[0]) return fail(file.errors[0].message);
  const m = file.manifest;
  if (!m)
    return fail('文件没有有效的清单（不是本系统导出的工作簿，或清单被改动），无法作为区里下发的工作簿打开。');
  const meta = await getPlanMeta(db);
  if (!meta || meta.id !== m.planId) return fail('文件属于另一份计划，无法打开。');
  const base = districtBaseFromManifest(m, file, at);
  const stored = (await db.settings.get(districtBaseKey(m.unit, m.period))) as
    SettingRow<DistrictBase> | undefined;
  const alreadyOpened = stored?.value.sha256 === file.sha256;
  if (alreadyOpened) return { base, problem: null, adopt: EMPTY_ADOPT, alreadyOpened };
  const index = await loadUnitPeriodIndex(db, m.unit, m.period);
  const ours = effectiveMap(
    index,
    m.rows.map((r) => r.taskId),
    m.unit,
    m.period,
  );
  return { base, problem: null, adopt: planAdoptDistrictWorkbook(file, ours), alreadyOpened };
}

/** What opening `file` as the district's workbook would do (a dry run). */
export function previewDistrictWorkbook(
  db: TaizhangDB,
  file: ReadResult,
  at: string = new Date().toISOString(),
): Promise<DistrictWorkbookPreview> {
  return preview(db, file, at);
}

export interface OpenDistrictResult {
  base: DistrictBase;
  /** Fields of the clerk's ledger set from the workbook. */
  audit: AuditEntry[];
  batch: ImportBatch | null;
  skipped: AdoptPlan['skipped'];
}

/** Open the district's workbook: store its base and adopt its values, in one transaction. */
export async function openDistrictWorkbook(
  db: TaizhangDB,
  file: ReadResult,
  opts: { who: string; batchId: string; at?: string },
): Promise<OpenDistrictResult> {
  const at = opts.at ?? new Date().toISOString();
  return db.transaction('rw', [db.reports, db.audit, db.imports, db.settings, db.tasks], async () => {
    const p = await preview(db, file, at);
    if (!p.base) throw new Error(`not a district workbook: ${p.problem}`);
    const { unit, period } = p.base;
    const index = await loadUnitPeriodIndex(db, unit, period);
    const changes: FieldChange[] = p.adopt.changes.map((c) => ({
      taskId: c.taskId,
      unit,
      period,
      field: c.field,
      value: c.to,
    }));
    const before = beforeImages(index, changes);
    const scratch = { reports: [] as ProgressReport[], audit: [] as AuditEntry[] } as unknown as Ledger;
    const audit = applyChanges(scratch, index, changes, {
      who: opts.who,
      source: `import:${opts.batchId}`,
      at,
      newId: newAuditId,
    });
    let batch: ImportBatch | null = null;
    if (audit.length > 0) {
      const touched = new Map<string, ProgressReport>();
      for (const e of audit) {
        const r = index.get(e.taskId, e.unit, e.period);
        if (r) touched.set(`${e.taskId}|${e.unit}|${e.period}`, r);
      }
      await db.reports.bulkPut([...touched.values()]);
      await db.audit.bulkAdd(audit);
      const changedRows = new Set(audit.map((e) => e.taskId)).size;
      batch = {
        id: opts.batchId,
        fileName: file.fileName ?? '区里下发的工作簿.xlsx',
        sha256: file.sha256,
        unit,
        period,
        exportId: p.base.exportId,
        importedAt: at,
        importedBy: opts.who,
        counts: {
          updated: changedRows,
          unchanged: p.base.rows.length - changedRows,
          conflicts: 0,
          rejected: p.adopt.skipped.length,
        },
        before,
      };
      await db.imports.add(batch);
    }
    await db.settings.put({ key: districtBaseKey(unit, period), value: p.base });
    return { base: p.base, audit, batch, skipped: p.adopt.skipped };
  });
}

/** The district bases this app holds, newest opened first. */
export async function listDistrictBases(db: TaizhangDB): Promise<DistrictBase[]> {
  const rows = (await db.settings
    .where('key')
    .startsWith(DISTRICT_BASE_PREFIX)
    .toArray()) as SettingRow<DistrictBase>[];
  return rows.map((r) => r.value).sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
}

export interface ClerkReturn {
  base: DistrictBase;
  rows: ExportRow[];
  unknownTaskIds: string[];
}

/** The clerk's return for a unit and period: the district's base, the clerk's current values. */
export async function loadClerkReturn(db: TaizhangDB, unit: string, period: string): Promise<ClerkReturn> {
  const row = (await db.settings.get(districtBaseKey(unit, period))) as SettingRow<DistrictBase> | undefined;
  if (!row) throw new Error(`no district base for ${unit} ${period}`);
  const base = row.value;
  const tasks: Task[] = await listTasks(db);
  const index = await loadUnitPeriodIndex(db, unit, period);
  const current: Map<string, ProgressFields> = effectiveMap(
    index,
    base.rows.map((r) => r.taskId),
    unit,
    period,
  );
  const { rows, unknownTaskIds } = clerkReturnRows(base, new Map(tasks.map((t) => [t.id, t])), current);
  return { base, rows, unknownTaskIds };
}
