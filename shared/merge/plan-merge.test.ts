import { describe, expect, it } from 'vitest';
import type { ProgressFields, Task } from '../model.ts';
import type { ReturnManifest } from '../workbook/manifest.ts';
import type { ReadResult, ReadRow } from '../workbook/read-workbook.ts';
import { fields, makeTask } from '../workbook/test-helpers.ts';
import { planMerge, type PlanMergeInput } from './plan-merge.ts';
import { identifyReturn } from '../file-identity.ts';
import { fieldKey } from '../keys.ts';
import { UnitIndex, UNIT_REGISTRY } from '../registry.ts';

const UNITS = new UnitIndex(UNIT_REGISTRY);

const EXPECTED = { unit: '永乐店镇', period: '2021-03', planId: 'tongzhou-2021' };
const TASK_IDS = ['air-01', 'air-02', 'air-03', 'water-05'];

function row(taskId: string, f: Partial<ProgressFields>, extra: Partial<ReadRow> = {}): ReadRow {
  return { rowNumber: 3, taskId, rawTaskId: taskId, fields: f, errors: [], planCells: {}, ...extra };
}

function manifest(
  rows: { taskId: string; base: ProgressFields }[],
  over: Partial<ReturnManifest> = {},
): ReturnManifest {
  return {
    format: 'taizhang-return',
    version: 1,
    ...EXPECTED,
    exportId: 'exp-1',
    exportedAt: '2021-03-01T08:00:00.000Z',
    rows: rows.map((r) => ({ ...r, role: '主责' as const })),
    ...over,
  };
}

function file(rows: ReadRow[], m: ReturnManifest | null, over: Partial<ReadResult> = {}): ReadResult {
  rows.forEach((r, i) => (r.rowNumber = r.rowNumber === 3 ? 3 + i : r.rowNumber));
  return {
    fileName: 'f.xlsx',
    size: 1,
    sha256: 'a'.repeat(64),
    manifest: m,
    manifestStatus: m ? 'ok' : 'absent',
    unit: m ? m.unit : null,
    period: m ? m.period : null,
    identifiedBy: m ? 'manifest' : null,
    hints: {
      title: { unit: over.unit ?? null, period: over.period ?? null },
      fileName: { unit: null, period: null },
    },
    sheetName: '填报',
    headerRow: 2,
    columns: {},
    title: null,
    rows,
    warnings: [],
    errors: [],
    format: 'xlsx',
    encrypted: false,
    layout: 'ours',
    ...over,
  };
}

function input(
  f: ReadResult,
  ours: Record<string, ProgressFields>,
  over: Partial<PlanMergeInput> = {},
): PlanMergeInput {
  return {
    file: f,
    identity: identifyReturn(f, UNITS),
    expected: EXPECTED,
    unitTaskIds: new Set(TASK_IDS),
    ours: new Map(Object.entries(ours)),
    knownHashes: new Set(),
    ...over,
  };
}

describe('three-way rules with a manifest (one field, progress)', () => {
  // [name, base, ours, theirs, expected outcome]
  const cases: [string, string, string, string, 'unchanged' | 'updated' | 'conflict'][] = [
    ['theirs = base (ours moved on) → nothing to do', 'A', 'B', 'A', 'unchanged'],
    ['theirs = ours (already merged / re-import) → nothing', 'A', 'B', 'B', 'unchanged'],
    ['all equal → nothing', 'A', 'A', 'A', 'unchanged'],
    ['ours = base, theirs changed → take theirs', 'A', 'A', 'C', 'updated'],
    ['clerk cleared a field → take theirs (blank)', 'A', 'A', '', 'updated'],
    ['all three differ → conflict', 'A', 'B', 'C', 'conflict'],
  ];
  it.each(cases)('%s', (_name, base, ours, theirs, outcome) => {
    const plan = planMerge(
      input(
        file(
          [row('air-01', { progress: theirs })],
          manifest([{ taskId: 'air-01', base: fields({ progress: base }) }]),
        ),
        {
          'air-01': fields({ progress: ours }),
        },
      ),
    );
    expect(plan.rows).toEqual([{ rowNumber: 3, taskId: 'air-01', outcome }]);
    expect(plan.updates).toEqual(
      outcome === 'updated' ? [{ taskId: 'air-01', field: 'progress', from: ours, to: theirs }] : [],
    );
    expect(plan.conflicts).toEqual(
      outcome === 'conflict' ? [{ taskId: 'air-01', field: 'progress', base, ours, theirs }] : [],
    );
    expect(plan.counts).toEqual({
      updated: outcome === 'updated' ? 1 : 0,
      unchanged: outcome === 'unchanged' ? 1 : 0,
      conflicts: outcome === 'conflict' ? 1 : 0,
      rejected: 0,
    });
  });

  it('works per field: one row can hold an update and a conflict (counted once, as conflict)', () => {
    const base = fields({ status: '未启动', percent: 0, progress: 'A' });
    const plan = planMerge(
      input(
        file(
          [row('air-01', { status: '推进中', percent: 30, progress: 'C' })],
          manifest([{ taskId: 'air-01', base }]),
        ),
        { 'air-01': fields({ status: '未启动', percent: 0, progress: 'B' }) },
      ),
    );
    expect(plan.updates).toEqual([
      { taskId: 'air-01', field: 'status', from: '未启动', to: '推进中' },
      { taskId: 'air-01', field: 'percent', from: 0, to: 30 },
    ]);
    expect(plan.conflicts).toEqual([
      { taskId: 'air-01', field: 'progress', base: 'A', ours: 'B', theirs: 'C' },
    ]);
    expect(plan.counts).toEqual({ updated: 0, unchanged: 0, conflicts: 1, rejected: 0 });
  });

  it('a task with no report yet compares against empty values', () => {
    const plan = planMerge(
      input(
        file(
          [row('air-02', { status: '推进中', progress: '' })],
          manifest([{ taskId: 'air-02', base: fields() }]),
        ),
        {},
      ),
    );
    expect(plan.updates).toEqual([{ taskId: 'air-02', field: 'status', from: null, to: '推进中' }]);
  });

  it('a row the manifest does not list is merged by the no-manifest rules', () => {
    const plan = planMerge(
      input(
        file([row('air-02', { progress: 'C' })], manifest([])),
        { 'air-02': fields({ progress: 'B' }) },
        {
          changedSinceLastImport: new Set([fieldKey('air-02', 'progress')]),
        },
      ),
    );
    expect(plan.conflicts).toEqual([
      { taskId: 'air-02', field: 'progress', base: undefined, ours: 'B', theirs: 'C' },
    ]);
  });
});

