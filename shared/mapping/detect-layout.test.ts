// Detection on hand-built sheets (the committed fixtures are in test/unit/foreign-ledger.test.ts):
// header rows, columns by name and by content, plans, rows by id / 序号 / text, and what is asked.
import { describe, expect, it } from 'vitest';
import { seedPlan } from '../../test/support/ledger-builder.ts';
import type { PlanId, Task } from '../model.ts';
import { readReturnWorkbook, type ReadResult } from '../workbook/read-workbook.ts';
import type { CellRange, GridSheet, SheetGrid } from '../workbook/sheet-grid.ts';
import { handMade } from '../workbook/test-helpers.ts';
import { applyMapping } from './apply-mapping.ts';
import { confirmations, detectLayout, type DetectContext } from './detect-layout.ts';
import { confirmAll, setColumnField, setRowTask } from './edit-mapping.ts';
import { toSavedMapping } from './saved-mapping.ts';
import { CONFIDENT, type LayoutMapping } from './types.ts';

const plan = seedPlan();
const task = (id: string): Task => plan.tasks.find((t) => t.id === id)!;
type Cell = string | number | null;

function sheet(name: string, rows: Cell[][], merges: CellRange[] = []): GridSheet {
  return {
    name,
    state: 'visible',
    merges,
    rows: rows
      .map((cells, i) => ({
        r: i + 1,
        cells: new Map(
          cells.flatMap((v, c) => (v === null || v === '' ? [] : [[c + 1, { value: v }] as const])),
        ),
      }))
      .filter((r) => r.cells.size > 0),
  };
}

const ctx = (over: Partial<DetectContext> = {}): DetectContext => ({
  tasks: plan.tasks,
  year: 2021,
  mode: 'return',
  ...over,
});

const detect = (sheets: GridSheet[], over: Partial<DetectContext> = {}) =>
  detectLayout({ sheets }, ctx(over));
const cols = (m: LayoutMapping, i = 0) =>
  m.sheets[i]!.columns.map((c) => [c.letter, c.field, c.score, c.by] as const);

/** A row of a town's own sheet: 序号, 重点任务, 工作措施, then values. */
const row = (n: number | null, id: string, status: string, progress = '按计划推进'): Cell[] => [
  n,
  task(id).keyTask,
  task(id).measures,
  status,
  progress,
];

describe('header', () => {
  it('below a title and a second line, over two rows with a merged group (落实情况 over its members)', () => {
    const title = '通州区永乐店镇2021年大气污染防治重点任务推进台账';
    const m = detect([
      sheet('大气', [
        [title, title, title, title, title, title],
        ['填报单位：永乐店镇', '填报单位：永乐店镇', '填报单位：永乐店镇', null, null, null],
        ['序号', '重点任务', '工作措施', '落实情况', '落实情况', '备注'],
        ['序号', '重点任务', '工作措施', '完成情况', '进展情况', '备注'],
        row(1, 'air-02', '已完成'),
        row(2, 'air-03', '推进中'),
        row(3, 'air-04', '未启动'),
      ]),
    ]);
    expect(m.sheets[0]!.headerRows).toEqual([3, 4]);
    expect(cols(m)).toEqual([
      ['A', 'ordinal', 0.9, 'synonym'],
      ['B', 'keyTask', 1, 'exact'],
      ['C', 'measures', 1, 'exact'],
      ['D', 'status', 0.9, 'content'],
      ['E', 'progress', 1, 'exact'],
      ['F', 'remark', 0.9, 'synonym'],
    ]);
    expect(m.sheets[0]!.columns[3]!.header).toBe('落实情况 / 完成情况');
  });

  it.each([
    ['status words', ['已完成', '推进中', '正在推进', '未启动'], 'status', 0.9],
    ['sentences', ['完成锅炉改造3台', '开展执法检查12次', '召开专题会议', '已完成'], 'progress', 0.7],
    ['all sentences', ['完成锅炉改造3台', '开展执法检查12次', '召开专题会议', '制定方案'], 'progress', 0.9],
  ] as const)('完成情况 holding %s → %s (%s)', (_what, values, field, score) => {
    const m = detect([
      sheet('大气', [
        ['序号', '工作措施', '完成情况'],
        ...values.map((v, i) => [i + 1, task(`air-0${i + 2}`).measures, v]),
      ]),
    ]);
    expect(m.sheets[0]!.columns[2]).toMatchObject({ field, score, by: 'content' });
    expect(confirmations(m).some((c) => c.kind === 'column')).toBe(score < CONFIDENT);
  });

  it('编号 holding 1, 2, 3 is a 序号', () => {
    const m = detect([
      sheet('大气', [
        ['编号', '工作措施', '完成状态'],
        [1, task('air-02').measures, '推进中'],
        [2, task('air-03').measures, '推进中'],
      ]),
    ]);
    expect(m.sheets[0]!.columns[0]).toMatchObject({ field: 'ordinal', by: 'content' });
  });

  it('a sheet without a header is not used, with the reason', () => {
    const m = detect([
      sheet('说明', [['请按要求填报'], ['联系人：王小明']]),
      sheet('水', [
        ['序号', '工作措施', '完成状态'],
        [1, task('water-01').measures, '推进中'],
      ]),
    ]);
    expect(m.sheets.map((s) => [s.sheet, s.use, s.note ?? ''])).toEqual([
      ['说明', false, '未找到表头，不读取'],
      ['水', true, ''],
    ]);
  });

  it('no recognisable header anywhere: one message naming each sheet and what it saw', async () => {
    const r = await readReturnWorkbook(
      await handMade([
        ['名称', '金额', '日期'],
        ['锅炉', 12, '2021-03-01'],
      ]),
    );
    expect(r.errors.map((e) => e.code)).toEqual(['no-header']);
    expect(r.errors[0]!.message).toContain('工作表“Sheet1”的列：名称、金额、日期');
  });
});

