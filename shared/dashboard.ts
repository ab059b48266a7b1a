// The coordinator's dashboard (统计看板) for one period, computed from the period's rows
// (shared/period-state.ts): task × unit rows
// counted into one category each (done / in progress / late / not started / not applicable) per
// plan, per section and overall; per task whether every unit is done; per unit its share done,
// overdue count and return; the ranking of units (排名通报); and the reminder list (催报名单) of units
// whose return is missing or late with the tasks they still owe. Pure: the view only draws these.

import { deadlineStateForPeriod, type DeadlineState } from './deadline.ts';
import { SUB_PLANS, taskLabel, type PlanId, type Task, type UnitRole } from './model.ts';
import type { PeriodRow, PeriodState, UnitReturn } from './period-state.ts';

export interface CategoryCounts {
  /** Task × unit rows. */
  total: number;
  done: number;
  inProgress: number;
  /** overdue + behind. */
  late: number;
  /** Late rows past their deadline (not done, not 不涉及). */
  overdue: number;
  /** Late rows behind schedule (欠进度) but not yet past the deadline. */
  behind: number;
  notStarted: number;
  na: number;
}

export function emptyCounts(): CategoryCounts {
  return { total: 0, done: 0, inProgress: 0, late: 0, overdue: 0, behind: 0, notStarted: 0, na: 0 };
}

function countRow(c: CategoryCounts, row: PeriodRow, cat: PeriodRow['category'] = row.category): void {
  c.total++;
  c[cat]++;
  if (cat === 'late') {
    // A row counted as late in place of its own category (rankingCategory) is late by its deadline.
    if (row.deadlineState === 'overdue' || cat !== row.category) c.overdue++;
    else c.behind++;
  }
}

function countRows(rows: readonly PeriodRow[]): CategoryCounts {
  const c = emptyCounts();
  for (const r of rows) countRow(c, r);
  return c;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Share (0–100, one decimal) of applicable rows (not 不涉及) that are done; 0 when none apply. */
export function doneShare(c: CategoryCounts): number {
  const applicable = c.total - c.na;
  return applicable ? round1((c.done / applicable) * 100) : 0;
}

export interface SectionFigures {
  plan: PlanId;
  section: string;
  counts: CategoryCounts;
  /** Tasks in the section with at least one unit assigned. */
  tasks: number;
  /** Of those, tasks every unit has done (不涉及 aside). */
  tasksAllDone: number;
}

export interface PlanFigures {
  plan: PlanId;
  /** 大气 / 水 / 土壤. */
  name: string;
  counts: CategoryCounts;
  tasks: number;
  tasksAllDone: number;
  sections: SectionFigures[];
}

export interface TaskFigures {
  task: Task;
  /** `大气-03`. */
  label: string;
  units: number;
  counts: CategoryCounts;
  /** Every unit has it 已完成 or 不涉及, and at least one 已完成. */
  allDone: boolean;
}

export interface UnitFigures {
  unit: string;
  counts: CategoryCounts;
  /** Reports of the month waiting for the district's review (未审核). */
  reviewPending: number;
  /** Reports of the month the district returned (退回). */
  reviewReturned: number;
  /** Share done of the applicable rows, 0–100. */
  doneShare: number;
  overdue: number;
  returned: UnitReturn;
  /** 1-based, competition style (1, 1, 3): equal share and equal overdue share a rank. */
  rank: number;
}

export interface ReminderTask {
  taskId: string;
  /** `大气-03`. */
  label: string;
  keyTask: string;
  role: UnitRole;
  deadlineRaw: string;
  deadlineState: DeadlineState;
}

export interface ReminderEntry {
  unit: string;
  /** `missing`: no return at all; `late`: it came in after the due day. */
  reason: 'missing' | 'late';
  receivedAt: string | null;
  /** The day it came in, in Beijing. */
  receivedOn: string | null;
  /** Tasks with no report of this period that are not yet 已完成 or 不涉及. */
  tasks: ReminderTask[];
}

export interface Dashboard {
  period: string;
  /** Returns are due by this date (YYYY-MM-DD). */
  dueDate: string;
  totals: CategoryCounts;
  plans: PlanFigures[];
  tasks: TaskFigures[];
  /** In registry order. */
  units: UnitFigures[];
  /**
   * Best first: share done, then fewer overdue, then registry order. With `rankReviewedOnly`, a
   * report counts here only once the district has reviewed it (已审核).
   */
  ranking: UnitFigures[];
  rankReviewedOnly: boolean;
  /** Reports waiting for review and returned, over all units. */
  reviewPending: number;
  reviewReturned: number;
  reminders: ReminderEntry[];
}

/** Tasks owed by a unit for the period: rows not reported that are not done or 不涉及. */
export function owedTasks(rows: readonly PeriodRow[]): ReminderTask[] {
  return rows
    .filter((r) => !r.reported && r.progress.status !== '已完成' && r.progress.status !== '不涉及')
    .map((r) => ({
      taskId: r.task.id,
      label: taskLabel(r.task.id),
      keyTask: r.task.keyTask,
      role: r.role,
      deadlineRaw: r.task.deadline.raw,
      deadlineState: r.deadlineState,
    }));
}

/** Rank units: share done (high first), then overdue (few first); ties share a rank. */
export function rankUnits(units: readonly UnitFigures[]): UnitFigures[] {
  const sorted = units
    .map((u, i) => ({ u, i }))
    .sort((a, b) => b.u.doneShare - a.u.doneShare || a.u.overdue - b.u.overdue || a.i - b.i)
    .map(({ u }) => u);
  let rank = 0;
  return sorted.map((u, i) => {
    const prev = sorted[i - 1];
    if (!prev || prev.doneShare !== u.doneShare || prev.overdue !== u.overdue) rank = i + 1;
    return { ...u, rank };
  });
}

function groupBy<K, V>(items: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const v of items) {
    const list = out.get(key(v));
    if (list) list.push(v);
    else out.set(key(v), [v]);
  }
  return out;
}

