import { describe, expect, it } from 'vitest';
import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import { describeLoss, diffLedgers, formatPeriods, formatSavedAt, type BackupDiff } from './backup-diff.ts';
import { createLedger, type Ledger } from './ledger-file.ts';
import {
  emptyProgress,
  type AuditEntry,
  type ImportBatch,
  type PlanDocument,
  type ProgressReport,
  type Unit,
} from './model.ts';

const base = () => createLedger(plan as PlanDocument, units as Unit[], new Date('2021-04-01T01:30:00Z'));

const report = (
  taskId: string,
  unit: string,
  period: string,
  progress = '',
  percent: number | null = null,
): ProgressReport => ({
  ...emptyProgress(),
  taskId,
  unit,
  period,
  progress,
  percent,
  updatedAt: '2021-03-25T00:00:00.000Z',
  updatedBy: '张三',
});

const audit = (id: string): AuditEntry => ({
  id,
  at: '2021-03-25T00:00:00.000Z',
  who: '张三',
  source: 'edit',
  taskId: 'air-01',
  unit: '永乐店镇',
  period: '2021-03',
  field: 'progress',
  old: '',
  new: 'x',
});

const batch = (id: string): ImportBatch => ({
  id,
  planId: 'tongzhou-2021',
  fileName: 'a.xlsx',
  sha256: '0'.repeat(64),
  unit: '永乐店镇',
  period: '2021-03',
  exportId: null,
  importedAt: '2021-03-25T00:00:00.000Z',
  importedBy: '张三',
  counts: { updated: 1, unchanged: 0, conflicts: 0, rejected: 0 },
  before: [],
});

function ledger(edit: (l: Ledger) => void): Ledger {
  const l = base();
  edit(l);
  return l;
}

type Expect = Partial<Omit<BackupDiff, 'current' | 'backup'>>;

const cases: { name: string; current: Ledger; backup: Ledger; expect: Expect }[] = [
  {
    name: 'identical ledgers lose nothing',
    current: ledger((l) => l.reports.push(report('air-01', '永乐店镇', '2021-03', 'a'))),
    backup: ledger((l) => l.reports.push(report('air-01', '永乐店镇', '2021-03', 'a'))),
    expect: { nothingLost: true, reportsMissing: 0, reportsChanged: 0, periodsOnlyInCurrent: [] },
  },
  {
    name: 'a report the backup lacks is lost, with its period',
    current: ledger((l) => {
      l.reports.push(report('air-01', '永乐店镇', '2021-03', 'a'));
      l.reports.push(report('air-01', '永乐店镇', '2021-04', 'b'));
    }),
    backup: ledger((l) => l.reports.push(report('air-01', '永乐店镇', '2021-03', 'a'))),
    expect: { nothingLost: false, reportsMissing: 1, reportsChanged: 0, periodsOnlyInCurrent: ['2021-04'] },
  },
  {
    name: 'a report whose values differ counts as changed',
    current: ledger((l) => l.reports.push(report('air-01', '永乐店镇', '2021-03', '新的进展', 50))),
    backup: ledger((l) => l.reports.push(report('air-01', '永乐店镇', '2021-03', '旧的进展', 50))),
    expect: { nothingLost: false, reportsMissing: 0, reportsChanged: 1 },
  },
  {
    name: 'only updatedAt differing is not a change',
    current: ledger((l) =>
      l.reports.push({ ...report('air-01', '永乐店镇', '2021-03', 'a'), updatedAt: 'x' }),
    ),
    backup: ledger((l) => l.reports.push(report('air-01', '永乐店镇', '2021-03', 'a'))),
    expect: { nothingLost: true, reportsChanged: 0 },
  },
  {
    name: 'restoring a backup with more data loses nothing',
    current: ledger(() => {}),
    backup: ledger((l) => {
      l.reports.push(report('air-01', '永乐店镇', '2021-03', 'a'));
      l.audit.push(audit('a1'));
      l.imports.push(batch('b1'));
    }),
    expect: { nothingLost: true, periodsOnlyInBackup: ['2021-03'] },
  },
  {
    name: 'audit entries and import batches the backup lacks are lost',
    current: ledger((l) => {
      l.audit.push(audit('a1'), audit('a2'), audit('a3'));
      l.imports.push(batch('b1'), batch('b2'));
    }),
    backup: ledger((l) => {
      l.audit.push(audit('a1'));
      l.imports.push(batch('b1'));
    }),
    expect: { nothingLost: false, auditMissing: 2, importsMissing: 1 },
  },
  {
    name: 'group resolutions: missing or different units are lost, order of units is not',
    current: ledger((l) =>
      l.groupResolutions.push(
        {
          taskId: 'air-51',
          group: '相关部门',
          units: ['区教委', '区财政局'],
          resolvedBy: 'x',
          resolvedAt: 'x',
        },
        { taskId: 'air-52', group: '相关部门', units: ['区教委'], resolvedBy: 'x', resolvedAt: 'x' },
        { taskId: 'air-53', group: '相关部门', units: ['区教委'], resolvedBy: 'x', resolvedAt: 'x' },
      ),
    ),
    backup: ledger((l) =>
      l.groupResolutions.push(
        {
          taskId: 'air-51',
          group: '相关部门',
          units: ['区财政局', '区教委'],
          resolvedBy: 'y',
          resolvedAt: 'y',
        },
        { taskId: 'air-52', group: '相关部门', units: ['区财政局'], resolvedBy: 'y', resolvedAt: 'y' },
      ),
    ),
    expect: { nothingLost: false, resolutionsChanged: 2 },
  },
  {
    name: 'a different return day is a settings change',
    current: ledger((l) => (l.settings.returnDueDay = 10)),
    backup: ledger(() => {}),
    expect: { nothingLost: false, settingsChanged: true },
  },
  {
    name: 'a backup of another plan always loses something',
    current: ledger(() => {}),
    backup: ledger((l) => (l.plans = [{ ...l.plans[0]!, id: 'other-plan', title: '另一份计划' }])),
    expect: { nothingLost: false, samePlan: false },
  },
];

