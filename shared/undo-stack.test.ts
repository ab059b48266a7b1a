import { describe, expect, it } from 'vitest';
import {
  canRedo,
  canUndo,
  emptyUndoStack,
  pushStep,
  reapplyValues,
  redo,
  revertValues,
  undo,
  type CellChange,
  type UndoStep,
} from './undo-stack.ts';

const change = (field: CellChange['field'], old: unknown, value: unknown): CellChange => ({
  taskId: 'air-01',
  unit: '永乐店镇',
  period: '2021-03',
  field,
  old,
  new: value,
});
const edit = (n: number): UndoStep => ({ kind: 'edit', changes: [change('percent', n - 1, n)] });

describe('undo stack', () => {
  it('starts empty', () => {
    const s = emptyUndoStack();
    expect(canUndo(s)).toBe(false);
    expect(canRedo(s)).toBe(false);
    expect(undo(s)).toBeNull();
    expect(redo(s)).toBeNull();
  });

  it('undoes and redoes in order', () => {
    let s = pushStep(pushStep(emptyUndoStack(), edit(1)), edit(2));
    const u1 = undo(s);
    expect(u1?.step).toEqual(edit(2));
    s = u1!.stack;
    const u2 = undo(s);
    expect(u2?.step).toEqual(edit(1));
    s = u2!.stack;
    expect(canUndo(s)).toBe(false);
    const r1 = redo(s);
    expect(r1?.step).toEqual(edit(1));
    expect(redo(r1!.stack)?.step).toEqual(edit(2));
  });

  it('a new step after an undo drops the redo branch', () => {
    let s = pushStep(pushStep(emptyUndoStack(), edit(1)), edit(2));
    s = undo(s)!.stack;
    s = pushStep(s, edit(3));
    expect(canRedo(s)).toBe(false);
    expect(s.steps).toEqual([edit(1), edit(3)]);
  });

  it('ignores empty steps and keeps at most `limit` steps', () => {
    let s = pushStep(emptyUndoStack(), { kind: 'paste', changes: [] });
    expect(s.steps).toHaveLength(0);
    for (let i = 1; i <= 5; i++) s = pushStep(s, edit(i), 3);
    expect(s.steps).toEqual([edit(3), edit(4), edit(5)]);
    expect(s.cursor).toBe(3);
  });

  it('a paste step is reverted as one, last change first, and re-applied in order', () => {
    const step: UndoStep = {
      kind: 'paste',
      changes: [
        change('status', null, '推进中'),
        change('percent', null, 50),
        change('progress', '', '已部署'),
      ],
    };
    expect(revertValues(step).map((w) => [w.change.field, w.value])).toEqual([
      ['progress', ''],
      ['percent', null],
      ['status', null],
    ]);
    expect(reapplyValues(step).map((w) => [w.change.field, w.value])).toEqual([
      ['status', '推进中'],
      ['percent', 50],
      ['progress', '已部署'],
    ]);
  });
});
