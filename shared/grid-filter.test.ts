import { describe, expect, it } from 'vitest';
import {
  countPending,
  EMPTY_FILTER,
  filterChoices,
  filterFromLink,
  filterRows,
  isFiltered,
  isPending,
  sortRows,
  type GridFilter,
  type SortSpec,
} from './grid-filter.ts';
import type { Assignment } from './assignments.ts';
import { ReportIndex } from './engine/memory-store.ts';
import { rowKey, type RowKey } from './keys.ts';
import { emptyProgress, type ProgressReport, type Task } from './model.ts';
import { buildPeriodRows, type PeriodRow as GridRow } from './period-state.ts';

/** The period's rows from a list of reports (what a store's periodSlice reads by index). */
function buildGridRows(
  assignments: Assignment[],
  reports: ProgressReport[],
  period: string,
  planYear: number,
): GridRow[] {
  const index = new ReportIndex(reports);
  const asOf = new Map<RowKey, ProgressReport>();
  for (const a of assignments) {
    const r = index.asOf(a.task.id, a.unit, period);
    if (r) asOf.set(rowKey(a.task.id, a.unit), r);
  }
  return buildPeriodRows(
    assignments,
    {
      period,
      reports: asOf,
      imports: [],
      firstEntries: new Map(),
      reviews: new Map(),
      evidenceCounts: new Map(),
      extensions: new Map(),
    },
    planYear,
  );
}

const task = (id: string, over: Partial<Task> = {}): Task => {
  const [plan, no] = id.split('-') as [Task['plan'], string];
  return {
    id,
    plan,
    no: Number(no),
    section: '一、目标',
    keyTask: '目标任务',
    keyTaskInherited: false,
    measures: '细颗粒物年均浓度持续下降',
    deadline: { raw: '年底前', kind: 'due', due: '2021-12-31' },
    leaders: ['倪德才'],
    leadUnits: ['区生态环境局'],
    coUnits: [],
    ...over,
  };
};

const report = (
  taskId: string,
  unit: string,
  period: string,
  over: Partial<ProgressReport> = {},
): ProgressReport => ({
  ...emptyProgress(),
  taskId,
  unit,
  period,
  updatedAt: '2021-03-01T00:00:00Z',
  updatedBy: 't',
  ...over,
});

const tasks = {
  a1: task('air-01'),
  a2: task('air-02', {
    section: '二、机动车',
    keyTask: '推广新能源汽车',
    measures: '更新出租车',
    leaders: ['阳波', '倪德才'],
    deadline: { raw: '6月底前', kind: 'due', due: '2021-06-30' },
  }),
  w1: task('water-01', {
    section: '一、水环境',
    keyTask: '河长制',
    measures: '巡河',
    deadline: { raw: '长期实施', kind: 'ongoing' },
  }),
};

const rows: GridRow[] = buildGridRows(
  [
    { task: tasks.a1, unit: '区生态环境局', role: '主责', via: '区生态环境局' },
    { task: tasks.a1, unit: '永乐店镇', role: '协办', via: '各街道乡镇' },
    { task: tasks.a2, unit: '永乐店镇', role: '主责', via: '各街道乡镇' },
    { task: tasks.w1, unit: '区水务局', role: '主责', via: '区水务局' },
  ],
  [
    report('air-01', '永乐店镇', '2021-02', {
      status: '推进中',
      percent: 30,
      progress: '已部署扬尘检查',
      filledOn: '2021-02-20',
    }),
    report('air-02', '永乐店镇', '2021-07', { status: '推进中', percent: 40 }),
    report('air-02', '永乐店镇', '2021-03', { status: '推进中', percent: 60, problems: '资金不足' }),
    report('water-01', '区水务局', '2021-03', { status: '已完成', percent: 100 }),
  ],
  '2021-07',
  2021,
);
const byKey = (key: string) => rows.find((r) => r.key === key) as GridRow;

describe('buildGridRows', () => {
  it('uses the period report, else carries the last earlier one forward without its fill date', () => {
    const carried = byKey('air-01|永乐店镇');
    expect(carried.progress).toMatchObject({
      status: '推进中',
      percent: 30,
      progress: '已部署扬尘检查',
      filledOn: null,
    });
    expect(carried.carried).toBe(true);
    expect(carried.ownReport).toBe(false);
    expect(byKey('air-02|永乐店镇').progress.percent).toBe(40);
    expect(byKey('air-02|永乐店镇').ownReport).toBe(true);
    expect(byKey('air-01|区生态环境局').progress).toEqual(emptyProgress());
  });

  it('judges deadline state and schedule at the end of the period', () => {
    expect(byKey('air-02|永乐店镇').deadlineState).toBe('overdue');
    expect(byKey('air-02|永乐店镇').judgement).toBe('已逾期');
    expect(byKey('air-01|永乐店镇').deadlineState).toBe('due');
    expect(byKey('air-01|永乐店镇').judgement).toBe('欠进度');
    expect(byKey('water-01|区水务局').deadlineState).toBe('done');
    expect(byKey('water-01|区水务局').judgement).toBe('已完成');
  });
});

