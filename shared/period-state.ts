// The one read model of a period: every task × unit row with what the unit reports (its own report
// of the period, else the last earlier one carried forward), whether it reported, the deadline state
// at the end of the period, the on-schedule judgement (序时) and the dashboard category; and whether
// and when each unit's return came in. The grid, the dashboard, the reminder list, the checklist and
// `taizhang report` are all views of these rows — none of them computes a row's state on its own.
//
// Input is a PeriodSlice: what a store reads for one period by index (the reports as of the period,
// the period's import batches, each unit's first typed change), never the whole ledger.

import type { Assignment } from './assignments.ts';
import { beijingDate, deadlineStateForPeriod, type DeadlineState } from './deadline.ts';
import { rowKey, type RowKey } from './keys.ts';
import type { ImportBatch, Period, ProgressFields, ProgressReport, Status } from './model.ts';
import { judgeSchedule, type ScheduleJudgement } from './schedule.ts';
import { effectiveFrom } from './carry-forward.ts';
import type { Deadline } from './model.ts';
import type { Review, ReviewState } from './review.ts';
import { effectiveDeadline, rowExtension, type ExtensionRequest, type RowExtension } from './extension.ts';

/** What a store reads for one period. */
export interface PeriodSlice {
  period: Period;
  /** Per (task, unit): its report of the period, else its latest earlier one. */
  reports: ReadonlyMap<RowKey, ProgressReport>;
  /** The period's import batches (undone ones included). */
  imports: readonly ImportBatch[];
  /** Per unit: when its first value of the period was typed or pasted in the app (ISO). */
  firstEntries: ReadonlyMap<string, string>;
  /** Per (task, unit): the review of its report of this very period, when there is one. */
  reviews: ReadonlyMap<RowKey, Review>;
  /** Per (task, unit): how many evidence files its report of this period carries. */
  evidenceCounts: ReadonlyMap<RowKey, number>;
  /** Per (task, unit): its extension requests, all of them (an approved one moves the deadline). */
  extensions: ReadonlyMap<RowKey, readonly ExtensionRequest[]>;
}

/** What a row needs besides its report: its review, evidence count and extension requests. */
export interface RowExtras {
  review?: Review;
  evidenceCount?: number;
  extensions?: readonly ExtensionRequest[];
  /** The task this row's task continues, and that task's newest report for the unit (shared/continuity.ts). */
  lastYear?: { from: string; report: ProgressReport | null };
}

/** Last year's final state beside this year's: the continued task and what its newest report said. */
export interface LastYearState {
  taskId: string;
  /** The month of that report; null when the unit never reported the task. */
  period: Period | null;
  status: ProgressReport['status'];
  percent: number | null;
}

/** A row's extras from what was read with its month (last year's state where it was read too). */
export function rowExtras(
  slice: Pick<PeriodSlice, 'reviews' | 'evidenceCounts' | 'extensions'> & {
    lastYear?: ReadonlyMap<RowKey, NonNullable<RowExtras['lastYear']>>;
  },
  key: RowKey,
): RowExtras {
  const lastYear = slice.lastYear?.get(key);
  return {
    review: slice.reviews.get(key),
    evidenceCount: slice.evidenceCounts.get(key) ?? 0,
    extensions: slice.extensions.get(key),
    ...(lastYear && { lastYear }),
  };
}

/**
 * One category per row, first match wins:
 *  - `na`: 不涉及;  - `done`: 已完成;  - `late`: past its deadline (overdue) or behind schedule (欠进度);
 *  - `inProgress`: 推进中;  - `notStarted`: 未启动 or nothing filed yet.
 */
export type RowCategory = 'done' | 'inProgress' | 'late' | 'notStarted' | 'na';

export const ROW_CATEGORIES: readonly RowCategory[] = ['done', 'inProgress', 'late', 'notStarted', 'na'];

export const ROW_CATEGORY_LABELS: Readonly<Record<RowCategory, string>> = {
  done: '已完成',
  inProgress: '推进中',
  late: '滞后',
  notStarted: '未启动',
  na: '不涉及',
};

export function rowCategory(
  status: Status | null,
  deadlineState: DeadlineState,
  judgement: ScheduleJudgement,
): RowCategory {
  if (status === '不涉及') return 'na';
  if (status === '已完成') return 'done';
  if (deadlineState === 'overdue' || judgement === '欠进度') return 'late';
  if (status === '推进中') return 'inProgress';
  return 'notStarted';
}

export interface PeriodRow extends Assignment {
  /** (task, unit): unique within a period. */
  key: RowKey;
  progress: ProgressFields;
  /** The unit has its own report of the period (not only carried-forward values). */
  ownReport: boolean;
  /** The values shown come from an earlier period's report. */
  carried: boolean;
  /**
   * Counts as reported for the period: its own report, or the unit's return for the period came in
   * as an import (a row the return left unchanged is still reported).
   */
  reported: boolean;
  /** The deadline this task × unit works to: the plan's, or the approved extension's. */
  deadline: Deadline;
  /** Its extension: the approved date in force and a request still open, or null when none. */
  extension: RowExtension | null;
  deadlineState: DeadlineState;
  judgement: ScheduleJudgement;
  category: RowCategory;
  /**
   * The district's review of the month's report: 待审核 until reviewed, null when there is nothing
   * to review (the unit has not reported this month).
   */
  review: ReviewState | null;
  /** The review's comment (why it was returned), '' when none. */
  reviewComment: string;
  /** Evidence files attached to the month's report. */
  evidenceCount: number;
  /**
   * The values shown are last year's final state: the row has no report of its own yet and its task
   * continues an earlier plan's (shared/continuity.ts) — that task and the month of its report.
   */
  continuedFrom: { taskId: string; period: Period } | null;
  /** The row's task continues an earlier plan's: that task's final state (whatever this year shows). */
  lastYear: LastYearState | null;
}

