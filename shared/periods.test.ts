import { describe, expect, it } from 'vitest';
import { auditSourceLabel, deadlineMeaning } from './deadline-words.ts';
import { defaultPeriod, nextPeriod, periodChoices, stepPeriod } from './periods.ts';

describe('periods', () => {
  it.each([
    ['2021-03-15T12:00:00', '2021-03'],
    ['2020-06-01T12:00:00', '2021-01'],
    ['2026-11-20T12:00:00', '2021-12'],
  ])('default period for %s is %s', (now, period) => {
    expect(defaultPeriod(new Date(now), 2021)).toBe(period);
  });

  it('steps months across years', () => {
    expect(nextPeriod('2021-12')).toBe('2022-01');
    expect(stepPeriod('2021-01', -1)).toBe('2020-12');
    expect(stepPeriod('2021-03', 10)).toBe('2022-01');
  });

  it('offers the plan year and the next, plus an outside current period', () => {
    const c = periodChoices(2021);
    expect(c).toHaveLength(24);
    expect(c[0]).toBe('2021-01');
    expect(periodChoices(2021, '2020-11')[0]).toBe('2020-11');
  });
});

describe('deadline and source words', () => {
  it.each([
    [{ raw: '年底前', kind: 'due', due: '2021-12-31' }, '2021年12月31日前完成'],
    [{ raw: '长期实施', kind: 'ongoing' }, '长期任务，每期检查'],
    [
      { raw: '6-9月', kind: 'window', from: '2021-06-01', to: '2021-09-30' },
      '实施期：2021年6月1日至2021年9月30日',
    ],
    [{ raw: '适时', kind: 'unknown' }, '时限表述不明确（原文：适时），请与牵头单位确认'],
  ] as const)('%j → %s', (deadline, words) => {
    expect(deadlineMeaning(deadline)).toBe(words);
  });

  it.each([
    ['edit', '手工编辑'],
    ['paste', '粘贴'],
    ['undo', '撤销'],
    ['redo', '重做'],
    ['import:b1', '导入'],
    ['undo:b1', '撤销导入'],
    ['resolve', '指定单位'],
  ])('%s → %s', (source, label) => {
    expect(auditSourceLabel(source)).toBe(label);
  });
});
