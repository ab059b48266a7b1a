// Deadline states across a year of periods (2021-01 … 2022-01) for every kind of deadline the real
// plan (seeds/plan.json) uses: 年底前, 长期实施 / 长期坚持, 6-9月, 供暖季前（11月15日前）.
import { describe, expect, it } from 'vitest';
import plan from '../seeds/plan.json' with { type: 'json' };
import { deadlineStateForPeriod, parseDeadline, type DeadlineState } from './deadline.ts';
import type { PlanDocument } from './model.ts';

const doc = plan as PlanDocument;
const PERIODS = [
  '2021-01',
  '2021-02',
  '2021-03',
  '2021-04',
  '2021-05',
  '2021-06',
  '2021-07',
  '2021-08',
  '2021-09',
  '2021-10',
  '2021-11',
  '2021-12',
  '2022-01',
];

const D: DeadlineState = 'due';
const O: DeadlineState = 'overdue';
const W: DeadlineState = 'in-window';
const B: DeadlineState = 'before-window';
const L: DeadlineState = 'ongoing';

/** Raw text (white space removed) → state at the end of each period in PERIODS. */
const TABLE: Record<string, DeadlineState[]> = {
  //          1  2  3  4  5  6  7  8  9  10 11 12 2022-01
  年底前: [D, D, D, D, D, D, D, D, D, D, D, D, O],
  长期实施: [L, L, L, L, L, L, L, L, L, L, L, L, L],
  长期坚持: [L, L, L, L, L, L, L, L, L, L, L, L, L],
  '6-9月': [B, B, B, B, B, W, W, W, W, O, O, O, O],
  // Due 2021-11-15: the end of November is past it.
  '供暖季前（11月15日前）': [D, D, D, D, D, D, D, D, D, D, O, O, O],
};

const byRaw = new Map<string, (typeof doc.tasks)[number][]>();
for (const t of doc.tasks) {
  const key = t.deadline.raw.replace(/\s+/g, '');
  byRaw.set(key, [...(byRaw.get(key) ?? []), t]);
}

describe('the real plan’s deadlines', () => {
  it('uses exactly the four kinds in the table, none unknown', () => {
    expect([...byRaw.keys()].sort()).toEqual(Object.keys(TABLE).sort());
    expect(doc.tasks.filter((t) => t.deadline.kind === 'unknown')).toEqual([]);
    expect(byRaw.get('6-9月')?.map((t) => t.deadline)).toEqual([
      { raw: expect.any(String), kind: 'window', from: '2021-06-01', to: '2021-09-30' },
    ]);
    expect(byRaw.get('供暖季前（11月15日前）')?.map((t) => t.deadline.due)).toEqual(['2021-11-15']);
  });

  it('stores what parseDeadline makes of the raw text', () => {
    for (const t of doc.tasks) expect(parseDeadline(t.deadline.raw, doc.year)).toEqual(t.deadline);
  });

  describe.each(Object.entries(TABLE))('%s across 2021-01 … 2022-01', (raw, states) => {
    const tasks = byRaw.get(raw) ?? [];
    it(`has tasks in the plan (${tasks.length})`, () => {
      expect(tasks.length).toBeGreaterThan(0);
    });
    it.each(PERIODS.map((p, i) => [p, states[i] as DeadlineState]))('%s → %s', (period, state) => {
      for (const t of tasks) expect(deadlineStateForPeriod(t.deadline, period)).toBe(state);
    });
    it('is done in every period once completed', () => {
      for (const t of tasks)
        for (const p of PERIODS) expect(deadlineStateForPeriod(t.deadline, p, true)).toBe('done');
    });
  });
});
