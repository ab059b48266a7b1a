import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { planSequence, contextKey, type SequenceItem } from '../../shared/merge/plan-sequence.ts';
import { planMerge, type FieldKey, type MergePlan } from '../../shared/merge/plan-merge.ts';
import type { Resolution } from '../../shared/merge/apply-merge.ts';
import type { PlanDocument, Unit } from '../../shared/model.ts';
import { COLUMNS, type ColumnKey } from '../../shared/workbook/columns.ts';
import { exportReturnWorkbook } from '../../shared/workbook/export-workbook.ts';
import { readReturnWorkbook, type ReadResult } from '../../shared/workbook/read-workbook.ts';
import { editWorkbook, rowOf } from '../../shared/workbook/test-helpers.ts';
import planJson from '../../seeds/plan.json';
import unitsJson from '../../seeds/units.json';
import {
  openDistrictWorkbook,
  loadClerkReturn,
  listDistrictBases,
  previewDistrictWorkbook,
} from './clerk-repo.ts';
import { loadExportSource, loadUnitExportRows } from './export-repo.ts';
import {
  applyImportPlan,
  ImportRefused,
  knownImportHashes,
  listImportBatches,
  loadMergeContexts,
  undoImportBatch,
} from './import-repo.ts';
import { applyFieldChanges } from './progress-repo.ts';
import { seedIfEmpty } from './repository.ts';
import type { TaizhangDB } from './schema.ts';
import { freshDbs } from './test-dbs.ts';

const plan = planJson as unknown as PlanDocument;
const units = unitsJson as unknown as Unit[];
const UNIT = '永乐店镇';
const PERIOD = '2021-03';

const freshDb = freshDbs('taizhang-import');
async function seededDb(): Promise<TaizhangDB> {
  const db = freshDb();
  await seedIfEmpty(db, plan, units);
  return db;
}

const col = (key: ColumnKey) => COLUMNS.findIndex((c) => c.key === key) + 1;

/** The district's workbook for the unit and period, as the export dialog makes it. */
async function exportFor(
  db: TaizhangDB,
  unit = UNIT,
  period = PERIOD,
  exportId = 'exp-1',
): Promise<Uint8Array> {
  const source = await loadExportSource(db);
  const rows = await loadUnitExportRows(db, source, unit, period);
  return exportReturnWorkbook({
    plan: source.plan,
    unit,
    period,
    rows,
    exportId,
    exportedAt: '2021-03-01T00:00:00.000Z',
  });
}

async function planFiles(
  db: TaizhangDB,
  files: ReadResult[],
  resolutions: ReadonlyMap<FieldKey, Resolution>[] = [],
): Promise<MergePlan[]> {
  const items: SequenceItem[] = files.map((file, i) => ({
    file,
    expected: { unit: file.unit ?? UNIT, period: file.period ?? PERIOD, planId: plan.id },
    identityConfirmed: false,
    selected: true,
    resolutions: resolutions[i] ?? new Map(),
  }));
  const contexts = await loadMergeContexts(
    db,
    items.map((x) => x.expected),
  );
  return planSequence(items, contexts, await knownImportHashes(db));
}

let db: TaizhangDB;
let tasks: string[];
beforeEach(async () => {
  db = await seededDb();
  const source = await loadExportSource(db);
  tasks = (await loadUnitExportRows(db, source, UNIT, PERIOD)).map((r) => r.task.id);
});

/** A returned workbook: two tasks filled in, a third task's progress set to `conflictText`. */
async function filledReturn(bytes: Uint8Array, conflictText = '文件中的进展'): Promise<ReadResult> {
  const edited = await editWorkbook(bytes, (_wb, ws) => {
    const [a, b, c] = tasks as [string, string, string];
    ws.getCell(rowOf(ws, a), col('status')).value = '推进中';
    ws.getCell(rowOf(ws, a), col('percent')).value = 40;
    ws.getCell(rowOf(ws, b), col('status')).value = '已完成';
    ws.getCell(rowOf(ws, b), col('progress')).value = '已全部完成';
    ws.getCell(rowOf(ws, c), col('progress')).value = conflictText;
  });
  return readReturnWorkbook(edited, { fileName: `${UNIT}_2021年03月_进展填报.xlsx` });
}