describe('rows', () => {
  const units: ReadonlyMap<PlanId, readonly string[]> = new Map([['air', ['air-02', 'air-05', 'air-09']]]);

  it.each([
    ['our id', [['大气-05', '推进中']], ['编号', '完成状态'], 'air-05', 1, 'id'],
    ['our id spelled air-5', [['AIR-5', '推进中']], ['编号', '完成状态'], 'air-05', 1, 'id'],
  ] as const)('%s', (_what, data, header, taskId, score, by) => {
    const m = detect([sheet('Sheet1', [[...header], ...data.map((d) => [...d])])]);
    expect(m.sheets[0]!.rows[0]).toMatchObject({ taskId, score, by });
  });

  it('序号 and text agree (the unit’s own numbering, calibrated on the sheet) → at least 0.9', () => {
    const m = detect(
      [
        sheet('大气', [
          ['序号', '重点任务', '工作措施', '完成情况', '进展情况'],
          row(1, 'air-02', '推进中'),
          row(2, 'air-05', '推进中'),
          row(3, 'air-09', '推进中'),
        ]),
      ],
      { unitOrder: units, unitTaskIds: new Set(units.get('air')) },
    );
    expect(m.sheets[0]!.rows.map((r) => [r.taskId, r.by, r.score >= 0.9])).toEqual([
      ['air-02', 'ordinal+text', true],
      ['air-05', 'ordinal+text', true],
      ['air-09', 'ordinal+text', true],
    ]);
    expect(confirmations(m)).toEqual([]);
  });

  it('text alone: a verbatim copy and a first sentence are confident; a rewrite is asked about', () => {
    const first = task('air-09').measures.split('。')[0]!;
    const m = detect([
      sheet('大气', [
        ['工作措施', '完成状态'],
        [task('air-05').measures, '推进中'],
        [first, '推进中'],
        ['对辖区内扬尘开展巡查，发现问题及时处理', '推进中'],
      ]),
    ]);
    const [verbatim, cut, rewrite] = m.sheets[0]!.rows;
    expect([verbatim!.taskId, verbatim!.by, verbatim!.score]).toEqual(['air-05', 'text', 1]);
    expect(cut!.taskId).toBe('air-09');
    expect(cut!.score).toBeGreaterThanOrEqual(CONFIDENT);
    expect(rewrite!.score).toBeLessThan(CONFIDENT);
    expect(confirmations(m).map((c) => c.row)).toEqual([4]);
  });

  it('a row matching two tasks equally is asked about, never guessed', () => {
    // air-01 and air-02 share their key task (目标任务): with only that column they tie.
    const m = detect([
      sheet('大气', [
        ['重点任务', '完成状态'],
        ['目标任务', '推进中'],
      ]),
    ]);
    const r = m.sheets[0]!.rows[0]!;
    expect(r.score).toBeLessThanOrEqual(0.5);
    expect(r.note).toContain('同样接近');
    expect(
      r.candidates
        .slice(0, 2)
        .map((c) => c.taskId)
        .sort(),
    ).toEqual(['air-01', 'air-02']);
    expect(confirmations(m)[0]!.message).toContain('第 2 行');
  });

  it('序号 alone, on a sheet without task text: the plan’s number at 0.7, for a person to confirm', () => {
    const m = detect([
      sheet('土壤', [
        ['序号', '完成状态'],
        [3, '推进中'],
      ]),
    ]);
    expect(m.sheets[0]!.rows[0]).toMatchObject({ taskId: 'soil-03', score: 0.7, by: 'ordinal' });
    expect(confirmations(m).map((c) => c.kind)).toEqual(['row']);
  });

  it('heading, note and repeated header rows are skipped with the reason', () => {
    const m = detect([
      sheet('大气', [
        ['序号', '工作措施', '完成状态'],
        ['一、空气质量目标', '一、空气质量目标', '一、空气质量目标'],
        [1, task('air-02').measures, '推进中'],
        ['序号', '工作措施', '完成状态'],
        ['填报说明：请于每月25日前报送', null, null],
      ]),
    ]);
    expect(m.sheets[0]!.rows.map((r) => r.taskId)).toEqual(['air-02']);
    expect(m.sheets[0]!.skipped.map((s) => s.row)).toEqual([2, 4, 5]);
  });

  it('two rows naming one task are asked about', () => {
    const m = detect([
      sheet('大气', [
        ['工作措施', '完成状态'],
        [task('air-05').measures, '推进中'],
        [task('air-05').measures, '已完成'],
      ]),
    ]);
    expect(confirmations(m).map((c) => [c.kind, c.row])).toEqual([['row', 3]]);
  });
});

