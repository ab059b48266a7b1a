// Import batches in the local database: what a returned workbook is merged against, applying a
// merge plan, the import history and undoing a batch.
//  - loadMergeContexts: the ledger's side of the three-way merge for each (unit, period): the unit's
//    tasks and roles, the effective values now, and — for files without a manifest — which fields
//    changed since the unit's last import for the period;
//  - applyImportPlan: in ONE transaction writes the changed reports (created from carried-forward
//    values where needed), one audit entry per field (source `import:<batchId>`) and the ImportBatch
//    row (file, SHA-256, unit, period, export id, counts, before-images). All or nothing.
//  - undoImportBatch: restores each field the batch changed unless changed again since
//    (shared/undo-plan.ts), audited as `undo:<batchId>`, deletes reports the batch created that
//    nothing else touched, and marks the batch undone.
import { resolutionMap } from '../../shared/assignments.ts';
import {
  applyChanges,
  beforeImages,
  effectiveProgress,
  ReportIndex,
  type FieldChange,
} from '../../shared/ledger-ops.ts';
import type { Ledger } from '../../shared/ledger-file.ts';
import {
  applyMergePlan,
  type AppliedChange,
  type ApplyResult,
  type Resolution,
} from '../../shared/merge/apply-merge.ts';
import type { FieldKey, MergePlan } from '../../shared/merge/plan-merge.ts';
import { changedSinceLastImport } from '../../shared/merge/changed-since.ts';
import { contextKey, type MergeContext } from '../../shared/merge/plan-sequence.ts';
import type { AuditEntry, ImportBatch, ProgressFields, ProgressReport, Task } from '../../shared/model.ts';
import { tasksForUnit, UnitIndex } from '../../shared/registry.ts';
import { planUndo, reportsToRemoveOnUndo, type ReportRef, type UndoSkip } from '../../shared/undo-plan.ts';
import { loadCarriedForward, loadPeriodReports, newAuditId } from './progress-repo.ts';
import { listTasks, listUnits } from './repository.ts';
import { listGroupResolutions } from './resolution-repo.ts';
import type { ReportKey, TaizhangDB } from './schema.ts';

/** The unit's reports a period needs: its own and the latest earlier one per task (carry-forward). */
export async function loadUnitPeriodIndex(
  db: TaizhangDB,
  unit: string,
  period: string,
): Promise<ReportIndex> {
  const [earlier, own] = await Promise.all([
    loadCarriedForward(db, period, unit),
    loadPeriodReports(db, period, unit),
  ]);
  return new ReportIndex([...earlier, ...own]);
}

/** The effective values of the given tasks for a unit and period. */
export function effectiveMap(
  index: ReportIndex,
  taskIds: Iterable<string>,
  unit: string,
  period: string,
): Map<string, ProgressFields> {
  const out = new Map<string, ProgressFields>();
  for (const id of taskIds) out.set(id, effectiveProgress(index, id, unit, period));
  return out;
}

/** The merge contexts of several (unit, period) pairs, keyed by contextKey(unit, period). */
export async function loadMergeContexts(
  db: TaizhangDB,
  pairs: readonly { unit: string; period: string }[],
): Promise<Map<string, MergeContext>> {
  const [tasks, units, resolutions] = await Promise.all([
    listTasks(db),
    listUnits(db),
    listGroupResolutions(db),
  ]);
  const unitIndex = new UnitIndex(units);
  const resolved = resolutionMap(resolutions);
  const tasksById = new Map<string, Task>(tasks.map((t) => [t.id, t]));
  const out = new Map<string, MergeContext>();
  for (const { unit, period } of pairs) {
    const key = contextKey(unit, period);
    if (out.has(key)) continue;
    const mine = tasksForUnit(tasks, unitIndex, unit, resolved);
    const index = await loadUnitPeriodIndex(db, unit, period);
    const [audit, batches] = await Promise.all([
      db.audit.where('[unit+period]').equals([unit, period]).toArray(),
      db.imports.where('[unit+period]').equals([unit, period]).toArray(),
    ]);
    out.set(key, {
      unitTaskIds: new Set(mine.map((x) => x.task.id)),
      ours: effectiveMap(
        index,
        mine.map((x) => x.task.id),
        unit,
        period,
      ),
      tasks: tasksById,
      roles: new Map(mine.map((x) => [x.task.id, x.role])),
      changedSinceLastImport: changedSinceLastImport(audit, batches, unit, period),
    });
  }
  return out;
}

/** SHA-256 of every file imported and not undone (an undone file may be imported again). */
export async function knownImportHashes(db: TaizhangDB): Promise<Set<string>> {
  const batches = await db.imports.toArray();
  return new Set(batches.filter((b) => !b.undoneAt && b.sha256).map((b) => b.sha256));
}

export interface ApplyImportInput {
  plan: MergePlan;
  resolutions: ReadonlyMap<FieldKey, Resolution>;
  fileName: string;
  who: string;
  batchId: string;
  /** ISO timestamp; defaults to now. */
  at?: string;
}

export interface ApplyImportResult {
  batch: ImportBatch;
  changes: AppliedChange[];
  audit: AuditEntry[];
  /** Planned changes the ledger no longer matched (changed after planning): not applied. */
  stale: ApplyResult['stale'];
  /** Conflicts left unresolved (skipped): not applied. */
  unresolved: ApplyResult['unresolved'];
  invalidResolutions: ApplyResult['invalidResolutions'];
}

export class ImportRefused extends Error {}

