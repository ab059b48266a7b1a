import { describe, expect, it } from 'vitest';
import {
  buildChecklist,
  checklistFileName,
  checklistScopeForRows,
  groupUnitsByStatus,
  splitParagraphs,
} from './checklist.ts';
import { periodStateOf } from './engine/ledger-period.ts';
import type { Ledger } from './ledger-file.ts';
import type { ChecklistScope } from './checklist.ts';
import { tasksForUnit, UnitIndex } from './registry.ts';
import { ledgerBuilder } from '../test/support/ledger-builder.ts';

async function ledgerWithReports(): Promise<Ledger> {
  const b = ledgerBuilder();
  const at = '2021-03-10T00:00:00Z';
  b.edit('永乐店镇', 'air-02', '2021-02', { status: '推进中', progress: '已排查燃煤锅炉3台。' }, at);
  b.edit('永乐店镇', 'air-02', '2021-03', { percent: 40 }, at);
  b.edit('西集镇', 'air-02', '2021-03', { status: '已完成' }, at);
  return b.done();
}

/** The checklist as the app builds it: from the month's rows (the one read model). */
async function checklistOf(ledger: Ledger, scope: ChecklistScope) {
  const state = await periodStateOf(ledger, ledger.plans[0]!.id, scope.period);
  return buildChecklist({ plan: ledger.plans[0]!, tasks: ledger.plans[0]!.tasks, rows: state.rows }, scope);
}

describe('buildChecklist', async () => {
  const ledger = await ledgerWithReports();

  it('covers every task of a unit, in plan order, with its role and carried-forward progress', async () => {
    const c = await checklistOf(ledger, { unit: '永乐店镇', period: '2021-03' });
    const expected = tasksForUnit(ledger.plans[0]!.tasks, new UnitIndex(ledger.units), '永乐店镇');
    expect(c.blocks).toHaveLength(expected.length);
    expect(c.blocks).toHaveLength(91);
    expect(c.blocks.map((b) => b.taskId)).toEqual(expected.map((x) => x.task.id));
    expect(c).toMatchObject({
      planTitle: '通州区深入打好污染防治攻坚战2021年行动计划',
      docNumber: '通政发〔2021〕2号',
      periodLabel: '2021年3月',
      unit: '永乐店镇',
      scopeLabel: '全部任务',
    });
    const b = c.blocks.find((x) => x.taskId === 'air-02');
    expect(b).toMatchObject({
      label: '大气-02',
      deadlineRaw: '年底前',
      deadlineMeaning: '2021年12月31日前完成',
      deadlineState: 'due',
      deadlineStateLabel: '未到期',
      mine: {
        role: '主责',
        reportedThisPeriod: true,
        progress: { status: '推进中', percent: 40, progress: '已排查燃煤锅炉3台。' },
      },
    });
    expect(b?.measures.length).toBeGreaterThan(0);
    expect(b?.measures.join('\n')).toBe(
      splitParagraphs(ledger.plans[0]!.tasks[1]?.measures ?? '').join('\n'),
    );
  });

  it('narrows by plan, section and task ids, and without a unit lists every unit’s status', async () => {
    const section = ledger.plans[0]!.tasks.find((t) => t.id === 'air-02')?.section as string;
    const c = await checklistOf(ledger, { plan: 'air', section, period: '2021-03' });
    expect(c.blocks.every((b) => b.section === section && b.taskId.startsWith('air-'))).toBe(true);
    expect(c.scopeLabel).toBe(`大气 · ${section}`);
    const b = c.blocks.find((x) => x.taskId === 'air-02');
    expect(b?.mine).toBeUndefined();
    const groups = groupUnitsByStatus(b?.units ?? []);
    expect(groups[0]).toEqual(['推进中', ['永乐店镇']]);
    expect(groups[1]).toEqual(['已完成', ['西集镇']]);
    expect(groups[2]?.[0]).toBe('未填报');

    const picked = await checklistOf(ledger, { taskIds: ['water-03', 'air-01'], period: '2021-03' });
    expect(picked.blocks.map((x) => x.label)).toEqual(['大气-01', '水-03']);
    expect(picked.scopeLabel).toBe('选定任务 2 项');
    const mine = await checklistOf(ledger, {
      unit: '永乐店镇',
      taskIds: ['air-03', 'air-02'],
      period: '2021-03',
    });
    expect(mine.blocks.map((x) => x.label)).toEqual(['大气-02']);
  });

  it('makes a safe file name', () => {
    expect(checklistFileName({ unit: '永乐店镇', period: '2021-03' })).toBe('督查清单-永乐店镇-2021-03.pdf');
    expect(checklistFileName({ plan: 'air', section: '二、a/b', period: '2021-03' })).toBe(
      '督查清单-大气-二、a_b-2021-03.pdf',
    );
  });
});

describe('checklistScopeForRows', () => {
  it.each([
    [
      'one unit’s rows',
      [
        { taskId: 'air-02', unit: '永乐店镇' },
        { taskId: 'air-23', unit: '永乐店镇' },
      ],
      { period: '2021-03', unit: '永乐店镇', taskIds: ['air-02', 'air-23'] },
    ],
    [
      'one task across units',
      [
        { taskId: 'air-02', unit: '永乐店镇' },
        { taskId: 'air-02', unit: '西集镇' },
      ],
      { period: '2021-03', taskIds: ['air-02'] },
    ],
    [
      'mixed, in grid order',
      [
        { taskId: 'soil-01', unit: 'a' },
        { taskId: 'air-01', unit: 'b' },
        { taskId: 'soil-01', unit: 'b' },
      ],
      { period: '2021-03', taskIds: ['soil-01', 'air-01'] },
    ],
    ['nothing', [], { period: '2021-03', taskIds: [] }],
  ] as const)('%s', (_name, rows, scope) => {
    expect(checklistScopeForRows(rows, '2021-03')).toEqual(scope);
  });
});
