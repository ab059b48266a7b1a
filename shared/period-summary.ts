// The state of a period across the district: every task × unit with its effective progress, deadline
// state and on-schedule judgement, whether each unit's return came in, and per-unit totals. The CLI's
// district summary, the dashboard and the reminder list are views of this one computation.

import { allAssignments, type Assignment } from './assignments.ts';
import { beijingDate, deadlineStateForPeriod, type DeadlineState } from './deadline.ts';
import type { Ledger } from './ledger-file.ts';
import { effectiveProgress, ReportIndex } from './ledger-ops.ts';
import type { ProgressFields, Status } from './model.ts';
import { judgeSchedule, type ScheduleJudgement } from './schedule.ts';

export interface PeriodRow extends Assignment {
  progress: ProgressFields;
  /** A report exists for this exact period (not only carried forward). */
  reportedThisPeriod: boolean;
  deadlineState: DeadlineState;
  judgement: ScheduleJudgement;
}

export interface UnitReturn {
  unit: string;
  /** How the return came in: an import batch, edits in the app, or not at all. */
  received: 'import' | 'edits' | null;
  /** When it came in (ISO), if it did. */
  receivedAt: string | null;
  /** The day it came in, in Beijing (what "by the 25th" means). */
  receivedOn: string | null;
  /** Late: not received, or received after the due day. */
  late: boolean;
}

export interface UnitTotals {
  unit: string;
  tasks: number;
  lead: number;
  byStatus: Record<Status | '未填报', number>;
  overdue: number;
  behind: number;
  /** Share of the unit's tasks that are 已完成, 0–100, one decimal. Tasks marked 不涉及 are left out. */
  doneShare: number;
  returned: UnitReturn;
}

export interface PeriodSummary {
  period: string;
  rows: PeriodRow[];
  units: UnitTotals[];
}

/** The date (YYYY-MM-DD) by which a period's return is due: day N of the period's own month. */
export function returnDueDate(period: string, dueDay: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(Math.min(dueDay, last)).padStart(2, '0')}`;
}

/**
 * Units whose return for the period came in as an import batch (not undone). A task of such a unit
 * counts as reported for the period even where the file changed nothing; without a batch, only
 * tasks with their own report of the period (edited in the app) count.
 */
export function importedUnits(imports: Ledger['imports'], period: string): Set<string> {
  return new Set(imports.filter((b) => b.period === period && !b.undoneAt).map((b) => b.unit));
}

/** Whether and when each unit's return for the period came in (import batch not undone, or edits). */
export function unitReturns(
  ledger: Ledger,
  period: string,
  units: readonly string[],
): Map<string, UnitReturn> {
  const due = returnDueDate(period, ledger.settings.returnDueDay);
  const out = new Map<string, UnitReturn>();
  for (const unit of units) {
    const batch = ledger.imports
      .filter((b) => b.unit === unit && b.period === period && !b.undoneAt)
      .sort((a, b) => a.importedAt.localeCompare(b.importedAt))[0];
    const edit = batch
      ? undefined
      : ledger.audit
          .filter(
            (e) => e.unit === unit && e.period === period && (e.source === 'edit' || e.source === 'paste'),
          )
          .sort((a, b) => a.at.localeCompare(b.at))[0];
    const receivedAt = batch?.importedAt ?? edit?.at ?? null;
    out.set(unit, {
      unit,
      received: batch ? 'import' : edit ? 'edits' : null,
      receivedAt,
      receivedOn: receivedAt === null ? null : beijingDate(receivedAt),
      late: receivedAt === null || beijingDate(receivedAt) > due,
    });
  }
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function summarisePeriod(ledger: Ledger, period: string): PeriodSummary {
  const index = new ReportIndex(ledger.reports);
  const assignments = allAssignments(ledger.plan.tasks, ledger.units, ledger.groupResolutions);
  const unitNames = [...new Set(assignments.map((a) => a.unit))];
  const returns = unitReturns(ledger, period, unitNames);
  const imported = importedUnits(ledger.imports, period);
  const rows: PeriodRow[] = assignments.map((a) => {
    const progress = effectiveProgress(index, a.task.id, a.unit, period);
    const reportedThisPeriod = index.get(a.task.id, a.unit, period) !== undefined;
    return {
      ...a,
      progress,
      reportedThisPeriod,
      deadlineState: deadlineStateForPeriod(a.task.deadline, period, progress.status === '已完成'),
      judgement: judgeSchedule(
        a.task.deadline,
        period,
        ledger.plan.year,
        progress,
        reportedThisPeriod || imported.has(a.unit),
      ),
    };
  });
  const units: UnitTotals[] = unitNames.map((unit) => {
    const mine = rows.filter((r) => r.unit === unit);
    const byStatus: UnitTotals['byStatus'] = { 未启动: 0, 推进中: 0, 已完成: 0, 不涉及: 0, 未填报: 0 };
    for (const r of mine) byStatus[r.progress.status ?? '未填报']++;
    const applicable = mine.length - byStatus.不涉及;
    return {
      unit,
      tasks: mine.length,
      lead: mine.filter((r) => r.role === '主责').length,
      byStatus,
      overdue: mine.filter((r) => r.deadlineState === 'overdue' && r.progress.status !== '不涉及').length,
      behind: mine.filter((r) => r.judgement === '欠进度').length,
      doneShare: applicable ? round1((byStatus.已完成 / applicable) * 100) : 0,
      returned: returns.get(unit) as UnitReturn,
    };
  });
  return { period, rows, units };
}