describe('applyImportPlan', () => {
  it('writes reports, audit entries and the batch row together', async () => {
    const [a, b, c] = tasks as [string, string, string];
    // Earlier period: carried forward into March, so the export's base is not empty.
    await applyFieldChanges(
      db,
      [{ taskId: a, unit: UNIT, period: '2021-02', field: 'progress', value: '二月进展' }],
      {
        who: '旧',
        source: 'edit',
      },
    );
    const file = await filledReturn(await exportFor(db));
    // The ledger changes the third task's progress after the export: a conflict.
    await applyFieldChanges(
      db,
      [{ taskId: c, unit: UNIT, period: PERIOD, field: 'progress', value: '台账中的进展' }],
      {
        who: '区里',
        source: 'edit',
      },
    );
    const [p] = await planFiles(db, [file]);
    expect(p!.rejection).toBeNull();
    expect(p!.counts).toMatchObject({ updated: 2, conflicts: 1, rejected: 0 });
    expect(p!.conflicts).toEqual([
      { taskId: c, field: 'progress', base: '', ours: '台账中的进展', theirs: '文件中的进展' },
    ]);

    const result = await applyImportPlan(db, {
      plan: p!,
      resolutions: new Map([[`${c}|progress`, 'theirs']]),
      fileName: file.fileName!,
      who: '张三',
      batchId: 'b1',
      at: '2021-03-26T08:00:00.000Z',
    });
    expect(result.changes.map((x) => `${x.taskId}.${x.field}=${String(x.new)}`)).toEqual([
      `${a}.status=推进中`,
      `${a}.percent=40`,
      `${b}.status=已完成`,
      `${b}.progress=已全部完成`,
      `${c}.progress=文件中的进展`,
    ]);
    const ra = await db.reports.get([a, UNIT, PERIOD]);
    // Created from the carried-forward February values.
    expect(ra).toMatchObject({ status: '推进中', percent: 40, progress: '二月进展', updatedBy: '张三' });
    expect((await db.reports.get([c, UNIT, PERIOD]))?.progress).toBe('文件中的进展');
    const audit = (await db.audit.toArray()).filter((e) => e.source === 'import:b1');
    expect(audit).toHaveLength(5);
    expect(audit.every((e) => e.who === '张三' && e.at === '2021-03-26T08:00:00.000Z')).toBe(true);
    const batch = await db.imports.get('b1');
    expect(batch).toMatchObject({
      fileName: `${UNIT}_2021年03月_进展填报.xlsx`,
      sha256: file.sha256,
      unit: UNIT,
      period: PERIOD,
      exportId: 'exp-1',
      importedBy: '张三',
      counts: { updated: 2, conflicts: 1, rejected: 0 },
    });
    // Before-images: a and b had no March report; c had the coordinator's edit.
    expect(batch!.before.find((x) => x.taskId === a)?.report).toBeNull();
    expect(batch!.before.find((x) => x.taskId === c)?.report?.progress).toBe('台账中的进展');
    expect((await listImportBatches(db)).map((x) => x.id)).toEqual(['b1']);
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const file = await filledReturn(await exportFor(db));
    const [p] = await planFiles(db, [file]);
    const reportsBefore = await db.reports.count();
    const auditBefore = await db.audit.count();
    // Reports and audit are written first; the batch row fails.
    db.imports.hook('creating', () => {
      throw new Error('disk full (simulated)');
    });
    await expect(
      applyImportPlan(db, {
        plan: p!,
        resolutions: new Map(),
        fileName: 'x.xlsx',
        who: '张三',
        batchId: 'b1',
      }),
    ).rejects.toThrow('disk full');
    expect(await db.reports.count()).toBe(reportsBefore);
    expect(await db.audit.count()).toBe(auditBefore);
    expect(await db.imports.count()).toBe(0);
  });

  it('recognises the same file twice: no new changes, and applying it again is refused', async () => {
    const file = await filledReturn(await exportFor(db));
    const [p] = await planFiles(db, [file]);
    await applyImportPlan(db, {
      plan: p!,
      resolutions: new Map(),
      fileName: 'x.xlsx',
      who: '张三',
      batchId: 'b1',
    });
    const audit = await db.audit.count();
    const [again] = await planFiles(db, [file]);
    expect(again!.alreadyImported).toBe(true);
    expect(again!.updates).toEqual([]);
    expect(again!.conflicts).toEqual([]);
    await expect(
      applyImportPlan(db, {
        plan: p!,
        resolutions: new Map(),
        fileName: 'x.xlsx',
        who: '张三',
        batchId: 'b2',
      }),
    ).rejects.toBeInstanceOf(ImportRefused);
    // Even ignoring the hash, the values are already merged: planning without known hashes finds nothing.
    const ctx = (await loadMergeContexts(db, [{ unit: UNIT, period: PERIOD }])).get(
      contextKey(UNIT, PERIOD),
    )!;
    const fresh = planMerge({
      file,
      expected: { unit: UNIT, period: PERIOD, planId: plan.id },
      ...ctx,
      knownHashes: new Set(),
    });
    expect(fresh.updates).toEqual([]);
    expect(fresh.conflicts).toEqual([]);
    expect(await db.audit.count()).toBe(audit);
    expect(await db.imports.count()).toBe(1);
  });

  it('plans a second file for the same unit and period against the state the first leaves', async () => {
    const [a] = tasks as [string];
    const bytes = await exportFor(db);
    const first = await filledReturn(bytes);
    // A colleague filled the same workbook differently: a's percent 60 instead of 40.
    const second = await readReturnWorkbook(
      await editWorkbook(bytes, (_wb, ws) => {
        ws.getCell(rowOf(ws, a), col('status')).value = '推进中';
        ws.getCell(rowOf(ws, a), col('percent')).value = 60;
      }),
      { fileName: 'second.xlsx' },
    );
    const [p1, p2] = await planFiles(db, [first, second]);
    expect(p1!.counts.updated).toBe(3);
    // Against the state after the first file: status already 推进中, percent 40 (ours) vs 60 (theirs).
    expect(p2!.updates).toEqual([]);
    expect(p2!.conflicts).toEqual([{ taskId: a, field: 'percent', base: null, ours: 40, theirs: 60 }]);
    await applyImportPlan(db, {
      plan: p1!,
      resolutions: new Map(),
      fileName: 'first.xlsx',
      who: '张三',
      batchId: 'b1',
    });
    await applyImportPlan(db, {
      plan: p2!,
      resolutions: new Map([[`${a}|percent`, 'theirs']]),
      fileName: 'second.xlsx',
      who: '张三',
      batchId: 'b2',
    });
    expect((await db.reports.get([a, UNIT, PERIOD]))?.percent).toBe(60);
  });
});

