import { describe, expect, it } from 'vitest';
import { emptyProgress, type AuditEntry } from './model.ts';
import { planUndo, reportsToRemoveOnUndo } from './undo-plan.ts';

const entry = (
  id: string,
  at: string,
  source: string,
  field: AuditEntry['field'],
  old: unknown,
  next: unknown,
): AuditEntry => ({
  id,
  at,
  who: 'x',
  source: source as AuditEntry['source'],
  taskId: 'air-01',
  unit: '永乐店镇',
  period: '2021-03',
  field,
  old,
  new: next,
});

describe('planUndo', () => {
  it('restores each field to its value before the batch, skipping fields changed since, ignoring other sources', () => {
    const audit = [
      entry('3', '2021-03-03', 'edit', 'status', '推进中', '已完成'),
      entry('1', '2021-03-02', 'import:b', 'status', null, '推进中'),
      entry('2', '2021-03-02', 'import:b', 'percent', null, 40),
      entry('4', '2021-03-01', 'import:a', 'progress', '', '甲'),
    ];
    const now: Record<string, unknown> = { status: '已完成', percent: 40 };
    const plan = planUndo(audit, 'b', (_t, _u, _p, field) => now[field]);
    expect(plan.changes).toEqual([
      { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: null },
    ]);
    expect(plan.skipped).toEqual([
      {
        taskId: 'air-01',
        unit: '永乐店镇',
        period: '2021-03',
        field: 'status',
        current: '已完成',
        batchValue: '推进中',
      },
    ]);
  });

  it('uses the first old value and the last new value when a batch touched a field twice', () => {
    // Listed out of order: the trail is sorted by time first.
    const audit = [
      entry('2', '2021-03-02T03:00:00Z', 'import:b', 'percent', 40, 60),
      entry('1', '2021-03-02T02:00:00Z', 'import:b', 'percent', 10, 40),
    ];
    expect(planUndo(audit, 'b', () => 60).changes).toEqual([
      { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: 10 },
    ]);
    // The value the batch left (60) was changed since: skipped.
    expect(planUndo(audit, 'b', () => 40).skipped).toHaveLength(1);
  });

  it('removes a report the batch created only when nothing else touched it', () => {
    const ref = { taskId: 'air-01', unit: '永乐店镇', period: '2021-03' };
    const before = [{ ...ref, report: null }];
    const batchOnly = [
      entry('1', '2021-03-02', 'import:b', 'status', null, '推进中'),
      entry('2', '2021-03-04', 'undo:b', 'status', '推进中', null),
    ];
    expect(reportsToRemoveOnUndo(before, batchOnly, 'b')).toEqual([ref]);
    const edited = [...batchOnly, entry('3', '2021-03-03', 'edit', 'progress', '', '甲')];
    expect(reportsToRemoveOnUndo(before, edited, 'b')).toEqual([]);
    // A report that existed before the batch is never removed.
    const existed = [
      { ...ref, report: { ...ref, ...emptyProgress(), updatedAt: '2021-03-01', updatedBy: 'x' } },
    ];
    expect(reportsToRemoveOnUndo(existed, batchOnly, 'b')).toEqual([]);
  });
});
