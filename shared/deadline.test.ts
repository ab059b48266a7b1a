import { describe, expect, it } from 'vitest';
import {
  deadlineState,
  deadlineStateForPeriod,
  parseDeadline,
  periodEnd,
  periodLabel,
  previousPeriod,
} from './deadline.ts';
import type { Deadline } from './model.ts';

describe('parseDeadline', () => {
  it.each<[string, Omit<Deadline, 'raw'>]>([
    ['年底前', { kind: 'due', due: '2021-12-31' }],
    ['长期实施', { kind: 'ongoing' }],
    ['长期\n实施', { kind: 'ongoing' }],
    ['长期坚持', { kind: 'ongoing' }],
    ['6-9月', { kind: 'window', from: '2021-06-01', to: '2021-09-30' }],
    ['６－９月', { kind: 'window', from: '2021-06-01', to: '2021-09-30' }],
    ['供暖季前（11月15日前）', { kind: 'due', due: '2021-11-15' }],
    ['6月底前', { kind: 'due', due: '2021-06-30' }],
    ['长期', { kind: 'unknown' }],
    ['明年', { kind: 'unknown' }],
    // Words of later plans (2022 and on): each understood, or unknown — never guessed.
    ['2022年6月底前', { kind: 'due', due: '2022-06-30' }],
    ['2022年6月底前完成', { kind: 'due', due: '2022-06-30' }],
    ['2022年9月30日前', { kind: 'due', due: '2022-09-30' }],
    ['2023年底前', { kind: 'due', due: '2023-12-31' }],
    ['2022年年底前', { kind: 'due', due: '2022-12-31' }],
    ['每季度', { kind: 'ongoing', every: 'quarter' }],
    ['按季度', { kind: 'ongoing', every: 'quarter' }],
    ['每月25日前', { kind: 'ongoing', every: 'month' }],
    ['每年', { kind: 'ongoing', every: 'year' }],
    ['2022—2025年', { kind: 'window', from: '2022-01-01', to: '2025-12-31' }],
    ['2022-2025年', { kind: 'window', from: '2022-01-01', to: '2025-12-31' }],
    ['2022年至2023年', { kind: 'window', from: '2022-01-01', to: '2023-12-31' }],
    ['2025—2022年', { kind: 'unknown' }],
    ['持续推进', { kind: 'ongoing' }],
    ['常态化推进', { kind: 'ongoing' }],
    ['上半年', { kind: 'due', due: '2021-06-30' }],
    ['下半年', { kind: 'window', from: '2021-07-01', to: '2021-12-31' }],
    ['二季度末前', { kind: 'due', due: '2021-06-30' }],
    ['第一季度', { kind: 'due', due: '2021-03-31' }],
    ['5月-10月', { kind: 'window', from: '2021-05-01', to: '2021-10-31' }],
    ['根据上级要求', { kind: 'unknown' }],
    ['2022年6月', { kind: 'unknown' }], // a month without 前/底: due, or the whole month? Not guessed.
    ['立即', { kind: 'unknown' }],
    ['五月底前', { kind: 'unknown' }], // months in Chinese numerals: not read (yet)
    ['13月15日前', { kind: 'unknown' }],
    ['9-6月', { kind: 'unknown' }],
    ['', { kind: 'unknown' }],
  ])('%j', (raw, meaning) => {
    expect(parseDeadline(raw, 2021)).toEqual({ raw, ...meaning });
  });
});

describe('deadline state across a year of periods', () => {
  const endOfYear = parseDeadline('年底前', 2021);
  const summer = parseDeadline('6-9月', 2021);
  const heating = parseDeadline('供暖季前（11月15日前）', 2021);
  const ongoing = parseDeadline('长期实施', 2021);
  const periods = ['2021-01', '2021-05', '2021-06', '2021-09', '2021-10', '2021-11', '2021-12', '2022-01'];
  it.each([
    ['年底前', endOfYear, ['due', 'due', 'due', 'due', 'due', 'due', 'due', 'overdue']],
    [
      '6-9月',
      summer,
      [
        'before-window',
        'before-window',
        'in-window',
        'in-window',
        'overdue',
        'overdue',
        'overdue',
        'overdue',
      ],
    ],
    ['供暖季前', heating, ['due', 'due', 'due', 'due', 'due', 'overdue', 'overdue', 'overdue']],
    [
      '长期实施',
      ongoing,
      ['ongoing', 'ongoing', 'ongoing', 'ongoing', 'ongoing', 'ongoing', 'ongoing', 'ongoing'],
    ],
  ] as const)('%s', (_name, deadline, states) => {
    expect(periods.map((p) => deadlineStateForPeriod(deadline, p))).toEqual(states);
  });

  it('completed wins over overdue', () => {
    expect(deadlineStateForPeriod(endOfYear, '2022-01', true)).toBe('done');
  });

  it('a due date is due on the day itself and overdue the day after', () => {
    expect(deadlineState(heating, '2021-11-15')).toBe('due');
    expect(deadlineState(heating, '2021-11-16')).toBe('overdue');
    expect(deadlineState(parseDeadline('???', 2021), '2021-11-16')).toBe('unknown');
  });
});

describe('periods', () => {
  it.each([
    ['2021-02', '2021-02-28', '2021年2月', '2021-01'],
    ['2024-02', '2024-02-29', '2024年2月', '2024-01'],
    ['2021-01', '2021-01-31', '2021年1月', '2020-12'],
    ['2021-12', '2021-12-31', '2021年12月', '2021-11'],
  ])('%s', (period, end, label, prev) => {
    expect(periodEnd(period)).toBe(end);
    expect(periodEnd(period)).toBe(end); // remembered: the same answer again
    expect(periodLabel(period)).toBe(label);
    expect(previousPeriod(period)).toBe(prev);
  });

  it('periodEnd stays right past its memory bound (it starts again, never evicts wrongly)', () => {
    const months = [];
    for (let y = 2000; y < 2100; y++)
      for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
    for (const p of months) periodEnd(p); // 1,200 periods: more than it keeps
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('2100-02')).toBe('2100-02-28');
    expect(periodEnd('2000-02')).toBe('2000-02-29');
  });
});
