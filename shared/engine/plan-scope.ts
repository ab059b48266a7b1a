// Where the ledger's several plans meet the workbooks. A workbook, its manifest and a kept layout
// mapping speak plan-local task ids (`air-03`) and name their plan (manifest.planId): so the return
// codec, the merge and the mapping code know nothing of plans. The engine crosses that line here —
// it hands them a plan's tasks with local ids, and qualifies the ids they hand back with the plan
// the file belongs to (shared/plan-ids.ts) — and decides which plan that is: the manifest's, else
// the one a person chose.

import type { PlanMeta, Task } from '../model.ts';
import { choosePlan, localTaskId, qualifyTaskId } from '../plan-ids.ts';
import type { ReadResult } from '../workbook/read-workbook.ts';

/** A plan's tasks as the workbook and mapping layers see them: plan-local ids (`air-03`). */
export function localTasks(tasks: readonly Task[]): Task[] {
  return tasks.map((t) => (t.id.includes('.') ? { ...t, id: localTaskId(t.id) } : t));
}

/** A read return with its task ids (rows and manifest rows) qualified for `plan`. */
export function qualifyRead(read: ReadResult, plan: Pick<PlanMeta, 'id' | 'bareIds'>): ReadResult {
  if (plan.bareIds) return read;
  const q = (id: string) => (id.includes('.') ? id : qualifyTaskId(plan, id));
  return {
    ...read,
    rows: read.rows.map((r) => ({ ...r, taskId: q(r.taskId) })),
    manifest: read.manifest
      ? { ...read.manifest, rows: read.manifest.rows.map((r) => ({ ...r, taskId: q(r.taskId) })) }
      : null,
  };
}

/**
 * The plan a returned file belongs to: the one its manifest names (undefined when the ledger lacks
 * it — the file is refused, never read into another plan), else the one chosen for it.
 */
export function planOfReturn<P extends Pick<PlanMeta, 'id'>>(
  plans: readonly P[],
  read: Pick<ReadResult, 'manifest'>,
  chosen: string | null | undefined,
): P | undefined {
  const named = read.manifest?.planId ?? chosen;
  return plans.find((p) => p.id === named);
}

/**
 * The plan a command works on when none is named: the newest plan of the period's year (a month of
 * 2022 is the 2022 plan's), else the newest plan.
 */
export function defaultPlanFor<P extends Pick<PlanMeta, 'id' | 'year'>>(
  plans: readonly P[],
  period?: string | null,
): P | undefined {
  const year = period ? Number(period.slice(0, 4)) : NaN;
  const ofYear = plans.filter((p) => p.year === year);
  return choosePlan(ofYear.length ? ofYear : plans, null);
}
