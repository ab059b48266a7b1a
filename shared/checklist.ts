// The inspection checklist (督查清单): which tasks an inspector takes on site and what to print for
// each — for a unit, a plan, a section, a list of task ids, or a combination of these, in a period.
// One block per task: id, key task, the full measures text in paragraphs, the deadline (raw and
// meaning, and where it stands at the end of the period), lead and co-units; for a unit, its role
// and its effective status and progress text; without a unit, every assigned unit's status. Pure.

import { allAssignments, resolutionMap } from './assignments.ts';
import {
  DEADLINE_STATE_LABELS,
  deadlineStateForPeriod,
  periodLabel,
  type DeadlineState,
} from './deadline.ts';
import { deadlineMeaning } from './deadline-words.ts';
import type { Ledger } from './ledger-file.ts';
import { effectiveProgress, ReportIndex } from './ledger-ops.ts';
import { planName, STATUSES, taskLabel, type PlanId, type ProgressFields, type Status } from './model.ts';
import { tasksForUnit, UnitIndex, type UnitRole } from './registry.ts';
import { safeFileName } from './safe-file-name.ts';
import { importedUnits } from './period-summary.ts';
import { judgeSchedule, type ScheduleJudgement } from './schedule.ts';

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

export function buildChecklist(
  ledger: Pick<Ledger, 'plan' | 'units' | 'reports' | 'groupResolutions' | 'imports'>,
  scope: ChecklistScope,
): Checklist {
  const { plan } = ledger;
  const index = new ReportIndex(ledger.reports);
  const wanted = scope.taskIds?.length ? new Set(scope.taskIds) : null;
  const inScope = plan.tasks.filter(
    (t) =>
      (!scope.plan || t.plan === scope.plan) &&
      (!scope.section || t.section === scope.section) &&
      (!wanted || wanted.has(t.id)),
  );
  const base = (t: (typeof inScope)[number], completed: boolean): ChecklistBlock => {
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

  let blocks: ChecklistBlock[];
  if (scope.unit) {
    const unitTasks = tasksForUnit(
      inScope,
      new UnitIndex(ledger.units),
      scope.unit,
      resolutionMap(ledger.groupResolutions),
    );
    blocks = unitTasks.map(({ task, role }) => {
      const progress = effectiveProgress(index, task.id, scope.unit as string, scope.period);
      const reportedThisPeriod = index.get(task.id, scope.unit as string, scope.period) !== undefined;
      return {
        ...base(task, progress.status === '已完成'),
        mine: {
          role,
          progress,
          reportedThisPeriod,
          judgement: judgeSchedule(
            task.deadline,
            scope.period,
            plan.year,
            progress,
            reportedThisPeriod || importedUnits(ledger.imports, scope.period).has(scope.unit as string),
          ),
        },
      };
    });
  } else {
    const byTask = new Map<string, ChecklistUnitStatus[]>();
    for (const a of allAssignments(inScope, ledger.units, ledger.groupResolutions)) {
      const list = byTask.get(a.task.id) ?? [];
      list.push({
        unit: a.unit,
        role: a.role,
        status: effectiveProgress(index, a.task.id, a.unit, scope.period).status,
      });
      byTask.set(a.task.id, list);
    }
    blocks = inScope.map((t) => {
      const units = byTask.get(t.id) ?? [];
      const allDone = units.length > 0 && units.every((u) => u.status === '已完成' || u.status === '不涉及');
      return { ...base(t, allDone), units };
    });
  }

  return {
    planTitle: plan.title,
    docNumber: plan.docNumber,
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
