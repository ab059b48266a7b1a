// The app's side of the return workbook, on plain data: which rows a unit's workbook has and what
// base they carry (the district's export), what opening the district's workbook changes in a
// clerk's own ledger, and the rows of the clerk's return (the district's base in the manifest, the
// clerk's current values in the cells — so the district's three-way merge sees exactly the clerk's
// edits). Pure; the renderer's repositories feed it what the database holds.

import type { Assignment } from './assignments.ts';
import { effectiveAsOf } from './carry-forward.ts';
import { rowKey, type RowKey } from './keys.ts';
import {
  PROGRESS_FIELDS,
  emptyValue,
  sameFieldValue,
  type Period,
  type ProgressField,
  type ProgressFields,
  type ProgressReport,
  type Task,
} from './model.ts';
import type { ExportRow } from './workbook/export-workbook.ts';
import type { ReturnManifest } from './workbook/manifest.ts';
import type { ReadResult } from './workbook/read-workbook.ts';

/**
 * A unit's workbook rows for a period: its assignments (groups and resolutions expanded), each with
 * the effective progress as base — the period's own report, else the last earlier one carried
 * forward. `reports` holds, per (task, unit), the report as of the period (LedgerReader.reportsAsOf).
 */
export function exportRowsForUnit(
  assignments: readonly Pick<Assignment, 'task' | 'unit' | 'role'>[],
  reports: ReadonlyMap<RowKey, ProgressReport>,
  period: Period,
): ExportRow[] {
  return assignments.map(({ task, unit, role }) => {
    return { task, role, base: effectiveAsOf(reports.get(rowKey(task.id, unit)), period) };
  });
}

/** The district's base for one unit and period, as a clerk's app keeps it. */
export interface DistrictBase {
  planId: string;
  unit: string;
  period: string;
  exportId: string;
  exportedAt: string;
  rows: ReturnManifest['rows'];
  fileName: string | null;
  sha256: string;
  /** ISO time the clerk opened the workbook. */
  openedAt: string;
}

export function districtBaseFromManifest(
  manifest: ReturnManifest,
  file: Pick<ReadResult, 'fileName' | 'sha256'>,
  openedAt: string,
): DistrictBase {
  return {
    planId: manifest.planId,
    unit: manifest.unit,
    period: manifest.period,
    exportId: manifest.exportId,
    exportedAt: manifest.exportedAt,
    rows: manifest.rows,
    fileName: file.fileName,
    sha256: file.sha256,
    openedAt,
  };
}

export interface AdoptChange {
  taskId: string;
  field: ProgressField;
  from: ProgressFields[ProgressField];
  to: ProgressFields[ProgressField];
}

export interface AdoptPlan {
  changes: AdoptChange[];
  /** Rows not taken (Chinese reasons): not in the manifest, duplicated, invalid values. */
  skipped: { rowNumber: number; taskId: string; reason: string }[];
}

/**
 * Opening the district's workbook in a clerk's app: the clerk's values for the period become what
 * the workbook's cells say (normally the district's base; more if a colleague already typed into
 * it). Only rows the manifest lists are taken; `ours` is the clerk's effective progress per task.
 */
export function planAdoptDistrictWorkbook(
  file: ReadResult,
  ours: ReadonlyMap<string, ProgressFields | undefined>,
): AdoptPlan {
  const plan: AdoptPlan = { changes: [], skipped: [] };
  const listed = new Set((file.manifest?.rows ?? []).map((r) => r.taskId));
  const count = new Map<string, number>();
  for (const row of file.rows) count.set(row.taskId, (count.get(row.taskId) ?? 0) + 1);
  for (const row of file.rows) {
    const skip = (reason: string) =>
      plan.skipped.push({ rowNumber: row.rowNumber, taskId: row.taskId, reason });
    if (!listed.has(row.taskId)) {
      skip(`第 ${row.rowNumber} 行的编号不在下发清单中，未采用`);
      continue;
    }
    if ((count.get(row.taskId) ?? 0) > 1) {
      skip(`第 ${row.rowNumber} 行的编号重复出现，未采用`);
      continue;
    }
    if (row.errors.length > 0) {
      skip(`第 ${row.rowNumber} 行：${row.errors.map((e) => e.message).join('；')}，未采用`);
      continue;
    }
    const current = ours.get(row.taskId);
    for (const field of PROGRESS_FIELDS) {
      if (!(field in row.fields)) continue;
      const to = row.fields[field] as ProgressFields[ProgressField];
      const from = current ? current[field] : emptyValue(field);
      if (!sameFieldValue(from, to)) plan.changes.push({ taskId: row.taskId, field, from, to });
    }
  }
  return plan;
}

/**
 * The clerk's return: the manifest's rows and order, the district's base, the clerk's current
 * values in the cells. Rows whose task the clerk's plan does not know are dropped (and returned).
 */
export function clerkReturnRows(
  base: Pick<DistrictBase, 'rows'>,
  tasksById: ReadonlyMap<string, Task>,
  current: ReadonlyMap<string, ProgressFields>,
): { rows: ExportRow[]; unknownTaskIds: string[] } {
  const rows: ExportRow[] = [];
  const unknownTaskIds: string[] = [];
  for (const r of base.rows) {
    const task = tasksById.get(r.taskId);
    if (!task) {
      unknownTaskIds.push(r.taskId);
      continue;
    }
    rows.push({ task, role: r.role, base: r.base, values: current.get(r.taskId) ?? r.base });
  }
  return { rows, unknownTaskIds };
}