/** Totals per unit: tasks, lead tasks, statuses, overdue, behind schedule, share done (the CLI summary). */
export interface UnitTotals {
  unit: string;
  tasks: number;
  lead: number;
  counts: CategoryCounts;
  byStatus: Record<NonNullable<PeriodRow['progress']['status']> | '未填报', number>;
  doneShare: number;
  returned: UnitReturn;
}

export function unitTotals(state: PeriodState): UnitTotals[] {
  const byUnit = groupBy(state.rows, (r) => r.unit);
  return [...state.returns.values()].map((returned) => {
    const mine = byUnit.get(returned.unit) ?? [];
    const byStatus: UnitTotals['byStatus'] = { 未启动: 0, 推进中: 0, 已完成: 0, 不涉及: 0, 未填报: 0 };
    for (const r of mine) byStatus[r.progress.status ?? '未填报']++;
    const counts = countRows(mine);
    return {
      unit: returned.unit,
      tasks: mine.length,
      lead: mine.filter((r) => r.role === '主责').length,
      counts,
      byStatus,
      doneShare: doneShare(counts),
      returned,
    };
  });
}

/**
 * The category a row counts as in the ranking when only reviewed reports count: its own when the
 * district has reviewed it (已审核), else as if nothing had been reported — late once the deadline
 * has passed at the end of the month, not started before.
 */
export function rankingCategory(
  row: PeriodRow,
  period: string,
  reviewedOnly: boolean,
): PeriodRow['category'] {
  if (!reviewedOnly || row.review === '已审核') return row.category;
  return deadlineStateForPeriod(row.deadline, period, false) === 'overdue' ? 'late' : 'notStarted';
}

export interface DashboardOptions {
  /** The ranking counts only reviewed reports (ledger setting). */
  rankReviewedOnly?: boolean;
}

export function buildDashboard(state: PeriodState, options: DashboardOptions = {}): Dashboard {
  const { rows, period } = state;
  const reviewedOnly = options.rankReviewedOnly ?? false;

  const tasks: TaskFigures[] = [];
  for (const [, taskRows] of groupBy(rows, (r) => r.task.id)) {
    const counts = countRows(taskRows);
    const task = (taskRows[0] as PeriodRow).task;
    tasks.push({
      task,
      label: taskLabel(task.id),
      units: taskRows.length,
      counts,
      allDone: counts.done > 0 && counts.done + counts.na === counts.total,
    });
  }
  const taskById = new Map(tasks.map((t) => [t.task.id, t]));
  const tally = (taskIds: Iterable<string>) => {
    let n = 0;
    let done = 0;
    for (const id of new Set(taskIds)) {
      n++;
      if (taskById.get(id)?.allDone) done++;
    }
    return { tasks: n, tasksAllDone: done };
  };

  const plans: PlanFigures[] = [];
  for (const sub of SUB_PLANS) {
    const planRows = rows.filter((r) => r.task.plan === sub.id);
    if (!planRows.length) continue;
    const sections: SectionFigures[] = [];
    for (const [section, sectionRows] of groupBy(planRows, (r) => r.task.section)) {
      sections.push({
        plan: sub.id,
        section,
        counts: countRows(sectionRows),
        ...tally(sectionRows.map((r) => r.task.id)),
      });
    }
    plans.push({
      plan: sub.id,
      name: sub.name,
      counts: countRows(planRows),
      ...tally(planRows.map((r) => r.task.id)),
      sections,
    });
  }

  const byUnit = groupBy(rows, (r) => r.unit);
  const units: UnitFigures[] = [...state.returns.values()].map((returned) => {
    const mine = byUnit.get(returned.unit) ?? [];
    const counts = countRows(mine);
    return {
      unit: returned.unit,
      counts,
      reviewPending: mine.filter((r) => r.review === '待审核').length,
      reviewReturned: mine.filter((r) => r.review === '退回').length,
      doneShare: doneShare(counts),
      overdue: counts.overdue,
      returned,
      rank: 0,
    };
  });
  const ranked = reviewedOnly
    ? units.map((u) => {
        const c = emptyCounts();
        for (const r of byUnit.get(u.unit) ?? []) countRow(c, r, rankingCategory(r, period, true));
        return { ...u, counts: c, doneShare: doneShare(c), overdue: c.overdue };
      })
    : units;
  const ranking = rankUnits(ranked);
  const rankOf = new Map(ranking.map((u) => [u.unit, u.rank]));
  for (const u of units) u.rank = rankOf.get(u.unit) as number;

  const reminders: ReminderEntry[] = [...state.returns.values()]
    .filter((r) => r.received === null || r.late)
    .map((r) => ({
      unit: r.unit,
      reason: r.received === null ? ('missing' as const) : ('late' as const),
      receivedAt: r.receivedAt,
      receivedOn: r.receivedOn,
      tasks: owedTasks(byUnit.get(r.unit) ?? []),
    }));

  return {
    period,
    dueDate: state.dueDate,
    totals: countRows(rows),
    plans,
    tasks,
    units,
    ranking,
    rankReviewedOnly: reviewedOnly,
    reviewPending: units.reduce((n, u) => n + u.reviewPending, 0),
    reviewReturned: units.reduce((n, u) => n + u.reviewReturned, 0),
    reminders,
  };
}