/**
 * Apply a merge plan (with the user's conflict resolutions) in one transaction: reports, audit
 * entries and the batch row, or nothing at all. A rejected file, or one whose hash is already
 * imported, is refused (ImportRefused) before anything is written.
 */
export async function applyImportPlan(db: TaizhangDB, input: ApplyImportInput): Promise<ApplyImportResult> {
  const { plan, who, batchId } = input;
  const at = input.at ?? new Date().toISOString();
  if (plan.rejection) throw new ImportRefused(`file rejected: ${plan.rejection.log}`);
  if (plan.alreadyImported) throw new ImportRefused('file already imported');
  return db.transaction('rw', db.reports, db.audit, db.imports, async () => {
    if (plan.fileSha256) {
      const same = await db.imports.where('sha256').equals(plan.fileSha256).toArray();
      if (same.some((b) => !b.undoneAt)) throw new ImportRefused('file already imported');
    }
    const index = await loadUnitPeriodIndex(db, plan.unit, plan.period);
    const taskIds = new Set([...plan.updates, ...plan.conflicts].map((c) => c.taskId));
    const ours = effectiveMap(index, taskIds, plan.unit, plan.period);
    const applied = applyMergePlan(ours, plan, input.resolutions);
    const changes: FieldChange[] = applied.changes.map((c) => ({
      taskId: c.taskId,
      unit: plan.unit,
      period: plan.period,
      field: c.field,
      value: c.new,
    }));
    const before = beforeImages(index, changes);
    const scratch = { reports: [] as ProgressReport[], audit: [] as AuditEntry[] } as unknown as Ledger;
    const audit = applyChanges(scratch, index, changes, {
      who,
      source: `import:${batchId}`,
      at,
      newId: newAuditId,
    });
    const touched = new Map<string, ProgressReport>();
    for (const e of audit) {
      const r = index.get(e.taskId, e.unit, e.period);
      if (r) touched.set(`${e.taskId}|${e.unit}|${e.period}`, r);
    }
    const batch: ImportBatch = {
      id: batchId,
      fileName: input.fileName,
      sha256: plan.fileSha256,
      unit: plan.unit,
      period: plan.period,
      exportId: plan.exportId,
      importedAt: at,
      importedBy: who,
      counts: { ...plan.counts },
      before,
    };
    if (touched.size) await db.reports.bulkPut([...touched.values()]);
    if (audit.length) await db.audit.bulkAdd(audit);
    await db.imports.add(batch);
    return {
      batch,
      changes: applied.changes,
      audit,
      stale: applied.stale,
      unresolved: applied.unresolved,
      invalidResolutions: applied.invalidResolutions,
    };
  });
}

/** Every batch, newest first. */
export async function listImportBatches(db: TaizhangDB): Promise<ImportBatch[]> {
  const rows = await db.imports.toArray();
  return rows.sort((a, b) => (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : 0));
}

/** How many audit entries each batch wrote (its changed fields), by batch id. */
export async function importChangeCounts(
  db: TaizhangDB,
  batches: readonly ImportBatch[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const b of batches) {
    const rows = await db.audit.where('[unit+period]').equals([b.unit, b.period]).toArray();
    out.set(b.id, rows.filter((e) => e.source === `import:${b.id}`).length);
  }
  return out;
}

export interface UndoBatchResult {
  restored: AuditEntry[];
  /** Fields changed again after the batch: left as they are. */
  skipped: UndoSkip[];
  /** Reports the batch created that nothing else touched: deleted again. */
  removed: ReportRef[];
}

/** Undo a batch in one transaction (see the header comment). Throws for an unknown or undone batch. */
export async function undoImportBatch(
  db: TaizhangDB,
  batchId: string,
  who: string,
  at: string = new Date().toISOString(),
): Promise<UndoBatchResult> {
  return db.transaction('rw', db.reports, db.audit, db.imports, async () => {
    const batch = await db.imports.get(batchId);
    if (!batch) throw new Error(`no import batch ${batchId}`);
    if (batch.undoneAt) throw new Error(`import batch ${batchId} was already undone at ${batch.undoneAt}`);
    const trail = await db.audit.where('[unit+period]').equals([batch.unit, batch.period]).toArray();
    const index = await loadUnitPeriodIndex(db, batch.unit, batch.period);
    const plan = planUndo(
      trail,
      batchId,
      (taskId, unit, period, field) => index.get(taskId, unit, period)?.[field],
    );
    const scratch = { reports: [] as ProgressReport[], audit: [] as AuditEntry[] } as unknown as Ledger;
    const restored = applyChanges(scratch, index, plan.changes, {
      who,
      source: `undo:${batchId}`,
      at,
      newId: newAuditId,
    });
    const touched = new Map<string, ProgressReport>();
    for (const e of restored) {
      const r = index.get(e.taskId, e.unit, e.period);
      if (r) touched.set(`${e.taskId}|${e.unit}|${e.period}`, r);
    }
    const removed = reportsToRemoveOnUndo(batch.before, [...trail, ...restored], batchId);
    for (const r of removed) touched.delete(`${r.taskId}|${r.unit}|${r.period}`);
    if (touched.size) await db.reports.bulkPut([...touched.values()]);
    if (removed.length)
      await db.reports.bulkDelete(removed.map((r) => [r.taskId, r.unit, r.period] as ReportKey));
    if (restored.length) await db.audit.bulkAdd(restored);
    await db.imports.update(batchId, { undoneAt: at });
    return { restored, skipped: plan.skipped, removed };
  });
}
