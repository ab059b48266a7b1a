// The inspection checklist (督查清单): which tasks an inspector takes on site and what to print for
// each — for a unit, a plan, a section, a list of task ids, or a combination of these, in a period.
// One block per task: id, key task, the full measures text in paragraphs, the deadline (raw and
// meaning, and where it stands at the end of the period), lead and co-units; for a unit, its role
// and its effective status and progress text; without a unit, every assigned unit's status. Pure.

import {
  DEADLINE_STATE_LABELS,
  deadlineStateForPeriod,
  periodLabel,
  type DeadlineState,
} from './deadline.ts';
import { deadlineMeaning } from './deadline-words.ts';
import {
  planName,
  STATUSES,
  taskLabel,
  type PlanId,
  type PlanMeta,
  type ProgressFields,
  type Status,
  type Task,
  type UnitRole,
} from './model.ts';
import type { PeriodRow } from './period-state.ts';
import { safeFileName } from './safe-file-name.ts';
import type { ScheduleJudgement } from './schedule.ts';
import type { Attachment } from './evidence/model.ts';
import { shortHash } from './evidence/model.ts';
import type { ReviewState } from './review.ts';
import { currentRequest, type ExtensionRequest } from './extension.ts';
import { rowKey, type RowKey } from './keys.ts';

/** One evidence file as the checklist prints it. */
export interface ChecklistEvidence {
  name: string;
  /** The day it was attached (YYYY-MM-DD) and the month of the report it belongs to. */
  date: string;
  period: string;
  /** First 8 hex of its SHA-256: enough to match the printed list with the files. */
  hash8: string;
}

export interface ChecklistScope {
  period: string;
  unit?: string;
  plan?: PlanId;
  section?: string;
  /** Task ids (`air-01`): the grid's selection. */
  taskIds?: readonly string[];
}

export interface ChecklistUnitStatus {
  unit: string;
  role: UnitRole;
  status: Status | null;
}

export interface ChecklistBlock {
  taskId: string;
  /** `大气-03`. */
  label: string;
  planName: string;
  section: string;
  keyTask: string;
  /** 工作措施 split into paragraphs (blank lines dropped). */
  measures: string[];
  deadlineRaw: string;
  /** `2021年12月31日前完成` and the like. */
  deadlineMeaning: string;
  deadlineState: DeadlineState;
  deadlineStateLabel: string;
  leaders: string[];
  leadUnits: string[];
  coUnits: string[];
  /** With a unit in scope: the unit's role, effective progress and judgement. */
  mine?: {
    role: UnitRole;
    progress: ProgressFields;
    /** A report of this very period exists (else the values are carried forward or empty). */
    reportedThisPeriod: boolean;
    judgement: ScheduleJudgement;
    /** The district's review of this month's report (null: nothing reported to review). */
    review: ReviewState | null;
    reviewComment: string;
    /** The task × unit's evidence up to this month, oldest first. */
    evidence: ChecklistEvidence[];
    /** Its extension: the request in force or open, with its decision. */
    extension: {
      until: string;
      reason: string;
      state: ExtensionRequest['state'];
      comment: string;
      approvedUntil: string | null;
    } | null;
  };
  /** Without a unit in scope: every assigned unit's effective status. */
  units?: ChecklistUnitStatus[];
}

export interface Checklist {
  planTitle: string;
  docNumber: string;
  period: string;
  /** `2021年3月`. */
  periodLabel: string;
  unit: string | null;
  /** What the checklist covers, in words: `大气 · 二、推进机动车结构进一步优化 · 选定任务 3 项`. */
  scopeLabel: string;
  blocks: ChecklistBlock[];
}

export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The suggested PDF name: `督查清单-永乐店镇-2021-03.pdf` (characters file systems refuse become `_`). */
export function checklistFileName(scope: ChecklistScope): string {
  const parts = ['督查清单', scope.unit, scope.plan && planName(scope.plan), scope.section, scope.period]
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/\s+/g, '').slice(0, 40));
  return safeFileName(`${parts.join('-')}.pdf`, '督查清单.pdf');
}

export function scopeLabel(scope: ChecklistScope): string {
  const parts: string[] = [];
  if (scope.plan) parts.push(planName(scope.plan));
  if (scope.section) parts.push(scope.section);
  if (scope.taskIds?.length) parts.push(`选定任务 ${scope.taskIds.length} 项`);
  if (!parts.length) parts.push('全部任务');
  return parts.join(' · ');
}

