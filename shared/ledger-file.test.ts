import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import {
  createLedger,
  LedgerFileError,
  migrate,
  restoreLedger,
  writeLedger,
  type Ledger,
  type Migration,
} from './ledger-file.ts';
import { LEDGER_VERSION } from './ledger.ts';
import type { PlanDocument, Unit } from './model.ts';
import { DEFAULT_DOCUMENT_SETTINGS } from './ledger.ts';

const fresh = () => createLedger(plan as PlanDocument, units as Unit[], new Date('2021-03-01T00:00:00Z'));

function withData(): Ledger {
  const ledger = fresh();
  ledger.reports.push({
    taskId: 'air-02',
    unit: '永乐店镇',
    period: '2021-03',
    status: '推进中',
    percent: 40,
    progress: '已完成PM2.5监测点位布设。\n第二段',
    problems: '',
    nextSteps: '继续推进',
    evidence: '照片3张',
    reporter: '张三',
    phone: '010-12345678',
    filledOn: '2021-03-25',
    updatedAt: '2021-03-25T08:00:00.000Z',
    updatedBy: '张三',
  });
  ledger.audit.push({
    id: 'a1',
    at: '2021-03-25T08:00:00.000Z',
    who: '张三',
    source: 'import:b1',
    taskId: 'air-02',
    unit: '永乐店镇',
    period: '2021-03',
    field: 'status',
    old: null,
    new: '推进中',
  });
  ledger.groupResolutions.push({
    taskId: 'air-51',
    group: '相关部门',
    units: ['区教委'],
    resolvedBy: '李四',
    resolvedAt: '2021-03-02T00:00:00.000Z',
  });
  return ledger;
}

const errorOf = (fn: () => unknown): LedgerFileError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof LedgerFileError) return err;
    throw err;
  }
  throw new Error('no error thrown');
};

