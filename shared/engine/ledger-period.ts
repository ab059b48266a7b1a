// A month's read model (shared/period-state.ts) from a ledger held in memory: what the CLI's
// district summary and the tests use. The app builds the same state from its period cache.

import { allAssignments, unitsInOrder } from '../assignments.ts';
import type { Ledger } from '../ledger.ts';
import type { Period } from '../model.ts';
import { buildPeriodState, type PeriodState } from '../period-state.ts';
import { MemoryLedgerStore } from './memory-store.ts';

export async function periodStateOf(ledger: Ledger, period: Period): Promise<PeriodState> {
  const assignments = allAssignments(ledger.plan.tasks, ledger.units, ledger.groupResolutions);
  const slice = await new MemoryLedgerStore(ledger).periodSlice(
    period,
    assignments.map((a) => ({ taskId: a.task.id, unit: a.unit })),
  );
  return buildPeriodState(
    assignments,
    slice,
    ledger.plan.year,
    ledger.settings.returnDueDay,
    unitsInOrder(ledger.units, assignments),
  );
}
