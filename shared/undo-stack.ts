// The grid's undo/redo history as pure, immutable data: a list of steps (one edit, or one whole
// paste) and a cursor. Undo hands back the step to revert (apply each change's `old`), redo the step
// to re-apply (each change's `new`). A new step after an undo drops the undone steps, as every
// editor does. The renderer keeps one of these per session and writes the changes through the
// repository (audited as 'undo' / 'redo').

import type { ProgressField } from './model.ts';

export interface CellChange {
  taskId: string;
  unit: string;
  period: string;
  field: ProgressField;
  old: unknown;
  new: unknown;
}

export interface UndoStep {
  /** What made the step: a single edit or a paste of a block. */
  kind: 'edit' | 'paste';
  changes: readonly CellChange[];
}

export interface UndoStack {
  readonly steps: readonly UndoStep[];
  /** Number of steps currently applied: steps[0..cursor) can be undone, steps[cursor..] redone. */
  readonly cursor: number;
}

export const DEFAULT_UNDO_LIMIT = 200;

export function emptyUndoStack(): UndoStack {
  return { steps: [], cursor: 0 };
}

/** Record a step just applied. Steps with no changes are not recorded. Oldest steps beyond `limit` go. */
export function pushStep(stack: UndoStack, step: UndoStep, limit = DEFAULT_UNDO_LIMIT): UndoStack {
  if (step.changes.length === 0) return stack;
  const steps = [...stack.steps.slice(0, stack.cursor), step];
  const dropped = Math.max(0, steps.length - limit);
  return { steps: steps.slice(dropped), cursor: steps.length - dropped };
}

export const canUndo = (stack: UndoStack): boolean => stack.cursor > 0;
export const canRedo = (stack: UndoStack): boolean => stack.cursor < stack.steps.length;

/** The step to revert and the stack after it, or null when there is nothing to undo. */
export function undo(stack: UndoStack): { step: UndoStep; stack: UndoStack } | null {
  if (!canUndo(stack)) return null;
  const step = stack.steps[stack.cursor - 1] as UndoStep;
  return { step, stack: { steps: stack.steps, cursor: stack.cursor - 1 } };
}

/** The step to re-apply and the stack after it, or null when there is nothing to redo. */
export function redo(stack: UndoStack): { step: UndoStep; stack: UndoStack } | null {
  if (!canRedo(stack)) return null;
  const step = stack.steps[stack.cursor] as UndoStep;
  return { step, stack: { steps: stack.steps, cursor: stack.cursor + 1 } };
}

/** The writes that revert a step: each change's old value, last change first. */
export function revertValues(step: UndoStep): { change: CellChange; value: unknown }[] {
  return [...step.changes].reverse().map((change) => ({ change, value: change.old }));
}

/** The writes that re-apply a step: each change's new value, in order. */
export function reapplyValues(step: UndoStep): { change: CellChange; value: unknown }[] {
  return step.changes.map((change) => ({ change, value: change.new }));
}