describe('ledger file v1', () => {
  it('round-trips a ledger with data exactly', () => {
    const ledger = withData();
    const text = writeLedger(ledger, new Date('2021-03-26T00:00:00Z'));
    const back = restoreLedger(text);
    expect(back).toEqual({ ...ledger, savedAt: '2021-03-26T00:00:00.000Z' });
    expect(writeLedger(back, new Date('2021-03-26T00:00:00Z'))).toBe(text);
  });

  it('holds the whole plan and registry', () => {
    const back = restoreLedger(writeLedger(fresh()));
    expect(back.plans[0]!.tasks).toHaveLength(134);
    expect(back.units.find((u) => u.name === '各街道乡镇')?.members).toHaveLength(22);
    expect(back.settings.returnDueDay).toBe(25);
  });

  it('reads the committed v1 fixture', () => {
    const back = restoreLedger(readFileSync('test/fixtures/ledger/ledger-v1.json', 'utf8'));
    // Migrated on the way in: v2 adds the clerk's district bases (none in a v1 file), v3 evidence,
    // reviews and extensions (none either) and the ranking setting (off), v4 several plans.
    expect(back.version).toBe(LEDGER_VERSION);
    expect(back.districtBases).toEqual([]);
    expect([back.attachments, back.reviews, back.extensions]).toEqual([[], [], []]);
    expect(back.settings.rankReviewedOnly).toBe(false);
    // Written before the official documents existed: their settings read as the defaults.
    expect(back.settings.documents).toEqual(DEFAULT_DOCUMENT_SETTINGS);
    expect(back.reports[0]).toMatchObject({
      taskId: 'air-02',
      unit: '永乐店镇',
      status: '推进中',
      percent: 40,
    });
  });

  it('reads the committed v2 one-plan fixture as the first plan of several, every id unchanged', () => {
    const text = readFileSync('test/fixtures/ledger/ledger-v2-one-plan.json', 'utf8');
    const before = JSON.parse(text) as {
      plan: { id: string; tasks: { id: string }[] };
      reports: unknown[];
      imports: { id: string }[];
    };
    const back = restoreLedger(text);
    expect(back.version).toBe(LEDGER_VERSION);
    expect(back.plans.map((p) => [p.id, p.bareIds, p.tasks.length])).toEqual([[before.plan.id, true, 134]]);
    expect(back.plans[0]!.tasks.map((t) => t.id)).toEqual(before.plan.tasks.map((t) => t.id));
    expect(back.reports).toEqual(before.reports);
    expect(back.imports.map((b) => [b.id, b.planId])).toEqual(
      before.imports.map((b) => [b.id, before.plan.id]),
    );
    expect(back.taskLinks).toEqual([]);
    expect(back.planRevisions).toEqual([]);
    // Written again and read back: the same ledger.
    expect(restoreLedger(writeLedger(back, new Date(back.savedAt)))).toEqual(back);
  });

  it('reads a v3 one-plan ledger (evidence, reviews, extensions; before several plans) as v4', () => {
    const text = readFileSync('test/fixtures/ledger/ledger-v3-one-plan.json', 'utf8');
    const before = JSON.parse(text) as { version: number; plan: { id: string }; reports: unknown[] };
    expect(before.version).toBe(3);
    const back = restoreLedger(text);
    expect(back.version).toBe(LEDGER_VERSION);
    expect(back.plans.map((p) => [p.id, p.bareIds])).toEqual([[before.plan.id, true]]);
    expect(back.reports).toEqual(before.reports);
    expect(back.imports.every((b) => b.planId === before.plan.id)).toBe(true);
    expect([back.attachments, back.reviews, back.extensions, back.taskLinks]).toEqual([[], [], [], []]);
  });

  it('reads the committed v2 fixture (written before evidence, reviews and extensions)', () => {
    const back = restoreLedger(readFileSync('test/fixtures/ledger/ledger-v2.json', 'utf8'));
    expect(back.version).toBe(LEDGER_VERSION);
    expect(back.settings).toEqual({
      returnDueDay: 10,
      rankReviewedOnly: false,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    });
    expect(back.reports.map((r) => [r.taskId, r.unit, r.period, r.status])).toEqual([
      ['air-02', '永乐店镇', '2021-02', '推进中'],
      ['air-03', '永乐店镇', '2021-03', '已完成'],
      ['air-01', '区生态环境局', '2021-03', '推进中'],
    ]);
    expect(back.audit).toHaveLength(8);
    expect(back.imports).toHaveLength(1);
    expect([back.attachments, back.reviews, back.extensions]).toEqual([[], [], []]);
  });

  it('document settings: a v2 file without them reads with the defaults; edited ones round-trip; bad ones are refused', () => {
    const doc = JSON.parse(writeLedger(fresh())) as { settings: Record<string, unknown> };
    delete doc.settings.documents;
    expect(restoreLedger(JSON.stringify(doc)).settings).toEqual({
      returnDueDay: 25,
      rankReviewedOnly: false,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    });
    // Part of them (a later version's file may add more): the rest defaulted.
    doc.settings.documents = { issuer: '通州区生态环境局', numbers: { cuibao: 12 } };
    expect(restoreLedger(JSON.stringify(doc)).settings.documents).toEqual({
      ...DEFAULT_DOCUMENT_SETTINGS,
      issuer: '通州区生态环境局',
      numbers: { tongbao: 1, cuibao: 12 },
    });
    const edited = fresh();
    edited.settings.documents = {
      ...DEFAULT_DOCUMENT_SETTINGS,
      issuedOn: '2021-04-02',
      templates: { annex: { title: '附件{月份}', addressee: '', body: '[[进展情况表]]', attachment: '' } },
    };
    expect(restoreLedger(writeLedger(edited)).settings).toEqual(edited.settings);
    for (const bad of [
      { numbers: { tongbao: 0 } },
      { issuedOn: '2021-02-30' },
      { issuer: '字'.repeat(61) },
    ]) {
      doc.settings.documents = bad;
      expect(errorOf(() => restoreLedger(JSON.stringify(doc))).code).toBe('invalid');
    }
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(restoreLedger('\uFEFF' + writeLedger(fresh())).plans[0]!.tasks).toHaveLength(134);
  });

  it.each([
    ['random text', 'hello', 'not-json', '无法解析'],
    ['truncated file', writeLedger(fresh()).slice(0, 500), 'not-json', '可能已损坏'],
    ['another app’s JSON', JSON.stringify({ name: 'x', version: 1 }), 'foreign', '不是台账数据文件'],
    ['an array', '[]', 'foreign', '不是台账数据文件'],
    [
      'a newer version',
      JSON.stringify({ format: 'taizhang-ledger', version: 99 }),
      'newer-version',
      '请升级',
    ],
    ['a bad version', JSON.stringify({ format: 'taizhang-ledger', version: 'x' }), 'invalid', '版本号无效'],
    [
      'a report with an invalid status',
      (() => {
        const l = withData();
        (l.reports[0] as { status: string }).status = '进行中';
        return JSON.stringify(l);
      })(),
      'invalid',
      'reports.0.status',
    ],
    [
      'a percent over 100',
      (() => {
        const l = withData();
        l.reports[0]!.percent = 120;
        return JSON.stringify(l);
      })(),
      'invalid',
      'reports.0.percent',
    ],
  ])('rejects %s with a clear message', (_name, text, code, words) => {
    const err = errorOf(() => restoreLedger(text));
    expect(err.code).toBe(code);
    expect(`${err.userMessage} ${err.message}`).toContain(words);
  });

  it('migrates older versions step by step through the migration table', () => {
    // Hypothetical future steps: v1 → v2 renames a field, v2 → v3 adds one.
    const calls: number[] = [];
    const migrations: Record<number, Migration> = {
      1: (doc) => {
        calls.push(doc.version as number);
        const { reports, ...rest } = doc;
        return { ...rest, entries: reports };
      },
      2: (doc) => {
        calls.push(doc.version as number);
        return { ...doc, tags: [] };
      },
    };
    const v1: Record<string, unknown> = { ...(JSON.parse(writeLedger(withData())) as object), version: 1 };
    const v3 = migrate(v1, 1, 3, migrations);
    expect(calls).toEqual([1, 2]);
    expect(v3.version).toBe(3);
    expect(v3.entries).toEqual(v1.reports);
    expect(v3.tags).toEqual([]);
    const err = errorOf(() => migrate(v1, 1, 4, migrations));
    expect(err.code).toBe('migration-failed');
    expect(err.userMessage).toContain('v3');
  });

  it('keeps one district base per plan, unit and month: two plans’ bases of a month read, a repeat does not', () => {
    const base = (planId: string) => ({
      planId,
      unit: '永乐店镇',
      period: '2021-03',
      exportId: `exp-${planId}`,
      exportedAt: '2021-03-01T00:00:00.000Z',
      rows: [],
      fileName: null,
      sha256: 'e'.repeat(64),
      openedAt: '2021-03-02T00:00:00.000Z',
    });
    const two = { ...withData(), districtBases: [base('tongzhou-2021'), base('tongzhou-2021-water')] };
    expect(restoreLedger(writeLedger(two)).districtBases.map((b) => b.exportId)).toEqual([
      'exp-tongzhou-2021',
      'exp-tongzhou-2021-water',
    ]);
    const repeated = { ...withData(), districtBases: [base('tongzhou-2021'), base('tongzhou-2021')] };
    const err = errorOf(() => restoreLedger(JSON.stringify(repeated)));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('district base');
    // A v4 file (bases unique by unit and month) reads as it is.
    const v4 = {
      ...(JSON.parse(writeLedger(withData())) as object),
      version: 4,
      districtBases: [base('tongzhou-2021')],
    };
    const back = restoreLedger(JSON.stringify(v4));
    expect(back.version).toBe(LEDGER_VERSION);
    expect(back.districtBases).toEqual([base('tongzhou-2021')]);
  });

  it('refuses to write a ledger that would not read back', () => {
    const l = withData();
    l.reports[0]!.percent = -5;
    expect(() => writeLedger(l)).toThrow();
  });
});

