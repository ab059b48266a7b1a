// The rule for undoing an import batch, on plain data: every field the batch changed goes back to the
// value it had before the batch (the `old` of the batch's first audit entry for that field), unless
// it was changed again since — then it is left alone and listed. A report the batch created (its
// before-image is null) that nothing but the batch and its undo touched is removed again, so the
// period reads as "not reported" as it did before the import. Pure; the undo use case
// (shared/engine/undo-import.ts) applies it whichever store holds the ledger.

import {
  isProgressAuditField,
  sameFieldValue,
  type AuditEntry,
  type ImportBatch,
  type ProgressField,
} from './model.ts';

/** One field to set: the undo's restores. */
export interface FieldChange {
  taskId: string;
  unit: string;
  period: string;
  field: ProgressField;
  value: unknown;
}

export interface UndoSkip {
  taskId: string;
  unit: string;
  period: string;
  field: ProgressField;
  /** The value the ledger holds now. */
  current: unknown;
  /** The value the batch left. */
  batchValue: unknown;
}

export interface UndoPlan {
  /** Field restores to apply, audited as `undo:<batch>`. */
  changes: FieldChange[];
  skipped: UndoSkip[];
}

const key = (e: Pick<AuditEntry, 'taskId' | 'unit' | 'period'>, field: string) =>
  `${e.taskId}|${e.unit}|${e.period}|${field}`;

/**
 * Plan the undo of batch `batchId` from the audit trail (any order; only the batch's entries are
 * used) and the current values. `current` answers undefined for a report that does not exist.
 */
export function planUndo(
  audit: readonly AuditEntry[],
  batchId: string,
  current: (taskId: string, unit: string, period: string, field: ProgressField) => unknown,
): UndoPlan {
  const source = `import:${batchId}`;
  const entries = audit
    .filter((e) => e.source === source && isProgressAuditField(e.field))
    .map((e, i) => ({ e, i }))
    // Chronological, ties in trail order: `first` is the value before the batch, `last` what it left.
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i))
    .map(({ e }) => e);
  const byField = new Map<string, { first: AuditEntry; last: AuditEntry }>();
  for (const e of entries) {
    const k = key(e, e.field);
    const seen = byField.get(k);
    byField.set(k, { first: seen?.first ?? e, last: e });
  }
  const plan: UndoPlan = { changes: [], skipped: [] };
  for (const { first, last } of byField.values()) {
    const field = first.field as ProgressField;
    const now = current(first.taskId, first.unit, first.period, field);
    if (!sameFieldValue(now, last.new)) {
      plan.skipped.push({
        taskId: first.taskId,
        unit: first.unit,
        period: first.period,
        field,
        current: now,
        batchValue: last.new,
      });
      continue;
    }
    plan.changes.push({
      taskId: first.taskId,
      unit: first.unit,
      period: first.period,
      field,
      value: first.old,
    });
  }
  return plan;
}

export interface ReportRef {
  taskId: string;
  unit: string;
  period: string;
}

/**
 * After the undo's restores are in `audit`: the reports the batch created that no other change
 * touched (every audit entry on them is the batch's or its undo's). The undo removes them.
 */
export function reportsToRemoveOnUndo(
  before: ImportBatch['before'],
  audit: readonly AuditEntry[],
  batchId: string,
): ReportRef[] {
  const created = new Map<string, ReportRef>();
  for (const b of before)
    if (b.report === null) created.set(key(b, ''), { taskId: b.taskId, unit: b.unit, period: b.period });
  const ours = new Set([`import:${batchId}`, `undo:${batchId}`]);
  for (const e of audit) if (!ours.has(e.source)) created.delete(key(e, ''));
  return [...created.values()];
}
