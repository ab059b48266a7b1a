// What goes into a unit's return workbook, read through the port: the units that have work in a
// plan, and one unit's rows of a plan for a month with their base values (what the unit sees now —
// for a task continuing last year's, last year's final state until the unit reports). The export
// dialog, the CLI's `export` and the clerk's return all take their rows from here.

import { allAssignments, assignmentsOfUnit } from '../assignments.ts';
import type { Period } from '../model.ts';
import { UnitIndex } from '../registry.ts';
import { clerkReturnRows, exportRowsForUnit, type DistrictBase } from '../return-exchange.ts';
import type { ExportRow } from '../workbook/export-workbook.ts';
import { effectiveAsOf } from '../carry-forward.ts';
import { rowKey } from '../keys.ts';
import type { LedgerReader } from './read-port.ts';

/** Every concrete unit with at least one task of the plan, in registry order. */
export async function unitsWithWork(reader: LedgerReader, planId: string): Promise<string[]> {
  const [tasks, units, resolutions] = await Promise.all([
    reader.tasks(planId),
    reader.units(),
    reader.groupResolutions(),
  ]);
  return [...new Set(allAssignments(tasks, units, resolutions).map((a) => a.unit))];
}

/** One unit's workbook rows of a plan for a period, base = effective progress. */
export async function unitWorkbookRows(
  reader: LedgerReader,
  planId: string,
  unit: string,
  period: Period,
): Promise<ExportRow[]> {
  const [tasks, units, resolutions] = await Promise.all([
    reader.tasks(planId),
    reader.units(),
    reader.groupResolutions(),
  ]);
  const mine = assignmentsOfUnit(tasks, new UnitIndex(units), unit, resolutions);
  const reports = await reader.reportsAsOf(
    period,
    mine.map((a) => ({ taskId: a.task.id, unit })),
  );
  return exportRowsForUnit(mine, reports, period);
}

export interface ClerkReturn {
  base: DistrictBase;
  rows: ExportRow[];
  unknownTaskIds: string[];
}

/** The clerk's return for a unit and period: the district's base, the clerk's current values. */
export async function clerkReturn(reader: LedgerReader, unit: string, period: Period): Promise<ClerkReturn> {
  const base = await reader.districtBase(unit, period);
  if (!base) throw new Error(`no district base for ${unit} ${period}`);
  const tasks = await reader.tasks(base.planId);
  const reports = await reader.reportsAsOf(
    period,
    base.rows.map((r) => ({ taskId: r.taskId, unit })),
  );
  const current = new Map(
    base.rows.map((r) => {
      const rep = reports.get(rowKey(r.taskId, unit));
      return [r.taskId, effectiveAsOf(rep, period)];
    }),
  );
  const { rows, unknownTaskIds } = clerkReturnRows(base, new Map(tasks.map((t) => [t.id, t])), current);
  return { base, rows, unknownTaskIds };
}
