// A month of one plan's read model (shared/period-state.ts) from a ledger held in memory: what the
// CLI's district summary and documents and the tests use. The app builds the same state from its
// period cache.

import { allAssignments, unitsInOrder } from '../assignments.ts';
import { ledgerPlan, type Ledger } from '../ledger.ts';
import type { Period } from '../model.ts';
import { buildPeriodState, type PeriodState } from '../period-state.ts';
import { sortTasks } from '../task-view.ts';
import { MemoryLedgerStore } from './memory-store.ts';

export async function periodStateOf(ledger: Ledger, planId: string, period: Period): Promise<PeriodState> {
  const plan = ledgerPlan(ledger, planId);
  const assignments = allAssignments(sortTasks(plan.tasks), ledger.units, ledger.groupResolutions);
  const slice = await new MemoryLedgerStore(ledger).periodSlice(
    planId,
    period,
    assignments.map((a) => ({ taskId: a.task.id, unit: a.unit })),
  );
  return buildPeriodState(
    assignments,
    slice,
    plan.year,
    ledger.settings.returnDueDay,
    unitsInOrder(ledger.units, assignments),
  );
}
