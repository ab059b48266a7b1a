import { describe, expect, it } from 'vitest';
import {
  checklistHash,
  dashboardHash,
  gridHash,
  parseChecklistLink,
  parseDashboardPeriod,
  parseGridLink,
  parseHash,
} from './navigation.ts';

describe('navigation hashes', () => {
  it('parses views and ignores foreign hashes', () => {
    expect(parseHash('#/dashboard').view).toBe('dashboard');
    expect(parseHash('').view).toBeNull();
    expect(parseHash('#/nope?x=1').view).toBeNull();
    expect(parseHash('#/ledger?period=2021-03').params.get('period')).toBe('2021-03');
  });

  it('round-trips a grid filter', () => {
    const link = {
      period: '2021-10',
      plan: 'air',
      section: '二、推进机动车结构进一步优化',
      unit: '永乐店镇',
      status: 'none',
      deadlineState: 'overdue',
      overdue: true,
      judgement: '欠进度',
      category: 'late',
    } as const;
    const hash = gridHash(link);
    expect(hash.startsWith('#/ledger?period=2021-10&plan=air&section=')).toBe(true);
    expect(hash).toContain('overdue=1');
    expect(parseGridLink(hash)).toEqual(link);
    expect(gridHash({ period: '2021-10', unit: '永乐店镇', overdue: true })).toBe(
      `#/ledger?period=2021-10&unit=${encodeURIComponent('永乐店镇')}&overdue=1`,
    );
  });

  it('drops invalid grid values and needs a period', () => {
    expect(parseGridLink('#/ledger?plan=air')).toBeNull();
    expect(parseGridLink('#/dashboard?period=2021-10')).toBeNull();
    expect(parseGridLink('#/ledger?period=2021-10&plan=x&status=好&overdue=yes&category=bad')).toEqual({
      period: '2021-10',
    });
  });

  it('round-trips a checklist scope with a task selection', () => {
    const hash = checklistHash({ period: '2021-03', unit: '永乐店镇', taskIds: ['air-01', 'air-02'] });
    expect(hash).toContain('tasks=air-01%2Cair-02');
    expect(parseChecklistLink(hash)).toEqual({
      period: '2021-03',
      unit: '永乐店镇',
      taskIds: ['air-01', 'air-02'],
    });
    expect(parseChecklistLink('#/checklist?tasks=air-01,x,water-03&period=bad')).toEqual({
      taskIds: ['air-01', 'water-03'],
    });
    expect(parseChecklistLink('#/ledger')).toBeNull();
  });

  it('carries the dashboard period', () => {
    expect(dashboardHash('2021-10')).toBe('#/dashboard?period=2021-10');
    expect(parseDashboardPeriod('#/dashboard?period=2021-10')).toBe('2021-10');
    expect(parseDashboardPeriod('#/dashboard')).toBeNull();
  });
});