describe('undoImportBatch', () => {
  it('restores what the batch changed, leaves fields changed since, and marks the batch undone', async () => {
    const [a, b, c] = tasks as [string, string, string];
    await applyFieldChanges(
      db,
      [{ taskId: c, unit: UNIT, period: PERIOD, field: 'progress', value: '台账中的进展' }],
      {
        who: '区里',
        source: 'edit',
      },
    );
    const file = await filledReturn(await exportFor(db), '台账中的进展 — 文件补充');
    const [p] = await planFiles(db, [file]);
    // base '台账中的进展' (exported after the edit) → an update, not a conflict.
    expect(p!.conflicts).toEqual([]);
    await applyImportPlan(db, {
      plan: p!,
      resolutions: new Map(),
      fileName: 'x.xlsx',
      who: '张三',
      batchId: 'b1',
    });
    // Changed again after the import: b's status.
    await applyFieldChanges(
      db,
      [{ taskId: b, unit: UNIT, period: PERIOD, field: 'status', value: '推进中' }],
      {
        who: '区里',
        source: 'edit',
      },
    );
    const result = await undoImportBatch(db, 'b1', '李四', '2021-03-27T00:00:00.000Z');
    expect(result.skipped).toEqual([
      { taskId: b, unit: UNIT, period: PERIOD, field: 'status', current: '推进中', batchValue: '已完成' },
    ]);
    expect(result.restored.every((e) => e.source === 'undo:b1' && e.who === '李四')).toBe(true);
    // a's March report was created by the import and touched by nothing else: removed again.
    expect(await db.reports.get([a, UNIT, PERIOD])).toBeUndefined();
    expect(result.removed).toEqual([{ taskId: a, unit: UNIT, period: PERIOD }]);
    // b's was edited after the import: kept, the import's other fields restored.
    const rb = await db.reports.get([b, UNIT, PERIOD]);
    expect(rb).toMatchObject({ status: '推进中', progress: '' });
    expect((await db.reports.get([c, UNIT, PERIOD]))?.progress).toBe('台账中的进展');
    expect((await db.imports.get('b1'))?.undoneAt).toBe('2021-03-27T00:00:00.000Z');
    await expect(undoImportBatch(db, 'b1', '李四')).rejects.toThrow(/already undone/);
    // An undone file may be imported again.
    expect(await knownImportHashes(db)).toEqual(new Set());
  });
});

