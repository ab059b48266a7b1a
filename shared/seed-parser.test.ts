import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSeeds, SEED_FILES } from './seed-build.ts';
import { parsePlanText, SeedParseError } from './seed-parser.ts';
import { UNIT_REGISTRY, UnitIndex } from './registry.ts';
import type { Task } from './model.ts';

const text = readFileSync(SEED_FILES.text, 'utf8');
const built = buildSeeds(text);
const { plan, notes } = built;
const task = (id: string): Task => {
  const t = plan.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};
const index = new UnitIndex(UNIT_REGISTRY);

describe('seed data', () => {
  it('is exactly what the committed seeds/ files hold (run `npm run seeds` after changing the parser)', () => {
    for (const [path, body] of Object.entries(built.files))
      expect(readFileSync(path, 'utf8'), path).toBe(body);
  });

  it('is deterministic: two builds give identical bytes', () => {
    expect(buildSeeds(text).files).toEqual(built.files);
  });

  it('has the document metadata', () => {
    expect(plan.docNumber).toBe('通政发〔2021〕2号');
    expect(plan.title).toBe('通州区深入打好污染防治攻坚战2021年行动计划');
    expect(plan.issuedOn).toBe('2021-02-24');
    expect(plan.year).toBe(2021);
  });

  it.each([
    ['air', 56],
    ['water', 43],
    ['soil', 35],
  ])('%s has %i tasks numbered 1..n', (p, n) => {
    const nos = plan.tasks.filter((t) => t.plan === p).map((t) => t.no);
    expect(nos).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it.each([
    ['air-01', '一、空气质量目标', 2],
    ['air-03', '二、推进机动车结构进一步优化', 16],
    ['air-32', '四、实施挥发性有机物（VOCs）专项治理行动', 13],
    ['water-03', '二、水资源保护', 14],
    ['water-40', '四、水生态修复', 4],
    ['soil-35', '四、强化基础保障', 10],
  ])('%s is in section %s (%i tasks)', (id, section, size) => {
    expect(task(id).section).toBe(section);
    expect(plan.tasks.filter((t) => t.plan === task(id).plan && t.section === section)).toHaveLength(size);
  });

  it.each([
    // id, keyTask, inherited
    ['air-01', '目标任务', false],
    ['air-02', '目标任务', true],
    ['air-03', '积极推广新能源汽车', false],
    ['air-04', '积极推广新能源汽车', true],
    ['air-05', '积极推广新能源汽车', true],
    ['water-42', '加强生物多样性保护', false], // wrapped over two lines in the source
  ])('key task of %s is %s (inherited: %s)', (id, keyTask, inherited) => {
    expect(task(id).keyTask).toBe(keyTask);
    expect(task(id).keyTaskInherited).toBe(inherited);
  });

  it('keeps the fact of inheritance for every blank key-task cell', () => {
    expect(plan.tasks.filter((t) => t.keyTaskInherited).map((t) => t.id)).toEqual(notes.inheritedKeyTasks);
    expect(notes.inheritedKeyTasks).toHaveLength(52);
  });

  it('keeps paragraph breaks in measures and removes the bookmark artefact', () => {
    expect(task('air-07').measures.split('\n')).toHaveLength(3);
    expect(task('air-07').measures.split('\n')[2]).toBe(
      '区邮政局组织推进新增和更新的4.5吨以下的邮政车力争全部采用纯电动车。',
    );
    expect(plan.tasks.some((t) => JSON.stringify(t).includes('bookmark'))).toBe(false);
    expect(notes.removedArtefacts).toEqual([{ line: 309, text: '[bookmark: _GoBack]' }]);
    expect(task('air-23').leadUnits[0]).toBe('区农业农村局');
  });

  it.each([
    ['air-01', { raw: '年底前', kind: 'due', due: '2021-12-31' }],
    ['air-23', { raw: '供暖季前（11月15日前）', kind: 'due', due: '2021-11-15' }],
    ['water-43', { raw: '长期实施', kind: 'ongoing' }], // `长期` / `实施` on two lines
    ['water-12', { raw: '长期实施', kind: 'ongoing' }],
  ])('deadline of %s', (id, deadline) => {
    expect(task(id).deadline).toEqual(deadline);
  });

  it('parses every deadline of the plan (none unknown)', () => {
    const kinds = plan.tasks.map((t) => `${t.deadline.kind}:${t.deadline.raw}`);
    expect(kinds.filter((k) => k === 'due:年底前')).toHaveLength(99);
    expect(kinds.filter((k) => k === 'ongoing:长期实施')).toHaveLength(32);
    expect(kinds.filter((k) => k === 'ongoing:长期坚持')).toHaveLength(1);
    expect(plan.tasks.find((t) => t.deadline.kind === 'window')?.deadline).toEqual({
      raw: '6-9月',
      kind: 'window',
      from: '2021-06-01',
      to: '2021-09-30',
    });
  });

  it.each([
    ['air-04', ['阳波', '倪德才']], // `阳  波` with inner spaces
    ['air-05', ['朱益军', '倪德才']], // ` 倪德才` with a leading space
    ['air-06', ['郑皓', '倪德才']],
    ['air-03', ['苏国斌']], // first paragraph of the cell is blank
    ['air-43', []], // blank cell in the source
  ])('leaders of %s', (id, leaders) => {
    expect(task(id).leaders).toEqual(leaders);
  });

  it.each([
    // run-together names on one line
    ['air-04', 'leadUnits', ['区城市管理委', '区发展改革委', '区财政局']],
    ['air-07', 'leadUnits', ['区城市管理委', '区邮政局']],
    ['air-05', 'leadUnits', ['通州交通支队', '区交通局']],
    // alias 中关村科技园通州园管委会 → canonical
    ['air-05', 'coUnits', ['区财政局', '中关村科技园区通州园管委会', '区商务局', '区城市管理委', '区邮政局']],
    // `——` cells are empty lists
    ['air-02', 'coUnits', []],
    ['air-02', 'leadUnits', ['各街道乡镇']],
    // group words kept as written
    ['air-01', 'coUnits', ['全区各部门', '各街道乡镇']],
    [
      'water-42',
      'coUnits',
      ['区水务局', '区市场监管局', '市规自委通州分局', '区科委', '区教委', '相关街道乡镇'],
    ],
    ['air-09', 'leadUnits', ['区财政局', '车辆购置更新使用相关单位']],
    // city-level body is not the Tongzhou branch
    ['air-43', 'coUnits', ['市规划自然资源委']],
  ] as const)('%s %s', (id, field, units) => {
    expect(task(id)[field]).toEqual(units);
  });

  it('names only registered units, no group word misspelt', () => {
    for (const t of plan.tasks)
      for (const u of [...t.leadUnits, ...t.coUnits]) expect(index.get(u), `${t.id}: ${u}`).toBeDefined();
  });

  it('skips the blank row in the water plan and records it', () => {
    expect(notes.blankRows).toEqual([841]);
    expect(task('water-13').keyTask).toBe('防止地下水污染');
  });
});

describe('parse errors name the row', () => {
  const minimal = (rows: string) =>
    [
      '通政发〔2021〕2号',
      '2021年2月24日',
      '《通州区深入打好污染防治攻坚战2021年行动计划》',
      ...['大气', '水', '土壤'].map((p) => `通州区2021年${p}污染防治行动计划\n\t一、目标\n${rows}`),
    ].join('\n');
  const row = (cells: string[]) => cells.map((c) => `\t${c}`).join('\n');

  it.each([
    [
      'unknown unit',
      row(['1', '目标', '措施', '年底前', '倪德才', '区不存在局', '——']),
      /Unknown unit name "区不存在局"/,
    ],
    [
      'unknown deadline',
      row(['1', '目标', '措施', '明年再说', '倪德才', '区生态环境局', '——']),
      /unknown deadline "明年再说"/,
    ],
    [
      'blank key task at the top of a section',
      row(['1', '', '措施', '年底前', '倪德才', '区生态环境局', '——']),
      /blank key task/,
    ],
    [
      'number out of sequence',
      row(['2', '目标', '措施', '年底前', '倪德才', '区生态环境局', '——']),
      /task number 2, expected 1/,
    ],
    ['short row', row(['1', '目标', '措施']), /only 3 cells/],
    ['no lead unit', row(['1', '目标', '措施', '年底前', '倪德才', '——', '——']), /no lead unit/],
  ])('%s', (_name, rows, message) => {
    let error: unknown;
    try {
      parsePlanText(minimal(rows), index);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SeedParseError);
    expect((error as SeedParseError).line).toBeGreaterThan(3);
    expect((error as Error).message).toMatch(message);
  });
});
