// Task ids when a ledger holds several plans (docs/design.md §17). A plan's own numbering is
// plan-local (`air-03`: 大气 task 3); a ledger id qualifies it with the plan's id —
// `tongzhou-2022.air-03` — except in the plan the ledger began with, whose ids stay bare (`air-03`),
// so every report, audit entry, batch, resolution and workbook manifest written before there were
// several plans keeps meaning what it meant. Workbooks and their manifests always carry plan-local
// ids and name their plan (manifest.planId): a ledger qualifies them when it reads them.
//
// A plan id is lower-case letters, digits and hyphens (never `.` or `|`), so the first `.` of a task
// id ends its plan id, and no id can hold the key separator of shared/keys.ts.

import type { PlanMeta } from './model.ts';

export const PLAN_ID_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** A plan-local id: `air-03`. */
export const LOCAL_TASK_ID_RE = /^(air|water|soil)-\d{2,}$/;

/** Any ledger task id: `air-03` or `tongzhou-2022.air-03`. */
export const TASK_ID_RE = /^(?:[a-z0-9][a-z0-9-]{0,31}\.)?(air|water|soil)-\d{2,}$/;

export function isPlanDocumentId(value: unknown): value is string {
  return typeof value === 'string' && PLAN_ID_RE.test(value);
}

/** The ledger id of a plan's task: `air-03` in the plan with bare ids, else `<plan>.air-03`. */
export function qualifyTaskId(plan: Pick<PlanMeta, 'id' | 'bareIds'>, localId: string): string {
  return plan.bareIds ? localId : `${plan.id}.${localId}`;
}

/** `tongzhou-2022.air-03` → `air-03`; a bare id is already local. */
export function localTaskId(taskId: string): string {
  const dot = taskId.indexOf('.');
  return dot === -1 ? taskId : taskId.slice(dot + 1);
}

/** The plan a task id names (`tongzhou-2022`), or null for a bare id (the ledger's first plan). */
export function planPrefixOf(taskId: string): string | null {
  const dot = taskId.indexOf('.');
  return dot === -1 ? null : taskId.slice(0, dot);
}

/** The plan of a task id, among `plans`: the prefixed one, or the plan with bare ids. */
export function planOfTaskId<P extends Pick<PlanMeta, 'id' | 'bareIds'>>(
  plans: readonly P[],
  taskId: string,
): P | undefined {
  const prefix = planPrefixOf(taskId);
  return plans.find((p) => (prefix === null ? p.bareIds === true : p.id === prefix && !p.bareIds));
}

/** Plans oldest first: by year, then by id (the order of the plan picker and `taizhang plan list`). */
export function comparePlans(a: Pick<PlanMeta, 'year' | 'id'>, b: Pick<PlanMeta, 'year' | 'id'>): number {
  return a.year - b.year || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The plan a view opens on: the one asked for if it exists, else the newest. */
export function choosePlan<P extends Pick<PlanMeta, 'year' | 'id'>>(
  plans: readonly P[],
  wanted: string | null | undefined,
): P | undefined {
  return plans.find((p) => p.id === wanted) ?? [...plans].sort(comparePlans).at(-1);
}

/**
 * What a file name adds to tell this plan's return from another's: the plan id when the ledger
 * holds another plan of the same year (two plans' returns of one unit and month would otherwise be
 * named alike and overwrite each other in a folder), else nothing.
 */
export function planFileTag(
  plans: readonly Pick<PlanMeta, 'id' | 'year'>[],
  planId: string,
): string | undefined {
  const year = plans.find((p) => p.id === planId)?.year;
  return plans.some((p) => p.id !== planId && p.year === year) ? planId : undefined;
}
