import { describe, expect, it } from 'vitest';
import { classifyHeader, MAPPED_FIELD_LABELS, MAPPED_FIELDS, monthNamedIn, planNamedIn } from './synonyms.ts';

describe('header synonyms', () => {
  it.each([
    // header, field(s), score, by
    ['编号', ['taskId'], 1, 'exact'],
    ['任务编号', ['taskId'], 1, 'exact'],
    ['序号', ['ordinal'], 0.9, 'synonym'],
    ['重点任务', ['keyTask'], 1, 'exact'],
    ['重点工作', ['keyTask'], 0.9, 'synonym'],
    ['工作措施', ['measures'], 1, 'exact'],
    ['工作内容', ['measures'], 0.9, 'synonym'],
    ['完成状态', ['status'], 1, 'exact'],
    ['完成情况', ['status', 'progress'], 0.9, 'synonym'],
    ['落实情况', ['status', 'progress'], 0.9, 'synonym'],
    ['进展情况', ['progress'], 1, 'exact'],
    ['推进情况', ['progress'], 0.9, 'synonym'],
    ['工作进展', ['progress'], 1, 'exact'],
    ['目前进度', ['percent', 'progress'], 0.9, 'synonym'],
    ['完成比例', ['percent'], 1, 'exact'],
    ['完成比例（%）', ['percent'], 1, 'exact'],
    ['存在问题', ['problems'], 1, 'exact'],
    ['存在的困难和问题', ['problems'], 0.9, 'synonym'],
    ['下步计划', ['nextSteps'], 1, 'exact'],
    ['下一步打算', ['nextSteps'], 0.9, 'synonym'],
    ['备注', ['remark'], 0.9, 'synonym'],
    ['佐证材料', ['evidence'], 1, 'exact'],
    ['佐证资料', ['evidence'], 0.9, 'synonym'],
    ['联系人', ['reporter'], 0.9, 'synonym'],
    ['3月工作进展', ['progress'], 0.85, 'synonym'],
    ['截至3月底进展情况', ['progress'], 0.85, 'synonym'],
    ['本月完成情况', ['status', 'progress'], 0.85, 'synonym'],
    ['存在问题（困难）', ['problems'], 0.85, 'synonym'],
    ['各项工作推进情况说明', ['progress'], 0.7, 'partial'],
    [' 完 成\n状 态 ', ['status'], 1, 'exact'],
  ] as const)('%s → %s (%s, %s)', (header, fields, score, by) => {
    expect(classifyHeader(header)).toEqual({ field: fields[0], fields, score, by });
  });

  it.each([
    '名称',
    '金额',
    '合计',
    '2021年3月',
    '通州区永乐店镇2021年大气污染防治重点任务推进台账及相关说明材料',
  ])('%s names no field', (header) => {
    expect(classifyHeader(header)).toBeNull();
  });

  it('in the master ledger 责任单位 names whose row it is', () => {
    expect(classifyHeader('责任单位')?.field).toBe('leadUnits');
    expect(classifyHeader('责任单位', 'history')).toMatchObject({ field: 'unit', score: 0.9 });
    expect(classifyHeader('单位', 'history')?.field).toBe('unit');
  });
});

describe('plan names', () => {
  it.each([
    ['大气', 'air', 0.9],
    ['大气污染防治', 'air', 0.9],
    ['大气污染防治台账', 'air', 0.9],
    ['水', 'water', 0.9],
    ['水污染防治', 'water', 0.9],
    ['土壤', 'soil', 0.9],
    ['2021年土壤污染防治工作台账', 'soil', 0.9],
    ['通州区大气污染防治重点任务推进表（3月）', 'air', 0.75],
    ['碧水保卫战', 'water', 0.9],
  ] as const)('%s → %s %s', (name, plan, score) => {
    expect(planNamedIn(name)).toEqual({ plan, score });
  });

  it.each(['Sheet1', '汇总', '大气与水污染防治', '水土保持'])('%s names no one plan', (name) => {
    expect(planNamedIn(name)).toBeNull();
  });
});

describe('months', () => {
  it.each([
    ['2021年3月', '2021-03'],
    ['2021-03', '2021-03'],
    ['2021.3', '2021-03'],
    ['3月', '2021-03'],
    ['3月份', '2021-03'],
    ['十二月', '2021-12'],
    ['3月完成情况', '2021-03'],
    ['1-3月', null],
    ['完成情况', null],
  ] as const)('%s → %s', (text, month) => {
    expect(monthNamedIn(text, 2021)).toBe(month);
  });
});

describe('the fields a column can be mapped to', () => {
  it('offers every labelled field once, the imported ones first', () => {
    expect([...MAPPED_FIELDS].sort()).toEqual(Object.keys(MAPPED_FIELD_LABELS).sort());
    expect(new Set(MAPPED_FIELDS).size).toBe(MAPPED_FIELDS.length);
    expect(MAPPED_FIELDS.slice(0, 3)).toEqual(['status', 'percent', 'progress']);
  });
});
