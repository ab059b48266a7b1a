// Use case: undo an import batch (shared/undo-plan.ts holds the rule): every field the batch changed
// goes back to its value before the batch unless it was changed again since (then it is left alone
// and listed), reports the batch created that nothing else touched are removed again, and the batch
// is marked undone — so the same file may be imported again. Audited as `undo:<batch>`.
// A history batch (one month of the master ledger) wrote several units' reports: their trails are
// read unit by unit (`batch.units`).

import type { ReportRef } from '../keys.ts';
import { undoSource, type ImportBatch } from '../model.ts';
import { planUndo, reportsToRemoveOnUndo, type UndoSkip } from '../undo-plan.ts';
import type { ChangeSet, Decision } from './change-set.ts';
import { reportKey, reportKeyOf } from '../keys.ts';
import type { AuditEntry } from '../model.ts';
import { attachmentValue } from './evidence-cases.ts';
import { auditEntry, type LedgerReader, type UseCaseContext } from './read-port.ts';
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
  await undoBatchExtras(reader, ctx, batch, trail, changes);
  const undone: ImportBatch = { ...batch, undoneAt: ctx.at };
  delete undone.openConflicts;
  changes.imports.push(undone);
  return {
    changes,
    result: { batch: undone, restored: wc.audit().length, skipped: plan.skipped, removed },
  };
}

/**
 * What a batch did besides fields, undone: the evidence it attached is removed (a link removed
 * since is left alone), the extension requests it made are withdrawn while still undecided, and the
 * reviews it put back to 待审核 get their earlier state again while nobody reviewed them since.
 */
async function undoBatchExtras(
  reader: LedgerReader,
  ctx: UseCaseContext,
  batch: ImportBatch,
  trail: readonly AuditEntry[],
  changes: ChangeSet,
): Promise<void> {
  const source = `import:${batch.id}`;
  const mine = trail.filter((e) => e.source === source);
  const log = (e: Omit<AuditEntry, 'id' | 'at' | 'who' | 'source'>) =>
    changes.audit.push(auditEntry(ctx, undoSource(batch.id), e));
  // Evidence.
  const attached = await reader.attachments({ unit: batch.unit, period: batch.period });
  for (const a of attached) {
    if (a.source !== source) continue;
    changes.attachments.delete.push({ id: a.id, period: a.period });
    log({
      taskId: a.taskId,
      unit: a.unit,
      period: a.period,
      field: 'attachment',
      old: attachmentValue(a),
      new: null,
    });
  }
  // Extension requests made by the batch, still 待批准.
  const made = new Set(
    mine
      .filter((e) => e.field === 'extension' && e.old === null)
      .map((e) => (e.new as { id?: string } | null)?.id)
      .filter((id): id is string => typeof id === 'string'),
  );
  if (made.size > 0)
    for (const r of await reader.extensions()) {
      if (!made.has(r.id) || r.state !== '待批准') continue;
      changes.extensions.delete.push({ id: r.id, period: r.period });
      log({
        taskId: r.taskId,
        unit: r.unit,
        period: r.period,
        field: 'extension',
        old: { id: r.id, state: r.state, until: r.until, reason: r.reason, comment: r.comment ?? '' },
        new: null,
      });
    }
  // Reviews the batch reset.
  const resets = mine.filter((e) => e.field === 'review');
  if (resets.length > 0) {
    const now = await reader.reviews(
      resets.map((e) => ({ taskId: e.taskId, unit: e.unit, period: e.period })),
    );
    for (const e of resets) {
      const current = now.get(reportKey(e.taskId, e.unit, e.period));
      const old = e.old as { state: '待审核' | '已审核' | '退回'; comment: string };
      if (!current || current.state !== '待审核' || current.at !== e.at) continue;
      const back = { ...current, state: old.state, comment: old.comment, by: ctx.who, at: ctx.at };
      if (changes.reviews.some((r) => reportKeyOf(r) === reportKeyOf(back))) continue;
      changes.reviews.push(back);
      log({
        taskId: e.taskId,
        unit: e.unit,
        period: e.period,
        field: 'review',
        old: { state: current.state, comment: current.comment },
        new: { state: old.state, comment: old.comment },
      });
    }
  }
}