describe('ledger container v1 (before evidence)', () => {
  it('opens the committed v2 one-plan container (before several plans): one plan, ids bare, every record kept', async () => {
    const { readLedgerFile } = await import('../cli/ledger-file-store.ts');
    const loaded = await readLedgerFile('test/fixtures/ledger/ledger-v2-one-plan.taizhang');
    const json = restoreLedger(readFileSync('test/fixtures/ledger/ledger-v2-one-plan.json', 'utf8'));
    expect(loaded.ledger.version).toBe(LEDGER_VERSION);
    expect(loaded.ledger.plans.map((p) => [p.id, p.bareIds])).toEqual([['tongzhou-2021', true]]);
    expect(loaded.ledger.plans[0]!.tasks.map((t) => t.id)).toEqual(json.plans[0]!.tasks.map((t) => t.id));
    expect(loaded.ledger.reports.length).toBe(json.reports.length);
    expect(loaded.ledger.audit.length).toBe(json.audit.length);
    expect(loaded.ledger.imports.map((b) => b.planId)).toEqual(json.imports.map(() => 'tongzhou-2021'));
  });

  it('opens the committed v1 container and writes it back as v2', async () => {
    const { readLedgerFile, encodeLedger } = await import('../cli/ledger-file-store.ts');
    const { readLedgerSource } = await import('./ledger-container.ts');
    const { bytesSource } = await import('./zip/zip-reader.ts');
    const { fflateCodec } = await import('./zip/deflate.ts');
    const loaded = await readLedgerFile('test/fixtures/ledger/ledger-v2-container1.taizhang');
    expect(loaded.encoding).toBe('container');
    expect(loaded.ledger.version).toBe(LEDGER_VERSION);
    expect(loaded.ledger.reports).toHaveLength(3);
    expect(loaded.ledger.settings).toEqual({
      returnDueDay: 10,
      rankReviewedOnly: false,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    });
    const parts = await encodeLedger(loaded.ledger, 'container');
    const bytes = new Uint8Array(
      await new Blob(
        parts.map((p) =>
          typeof p === 'string' ? new TextEncoder().encode(p) : p,
        ) as Uint8Array<ArrayBuffer>[],
      ).arrayBuffer(),
    );
    const back = await readLedgerSource(bytesSource(bytes), fflateCodec);
    expect(back.reports).toEqual(loaded.ledger.reports);
    expect(back.audit).toEqual(loaded.ledger.audit);
  });
});
