// The rows of the progress grid for one period: one per (task, unit) assignment, carrying the
// effective progress (the period's own report, else the last earlier one carried forward — see
// effectiveProgress in ledger-ops.ts), the deadline state at the end of the period and the
// on-schedule judgement (序时). Pure; the renderer feeds it what the database returned.

import type { Assignment } from './assignments.ts';
import { deadlineStateForPeriod, type DeadlineState } from './deadline.ts';
import { effectiveProgress, ReportIndex } from './ledger-ops.ts';
import type { ProgressFields, ProgressReport, Task } from './model.ts';
import type { UnitRole } from './registry.ts';
import { judgeSchedule, type ScheduleJudgement } from './schedule.ts';

export interface GridRow {
  /** `taskId|unit`: unique within a period. */
  key: string;
  task: Task;
  unit: string;
  role: UnitRole;
  /** The name on the task that brings the unit in (itself or a group word). */
  via: string;
  progress: ProgressFields;
  /** The unit has its own report for the period (not only carried-forward values). */
  reported: boolean;
  /** The values shown come from an earlier period's report. */
  carried: boolean;
  deadlineState: DeadlineState;
  schedule: ScheduleJudgement;
}

export const rowKey = (taskId: string, unit: string): string => `${taskId}|${unit}`;

/**
 * Build the grid rows. `reports` must hold the period's own reports and, for carry-forward, the
 * latest earlier report of each (task, unit) that has none in the period; other reports are ignored.
 */
export function buildGridRows(
  assignments: readonly Pick<Assignment, 'task' | 'unit' | 'role' | 'via'>[],
  reports: readonly ProgressReport[],
  period: string,
  planYear: number,
  /** Units whose return for the period came in as an import (period-summary.ts importedUnits). */
  importedUnits: ReadonlySet<string> = new Set(),
): GridRow[] {
  const index = new ReportIndex(reports);
  return assignments.map((a) => {
    const own = index.get(a.task.id, a.unit, period);
    const progress = effectiveProgress(index, a.task.id, a.unit, period);
    const carried = !own && index.previous(a.task.id, a.unit, period) !== undefined;
    return {
      key: rowKey(a.task.id, a.unit),
      task: a.task,
      unit: a.unit,
      role: a.role,
      via: a.via,
      progress,
      reported: own !== undefined,
      carried,
      deadlineState: deadlineStateForPeriod(a.task.deadline, period, progress.status === '已完成'),
      schedule: judgeSchedule(
        a.task.deadline,
        period,
        planYear,
        progress,
        own !== undefined || importedUnits.has(a.unit),
      ),
    };
  });
}
