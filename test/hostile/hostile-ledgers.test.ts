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

describe('ledgers with evidence that must be refused', () => {
  const attachment = {
    id: 'a1',
    taskId: 'air-02',
    unit: '永乐店镇',
    period: '2021-03',
    sha256: 'ab'.repeat(32),
    name: '照片.jpg',
    kind: 'jpeg',
    size: 3,
    addedAt: '2021-03-20T00:00:00Z',
    addedBy: '张三',
    source: 'evidence',
  };

  it.each([
    ['an attachment of an unknown kind', { ...attachment, kind: 'exe' }, 'attachments.0.kind'],
    ['an attachment whose hash is not one', { ...attachment, sha256: 'xyz' }, 'attachments.0.sha256'],
    ['the same attachment twice', attachment, 'attachments.1'],
    ['a review in an unknown state', null, 'reviews.0.state'],
  ])('%s', async (_what, bad, path) => {
    const doc = await ledgerJson();
    if (path === 'attachments.1') doc.attachments = [attachment, attachment];
    else if (path.startsWith('reviews'))
      doc.reviews = [
        {
          taskId: 'air-02',
          unit: '永乐店镇',
          period: '2021-03',
          state: '通过',
          comment: '',
          by: 'x',
          at: 'y',
        },
      ];
    else doc.attachments = [bad];
    const err = refusal(doc);
    expect(err.code).toBe('invalid');
    expect(err.userMessage).toContain(path);
  });

  it('a JSON ledger that lists files it can not hold', async () => {
    const { readLedgerSource } = await import('../../shared/ledger-container.ts');
    const { bytesSource } = await import('../../shared/zip/zip-reader.ts');
    const { fflateCodec } = await import('../../shared/zip/deflate.ts');
    const doc = await ledgerJson();
    doc.attachments = [attachment];
    const bytes = new TextEncoder().encode(JSON.stringify(doc));
    await expect(readLedgerSource(bytesSource(bytes), fflateCodec)).rejects.toMatchObject({
      userMessage: expect.stringContaining('JSON 格式不能包含文件本身'),
    });
  });

  it('a container whose attachment has no file', async () => {
    const { buildContainer, readLedgerSource, segmentsOf } = await import('../../shared/ledger-container.ts');
    const { bytesSource } = await import('../../shared/zip/zip-reader.ts');
    const { fflateCodec } = await import('../../shared/zip/deflate.ts');
    const ledger = restoreLedger(JSON.stringify({ ...(await ledgerJson()), attachments: [attachment] }));
    const {
      reports: _r,
      audit: _a,
      imports: _i,
      attachments: _at,
      reviews: _rv,
      extensions: _ex,
      ...frame
    } = ledger;
    const parts = await buildContainer(
      frame,
      await segmentsOf(ledger, fflateCodec),
      fflateCodec,
      ledger.savedAt,
    );
    const bytes = new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
    await expect(readLedgerSource(bytesSource(bytes), fflateCodec)).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining(`has no files/${attachment.sha256}`),
    });
  });
});
