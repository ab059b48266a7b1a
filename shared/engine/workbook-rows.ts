// What goes into a unit's return workbook, read through the port: the units that have work in a
// plan, and one unit's rows of a plan for a month with their base values (what the unit sees now —
// for a task continuing last year's, last year's final state until the unit reports). The export
// dialog, the CLI's `export` and the clerk's return all take their rows from here.

import { allAssignments, assignmentsOfUnit } from '../assignments.ts';
import type { Period } from '../model.ts';
import type { Attachment } from '../evidence/model.ts';
import { UnitIndex } from '../registry.ts';
import { clerkReturnRows, exportRowsForUnit, type DistrictBase } from '../return-exchange.ts';
import type { ExportRow } from '../workbook/export-workbook.ts';
import { effectiveAsOf } from '../carry-forward.ts';
import { reportKey, rowKey, type RowKey } from '../keys.ts';
import { previousPeriod } from '../deadline.ts';
import type { Review } from '../review.ts';
import type { LedgerReader } from './read-port.ts';
import { reviewOpinionText } from '../review.ts';
import {
  approvedExtension,
  currentRequest,
  extensionOpinionText,
  type ExtensionRequest,
} from '../extension.ts';

/** The request cells a row shows: the request pending or approved ('' cells after a rejection). */
export function requestCells(requests: readonly ExtensionRequest[] | undefined): {
  until: string | null;
  reason: string;
} {
  const current = requests ? currentRequest(requests) : null;
  if (!current || current.state === '未批准') return { until: null, reason: '' };
  return { until: current.until, reason: current.reason };
}

/** Extension requests of every row, by (task, unit). */
export async function extensionsByRow(reader: LedgerReader): Promise<Map<RowKey, ExtensionRequest[]>> {
  const out = new Map<RowKey, ExtensionRequest[]>();
  for (const e of await reader.extensions()) {
    const key = rowKey(e.taskId, e.unit);
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  }
  return out;
}

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
  // The opinion a row shows is the district's latest review of this month or the one before (a
  // March return is answered in April's workbook) — unless the unit has reported since it.
  const before = previousPeriod(period);
  const wanted = mine.flatMap((a) => [
    { taskId: a.task.id, unit, period },
    { taskId: a.task.id, unit, period: before },
  ]);
  const reviews = await reader.reviews(wanted);
  const extensions = await extensionsByRow(reader);
  const reviewOf = (taskId: string): Review | undefined => {
    const report = reports.get(rowKey(taskId, unit));
    for (const p of [period, before]) {
      const r = reviews.get(reportKey(taskId, unit, p));
      if (r && (!report || report.period <= r.period)) return r;
    }
    return undefined;
  };
  return exportRowsForUnit(mine, reports, period).map((row) => {
    const key = rowKey(row.task.id, unit);
    const review = reviewOf(row.task.id);
    const requests = extensions.get(key);
    const opinion = [reviewOpinionText(review), extensionOpinionText(requests)].filter(Boolean).join('；');
    return {
      ...row,
      extension: requestCells(requests),
      opinion,
      approvedUntil: requests ? (approvedExtension(requests)?.until ?? null) : null,
    };
  });
}

export interface ClerkReturn {
  base: DistrictBase;
  rows: ExportRow[];
  unknownTaskIds: string[];
}

/** The clerk's return of a plan for a unit and period: the district's base, the clerk's current values. */
export async function clerkReturn(
  reader: LedgerReader,
  planId: string,
  unit: string,
  period: Period,
): Promise<ClerkReturn> {
  const base = await reader.districtBase(planId, unit, period);
  if (!base) throw new Error(`no district base for ${planId} ${unit} ${period}`);
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
  // The clerk's own request (the form in the app) fills the request cells; the district's stay the base.
  const extensions = await extensionsByRow(reader);
  const byTask = new Map(base.rows.map((r) => [r.taskId, r]));
  const withRequests = rows.map((row) => {
    const listed = byTask.get(row.task.id);
    const districtCells = listed?.extension ?? { until: null, reason: '' };
    const mine = extensions.get(rowKey(row.task.id, unit));
    const pending = mine ? currentRequest(mine) : null;
    return {
      ...row,
      extension:
        pending && pending.state === '待批准'
          ? { until: pending.until, reason: pending.reason }
          : districtCells,
      extensionBase: districtCells,
      opinion: listed?.opinion ?? '',
      approvedUntil: null,
    };
  });
  return { base, rows: withRequests, unknownTaskIds };
}

/**
 * The evidence a plan's return carries: the unit's files of the month on that plan's tasks (another
 * plan's files of the same month go with that plan's return).
 */
export async function clerkReturnEvidence(
  reader: LedgerReader,
  planId: string,
  unit: string,
  period: Period,
): Promise<Attachment[]> {
  const tasks = new Set((await reader.tasks(planId)).map((t) => t.id));
  return (await reader.attachments({ unit, period })).filter((a) => tasks.has(a.taskId));
}
