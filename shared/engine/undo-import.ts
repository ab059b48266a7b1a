// Use case: undo an import batch (shared/undo-plan.ts holds the rule): every field the batch changed
// goes back to its value before the batch unless it was changed again since (then it is left alone
// and listed), reports the batch created that nothing else touched are removed again, and the batch
// is marked undone — so the same file may be imported again. Audited as `undo:<batch>`.
// A history batch (one month of the master ledger) wrote several units' reports: their trails are
// read unit by unit (`batch.units`).

import type { ReportRef } from '../keys.ts';
import { undoSource, type ImportBatch } from '../model.ts';
import { planUndo, reportsToRemoveOnUndo, type UndoSkip } from '../undo-plan.ts';
import type { Decision } from './change-set.ts';
import type { LedgerReader, UseCaseContext } from './read-port.ts';
import { WorkingCopy } from './working-copy.ts';

export interface UndoImportResult {
  batch: ImportBatch;
  restored: number;
  /** Fields changed again after the batch: left as they are. */
  skipped: UndoSkip[];
  /** Reports the batch created that nothing else touched: removed again. */
  removed: ReportRef[];
}

export class UndoRefused extends Error {
  constructor(
    readonly userMessage: string,
    log: string,
  ) {
    super(log);
  }
}

export async function undoImport(
  reader: LedgerReader,
  ctx: UseCaseContext,
  batchId: string,
): Promise<Decision<UndoImportResult>> {
  const batch = await reader.importBatch(batchId);
  if (!batch) throw new UndoRefused('找不到这次导入记录。', `no import batch ${batchId}`);
  if (batch.undoneAt)
    throw new UndoRefused(
      '这次导入已经撤销过了。',
      `import batch ${batchId} was already undone at ${batch.undoneAt}`,
    );
  const trail = (
    await Promise.all((batch.units ?? [batch.unit]).map((unit) => reader.auditOf(unit, batch.period)))
  ).flat();
  const wc = new WorkingCopy(reader, ctx);
  const refs = new Map<string, ReportRef>();
  for (const e of trail)
    if (e.source === `import:${batchId}`)
      refs.set(`${e.taskId}|${e.unit}`, { taskId: e.taskId, unit: e.unit, period: e.period });
  await wc.prepare(refs.values());
  const plan = planUndo(
    trail,
    batchId,
    (taskId, unit, period, field) => wc.own({ taskId, unit, period })?.[field],
  );
  for (const c of plan.changes) wc.set(c, c.field, c.value, undoSource(batchId));
  const removed = reportsToRemoveOnUndo(batch.before, [...trail, ...wc.audit()], batchId);
  for (const r of removed) wc.remove(r);
  const changes = wc.toChangeSet();
  const undone: ImportBatch = { ...batch, undoneAt: ctx.at };
  delete undone.openConflicts;
  changes.imports.push(undone);
  return {
    changes,
    result: { batch: undone, restored: wc.audit().length, skipped: plan.skipped, removed },
  };
}