describe('plans', () => {
  const waterRows = ['water-01', 'water-02', 'water-03'].map((id, i) => row(i + 1, id, '推进中'));
  const header = ['序号', '重点任务', '工作措施', '完成情况', '进展情况'];

  it.each([
    ['水', 'water', 'name'],
    ['Sheet1', 'water', 'text'],
  ] as const)('sheet %s with water tasks → %s by %s, confident', (name, p, by) => {
    const m = detect([sheet(name, [header, ...waterRows])]);
    expect(m.sheets[0]).toMatchObject({ plan: p, planBy: by });
    expect(m.sheets[0]!.planScore).toBeGreaterThanOrEqual(CONFIDENT);
  });

  it('a sheet named 大气 holding water tasks: the text’s plan, asked about', () => {
    const m = detect([sheet('大气', [header, ...waterRows])]);
    expect(m.sheets[0]).toMatchObject({ plan: 'water', planBy: 'text' });
    expect(m.sheets[0]!.planScore).toBeLessThan(CONFIDENT);
    expect(confirmations(m)[0]!.message).toContain('表名指向大气');
  });

  it('two sheets claiming the same plan are asked about; confirming settles it', () => {
    const m = detect([
      sheet('大气', [header, row(1, 'air-02', '推进中')]),
      sheet('大气(2)', [header, row(1, 'air-03', '推进中')]),
    ]);
    expect(confirmations(m).map((c) => c.message)).toContainEqual(expect.stringContaining('都对应“大气”'));
    expect(confirmations(confirmAll(m))).toEqual([]);
  });
});

