import { describe, expect, it } from 'vitest';
import { parseDeadline } from './deadline.ts';
import { expectedShare, judgeSchedule } from './schedule.ts';

const endOfYear = parseDeadline('年底前', 2021);
const heating = parseDeadline('供暖季前（11月15日前）', 2021);
const summer = parseDeadline('6-9月', 2021);
const ongoing = parseDeadline('长期实施', 2021);

describe('expected share (序时进度)', () => {
  it.each([
    [endOfYear, '2021-11', 91.7],
    [endOfYear, '2021-03', 25],
    [endOfYear, '2021-12', 100],
    [endOfYear, '2022-02', 100],
    [heating, '2021-10', 95.2], // 10 of 10.5 months
    [summer, '2021-05', 0],
    [summer, '2021-07', 50],
    [summer, '2021-09', 100],
  ] as const)('%j at the end of %s is %d%%', (deadline, period, share) => {
    expect(expectedShare(deadline, period, 2021)).toBe(share);
  });

  it('gives the same share as the formula written out, for every month and mid-month deadline', () => {
    // More distinct dates than the split dates it remembers: the answers must not drift.
    const plain = (due: string, period: string): number => {
      const months = (date: string) => {
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        return (y - 2021) * 12 + (m - 1) + d / new Date(Date.UTC(y, m, 0)).getUTCDate();
      };
      const [py, pm] = period.split('-').map(Number) as [number, number];
      const end = `${period}-${new Date(Date.UTC(py, pm, 0)).getUTCDate()}`;
      const total = months(due);
      return Math.round((Math.min(Math.max(months(end), 0), total) / total) * 1000) / 10;
    };
    let checked = 0;
    for (let day = 0; day < 5000; day++) {
      const due = new Date(Date.UTC(2021, 0, 15 + day)).toISOString().slice(0, 10);
      const deadline = { raw: due, kind: 'due' as const, due };
      for (const period of ['2021-03', '2021-11', '2024-02']) {
        expect(expectedShare(deadline, period, 2021)).toBe(plain(due, period));
        checked++;
      }
    }
    expect(checked).toBe(15_000); // 5,000 due dates: past the 4,096 splits remembered
  });

  it('is not defined for ongoing tasks', () => {
    expect(expectedShare(ongoing, '2021-05', 2021)).toBeNull();
  });
});

describe('judgement', () => {
  it.each([
    ['ahead', endOfYear, '2021-03', { status: '推进中', percent: 50 }, true, '超进度'],
    [
      'on schedule within 5 points',
      endOfYear,
      '2021-03',
      { status: '推进中', percent: 22 },
      true,
      '达到序时',
    ],
    ['behind', endOfYear, '2021-11', { status: '推进中', percent: 60 }, true, '欠进度'],
    ['no percent', endOfYear, '2021-11', { status: '推进中', percent: null }, true, '未填比例'],
    ['completed overrides', endOfYear, '2022-01', { status: '已完成', percent: 100 }, true, '已完成'],
    ['overdue overrides', endOfYear, '2022-01', { status: '推进中', percent: 99 }, true, '已逾期'],
    ['not applicable', endOfYear, '2021-03', { status: '不涉及', percent: null }, true, '不涉及'],
    ['before its window', summer, '2021-04', { status: '未启动', percent: 0 }, false, '未到实施期'],
    ['ongoing with a return', ongoing, '2021-04', { status: '推进中', percent: null }, true, '已报送'],
    ['ongoing without a return', ongoing, '2021-04', { status: null, percent: null }, false, '未报送'],
  ] as const)('%s', (_name, deadline, period, progress, reported, judgement) => {
    expect(judgeSchedule(deadline, period, 2021, progress, reported)).toBe(judgement);
  });
});