describe('diffLedgers', () => {
  it.each(cases)('$name', ({ current, backup, expect: want }) => {
    expect(diffLedgers(current, backup)).toMatchObject(want);
  });

  it('tallies both sides', () => {
    const current = ledger((l) => {
      l.reports.push(report('air-01', '永乐店镇', '2021-03'), report('air-02', '永乐店镇', '2021-01'));
      l.audit.push(audit('a1'));
    });
    const backup = ledger((l) => l.imports.push(batch('b1')));
    const d = diffLedgers(current, backup);
    expect(d.current).toMatchObject({ reports: 2, audit: 1, imports: 0, periods: ['2021-01', '2021-03'] });
    expect(d.backup).toMatchObject({
      reports: 0,
      audit: 0,
      imports: 1,
      periods: [],
      savedAt: '2021-04-01T01:30:00.000Z',
    });
  });
});

describe('formatPeriods', () => {
  it.each([
    [[], '无'],
    [['2021-03'], '2021年3月'],
    [['2021-01', '2021-02', '2021-03'], '2021年1月—2021年3月'],
    [['2021-05', '2021-01', '2021-02', '2021-01'], '2021年1月—2021年2月、2021年5月'],
    [['2021-12', '2022-01'], '2021年12月—2022年1月'],
  ] as [string[], string][])('%j → %s', (periods, text) => {
    expect(formatPeriods(periods)).toBe(text);
  });
});

describe('formatSavedAt', () => {
  it('shows Beijing time by default', () => {
    expect(formatSavedAt('2021-03-31T16:05:00.000Z')).toBe('2021年4月1日 00:05');
    expect(formatSavedAt('2021-03-31T16:05:00.000Z', 0)).toBe('2021年3月31日 16:05');
    expect(formatSavedAt('not a date')).toBe('not a date');
  });
});

describe('describeLoss', () => {
  it('names what will be lost, both sides’ counts and periods, and the backup’s save time', () => {
    const current = ledger((l) => {
      l.reports.push(
        report('air-01', '永乐店镇', '2021-03', '新'),
        report('air-01', '永乐店镇', '2021-04', 'b'),
      );
      l.audit.push(audit('a1'), audit('a2'));
    });
    const backup = ledger((l) => {
      l.reports.push(report('air-01', '永乐店镇', '2021-03', '旧'));
      l.audit.push(audit('a1'));
    });
    expect(describeLoss(diffLedgers(current, backup))).toEqual([
      '恢复后将丢失：1 条备份中没有的填报记录；1 条填报记录的当前内容（将改回备份中的内容）；1 条修改记录。',
      '备份中没有以下月份的填报：2021年4月。',
      '当前数据：填报记录 2 条，修改记录 2 条，导入批次 0 个；月份：2021年3月—2021年4月。',
      '备份数据（保存于 2021年4月1日 09:30）：填报记录 1 条，修改记录 1 条，导入批次 0 个；月份：2021年3月。',
    ]);
  });

  it('says so when nothing will be lost', () => {
    const lines = describeLoss(diffLedgers(base(), base()));
    expect(lines[0]).toBe('当前数据已全部包含在备份中，恢复不会丢失任何内容。');
    expect(lines).toHaveLength(3);
  });

  it('warns when the backup is of another plan', () => {
    const other = ledger((l) => (l.plans = [{ ...l.plans[0]!, id: 'x', title: '另一份计划' }]));
    expect(describeLoss(diffLedgers(base(), other))[0]).toContain('备份属于另一份计划（另一份计划）');
  });
});