describe('a person’s corrections, kept for the unit', () => {
  const build = (extra: Cell[] = []) =>
    detect([
      sheet('大气', [
        ['工作措施', '完成状态', '进展', ...(extra.length ? ['佐证资料'] : [])],
        [task('air-05').measures, '推进中', '开展检查', ...extra],
        ['对辖区内扬尘开展巡查，发现问题及时处理', '推进中', '巡查5次', ...extra],
      ]),
    ]);

  it('corrections score 1 and are kept; the same layout next month needs nothing', () => {
    let m = build();
    expect(confirmations(m)).toHaveLength(1);
    m = setRowTask(m, '大气', 3, 'air-44');
    expect(confirmations(m)).toEqual([]);
    const saved = toSavedMapping(m, '永乐店镇', '协调员', '2021-03-26T00:00:00Z');
    expect(saved.rows).toEqual([{ key: m.sheets[0]!.rows[1]!.key, taskId: 'air-44' }]);
    const reapplied = detect(
      [
        sheet('大气', [
          ['工作措施', '完成状态', '进展'],
          [task('air-05').measures, '已完成', '完成检查'],
          ['对辖区内扬尘开展巡查，发现问题及时处理', '推进中', '巡查8次'],
        ]),
      ],
      { saved },
    );
    expect(reapplied.saved).toBe('applied');
    expect(reapplied.sheets[0]!.rows[1]).toMatchObject({ taskId: 'air-44', by: 'saved', score: 1 });
    expect(confirmations(reapplied)).toEqual([]);
  });

  it('a changed layout: detected afresh with a warning naming the change; confirmed rows still hold', () => {
    const m = setRowTask(build(), '大气', 3, 'air-44');
    const saved = toSavedMapping(m, '永乐店镇', '协调员', '2021-03-26T00:00:00Z');
    const changed = detectLayout(
      {
        sheets: [
          sheet('大气', [
            ['工作措施', '完成状态', '进展', '佐证资料'],
            [task('air-05').measures, '推进中', '开展检查', '照片'],
            ['对辖区内扬尘开展巡查，发现问题及时处理', '推进中', '巡查5次', '照片'],
          ]),
        ],
      },
      ctx({ saved }),
    );
    expect(changed.saved).toBe('changed');
    expect(changed.warnings[0]).toContain('“大气”新增列：佐证资料');
    expect(changed.sheets[0]!.rows[1]).toMatchObject({ taskId: 'air-44', by: 'saved' });
  });

  it('taking a field for another column leaves the first one unmapped', () => {
    const m = setColumnField(build(), '大气', 3, 'status');
    expect(m.sheets[0]!.columns.map((c) => c.field)).toEqual(['measures', null, 'status']);
  });
});

describe('applying a mapping', () => {
  async function mapped(rows: Cell[][]): Promise<ReadResult> {
    const grid: SheetGrid = { sheets: [sheet('大气', rows)] };
    const read: ReadResult = {
      ...(await readReturnWorkbook(new Uint8Array(0))),
      errors: [],
      layout: 'foreign',
      grid,
    };
    return applyMapping(read, confirmAll(detectLayout(grid, ctx())));
  }

  it('reads status words and percentages in text; a blank cell says nothing; words become notes', async () => {
    const r = await mapped([
      ['工作措施', '完成情况', '完成比例', '进展情况', '存在问题'],
      [task('air-05').measures, '完成80%', null, '完成改造', null],
      [task('air-09').measures, '基本完成', '八成', null, '资金'],
      [task('air-10').measures, '持续推进', '45%', '按月巡查', null],
      [task('air-11').measures, '按月报送', 30, null, null],
    ]);
    expect(r.rows.map((x) => [x.taskId, x.fields, x.errors.map((e) => e.code)])).toEqual([
      ['air-05', { status: '推进中', percent: 80, progress: '完成改造' }, []],
      ['air-09', { status: '推进中', progress: '完成比例：八成', problems: '资金' }, []],
      ['air-10', { status: '推进中', percent: 45, progress: '按月巡查' }, []],
      ['air-11', { percent: 30 }, ['invalid-status']],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      '“完成80%”按完成比例 80% 读作“推进中”（“大气”第 2 行）',
      '“基本完成”不等于已完成，按“推进中”导入（“大气”第 3 行）',
      '完成比例“八成”不是数字，不填完成比例，原文保留在工作进展中（“大气”第 3 行）',
    ]);
  });
});
