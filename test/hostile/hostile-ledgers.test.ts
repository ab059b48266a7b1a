// Ledger files and names that must be refused, not half-believed: the same report or task twice
// (every total would count it twice), a day the calendar lacks (2021-02-30 would come back as
// March 2nd), text longer than any cell holds, a backup whose plan is a truncated copy of the
// current one, file names Windows treats as devices or that bidi controls disguise.
import { describe, expect, it } from 'vitest';
import { diffLedgers } from '../../shared/backup-diff.ts';
import { LedgerFileError, restoreLedger, writeLedger } from '../../shared/ledger-file.ts';
import { safeFileName } from '../../shared/safe-file-name.ts';
import { parseTsv, toTsv } from '../../shared/tsv.ts';
import { emptyProgress } from '../../shared/model.ts';
import { ledgerBuilder } from '../support/ledger-builder.ts';
import { safeFileNameSchema } from '../../shared/ipc-contract.ts';

async function ledgerJson(): Promise<Record<string, unknown>> {
  const b = ledgerBuilder();
  b.edit('永乐店镇', 'air-02', '2021-03', { status: '推进中', percent: 40 }, '2021-03-20T00:00:00Z');
  return JSON.parse(writeLedger(await b.done())) as Record<string, unknown>;
}

function refusal(doc: unknown): LedgerFileError {
  try {
    restoreLedger(JSON.stringify(doc));
  } catch (err) {
    if (err instanceof LedgerFileError) return err;
    throw err;
  }
  throw new Error('the ledger was accepted');
}

describe('ledger files that must be refused, with the path of the bad value', () => {
  it.each([
    [
      'the same report twice',
      (d: Record<string, unknown>) => ({
        ...d,
        reports: [...(d.reports as object[]), (d.reports as object[])[0]],
      }),
      'reports.1',
    ],
    [
      'the same task twice',
      (d: Record<string, unknown>) => {
        const [plan] = d.plans as { tasks: object[] }[];
        return { ...d, plans: [{ ...plan, tasks: [...plan!.tasks, plan!.tasks[0]] }] };
      },
      'plans.0.tasks.134',
    ],
    [
      'the same unit twice',
      (d: Record<string, unknown>) => ({ ...d, units: [...(d.units as object[]), (d.units as object[])[0]] }),
      'units.62',
    ],
    [
      'a fill date that does not exist (2021-02-30)',
      (d: Record<string, unknown>) => ({
        ...d,
        reports: (d.reports as object[]).map((r) => ({ ...r, filledOn: '2021-02-30' })),
      }),
      'reports.0.filledOn',
    ],
    [
      'text longer than a cell holds',
      (d: Record<string, unknown>) => ({
        ...d,
        reports: (d.reports as object[]).map((r) => ({ ...r, progress: '进'.repeat(32768) })),
      }),
      'reports.0.progress',
    ],
  ])('%s', async (_name, corrupt, path) => {
    const err = refusal(corrupt(await ledgerJson()));
    expect(err.code).toBe('invalid');
    expect(err.userMessage).toContain(`位置：${path}`);
  });
});

describe('a backup whose plan is a truncated copy of the current one', () => {
  it('names the tasks and units a restore would drop', async () => {
    const current = await ledgerBuilder().done();
    const truncated = structuredClone(current);
    truncated.plans[0]!.tasks = truncated.plans[0]!.tasks.slice(0, 1);
    truncated.units = truncated.units.filter((u) => ['区生态环境局', '永乐店镇'].includes(u.name));
    const diff = diffLedgers(current, truncated);
    expect(diff.nothingLost).toBe(false);
    expect(diff.tasksMissing).toHaveLength(133);
    expect(diff.unitsMissing).toHaveLength(60);
    expect(diff.planLosses[0]).toContain('备份中的计划缺少 133 项任务（当前 134 项，备份 1 项）');
    expect(diff.planLosses[1]).toContain('缺少 60 个单位');
  });

  it('an edited task text is named too', async () => {
    const current = await ledgerBuilder().done();
    const edited = structuredClone(current);
    edited.plans[0]!.tasks[2]!.measures = '改过的措施';
    expect(diffLedgers(current, edited).planLosses).toEqual([
      '1 项任务的计划内容与备份不同，将改回备份中的内容：大气-03。',
    ]);
    expect(emptyProgress().progress).toBe('');
  });
});

describe('file names', () => {
  it.each([
    ['con .xlsx', '_con .xlsx'],
    ['COM¹.xlsx', '_COM¹.xlsx'],
    ['lpt3', '_lpt3'],
    ['文件\u202exslx.exe', '文件xslx.exe'],
    ['永乐店镇\u2066_2021.xlsx', '永乐店镇_2021.xlsx'],
  ])('%j → %j, and main refuses the original', (name, cleaned) => {
    expect(safeFileName(name)).toBe(cleaned);
    expect(safeFileNameSchema.safeParse(name).success).toBe(false);
    expect(safeFileNameSchema.safeParse(cleaned).success).toBe(true);
  });
});

describe('formula-like text on the clipboard', () => {
  it.each(['=HYPERLINK("http://x","点我")', '+1+1', '-2', '@SUM(A1)'])(
    '%s is copied as text and pastes back unchanged',
    (text) => {
      const tsv = toTsv([[text, '普通']]);
      expect(tsv.startsWith(`'`) || tsv.startsWith(`"'`)).toBe(true);
      expect(parseTsv(tsv)).toEqual([[text, '普通']]);
    },
  );
});
