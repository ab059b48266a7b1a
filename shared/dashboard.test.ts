import { describe, expect, it } from 'vitest';
import { buildDashboard, emptyCounts, rankUnits, type UnitFigures } from './dashboard.ts';
import { parseDeadline } from './deadline.ts';
import { periodStateOf } from './engine/ledger-period.ts';
import { createLedger, type Ledger } from './ledger-file.ts';
import { rowCategory } from './period-state.ts';
import { ledgerBuilder } from '../test/support/ledger-builder.ts';
import type { PlanDocument, PlanId, Task, Unit } from './model.ts';

/**
 * A tiny plan and three units, with every right answer below worked out by hand.
 *
 * Tasks (period judged: 2021-10, returns due 2021-10-25):
 *   air-01   一、甲  年底前 (expected share end of Oct = 10/12 = 83.3%)  lead 各街道乡镇 → 甲镇, 乙镇
 *   air-02   一、甲  6-9月 (overdue in October)                         lead 区水务局, co 甲镇
 *   air-03   二、乙  长期实施                                            lead 乙镇
 *   water-01 一、丙  供暖季前（11月15日前）                               lead 区水务局, co 各街道乡镇
 *   water-02 一、丙  年底前                                              lead 甲镇
 *
 * Rows and their category in 2021-10:
 *   甲镇    air-01 推进中 90% (超进度) → inProgress; air-02 推进中 50% (window over) → late/overdue;
 *           water-01 已完成 carried from 2021-09 → done; water-02 已完成 → done.       return: import 10-20
 *   乙镇    air-01 推进中 40% (欠进度) → late/behind; air-03 nothing → notStarted;
 *           water-01 不涉及 → na.                                                    return: edits 10-28 (late)
 *   区水务局 air-02 已完成 carried from 2021-08 → done; water-01 nothing → notStarted.  return: none
 *           (its October import batch was undone, so it does not count)
 */
function task(
  plan: PlanId,
  no: number,
  section: string,
  deadline: string,
  lead: string[],
  co: string[] = [],
): Task {
  return {
    id: `${plan}-${String(no).padStart(2, '0')}`,
    plan,
    no,
    section,
    keyTask: `重点任务${plan}${no}`,
    keyTaskInherited: false,
    measures: `措施${no}`,
    deadline: parseDeadline(deadline, 2021),
    leaders: ['某某'],
    leadUnits: lead,
    coUnits: co,
  };
}

function handBuilt(): Promise<Ledger> {
  const plan: PlanDocument = {
    id: 'test',
    title: '测试计划',
    docNumber: '测〔2021〕1号',
    issuedOn: '2021-01-01',
    year: 2021,
    subPlans: [],
    tasks: [
      task('air', 1, '一、甲', '年底前', ['各街道乡镇']),
      task('air', 2, '一、甲', '6-9月', ['区水务局'], ['甲镇']),
      task('air', 3, '二、乙', '长期实施', ['乙镇']),
      task('water', 1, '一、丙', '供暖季前（11月15日前）', ['区水务局'], ['各街道乡镇']),
      task('water', 2, '一、丙', '年底前', ['甲镇']),
    ],
  };
  const units: Unit[] = [
    { name: '甲镇', kind: 'town', aliases: [] },
    { name: '乙镇', kind: 'town', aliases: [] },
    { name: '区水务局', kind: 'district', aliases: [] },
    { name: '各街道乡镇', kind: 'group', aliases: [], members: ['甲镇', '乙镇'] },
  ];
  const builder = ledgerBuilder(createLedger(plan, units));
  const { edit } = builder;
  const batch = (id: string, unit: string, importedAt: string, undoneAt?: string) =>
    builder.batch(unit, '2021-10', importedAt, {
      id,
      sha256: id.padEnd(64, '0'),
      ...(undoneAt ? { undoneAt } : {}),
    });

  edit('区水务局', 'air-02', '2021-08', { status: '已完成', percent: 100 }, '2021-08-05T02:00:00Z');
  edit('甲镇', 'water-01', '2021-09', { status: '已完成', percent: 100 }, '2021-09-10T02:00:00Z');
  edit('甲镇', 'air-01', '2021-10', { status: '推进中', percent: 90 }, '2021-10-20T08:00:00Z', 'import:b1');
  edit('甲镇', 'air-02', '2021-10', { status: '推进中', percent: 50 }, '2021-10-20T08:00:00Z', 'import:b1');
  edit(
    '甲镇',
    'water-02',
    '2021-10',
    { status: '已完成', percent: 100 },
    '2021-10-20T08:00:00Z',
    'import:b1',
  );
  batch('b1', '甲镇', '2021-10-20T08:00:00Z');
  edit('乙镇', 'air-01', '2021-10', { status: '推进中', percent: 40 }, '2021-10-28T09:00:00Z');
  edit('乙镇', 'water-01', '2021-10', { status: '不涉及' }, '2021-10-28T09:05:00Z');
  batch('b2', '区水务局', '2021-10-22T08:00:00Z', '2021-10-22T09:00:00Z');
  return builder.done();
}

