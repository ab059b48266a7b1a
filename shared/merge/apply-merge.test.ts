import { describe, expect, it } from 'vitest';
import { taskId, type ProgressFields } from '../model.ts';
import { exportReturnWorkbook, type ExportInput } from '../workbook/export-workbook.ts';
import { readReturnWorkbook } from '../workbook/read-workbook.ts';
import { PLAN, editWorkbook, fields, makeTask, rowOf } from '../workbook/test-helpers.ts';
import { applyMergePlan, validFieldValue, type Resolution } from './apply-merge.ts';
import { planMerge, type MergePlan } from './plan-merge.ts';
import { identifyReturn } from '../file-identity.ts';
import { fieldKey, type FieldKey } from '../keys.ts';
import { UnitIndex, UNIT_REGISTRY } from '../registry.ts';

const EXPECTED = { unit: '永乐店镇', period: '2021-03', planId: PLAN.id };

function basePlan(over: Partial<MergePlan> = {}): MergePlan {
  return {
    fileName: 'f.xlsx',
    fileSha256: 'f'.repeat(64),
    ...EXPECTED,
    exportId: 'exp-1',
    hasManifest: true,
    alreadyImported: false,
    rejection: null,
    updates: [],
    conflicts: [],
    rejected: [],
    warnings: [],
    rows: [],
    counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
    ...over,
  };
}

describe('applyMergePlan', () => {
  const ours = new Map<string, ProgressFields | undefined>([
    ['air-01', fields({ status: '未启动', progress: 'B' })],
    ['air-02', undefined],
  ]);
  const plan = basePlan({
    updates: [
      { taskId: 'air-01', field: 'status', from: '未启动', to: '推进中' },
      { taskId: 'air-02', field: 'percent', from: null, to: 20 },
    ],
    conflicts: [
      { taskId: 'air-01', field: 'progress', base: 'A', ours: 'B', theirs: 'C' },
      { taskId: 'air-01', field: 'problems', base: '', ours: 'x', theirs: 'y' },
    ],
  });

  it('applies updates, leaves unresolved conflicts alone, never mutates its inputs', () => {
    const snapshot = JSON.stringify([...ours]);
    const r = applyMergePlan(ours, plan);
    expect(JSON.stringify([...ours])).toBe(snapshot);
    expect(r.next.get('air-01')).toEqual(fields({ status: '推进中', progress: 'B' }));
    expect(r.next.get('air-02')).toEqual(fields({ percent: 20 }));
    expect(r.changes).toEqual([
      { taskId: 'air-01', field: 'status', old: '未启动', new: '推进中', via: 'update' },
      { taskId: 'air-02', field: 'percent', old: null, new: 20, via: 'update' },
    ]);
    expect(r.touched).toEqual(['air-01', 'air-02']);
    expect(r.unresolved.map((c) => c.field)).toEqual(['progress', 'problems']);
    expect(applyMergePlan(ours, plan)).toEqual(r); // deterministic
  });

  it.each([
    ['ours', 'B', []],
    ['theirs', 'C', [{ taskId: 'air-01', field: 'progress', old: 'B', new: 'C', via: 'theirs' }]],
    [
      { value: 'B 和 C 合并' },
      'B 和 C 合并',
      [{ taskId: 'air-01', field: 'progress', old: 'B', new: 'B 和 C 合并', via: 'edit' }],
    ],
  ] as [Resolution, string, unknown[]][])('resolution %j', (resolution, value, changes) => {
    const r = applyMergePlan(
      ours,
      basePlan({ conflicts: plan.conflicts.slice(0, 1) }),
      new Map<FieldKey, Resolution>([[fieldKey('air-01', 'progress'), resolution]]),
    );
    expect(r.next.get('air-01')!.progress).toBe(value);
    expect(r.changes).toEqual(changes);
    expect(r.unresolved).toEqual([]);
  });

  it('rejects an invalid edited value and applies nothing for that field', () => {
    const p = basePlan({
      conflicts: [{ taskId: 'air-01', field: 'status', base: null, ours: '未启动', theirs: '已完成' }],
    });
    const r = applyMergePlan(
      ours,
      p,
      new Map<FieldKey, Resolution>([[fieldKey('air-01', 'status'), { value: '进行中' }]]),
    );
    expect(r.invalidResolutions).toEqual([{ key: 'air-01|status', message: '完成状态无效' }]);
    expect(r.changes).toEqual([]);
  });

  it('skips stale updates (the ledger moved since planning)', () => {
    const moved = new Map(ours).set('air-01', fields({ status: '已完成', progress: 'B' }));
    const r = applyMergePlan(moved, plan);
    expect(r.stale).toEqual([{ taskId: 'air-01', field: 'status', expected: '未启动', actual: '已完成' }]);
    expect(r.next.get('air-01')!.status).toBe('已完成');
  });

  it('a rejected or already-imported plan changes nothing', () => {
    for (const p of [
      basePlan({ ...plan, rejection: { code: 'wrong-unit', message: 'x', log: 'x' } }),
      basePlan({ ...plan, alreadyImported: true }),
    ]) {
      const r = applyMergePlan(ours, p);
      expect(r.changes).toEqual([]);
      expect(r.next).toEqual(ours);
    }
  });

  it.each([
    ['status', '已完成', null],
    ['status', '进行中', '完成状态无效'],
    ['percent', 100, null],
    ['percent', 101, '完成比例应为0到100之间的数字'],
    ['filledOn', '2021-03-05', null],
    ['filledOn', '2021-02-30', '填报日期无效'],
    ['progress', 5, '应为文本'],
  ] as const)('validFieldValue(%s, %j)', (field, value, expected) => {
    expect(validFieldValue(field, value)).toBe(expected);
  });
});