describe('filterRows', () => {
  const cases: [string, Partial<GridFilter>, string[]][] = [
    ['no filter', {}, ['air-01|区生态环境局', 'air-01|永乐店镇', 'air-02|永乐店镇', 'water-01|区水务局']],
    ['plan', { plan: 'water' }, ['water-01|区水务局']],
    ['section', { section: '二、机动车' }, ['air-02|永乐店镇']],
    ['unit', { unit: '永乐店镇' }, ['air-01|永乐店镇', 'air-02|永乐店镇']],
    ['leader', { leader: '阳波' }, ['air-02|永乐店镇']],
    ['deadline state', { deadlineState: 'done' }, ['water-01|区水务局']],
    ['status', { status: '推进中' }, ['air-01|永乐店镇', 'air-02|永乐店镇']],
    ['no status yet', { status: 'none' }, ['air-01|区生态环境局']],
    ['overdue', { overdueOnly: true }, ['air-02|永乐店镇']],
    ['序时 judgement', { judgement: '欠进度' }, ['air-01|永乐店镇']],
    ['dashboard category late', { category: 'late' }, ['air-01|永乐店镇', 'air-02|永乐店镇']],
    ['dashboard category done', { category: 'done' }, ['water-01|区水务局']],
    ['dashboard category not started', { category: 'notStarted' }, ['air-01|区生态环境局']],
    ['text in measures', { text: '出租车' }, ['air-02|永乐店镇']],
    ['text in progress, spaces ignored', { text: '扬尘 检查' }, ['air-01|永乐店镇']],
    ['text in problems', { text: '资金' }, []],
    ['task label', { text: '大气-02' }, ['air-02|永乐店镇']],
    ['task label without dash', { text: '大气02' }, ['air-02|永乐店镇']],
    ['text in unit', { text: '水务' }, ['water-01|区水务局']],
    ['combined', { unit: '永乐店镇', status: '推进中', text: '新能源' }, ['air-02|永乐店镇']],
    ['nothing matches', { text: '不存在的文字' }, []],
    // carried from an earlier month, or nothing at all: still to update this month
    ['本月待填', { pending: true }, ['air-01|区生态环境局', 'air-01|永乐店镇', 'water-01|区水务局']],
    ['本月待填 of one unit', { pending: true, unit: '永乐店镇' }, ['air-01|永乐店镇']],
  ];
  it.each(cases)('%s', (_name, f, keys) => {
    const filter = { ...EMPTY_FILTER, ...f };
    expect(filterRows(rows, filter).map((r) => r.key)).toEqual(keys);
    expect(isFiltered(filter)).toBe(Object.keys(f).length > 0);
  });

  it('counts the rows still to update this month: no report of their own for the period', () => {
    expect(countPending(rows)).toBe(3);
    expect(countPending(rows.filter((r) => r.unit === '永乐店镇'))).toBe(1);
    expect(rows.filter(isPending).every((r) => !r.ownReport)).toBe(true);
  });

  it('offers the choices present in the rows', () => {
    const c = filterChoices(rows);
    expect(c.sections).toEqual(['一、目标', '二、机动车', '一、水环境']);
    expect(c.units).toEqual(['区生态环境局', '永乐店镇', '区水务局']);
    expect(c.leaders).toEqual(['倪德才', '阳波']);
  });
});

describe('sortRows', () => {
  const cases: [string, SortSpec[], string[]][] = [
    [
      'none keeps order',
      [],
      ['air-01|区生态环境局', 'air-01|永乐店镇', 'air-02|永乐店镇', 'water-01|区水务局'],
    ],
    [
      'label desc',
      [{ id: 'label', desc: true }],
      ['water-01|区水务局', 'air-02|永乐店镇', 'air-01|区生态环境局', 'air-01|永乐店镇'],
    ],
    [
      'percent asc, empties last',
      [{ id: 'percent', desc: false }],
      ['air-01|永乐店镇', 'air-02|永乐店镇', 'water-01|区水务局', 'air-01|区生态环境局'],
    ],
    [
      'percent desc, empties still last',
      [{ id: 'percent', desc: true }],
      ['water-01|区水务局', 'air-02|永乐店镇', 'air-01|永乐店镇', 'air-01|区生态环境局'],
    ],
    [
      'status order of the fixed list',
      [{ id: 'status', desc: true }],
      ['water-01|区水务局', 'air-01|永乐店镇', 'air-02|永乐店镇', 'air-01|区生态环境局'],
    ],
    [
      'deadline: due dates first, ongoing last',
      [{ id: 'deadline', desc: false }],
      ['air-02|永乐店镇', 'air-01|区生态环境局', 'air-01|永乐店镇', 'water-01|区水务局'],
    ],
    [
      'unit by pinyin, then role',
      [
        { id: 'unit', desc: false },
        { id: 'role', desc: false },
      ],
      ['air-01|区生态环境局', 'water-01|区水务局', 'air-02|永乐店镇', 'air-01|永乐店镇'],
    ],
    [
      'deadline state: overdue first',
      [{ id: 'deadlineState', desc: false }],
      ['air-02|永乐店镇', 'air-01|区生态环境局', 'air-01|永乐店镇', 'water-01|区水务局'],
    ],
  ];
  it.each(cases)('%s', (_name, specs, keys) => {
    expect(sortRows(rows, specs).map((r) => r.key)).toEqual(keys);
  });
});

describe('filterFromLink', () => {
  it('sets the linked filters and clears the rest', () => {
    expect(filterFromLink({ unit: '永乐店镇', category: 'late' })).toEqual({
      ...EMPTY_FILTER,
      unit: '永乐店镇',
      category: 'late',
    });
    expect(filterFromLink({ overdue: true, plan: 'air' })).toEqual({
      ...EMPTY_FILTER,
      overdueOnly: true,
      plan: 'air',
    });
  });
});