export interface ChecklistSource {
  plan: Pick<PlanMeta, 'title' | 'docNumber'>;
  /** In plan order. */
  tasks: readonly Task[];
  /** The period's rows (shared/period-state.ts): every task × unit of the plan. */
  rows: readonly PeriodRow[];
  /** With a unit in scope: its evidence by (task, unit), every month (those after the period are left out). */
  evidence?: ReadonlyMap<RowKey, readonly Attachment[]>;
  /** Extension requests by (task, unit). */
  extensions?: ReadonlyMap<RowKey, readonly ExtensionRequest[]>;
}

export function buildChecklist(source: ChecklistSource, scope: ChecklistScope): Checklist {
  const wanted = scope.taskIds?.length ? new Set(scope.taskIds) : null;
  const inScope = source.tasks.filter(
    (t) =>
      (!scope.plan || t.plan === scope.plan) &&
      (!scope.section || t.section === scope.section) &&
      (!wanted || wanted.has(t.id)),
  );
  const base = (t: Task, completed: boolean): ChecklistBlock => {
    const state = deadlineStateForPeriod(t.deadline, scope.period, completed);
    return {
      taskId: t.id,
      label: taskLabel(t.id),
      planName: planName(t.plan),
      section: t.section,
      keyTask: t.keyTask,
      measures: splitParagraphs(t.measures),
      deadlineRaw: t.deadline.raw.replace(/\s+/g, ''),
      deadlineMeaning: deadlineMeaning(t.deadline),
      deadlineState: state,
      deadlineStateLabel: DEADLINE_STATE_LABELS[state],
      leaders: t.leaders,
      leadUnits: t.leadUnits,
      coUnits: t.coUnits,
    };
  };
  const rowsByTask = new Map<string, PeriodRow[]>();
  for (const r of source.rows) {
    const list = rowsByTask.get(r.task.id);
    if (list) list.push(r);
    else rowsByTask.set(r.task.id, [r]);
  }

  let blocks: ChecklistBlock[];
  if (scope.unit) {
    blocks = [];
    for (const task of inScope) {
      const row = rowsByTask.get(task.id)?.find((r) => r.unit === scope.unit);
      if (!row) continue;
      const key = rowKey(task.id, row.unit);
      const evidence = (source.evidence?.get(key) ?? [])
        .filter((a) => a.period <= scope.period)
        .sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : 0))
        .map((a) => ({
          name: a.name,
          date: a.addedAt.slice(0, 10),
          period: a.period,
          hash8: shortHash(a.sha256),
        }));
      const current = currentRequest(source.extensions?.get(key) ?? []);
      const block = base(task, row.progress.status === '已完成');
      blocks.push({
        ...block,
        // The state at the end of the month against the deadline in force (an approved extension's).
        deadlineState: row.deadlineState,
        deadlineStateLabel: DEADLINE_STATE_LABELS[row.deadlineState],
        mine: {
          role: row.role,
          progress: row.progress,
          reportedThisPeriod: row.ownReport,
          judgement: row.judgement,
          review: row.review,
          reviewComment: row.reviewComment,
          evidence,
          extension: current
            ? {
                until: current.until,
                reason: current.reason,
                state: current.state,
                comment: current.comment ?? '',
                approvedUntil: row.extension?.approvedUntil ?? null,
              }
            : null,
        },
      });
    }
  } else {
    blocks = inScope.map((t) => {
      const units: ChecklistUnitStatus[] = (rowsByTask.get(t.id) ?? []).map((r) => ({
        unit: r.unit,
        role: r.role,
        status: r.progress.status,
      }));
      const allDone = units.length > 0 && units.every((u) => u.status === '已完成' || u.status === '不涉及');
      return { ...base(t, allDone), units };
    });
  }

  return {
    planTitle: source.plan.title,
    docNumber: source.plan.docNumber,
    period: scope.period,
    periodLabel: periodLabel(scope.period),
    unit: scope.unit ?? null,
    scopeLabel: scopeLabel(scope),
    blocks,
  };
}

/** Units grouped by status in the fixed status order, then those with nothing filed: for a block without a unit. */
export function groupUnitsByStatus(units: readonly ChecklistUnitStatus[]): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const s of [...STATUSES, null] as const) {
    const names = units.filter((u) => u.status === s).map((u) => u.unit);
    if (names.length) out.push([s ?? '未填报', names]);
  }
  return out;
}

/**
 * The checklist scope for rows picked in the grid (a selected block, or every row the filters
 * show): their tasks, in grid order without repeats, and the unit when they all belong to one.
 */
export function checklistScopeForRows(
  rows: readonly { taskId: string; unit: string }[],
  period: string,
): ChecklistScope {
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  const units = new Set(rows.map((r) => r.unit));
  const unit = units.size === 1 ? [...units][0] : undefined;
  return unit ? { period, unit, taskIds } : { period, taskIds };
}