/** Units whose return for the period came in as an import batch that was not undone. */
export function importedUnits(imports: readonly ImportBatch[], period: Period): Set<string> {
  return new Set(imports.filter((b) => b.period === period && !b.undoneAt).map((b) => b.unit));
}

/** The row of one assignment, from the report the slice holds for it. */
export function periodRow(
  a: Assignment,
  report: ProgressReport | undefined,
  period: Period,
  planYear: number,
  imported: ReadonlySet<string>,
  extras: RowExtras = {},
): PeriodRow {
  const own = report && report.period === period ? report : undefined;
  const carriedFrom = own ? undefined : report && report.period < period ? report : undefined;
  const progress = effectiveFrom(own, carriedFrom);
  const reported = own !== undefined || imported.has(a.unit);
  const extension = rowExtension(extras.extensions);
  const deadline = effectiveDeadline(a.task.deadline, extension?.approvedUntil ?? null);
  const deadlineState = deadlineStateForPeriod(deadline, period, progress.status === '已完成');
  const judgement = judgeSchedule(deadline, period, planYear, progress, reported);
  const review = reported ? (extras.review?.state ?? '待审核') : null;
  return {
    task: a.task,
    unit: a.unit,
    role: a.role,
    via: a.via,
    key: rowKey(a.task.id, a.unit),
    progress,
    ownReport: own !== undefined,
    carried: carriedFrom !== undefined,
    reported,
    deadline,
    extension,
    deadlineState,
    judgement,
    category: rowCategory(progress.status, deadlineState, judgement),
    review,
    reviewComment: review ? (extras.review?.comment ?? '') : '',
    evidenceCount: extras.evidenceCount ?? 0,
    continuedFrom:
      carriedFrom && carriedFrom.taskId !== a.task.id
        ? { taskId: carriedFrom.taskId, period: carriedFrom.period }
        : null,
    lastYear: extras.lastYear
      ? {
          taskId: extras.lastYear.from,
          period: extras.lastYear.report?.period ?? null,
          status: extras.lastYear.report?.status ?? null,
          percent: extras.lastYear.report?.percent ?? null,
        }
      : null,
  };
}

export function buildPeriodRows(
  assignments: readonly Assignment[],
  slice: PeriodSlice,
  planYear: number,
): PeriodRow[] {
  const imported = importedUnits(slice.imports, slice.period);
  return assignments.map((a) => {
    const key = rowKey(a.task.id, a.unit);
    return periodRow(a, slice.reports.get(key), slice.period, planYear, imported, rowExtras(slice, key));
  });
}

export interface UnitReturn {
  unit: string;
  /** How the return came in: an import batch, typing in the app, or not at all. */
  received: 'import' | 'edits' | null;
  /** When it came in (ISO), if it did. */
  receivedAt: string | null;
  /** The day it came in, in Beijing (what "by the 25th" means). */
  receivedOn: string | null;
  /** Late: not received, or received after the due day. */
  late: boolean;
}

/** The date (YYYY-MM-DD) by which a period's return is due: day N of the period's own month. */
export function returnDueDate(period: Period, dueDay: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(Math.min(dueDay, last)).padStart(2, '0')}`;
}

/** Whether and when each unit's return for the period came in: its first import, else its first typed value. */
export function unitReturns(
  slice: Pick<PeriodSlice, 'period' | 'imports' | 'firstEntries'>,
  units: readonly string[],
  dueDay: number,
): Map<string, UnitReturn> {
  const due = returnDueDate(slice.period, dueDay);
  const firstImport = new Map<string, string>();
  for (const b of slice.imports) {
    if (b.period !== slice.period || b.undoneAt) continue;
    const seen = firstImport.get(b.unit);
    if (!seen || b.importedAt < seen) firstImport.set(b.unit, b.importedAt);
  }
  const out = new Map<string, UnitReturn>();
  for (const unit of units) {
    const imported = firstImport.get(unit);
    const typed = imported ? undefined : slice.firstEntries.get(unit);
    const receivedAt = imported ?? typed ?? null;
    out.set(unit, {
      unit,
      received: imported ? 'import' : typed ? 'edits' : null,
      receivedAt,
      receivedOn: receivedAt === null ? null : beijingDate(receivedAt),
      late: receivedAt === null || beijingDate(receivedAt) > due,
    });
  }
  return out;
}

/** The period as every view sees it. */
export interface PeriodState {
  period: Period;
  planYear: number;
  dueDate: string;
  rows: PeriodRow[];
  /** Per unit with tasks, in registry order. */
  returns: Map<string, UnitReturn>;
}

export function buildPeriodState(
  assignments: readonly Assignment[],
  slice: PeriodSlice,
  planYear: number,
  dueDay: number,
  /** The units with work, in registry order (unitsInOrder). */
  units: readonly string[],
): PeriodState {
  const rows = buildPeriodRows(assignments, slice, planYear);
  return {
    period: slice.period,
    planYear,
    dueDate: returnDueDate(slice.period, dueDay),
    rows,
    returns: unitReturns(slice, units, dueDay),
  };
}