describe('the clerk round trip', () => {
  it("district export → clerk opens it as base and edits → clerk's return merges as exactly the edits", async () => {
    const [a, b, c] = tasks as [string, string, string];
    // The district's ledger has values for the period before exporting.
    await applyFieldChanges(
      db,
      [
        { taskId: a, unit: UNIT, period: PERIOD, field: 'status', value: '推进中' },
        { taskId: a, unit: UNIT, period: PERIOD, field: 'percent', value: 20 },
        { taskId: c, unit: UNIT, period: PERIOD, field: 'progress', value: '区里记录的进展' },
      ],
      { who: '区里', source: 'edit' },
    );
    const sent = await exportFor(db, UNIT, PERIOD, 'exp-district');

    // The clerk's own app: a fresh database with a stale value of its own for task c.
    const clerk = await seededDb();
    await applyFieldChanges(
      clerk,
      [{ taskId: c, unit: UNIT, period: PERIOD, field: 'progress', value: '本地旧值' }],
      {
        who: '王五',
        source: 'edit',
      },
    );
    const opened = await readReturnWorkbook(sent, { fileName: 'sent.xlsx' });
    const preview = await previewDistrictWorkbook(clerk, opened);
    expect(preview.problem).toBeNull();
    expect(preview.adopt.changes).toEqual(
      expect.arrayContaining([
        { taskId: a, field: 'status', from: null, to: '推进中' },
        { taskId: c, field: 'progress', from: '本地旧值', to: '区里记录的进展' },
      ]),
    );
    const res = await openDistrictWorkbook(clerk, opened, { who: '王五', batchId: 'open-1' });
    expect(res.base).toMatchObject({ unit: UNIT, period: PERIOD, exportId: 'exp-district' });
    expect((await listDistrictBases(clerk)).map((x) => x.exportId)).toEqual(['exp-district']);
    // Opening the same file again changes nothing.
    const again = await openDistrictWorkbook(clerk, opened, { who: '王五', batchId: 'open-2' });
    expect(again.audit).toEqual([]);

    // The clerk edits in the app's grid.
    await applyFieldChanges(
      clerk,
      [
        { taskId: a, unit: UNIT, period: PERIOD, field: 'percent', value: 50 },
        { taskId: b, unit: UNIT, period: PERIOD, field: 'status', value: '已完成' },
        { taskId: b, unit: UNIT, period: PERIOD, field: 'reporter', value: '王五' },
      ],
      { who: '王五', source: 'edit' },
    );
    const ret = await loadClerkReturn(clerk, UNIT, PERIOD);
    expect(ret.unknownTaskIds).toEqual([]);
    const source = await loadExportSource(clerk);
    const returned = await exportReturnWorkbook({
      plan: source.plan,
      unit: UNIT,
      period: PERIOD,
      rows: ret.rows,
      exportId: ret.base.exportId,
      exportedAt: ret.base.exportedAt,
    });

    // Back at the district: exactly the clerk's three edits, nothing else.
    const file = await readReturnWorkbook(returned, { fileName: 'returned.xlsx' });
    expect(file.manifest?.exportId).toBe('exp-district');
    const [p] = await planFiles(db, [file]);
    expect(p!.rejection).toBeNull();
    expect(p!.conflicts).toEqual([]);
    expect(p!.updates).toEqual([
      { taskId: a, field: 'percent', from: 20, to: 50 },
      { taskId: b, field: 'status', from: null, to: '已完成' },
      { taskId: b, field: 'reporter', from: '', to: '王五' },
    ]);
  });
});