describe('no manifest (two-way with last-import knowledge)', () => {
  const cases: [string, string, string, Partial<PlanMergeInput>, 'unchanged' | 'updated' | 'conflict'][] = [
    ['theirs = ours → nothing', 'B', 'B', {}, 'unchanged'],
    ['differs, ours untouched since last import → update', 'B', 'C', {}, 'updated'],
    ['differs, ours never reported → update', '', 'C', {}, 'updated'],
    [
      'differs, ours edited since last import (audit keys) → conflict',
      'B',
      'C',
      { changedSinceLastImport: new Set([fieldKey('air-01', 'progress')]) },
      'conflict',
    ],
    [
      'differs, ours differs from the last-import values → conflict',
      'B',
      'C',
      { lastImportBase: new Map([['air-01', { progress: 'A' }]]) },
      'conflict',
    ],
    [
      'differs, ours equals the last-import values → update',
      'B',
      'C',
      { lastImportBase: new Map([['air-01', { progress: 'B' }]]) },
      'updated',
    ],
    ['theirs blank, ours filled → conflict (a blank cannot clear without a base)', 'B', '', {}, 'conflict'],
  ];
  it.each(cases)('%s', (_name, ours, theirs, over, outcome) => {
    const plan = planMerge(
      input(
        file([row('air-01', { progress: theirs })], null),
        { 'air-01': fields({ progress: ours }) },
        over,
      ),
    );
    expect(plan.rows[0]!.outcome).toBe(outcome);
    expect(plan.hasManifest).toBe(false);
    if (outcome === 'conflict') expect(plan.conflicts[0]!.base).toBeUndefined();
  });

  it('warns that there is no manifest and that unit/period were not identified', () => {
    const plan = planMerge(input(file([], null), {}));
    expect(plan.warnings.map((w) => w.code)).toEqual(['no-manifest', 'unit-unknown', 'period-unknown']);
  });
});

describe('row rejections (other rows still merge)', () => {
  it.each([
    [
      'task not among the unit’s tasks',
      [row('soil-09', { status: '推进中' })],
      'unknown-task',
      /不属于“永乐店镇”/,
    ],
    ['unrecognisable id', [row('第一项', { status: '推进中' })], 'unknown-task', /编号“第一项”无法识别/],
    ['no id', [row('', { status: '推进中' })], 'missing-id', /没有编号/],
    [
      'invalid value',
      [
        row(
          'air-01',
          {},
          {
            errors: [
              {
                field: 'status',
                code: 'invalid-status',
                message: '完成状态"进行中"无效，应为：未启动、推进中、已完成、不涉及',
                raw: '进行中',
              },
            ],
          },
        ),
      ],
      'invalid-value',
      /大气-01：完成状态"进行中"无效/,
    ],
  ] as [string, ReadRow[], string, RegExp][])('%s', (_name, rows, code, reason) => {
    const plan = planMerge(input(file([...rows, row('air-03', { status: '已完成' })], null), {}));
    expect(plan.rejected).toHaveLength(1);
    expect(plan.rejected[0]).toMatchObject({ code, rowNumber: 3 });
    expect(plan.rejected[0]!.reason).toMatch(reason);
    expect(plan.updates).toEqual([{ taskId: 'air-03', field: 'status', from: null, to: '已完成' }]);
    expect(plan.counts).toEqual({ updated: 1, unchanged: 0, conflicts: 0, rejected: 1 });
  });

  it('a duplicated id rejects every occurrence', () => {
    const plan = planMerge(
      input(
        file(
          [
            row('air-01', { status: '推进中' }),
            row('air-02', { status: '推进中' }),
            row('air-01', { status: '已完成' }),
          ],
          null,
        ),
        {},
      ),
    );
    expect(plan.rejected.map((r) => [r.rowNumber, r.code])).toEqual([
      [3, 'duplicate-id'],
      [5, 'duplicate-id'],
    ]);
    expect(plan.rejected[0]!.reason).toBe('编号 大气-01 在文件中出现 2 次（第 3、5 行），均未导入');
    expect(plan.updates.map((u) => u.taskId)).toEqual(['air-02']);
  });
});

