// Use case: cells typed or pasted in the grid, and the grid's own undo and redo. Every value is
// checked by the field's rule (a renderer bug or a hostile page can not store 120 % or a status that
// is not on the list); a value equal to the current one changes nothing. Undo and redo are guarded:
// a cell whose value is no longer the one the step left (changed since, e.g. by an import) is not
// overwritten but handed back in `skipped` for the user.

import { validFieldValue } from '../merge/apply-merge.ts';
import { sameFieldValue, type ManualSource, type ProgressField } from '../model.ts';
import type { CellChange } from '../undo-stack.ts';
import type { ReportRef } from '../keys.ts';
import type { Decision } from './change-set.ts';
import type { LedgerReader, UseCaseContext } from './read-port.ts';
import { WorkingCopy } from './working-copy.ts';

export interface CellWrite extends ReportRef {
  field: ProgressField;
  value: unknown;
  /** Undo/redo: the value the field must still hold for the write to apply. */
  expected?: unknown;
}

export interface EditResult {
  /** What changed (old → new), in order: what the undo stack records. */
  applied: CellChange[];
  /** Guarded writes left alone because the field changed since. */
  skipped: CellWrite[];
  /** Values the field's rule refuses (Chinese message): nothing written for them. */
  invalid: { write: CellWrite; message: string }[];
}

export async function editCells(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: { writes: readonly CellWrite[]; source: Extract<ManualSource, 'edit' | 'paste' | 'undo' | 'redo'> },
): Promise<Decision<EditResult>> {
  const wc = new WorkingCopy(reader, ctx);
  await wc.prepare(input.writes);
  const result: EditResult = { applied: [], skipped: [], invalid: [] };
  for (const w of input.writes) {
    const problem = validFieldValue(w.field, w.value);
    if (problem) {
      result.invalid.push({ write: w, message: problem });
      continue;
    }
    if ('expected' in w && !sameFieldValue(wc.effective(w)[w.field], w.expected)) {
      result.skipped.push(w);
      continue;
    }
    const entry = wc.set(w, w.field, w.value, input.source);
    if (entry)
      result.applied.push({
        taskId: entry.taskId,
        unit: entry.unit,
        period: entry.period,
        field: w.field,
        old: entry.old,
        new: entry.new,
      });
  }
  return { changes: wc.toChangeSet(), result };
}