describe('end to end with real workbooks', () => {
  const tasks = [1, 2, 3].map((n) => makeTask(taskId('air', n)));
  const unitTaskIds = new Set(tasks.map((t) => t.id));
  const taskMap = new Map(tasks.map((t) => [t.id, t]));
  const start = new Map<string, ProgressFields | undefined>([
    ['air-01', fields({ status: '未启动', progress: '计划中' })],
    ['air-02', fields({ status: '推进中', percent: 30, progress: '已排查' })],
    ['air-03', undefined],
  ]);
  const exportInput: ExportInput = {
    plan: PLAN,
    ...EXPECTED,
    exportId: 'exp-1',
    exportedAt: '2021-03-01T08:00:00.000Z',
    rows: tasks.map((task) => ({ task, role: '主责', base: start.get(task.id) ?? fields() })),
  };

  async function plan(
    bytes: Uint8Array,
    ours: ReadonlyMap<string, ProgressFields | undefined>,
    known = new Set<string>(),
  ) {
    const file = await readReturnWorkbook(bytes, { fileName: '永乐店镇_2021年03月_进展填报.xlsx' });
    const identity = identifyReturn(file, new UnitIndex(UNIT_REGISTRY));
    return planMerge({
      file,
      identity,
      expected: EXPECTED,
      unitTaskIds,
      ours,
      tasks: taskMap,
      knownHashes: known,
    });
  }

  it('re-importing the untouched export changes nothing', async () => {
    const p = await plan(await exportReturnWorkbook(exportInput), start);
    expect(p.rejection).toBeNull();
    expect(p.warnings).toEqual([]);
    expect(p.counts).toEqual({ updated: 0, unchanged: 3, conflicts: 0, rejected: 0 });
  });

  it('two files in sequence: the second is merged against the state the first left; the same file twice is recognised', async () => {
    const exported = await exportReturnWorkbook(exportInput);
    // Clerk 1 fills air-01 and air-03.
    const first = await editWorkbook(exported, (_wb, ws) => {
      ws.getCell(rowOf(ws, 'air-01'), 10).value = '推进中';
      ws.getCell(rowOf(ws, 'air-01'), 12).value = '已完成 3 处';
      ws.getCell(rowOf(ws, 'air-03'), 10).value = '已完成';
      ws.getCell(rowOf(ws, 'air-03'), 11).value = '１００';
    });
    // Clerk 2 works on another copy of the same export: air-01 progress differently, air-02 status.
    const second = await editWorkbook(exported, (_wb, ws) => {
      ws.getCell(rowOf(ws, 'air-01'), 12).value = '已完成 5 处';
      ws.getCell(rowOf(ws, 'air-02'), 10).value = '已完成';
      ws.getCell(rowOf(ws, 'air-02'), 4).value = '改过的措施';
    });

    const p1 = await plan(first, start);
    expect(p1.counts).toEqual({ updated: 2, unchanged: 1, conflicts: 0, rejected: 0 });
    const a1 = applyMergePlan(start, p1);
    expect(a1.next.get('air-03')).toEqual(fields({ status: '已完成', percent: 100 }));
    const known = new Set([p1.fileSha256]);

    const p2 = await plan(second, a1.next, known);
    expect(p2.conflicts).toEqual([
      { taskId: 'air-01', field: 'progress', base: '计划中', ours: '已完成 3 处', theirs: '已完成 5 处' },
    ]);
    expect(p2.updates).toEqual([{ taskId: 'air-02', field: 'status', from: '推进中', to: '已完成' }]);
    expect(p2.warnings.map((w) => w.code)).toEqual(['plan-text-edited']);
    // air-01's status: theirs (未启动) = base → clerk 2 did not touch it, clerk 1's 推进中 stays.
    const a2 = applyMergePlan(
      a1.next,
      p2,
      new Map<FieldKey, Resolution>([[fieldKey('air-01', 'progress'), 'theirs']]),
    );
    expect(a2.next.get('air-01')).toEqual(fields({ status: '推进中', progress: '已完成 5 处' }));
    expect(a2.next.get('air-02')!.status).toBe('已完成');

    // The first file again: recognised by hash.
    expect((await plan(first, a2.next, new Set([p1.fileSha256, p2.fileSha256]))).alreadyImported).toBe(true);
    // …and even with an unknown hash (e.g. re-saved), it changes nothing it has not already changed.
    const again = await plan(first, a1.next);
    expect(again.updates).toEqual([]);
    expect(again.conflicts).toEqual([]);
  });

  it('rejects a file for another unit, and rows for tasks the unit does not hold', async () => {
    const other = await exportReturnWorkbook({ ...exportInput, unit: '于家务回族乡' });
    expect((await plan(other, start)).rejection?.code).toBe('wrong-unit');
    const foreign = await exportReturnWorkbook({
      ...exportInput,
      rows: [...exportInput.rows, { task: makeTask('soil-09'), role: '协办', base: fields() }],
    });
    const edited = await editWorkbook(foreign, (_wb, ws) => {
      ws.getCell(rowOf(ws, 'soil-09'), 10).value = '已完成';
      ws.getCell(rowOf(ws, 'air-02'), 11).value = '一百';
      ws.getCell(rowOf(ws, 'air-03'), 18).value = '2021-02-30';
    });
    const p = await plan(edited, start);
    expect(p.rejected.map((r) => [r.taskId, r.code])).toEqual([
      ['air-02', 'invalid-value'],
      ['air-03', 'invalid-value'],
      ['soil-09', 'unknown-task'],
    ]);
    expect(p.rejected[0]!.reason).toBe('大气-02：完成比例"一百"无效，应为0到100之间的数字，本行未导入');
    expect(p.counts).toEqual({ updated: 0, unchanged: 1, conflicts: 0, rejected: 3 });
  });
});