async function dashboardOf(period: string) {
  return buildDashboard(await periodStateOf(await handBuilt(), 'test', period));
}

const counts = (c: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...c });

describe('rowCategory', () => {
  it.each([
    ['不涉及', 'overdue', '不涉及', 'na'],
    ['已完成', 'done', '已完成', 'done'],
    ['推进中', 'overdue', '已逾期', 'late'],
    [null, 'overdue', '已逾期', 'late'],
    ['推进中', 'due', '欠进度', 'late'],
    ['未启动', 'due', '欠进度', 'late'],
    ['推进中', 'due', '达到序时', 'inProgress'],
    ['未启动', 'due', '未填比例', 'notStarted'],
    [null, 'ongoing', '未报送', 'notStarted'],
  ] as const)('%s / %s / %s → %s', (status, state, judgement, expected) => {
    expect(rowCategory(status, state, judgement)).toBe(expected);
  });
});

describe('buildDashboard on a hand-built ledger (2021-10)', async () => {
  const d = await dashboardOf('2021-10');

  it('counts the district totals', () => {
    expect(d.dueDate).toBe('2021-10-25');
    expect(d.totals).toEqual(
      counts({ total: 9, done: 3, inProgress: 1, late: 2, overdue: 1, behind: 1, notStarted: 2, na: 1 }),
    );
  });

  it('counts per plan and per section, with tasks all units have done', () => {
    expect(d.plans.map((p) => [p.plan, p.name, p.tasks, p.tasksAllDone])).toEqual([
      ['air', '大气', 3, 0],
      ['water', '水', 2, 1],
    ]);
    const [air, water] = d.plans;
    expect(air?.counts).toEqual(
      counts({ total: 5, done: 1, inProgress: 1, late: 2, overdue: 1, behind: 1, notStarted: 1 }),
    );
    expect(water?.counts).toEqual(counts({ total: 4, done: 2, notStarted: 1, na: 1 }));
    expect(air?.sections.map((s) => [s.section, s.counts.total, s.tasks, s.tasksAllDone])).toEqual([
      ['一、甲', 4, 2, 0],
      ['二、乙', 1, 1, 0],
    ]);
    expect(air?.sections[0]?.counts).toEqual(
      counts({ total: 4, done: 1, inProgress: 1, late: 2, overdue: 1, behind: 1 }),
    );
    expect(air?.sections[1]?.counts).toEqual(counts({ total: 1, notStarted: 1 }));
    expect(water?.sections.map((s) => [s.section, s.tasks, s.tasksAllDone])).toEqual([['一、丙', 2, 1]]);
    expect(d.tasks.map((t) => [t.label, t.units, t.counts.done, t.allDone])).toEqual([
      ['大气-01', 2, 0, false],
      ['大气-02', 2, 1, false],
      ['大气-03', 1, 0, false],
      ['水-01', 3, 1, false],
      ['水-02', 1, 1, true],
    ]);
  });

  it('gives each unit its share done, overdue count and return', () => {
    expect(
      d.units.map((u) => [
        u.unit,
        u.counts.total,
        u.doneShare,
        u.overdue,
        u.returned.received,
        u.returned.late,
      ]),
    ).toEqual([
      ['甲镇', 4, 50, 1, 'import', false],
      ['乙镇', 3, 0, 0, 'edits', true],
      ['区水务局', 2, 50, 0, null, true],
    ]);
    expect(d.units[0]?.counts).toEqual(counts({ total: 4, done: 2, inProgress: 1, late: 1, overdue: 1 }));
    expect(d.units[1]?.counts).toEqual(counts({ total: 3, late: 1, behind: 1, notStarted: 1, na: 1 }));
    expect(d.units[1]?.returned.receivedAt).toBe('2021-10-28T09:00:00Z');
  });

  it('ranks by share done, then fewer overdue', () => {
    expect(d.ranking.map((u) => [u.rank, u.unit])).toEqual([
      [1, '区水务局'],
      [2, '甲镇'],
      [3, '乙镇'],
    ]);
    expect(d.units.map((u) => u.rank)).toEqual([2, 3, 1]);
  });

  it('lists the units to remind with the tasks they still owe', () => {
    expect(
      d.reminders.map((r) => ({
        unit: r.unit,
        reason: r.reason,
        tasks: r.tasks.map((t) => [t.label, t.role, t.deadlineRaw, t.deadlineState]),
      })),
    ).toEqual([
      { unit: '乙镇', reason: 'late', tasks: [['大气-03', '主责', '长期实施', 'ongoing']] },
      { unit: '区水务局', reason: 'missing', tasks: [['水-01', '主责', '供暖季前（11月15日前）', 'due']] },
    ]);
  });

  it('judges the same ledger in December: the 供暖季 task is overdue for 区水务局', async () => {
    const dec = await dashboardOf('2021-12');
    const water = dec.units.find((u) => u.unit === '区水务局');
    expect(water?.overdue).toBe(1);
    expect(dec.reminders.map((r) => [r.unit, r.reason, r.tasks.length])).toEqual([
      ['甲镇', 'missing', 2],
      ['乙镇', 'missing', 2],
      ['区水务局', 'missing', 1],
    ]);
  });
});

