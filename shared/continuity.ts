// Continuity: a task of this year's plan that continues one of last year's (长期 tasks carry over).
// Two rules, one place:
//  - carry-forward: a (task, unit) with no report of its own up to a month starts from the continued
//    task's latest report before that month for the same unit — and so on back along the chain —
//    as the carried values (never its fill date). Every store's reportsAsOf applies this through
//    `continueAnswers`, so the grid, the dashboard, the workbook's base values and the first edit of
//    the month all start from last year's final state;
//  - last year's final state: the continued task's newest report for the unit, shown beside this
//    year's in the grid and the detail panel (`finalStates`).
// Links are data (ledger.taskLinks), confirmed by a person; suggestions come from
// shared/plan-import/continuity-suggest.ts.

import { previousPeriod } from './deadline.ts';
import { rowKey, rowKeyOf, type RowKey, type RowRef } from './keys.ts';
import type { Period, ProgressReport, TaskLink } from './model.ts';

/** How far back a chain of links is followed (a ledger refuses longer ones: ledger-file.ts). */
export const MAX_CHAIN = 50;

export type ReadAsOf = (period: Period, pairs: readonly RowRef[]) => Promise<Map<RowKey, ProgressReport>>;

/** taskId → the task it continues. */
export function linkMap(links: readonly TaskLink[]): Map<string, string> {
  return new Map(links.map((l) => [l.taskId, l.continues]));
}

/**
 * Fill `found` (the store's own answers for `pairs` as of `period`) for pairs without one whose task
 * continues another: the continued task's latest report before `period` for the same unit, then its
 * own predecessor's, and so on. One read per step back along the chains, not per pair.
 */
export async function continueAnswers(
  period: Period,
  pairs: readonly RowRef[],
  found: Map<RowKey, ProgressReport>,
  links: ReadonlyMap<string, string>,
  readAsOf: ReadAsOf,
): Promise<void> {
  if (links.size === 0) return;
  /** The pair asked → the earlier pair to look at now. */
  let pending = new Map<RowKey, RowRef>();
  for (const p of pairs) {
    const key = rowKeyOf(p);
    const earlier = links.get(p.taskId);
    if (!found.has(key) && earlier !== undefined) pending.set(key, { taskId: earlier, unit: p.unit });
  }
  const before = previousPeriod(period);
  for (let step = 0; pending.size > 0 && step < MAX_CHAIN; step++) {
    const answers = await readAsOf(before, [...pending.values()]);
    const next = new Map<RowKey, RowRef>();
    for (const [key, earlier] of pending) {
      const r = answers.get(rowKeyOf(earlier));
      if (r) found.set(key, r);
      else {
        const further = links.get(earlier.taskId);
        if (further !== undefined) next.set(key, { taskId: further, unit: earlier.unit });
      }
    }
    pending = next;
  }
}

/** Last year's state beside this year's: the continued task, and its newest report for the unit. */
export interface ContinuedState {
  /** The task continued (ledger id). */
  from: string;
  report: ProgressReport | null;
}

/**
 * For each pair whose task continues another: that task and its newest report for the same unit
 * (any month), or null when the unit never reported it. Pairs whose task continues nothing are absent.
 */
export async function finalStates(
  pairs: readonly RowRef[],
  links: ReadonlyMap<string, string>,
  readAsOf: ReadAsOf,
): Promise<Map<RowKey, ContinuedState>> {
  const out = new Map<RowKey, ContinuedState>();
  const asked: RowRef[] = [];
  const by = new Map<RowKey, RowKey>();
  for (const p of pairs) {
    const from = links.get(p.taskId);
    if (from === undefined) continue;
    const earlier = { taskId: from, unit: p.unit };
    out.set(rowKeyOf(p), { from, report: null });
    by.set(rowKeyOf(p), rowKey(from, p.unit));
    asked.push(earlier);
  }
  if (asked.length === 0) return out;
  const answers = await readAsOf('9999-12', asked);
  for (const [key, state] of out) state.report = answers.get(by.get(key) as RowKey) ?? null;
  return out;
}
