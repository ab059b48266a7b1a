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
    expect(periodLabel(period)).toBe(label);
    expect(previousPeriod(period)).toBe(prev);
  });
});
