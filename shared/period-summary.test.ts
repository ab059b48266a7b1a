import { describe, expect, it } from 'vitest';
import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import { createLedger } from './ledger-file.ts';
import { applyChanges, ReportIndex } from './ledger-ops.ts';
import type { PlanDocument, Unit } from './model.ts';
import { returnDueDate, summarisePeriod } from './period-summary.ts';

/** A ledger whose right answers are known by hand. */
function handBuilt() {
  const ledger = createLedger(plan as PlanDocument, units as Unit[]);
  const index = new ReportIndex(ledger.reports);
  const edit = (
    unit: string,
    taskId: string,
    period: string,
    fields: Record<string, unknown>,
    at: string,
    source: 'edit' | 'import:b1' = 'edit',
  ) =>
    applyChanges(
      ledger,
      index,
      Object.entries(fields).map(([field, value]) => ({
        taskId,
        unit,
        period,
        field: field as never,
        value,
      })),
      { who: 'test', source, at },
    );
  // 永乐店镇 reports in February, then imports a March return on time.
  edit('永乐店镇', 'air-02', '2021-02', { status: '推进中', percent: 10 }, '2021-02-20T00:00:00Z');
  edit('永乐店镇', 'air-02', '2021-03', { percent: 40 }, '2021-03-20T00:00:00Z', 'import:b1');
  edit(
    '永乐店镇',
    'air-23',
    '2021-03',
    { status: '已完成', percent: 100 },
    '2021-03-20T00:00:00Z',
    'import:b1',
  );
  edit('永乐店镇', 'soil-01', '2021-03', { status: '不涉及' }, '2021-03-20T00:00:00Z', 'import:b1');
  ledger.imports.push({
    id: 'b1',
    fileName: 'x.xlsx',
    sha256: 'a'.repeat(64),
    unit: '永乐店镇',
    period: '2021-03',
    exportId: null,
    importedAt: '2021-03-20T00:00:00Z',
    importedBy: 'test',
    counts: { updated: 3, unchanged: 0, conflicts: 0, rejected: 0 },
    before: [],
  });
  // 张家湾镇 edits in the app after the due day (25th).
  edit('张家湾镇', 'air-02', '2021-03', { status: '推进中', percent: 5 }, '2021-03-28T00:00:00Z');
  return ledger;
}

describe('period summary', () => {
  const summary = summarisePeriod(handBuilt(), '2021-03');
  const town = (name: string) => summary.units.find((u) => u.unit === name)!;

  it('has one row per assignment', () => {
    expect(summary.rows.filter((r) => r.unit === '永乐店镇')).toHaveLength(91);
    expect(summary.rows.filter((r) => r.task.id === 'air-02')).toHaveLength(22);
  });

  it('carries February forward into March and judges against 序时 (3/12 = 25%)', () => {
    const row = summary.rows.find((r) => r.unit === '永乐店镇' && r.task.id === 'air-02')!;
    expect(row.progress).toMatchObject({ status: '推进中', percent: 40 });
    expect(row.reportedThisPeriod).toBe(true);
    expect(row.judgement).toBe('超进度');
    const zjw = summary.rows.find((r) => r.unit === '张家湾镇' && r.task.id === 'air-02')!;
    expect(zjw.judgement).toBe('欠进度');
  });

  it('counts a unit’s statuses, done share without 不涉及, and its return', () => {
    const ylz = town('永乐店镇');
    expect(ylz.tasks).toBe(91);
    expect(ylz.byStatus).toEqual({ 未启动: 0, 推进中: 1, 已完成: 1, 不涉及: 1, 未填报: 88 });
    expect(ylz.doneShare).toBe(Math.round((1 / 90) * 1000) / 10);
    expect(ylz.returned).toEqual({
      unit: '永乐店镇',
      received: 'import',
      receivedAt: '2021-03-20T00:00:00Z',
      receivedOn: '2021-03-20',
      late: false,
    });
    expect(town('张家湾镇').returned).toMatchObject({ received: 'edits', late: true });
    expect(town('西集镇').returned).toMatchObject({ received: null, late: true });
  });

  it('an ongoing task counts as reported when the unit’s return was imported, or when the task itself was edited', () => {
    const row = (unit: string, taskId: string) =>
      summary.rows.find((r) => r.unit === unit && r.task.id === taskId)!;
    // 永乐店镇's import did not touch air-49 (长期实施), but the return came in: reported.
    expect(row('永乐店镇', 'air-49').judgement).toBe('已报送');
    // 张家湾镇 edited only air-02 in the app: its other ongoing tasks are not reported.
    expect(row('张家湾镇', 'air-49').judgement).toBe('未报送');
  });

  it('an undone import no longer counts as a return', () => {
    const ledger = handBuilt();
    ledger.imports[0]!.undoneAt = '2021-03-21T00:00:00Z';
    expect(
      summarisePeriod(ledger, '2021-03').units.find((u) => u.unit === '永乐店镇')!.returned.received,
    ).toBeNull();
  });

  it('overdue: after the year, a 年底前 task not done is overdue; a done one is not', () => {
    const jan = summarisePeriod(handBuilt(), '2022-01');
    const ylz = jan.rows.filter((r) => r.unit === '永乐店镇');
    expect(ylz.find((r) => r.task.id === 'air-02')!.deadlineState).toBe('overdue');
    expect(ylz.find((r) => r.task.id === 'air-23')!.deadlineState).toBe('done');
    // a task the unit marked 不涉及 is past its deadline but not counted as overdue
    expect(ylz.find((r) => r.task.id === 'soil-01')!.deadlineState).toBe('overdue');
    const overdueRows = ylz.filter((r) => r.deadlineState === 'overdue').length;
    expect(jan.units.find((u) => u.unit === '永乐店镇')!.overdue).toBe(overdueRows - 1);
  });

  it.each([
    ['23:30Z on the 24th is the 25th in Beijing: on time', '2021-03-24T23:30:00Z', false, '2021-03-25'],
    ['15:59Z on the 25th is 23:59 in Beijing: on time', '2021-03-25T15:59:00Z', false, '2021-03-25'],
    ['23:00Z on the 25th is 07:00 on the 26th in Beijing: late', '2021-03-25T23:00:00Z', true, '2021-03-26'],
  ])('a return due on the 25th: %s', (_name, at, late, day) => {
    const ledger = handBuilt();
    ledger.imports[0]!.importedAt = at;
    const ylz = summarisePeriod(ledger, '2021-03').units.find((u) => u.unit === '永乐店镇')!;
    expect(ylz.returned).toMatchObject({ received: 'import', receivedAt: at, receivedOn: day, late });
  });

  it.each([
    ['2021-03', 25, '2021-03-25'],
    ['2021-02', 31, '2021-02-28'],
    ['2021-04', 10, '2021-04-10'],
  ])('return for %s due on day %i is %s', (period, day, date) => {
    expect(returnDueDate(period, day)).toBe(date);
  });
});
