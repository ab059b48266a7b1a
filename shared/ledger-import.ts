// Export and import against a ledger held in memory (the CLI's path; the app does the same against
// IndexedDB): build a unit's return workbook from the ledger, and plan/apply a returned workbook as
// one audited import batch. The merge rules themselves live in shared/merge.

import { allAssignments } from './assignments.ts';
import type { Ledger } from './ledger-file.ts';
import {
  applyChanges,
  beforeImages,
  effectiveProgress,
  ReportIndex,
  type FieldChange,
} from './ledger-ops.ts';
import { changedSinceLastImport } from './merge/changed-since.ts';
import {
  applyMergePlan,
  planMerge,
  type AppliedChange,
  type FieldKey,
  type MergePlan,
  type Resolution,
} from './merge/index.ts';
import type { ImportBatch, ProgressFields, Task } from './model.ts';
import { tasksForUnit, UnitIndex, type UnitRole } from './registry.ts';
import { resolutionMap } from './assignments.ts';
import type { ExportRow } from './workbook/export-workbook.ts';
import type { ReadResult } from './workbook/read-workbook.ts';

/** The rows of a unit's return workbook: its tasks with its role and the values it sees now. */
export function exportRowsFor(ledger: Ledger, index: ReportIndex, unit: string, period: string): ExportRow[] {
  const units = new UnitIndex(ledger.units);
  return tasksForUnit(ledger.plan.tasks, units, unit, resolutionMap(ledger.groupResolutions)).map((x) => ({
    task: x.task,
    role: x.role,
    base: effectiveProgress(index, x.task.id, unit, period),
  }));
}

/** Every concrete unit with at least one task, in registry order. */
export function unitsToExport(ledger: Ledger): string[] {
  return [
    ...new Set(allAssignments(ledger.plan.tasks, ledger.units, ledger.groupResolutions).map((a) => a.unit)),
  ].sort((a, b) => ledger.units.findIndex((u) => u.name === a) - ledger.units.findIndex((u) => u.name === b));
}

export interface ImportOptions {
  /** Confirm or supply the unit/period of a file without a manifest (canonical name or alias). */
  unit?: string;
  period?: string;
  resolutions?: ReadonlyMap<FieldKey, Resolution>;
  dryRun: boolean;
  who: string;
  /** ISO timestamp for audit entries and the batch. */
  at: string;
  batchId: string;
}

export interface ImportOutcome {
  /** Null when the file could not be identified (no unit/period): `identityError` says why. */
  plan: MergePlan | null;
  identityError: { message: string; log: string } | null;
  applied: AppliedChange[];
  batch: ImportBatch | null;
}

/**
 * Plan a returned workbook against the ledger and, unless dry-run, apply it as one import batch:
 * reports updated, audit entries `import:<batchId>`, the batch recorded with before-images. A file
 * already imported, rejected as a whole, or unreadable changes nothing.
 */
export function importIntoLedger(
  ledger: Ledger,
  index: ReportIndex,
  file: ReadResult,
  opts: ImportOptions,
): ImportOutcome {
  const units = new UnitIndex(ledger.units);
  const rawUnit = opts.unit ?? file.unit;
  const unit = rawUnit ? (units.resolve(rawUnit) ?? rawUnit) : null;
  const period = opts.period ?? file.period;
  if (file.errors.length === 0 && (!unit || !period || !units.get(unit))) {
    const what = !unit ? '单位' : !period ? '月份' : `单位"${unit}"`;
    return {
      plan: null,
      identityError: {
        message: `无法确定该文件所属的${what}，请指定 --unit 和 --period`,
        log: `cannot identify ${!unit ? 'unit' : !period ? 'period' : `unit "${unit}"`} of ${file.fileName ?? 'file'}`,
      },
      applied: [],
      batch: null,
    };
  }
  const expectedUnit = unit ?? '';
  const expectedPeriod = period ?? '';
  const unitTasks = tasksForUnit(
    ledger.plan.tasks,
    units,
    expectedUnit,
    resolutionMap(ledger.groupResolutions),
  );
  const ours = new Map<string, ProgressFields | undefined>(
    unitTasks.map((x) => [x.task.id, effectiveProgress(index, x.task.id, expectedUnit, expectedPeriod)]),
  );
  const plan = planMerge({
    file,
    expected: { unit: expectedUnit, period: expectedPeriod, planId: ledger.plan.id },
    unitTaskIds: new Set(unitTasks.map((x) => x.task.id)),
    ours,
    tasks: new Map<string, Task>(ledger.plan.tasks.map((t) => [t.id, t])),
    roles: new Map<string, UnitRole>(unitTasks.map((x) => [x.task.id, x.role])),
    changedSinceLastImport: changedSinceLastImport(
      ledger.audit,
      ledger.imports,
      expectedUnit,
      expectedPeriod,
    ),
    knownHashes: new Set(ledger.imports.filter((b) => !b.undoneAt).map((b) => b.sha256)),
    fileSha256: file.sha256,
    identityConfirmed: opts.unit !== undefined || opts.period !== undefined,
  });
  if (opts.dryRun || plan.rejection || plan.alreadyImported)
    return { plan, identityError: null, applied: [], batch: null };

  const result = applyMergePlan(ours, plan, opts.resolutions ?? new Map());
  const changes: FieldChange[] = result.changes.map((c) => ({
    taskId: c.taskId,
    unit: expectedUnit,
    period: expectedPeriod,
    field: c.field,
    value: c.new,
  }));
  const batch: ImportBatch = {
    id: opts.batchId,
    fileName: file.fileName ?? '',
    sha256: file.sha256,
    unit: expectedUnit,
    period: expectedPeriod,
    exportId: plan.exportId,
    importedAt: opts.at,
    importedBy: opts.who,
    counts: plan.counts,
    before: beforeImages(index, changes),
  };
  applyChanges(ledger, index, changes, { who: opts.who, source: `import:${opts.batchId}`, at: opts.at });
  ledger.imports.push(batch);
  return { plan, identityError: null, applied: result.changes, batch };
}