describe('file-level rejection', () => {
  const m = (over: Partial<ReturnManifest>) => manifest([{ taskId: 'air-01', base: fields() }], over);
  it.each([
    ['another plan', m({ planId: 'other-2022' }), 'wrong-plan'],
    ['another unit', m({ unit: '于家务回族乡' }), 'wrong-unit'],
    ['another period', m({ period: '2021-04' }), 'wrong-period'],
  ])('manifest for %s → whole file rejected', (_name, man, code) => {
    const plan = planMerge(input(file([row('air-01', { status: '推进中' })], man), {}));
    expect(plan.rejection?.code).toBe(code);
    expect(plan.updates).toEqual([]);
    expect(plan.rows).toEqual([]);
  });

  it('no manifest: a unit read from the title that contradicts the expected one → rejected', () => {
    const f = file([row('air-01', { status: '推进中' })], null, {
      unit: '于家务回族乡',
      period: '2021-03',
      identifiedBy: 'title',
    });
    expect(planMerge(input(f, {})).rejection).toMatchObject({ code: 'wrong-unit' });
    const confirmed = planMerge(input(f, {}, { identityConfirmed: true }));
    expect(confirmed.rejection).toBeNull();
    expect(confirmed.warnings.map((w) => w.code)).toContain('identity-confirmed');
  });

  it('no manifest: a longer spelling of the same unit is not a mismatch', () => {
    const f = file([], null, { unit: '通州区永乐店镇', period: '2021-03' });
    expect(planMerge(input(f, {})).rejection).toBeNull();
  });

  it('no manifest: another period → rejected', () => {
    const f = file([], null, { unit: '永乐店镇', period: '2021-02' });
    expect(planMerge(input(f, {})).rejection).toMatchObject({ code: 'wrong-period' });
  });

  it('an unreadable file → rejected with the reader’s message', () => {
    const f = file([], null, {
      errors: [{ code: 'unreadable-format', message: '无法打开这个 WPS 表格（.et）', log: 'BIFF' }],
    });
    expect(planMerge(input(f, {})).rejection).toMatchObject({
      code: 'unreadable',
      message: '无法打开这个 WPS 表格（.et）',
    });
  });

  it('a known file hash → alreadyImported, no changes', () => {
    const f = file([row('air-01', { status: '推进中' })], null);
    const plan = planMerge(input(f, {}, { knownHashes: new Set([f.sha256]) }));
    expect(plan).toMatchObject({ alreadyImported: true, updates: [], conflicts: [], rejected: [] });
  });
});

describe('plan text edited by the clerk', () => {
  const task: Task = makeTask('air-01');
  const tasks = new Map([[task.id, task]]);
  it('warns, never merges; rewrapped/re-spaced text is not an edit', () => {
    const planCells = {
      category: '大气',
      keyTask: ' 重点任务01 ',
      measures: task.measures.replace('，', '，\n '),
      deadline: '6月底前', // edited
      role: '协办', // edited (manifest says 主责)
    };
    const plan = planMerge(
      input(
        file(
          [row('air-01', { status: '推进中' }, { planCells })],
          manifest([{ taskId: 'air-01', base: fields() }]),
        ),
        {},
        { tasks },
      ),
    );
    expect(plan.warnings.map((w) => [w.code, w.taskId])).toEqual([
      ['plan-text-edited', 'air-01'],
      ['plan-text-edited', 'air-01'],
    ]);
    expect(plan.warnings[0]!.message).toBe(
      '第 3 行 大气-01 的“完成时限”与计划不一致（被修改），修改内容不会导入计划',
    );
    expect(plan.warnings[1]!.message).toContain('本单位角色');
    expect(plan.updates).toEqual([{ taskId: 'air-01', field: 'status', from: null, to: '推进中' }]);
  });
});