describe('rankUnits', () => {
  const u = (unit: string, doneShare: number, overdue: number): UnitFigures => ({
    unit,
    doneShare,
    overdue,
    counts: emptyCounts(),
    reviewPending: 0,
    reviewReturned: 0,
    returned: { unit, received: null, receivedAt: null, receivedOn: null, late: true },
    rank: 0,
  });
  it('shares a rank between equal units and skips the next (1, 1, 3)', () => {
    expect(
      rankUnits([u('甲', 50, 1), u('乙', 80, 0), u('丙', 50, 1), u('丁', 50, 0)]).map((x) => [
        x.rank,
        x.unit,
      ]),
    ).toEqual([
      [1, '乙'],
      [2, '丁'],
      [3, '甲'],
      [3, '丙'],
    ]);
  });
});

describe('review, extensions and the ranking on the hand-built ledger (2021-10)', () => {
  it('an approved extension moves 甲镇’s air-02 out of overdue; reviewed-only ranking counts 已审核 reports only', async () => {
    const ledger = await handBuilt();
    const at = '2021-10-21T00:00:00.000Z';
    ledger.extensions.push({
      id: 'e1',
      taskId: 'air-02',
      unit: '甲镇',
      period: '2021-10',
      until: '2021-12-31',
      reason: '雨季停工',
      requestedAt: at,
      requestedBy: '甲镇',
      state: '已批准',
      decidedAt: at,
      decidedBy: '区里',
    });
    ledger.reviews.push({
      taskId: 'water-02',
      unit: '甲镇',
      period: '2021-10',
      state: '退回',
      comment: '缺照片',
      by: '区里',
      at,
    });
    const state = await periodStateOf(ledger, ledger.plans[0]!.id, '2021-10');
    const air02 = state.rows.find((r) => r.task.id === 'air-02' && r.unit === '甲镇')!;
    // No longer overdue; at 50% with 5 of the window's 7 months gone it is behind schedule instead.
    expect([air02.deadline.to, air02.task.deadline.to, air02.deadlineState, air02.judgement]).toEqual([
      '2021-12-31',
      '2021-09-30',
      'in-window',
      '欠进度',
    ]);
    const plain = buildDashboard(state);
    const jia = plain.units.find((u) => u.unit === '甲镇')!;
    // 甲镇's return came in: its four reports wait for review but the one returned.
    expect([jia.reviewPending, jia.reviewReturned, jia.overdue]).toEqual([3, 1, 0]);
    const reviewedOnly = buildDashboard(state, { rankReviewedOnly: true });
    expect(reviewedOnly.rankReviewedOnly).toBe(true);
    // Nothing is 已审核: no unit has anything done in the ranking.
    expect(reviewedOnly.ranking.every((u) => u.counts.done === 0)).toBe(true);
    // The figures per unit (not the ranking) still show what was reported.
    expect(reviewedOnly.units.find((u) => u.unit === '甲镇')?.counts.done).toBe(2);
  });
});
