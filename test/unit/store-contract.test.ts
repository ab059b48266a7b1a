// The store contract: every use case of shared/engine, run the same way against each store that
// holds a ledger — the app's IndexedDB (Dexie on fake-indexeddb), the CLI's JSON ledger file and
// its container file (each operation opens the file, runs, writes it back and closes, as one
// `taizhang` call does). Each scenario checks the values a person would see, and at the end every
// store must hold the same ledger.
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerFileStore } from '../../cli/ledger-file-store.ts';
import { seedIfEmpty } from '../../renderer/db/repository.ts';
import { DexieLedgerStore } from '../../renderer/db/ledger-store.ts';
import { openDb } from '../../renderer/db/schema.ts';
import { openDistrictWorkbook } from '../../shared/engine/clerk-workbook.ts';
import type { Decision } from '../../shared/engine/change-set.ts';
import { editCells } from '../../shared/engine/edit-cells.ts';
import {
  identifyFiles,
  importReturns,
  resolveOpenConflicts,
  type ReturnFile,
} from '../../shared/engine/import-returns.ts';
import { mappedReturn, proposeMapping } from '../../shared/engine/foreign-returns.ts';
import { importHistory } from '../../shared/engine/import-history.ts';
import { resolveGroup, restoreWhole, updateSettings } from '../../shared/engine/ledger-admin.ts';
import { confirmItem } from '../../shared/mapping/edit-mapping.ts';
import { historyMonths } from '../../shared/mapping/history.ts';
import { HISTORY_LIMITS } from '../../shared/workbook/xlsx-grid.ts';
import type { LedgerReader, UseCaseContext } from '../../shared/engine/read-port.ts';
import { undoImport, UndoRefused } from '../../shared/engine/undo-import.ts';
import { clerkReturn, clerkReturnEvidence, unitWorkbookRows } from '../../shared/engine/workbook-rows.ts';
import { fieldKey, rowKey, type FieldKey } from '../../shared/keys.ts';
import { createLedger, type Ledger } from '../../shared/ledger-file.ts';
import type { Resolution } from '../../shared/merge/apply-merge.ts';
import type { PeriodSlice } from '../../shared/period-state.ts';
import { COLUMNS, type ColumnKey } from '../../shared/workbook/columns.ts';
import { exportReturnWorkbook } from '../../shared/workbook/export-workbook.ts';
import { readReturnWorkbook, type ReadResult } from '../../shared/workbook/read-workbook.ts';
import { editWorkbook, rowOf } from '../../shared/workbook/test-helpers.ts';
import { seedPlan, seedUnits } from '../support/ledger-builder.ts';
import { createHash } from 'node:crypto';
import { decideExtension, requestExtension, reviewReports } from '../../shared/engine/review-cases.ts';
import { attachEvidence, removeEvidence, type EvidenceFile } from '../../shared/engine/evidence-cases.ts';
import { buildPeriodRows } from '../../shared/period-state.ts';
import { allAssignments } from '../../shared/assignments.ts';
import { buildDashboard } from '../../shared/dashboard.ts';
import { buildPeriodState } from '../../shared/period-state.ts';
import { unitsInOrder } from '../../shared/assignments.ts';
import { crc32 } from '../../shared/zip/crc32.ts';
import { importPlan, linkTasks, reissuePlan } from '../../shared/engine/plan-cases.ts';
import { openPlanFile } from '../../shared/plan-import/open-plan-file.ts';
import type { PlanSource } from '../../shared/plan-import/plan-table.ts';
import type { UnitNameDecision } from '../../shared/model.ts';
import { planDocx } from '../support/plan-docx.ts';
import { PLAN_2022 } from '../support/plan-2022.ts';

const PLAN_2022_UNITS: UnitNameDecision[] = [
  { name: '区数据局', action: 'add', to: '区数据局', kind: 'district' },
  { name: '区城市更新办', action: 'add', to: '区城市更新办', kind: 'district' },
  { name: '区河长办', action: 'alias', to: '区水务局' },
  { name: '宋庄镇政府', action: 'map', to: '宋庄镇' },
];

async function planSourceOf(bytes: Uint8Array): Promise<PlanSource> {
  const read = await openPlanFile(bytes, { fileName: 'plan.docx' });
  if (!read.ok) throw new Error(read.error.log);
  return read.source;
}

type UseCase<R> = (reader: LedgerReader) => Promise<Decision<R>> | Decision<R>;

interface StoreUnderTest {
  name: string;
  /** The SHA-256 of every evidence file the store holds bytes of. */
  blobHashes(): Promise<string[]>;
  run<R>(useCase: UseCase<R>): Promise<R>;
  preview<R>(useCase: UseCase<R>): Promise<R>;
  reader<R>(read: (reader: LedgerReader) => Promise<R>): Promise<R>;
  slice(period: string, pairs: { taskId: string; unit: string }[], planId?: string): Promise<PeriodSlice>;
  snapshot(): Promise<Ledger>;
}

const dir = mkdtempSync(join(tmpdir(), 'taizhang-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let dbSeq = 0;

async function dexieStore(): Promise<StoreUnderTest> {
  const db = openDb(`contract-${++dbSeq}`);
  await seedIfEmpty(db, seedPlan(), seedUnits());
  const store = new DexieLedgerStore(db);
  return {
    name: 'indexeddb',
    blobHashes: async () => ((await db.blobs.toCollection().primaryKeys()) as string[]).sort(),
    run: (uc) => store.run(uc),
    preview: (uc) => store.preview(uc),
    reader: (read) => read(store),
    slice: (period, pairs, planId = 'tongzhou-2021') => store.periodSlice(planId, period, pairs),
    snapshot: () => store.snapshot(),
  };
}

function fileStore(fileName: string): StoreUnderTest {
  const path = join(dir, `${++dbSeq}-${fileName}`);
  const fresh = () => createLedger(seedPlan(), seedUnits(), new Date('2021-01-01T00:00:00Z'));
  const open = (write: boolean) => LedgerFileStore.open(path, { write, command: 'test', fresh });
  return {
    name: fileName.endsWith('.json') ? 'json file' : 'container file',
    async blobHashes() {
      return [...(await open(false)).reader.blobs.keys()].sort();
    },
    async run(uc) {
      const s = await open(true);
      try {
        const result = await s.run(uc);
        await s.save();
        return result;
      } finally {
        await s.close();
      }
    },
    async preview(uc) {
      const s = await open(false);
      return (await uc(s.reader)).result;
    },
    async reader(read) {
      return read((await open(false)).reader);
    },
    async slice(period, pairs, planId = 'tongzhou-2021') {
      return (await open(false)).reader.periodSlice(planId, period, pairs);
    },
    async snapshot() {
      return (await open(false)).ledger;
    },
  };
}

const UNIT = '永乐店镇';
const PERIOD = '2021-03';
const col = (key: ColumnKey) => COLUMNS.findIndex((c) => c.key === key) + 1;

/** Same ids and times in every store, so the ledgers can be compared whole. */
function contextFor(store: StoreUnderTest, at: string): UseCaseContext {
  const counters = (contextFor as unknown as { n?: Map<string, number> }).n ?? new Map<string, number>();
  (contextFor as unknown as { n?: Map<string, number> }).n = counters;
  return {
    who: '测试员',
    at,
    newId: () => {
      const next = (counters.get(store.name) ?? 0) + 1;
      counters.set(store.name, next);
      return `id-${next}`;
    },
  };
}

async function exportFor(
  store: StoreUnderTest,
  unit = UNIT,
  period = PERIOD,
  exportId = 'exp-1',
): Promise<Uint8Array> {
  const rows = await store.reader((r) => unitWorkbookRows(r, 'tongzhou-2021', unit, period));
  const plan = seedPlan();
  return exportReturnWorkbook({
    plan,
    unit,
    period,
    rows,
    exportId,
    exportedAt: '2021-03-01T00:00:00.000Z',
  });
}

async function returned(
  bytes: Uint8Array,
  edit: Record<string, Partial<Record<ColumnKey, unknown>>>,
): Promise<ReadResult> {
  const edited = await editWorkbook(bytes, (_wb, ws) => {
    for (const [taskId, cells] of Object.entries(edit))
      for (const [key, value] of Object.entries(cells))
        ws.getCell(rowOf(ws, taskId), col(key as ColumnKey)).value = value as never;
  });
  return readReturnWorkbook(edited, { fileName: `${UNIT}_2021年03月_进展填报.xlsx` });
}

async function asFiles(
  store: StoreUnderTest,
  reads: ReadResult[],
  resolutions: ReadonlyMap<FieldKey, Resolution>[] = [],
): Promise<ReturnFile[]> {
  const ids = await store.reader((r) => identifyFiles(r, reads));
  return reads.map((read, i) => ({
    read,
    unit: ids[i]?.unit ?? '',
    period: ids[i]?.period ?? '',
    identityConfirmed: false,
    resolutions: resolutions[i] ?? new Map(),
  }));
}

/** Everything but the save time, with lists in a stable order. */
function normalised(l: Ledger): unknown {
  const by = <T>(list: T[], key: (x: T) => string) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    ...l,
    savedAt: '',
    reports: by(l.reports, (r) => `${r.taskId}|${r.unit}|${r.period}`),
    audit: by(l.audit, (e) => e.id),
    // A workbook's bytes carry exceljs's write time, so the same return made twice hashes differently.
    imports: by(l.imports, (b) => b.id).map((b) => ({ ...b, sha256: '' })),
    groupResolutions: by(l.groupResolutions, (g) => `${g.taskId}|${g.group}`),
    districtBases: by(l.districtBases, (b) => `${b.planId}|${b.unit}|${b.period}`),
    attachments: by(l.attachments, (a) => a.id),
    reviews: by(l.reviews, (r) => `${r.taskId}|${r.unit}|${r.period}`),
    extensions: by(l.extensions, (e) => e.id),
    plans: by(l.plans, (p) => p.id),
    taskLinks: by(l.taskLinks, (x) => x.taskId),
    planRevisions: by(l.planRevisions, (r) => r.id),
  };
}

function evidenceFile(name: string): EvidenceFile {
  const bytes = new Uint8Array(readFileSync(`test/fixtures/evidence/${name}`));
  return {
    name,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    kind: name.endsWith('.pdf') ? 'pdf' : name.endsWith('.png') ? 'png' : 'jpeg',
    crc32: crc32(bytes),
    method: 0,
    data: new Blob([bytes]),
  };
}

const evidenceResults = new Map<string, unknown>();

const results = new Map<string, unknown>();
const foreignResults = new Map<string, unknown>();
const FOREIGN = 'test/fixtures/foreign';

describe.each([
  ['indexeddb', dexieStore],
  ['json file', async () => fileStore('台账.json')],
  ['container file', async () => fileStore('台账.taizhang')],
])('store contract: %s', (name, make) => {
  it('runs the month: edits, an import in sequence, a conflict left open and decided, undo, the clerk, groups, settings', async () => {
    const store = await make();
    const at = (d: string) => `2021-03-${d}T08:00:00.000Z`;

    // --- Typing: the first change of a month starts from the carried-forward values. ----------
    await store.run((r) =>
      editCells(r, contextFor(store, at('01')), {
        writes: [{ taskId: 'air-02', unit: UNIT, period: '2021-02', field: 'status', value: '推进中' }],
        source: 'edit',
      }),
    );
    const typed = await store.run((r) =>
      editCells(r, contextFor(store, at('02')), {
        writes: [
          { taskId: 'air-02', unit: UNIT, period: PERIOD, field: 'percent', value: 30 },
          { taskId: 'air-02', unit: UNIT, period: PERIOD, field: 'status', value: '推进中' }, // unchanged
          { taskId: 'air-02', unit: UNIT, period: PERIOD, field: 'percent', value: 130 }, // refused
        ],
        source: 'paste',
      }),
    );
    expect(typed.applied.map((c) => [c.field, c.old, c.new])).toEqual([['percent', null, 30]]);
    expect(typed.invalid.map((x) => x.message)).toEqual(['完成比例应为0到100之间的数字']);

    // Undo is guarded: a field changed since is left alone and listed.
    const undo = await store.run((r) =>
      editCells(r, contextFor(store, at('03')), {
        writes: [
          { taskId: 'air-02', unit: UNIT, period: PERIOD, field: 'percent', value: null, expected: 30 },
          { taskId: 'air-02', unit: UNIT, period: PERIOD, field: 'status', value: null, expected: '已完成' },
        ],
        source: 'undo',
      }),
    );
    expect(undo.applied.map((c) => c.field)).toEqual(['percent']);
    expect(undo.skipped.map((w) => w.field)).toEqual(['status']);

    // --- Import: two returns of the same unit and month, the second against the first's state. --
    const exported = await exportFor(store);
    const first = await returned(exported, {
      'air-02': { percent: 40, progress: '已排查燃煤锅炉' },
      'air-23': { status: '已完成', percent: 100 },
    });
    const preview = await store.preview((r) =>
      importReturns(r, contextFor(store, at('05')), [], { apply: false }),
    );
    expect(preview).toEqual([]);
    const firstFiles = await asFiles(store, [first]);
    expect(firstFiles[0]).toMatchObject({ unit: UNIT, period: PERIOD });
    const [o1] = await store.run((r) =>
      importReturns(r, contextFor(store, at('05')), firstFiles, { apply: true }),
    );
    expect(o1!.plan.counts).toMatchObject({ updated: 2, conflicts: 0, rejected: 0 });
    expect(o1!.batch?.before.map((b) => [b.taskId, b.report?.percent ?? null])).toEqual([
      ['air-02', null],
      ['air-23', null],
    ]);
    // The same file again: already imported, nothing changes.
    const [again] = await store.run((r) =>
      importReturns(r, contextFor(store, at('06')), firstFiles, { apply: true }),
    );
    expect(again!.plan.alreadyImported).toBe(true);
    expect(again!.batch).toBeNull();

    // The coordinator edits air-02's progress; a second return (same export) changes it too: a
    // conflict, left undecided, stays open on the batch and the file does not count as imported.
    await store.run((r) =>
      editCells(r, contextFor(store, at('07')), {
        writes: [{ taskId: 'air-02', unit: UNIT, period: PERIOD, field: 'progress', value: '区里核实中' }],
        source: 'edit',
      }),
    );
    const second = await returned(exported, {
      'air-02': { progress: '文件中的进展' },
      'water-43': { reporter: '王小明' },
    });
    const secondFiles = await asFiles(store, [second]);
    const [o2] = await store.run((r) =>
      importReturns(r, contextFor(store, at('08')), secondFiles, { apply: true }),
    );
    expect(o2!.plan.conflicts.map((c) => [c.taskId, c.field, c.ours, c.theirs])).toEqual([
      ['air-02', 'progress', '区里核实中', '文件中的进展'],
    ]);
    expect(o2!.batch?.openConflicts).toHaveLength(1);
    const batch2 = o2!.batch!.id;
    // Importing the same file again continues the batch, here with the decision.
    const decide = new Map<FieldKey, Resolution>([[fieldKey('air-02', 'progress'), 'theirs']]);
    const decidedFiles = await asFiles(store, [second], [decide]);
    const [o3] = await store.run((r) =>
      importReturns(r, contextFor(store, at('09')), decidedFiles, { apply: true }),
    );
    expect(o3!.plan.alreadyImported).toBe(false);
    expect(o3!.batch?.id).toBe(batch2);
    expect(o3!.batch?.openConflicts).toBeUndefined();
    expect(o3!.applied.map((c) => [c.field, c.new])).toEqual([['progress', '文件中的进展']]);

    // --- A conflict decided later without the file. ------------------------------------------
    await store.run((r) =>
      editCells(r, contextFor(store, at('10')), {
        writes: [{ taskId: 'air-23', unit: UNIT, period: PERIOD, field: 'problems', value: '区里的意见' }],
        source: 'edit',
      }),
    );
    const third = await returned(exported, { 'air-23': { problems: '镇里的说法' } });
    const thirdFiles = await asFiles(store, [third]);
    const [o4] = await store.run((r) =>
      importReturns(r, contextFor(store, at('11')), thirdFiles, { apply: true }),
    );
    expect(o4!.batch?.openConflicts?.map((c) => c.field)).toEqual(['problems']);
    const decided = await store.run((r) =>
      resolveOpenConflicts(
        r,
        contextFor(store, at('12')),
        o4!.batch!.id,
        new Map<FieldKey, Resolution>([[fieldKey('air-23', 'problems'), { value: '合并后的说法' }]]),
      ),
    );
    expect(decided.applied.map((c) => c.new)).toEqual(['合并后的说法']);
    expect(decided.stillOpen).toEqual([]);

    // --- Undo the first batch: what it set goes back, except air-02's progress (changed since). --
    const undone = await store.run((r) => undoImport(r, contextFor(store, at('13')), o1!.batch!.id));
    expect(undone.restored).toBe(3);
    expect(undone.skipped.map((s) => [s.taskId, s.field, s.current])).toEqual([
      ['air-02', 'progress', '文件中的进展'],
    ]);
    // air-23's report was created by the batch but changed since (problems): it stays.
    expect(undone.removed).toEqual([]);
    await expect(
      store.run((r) => undoImport(r, contextFor(store, at('14')), o1!.batch!.id)),
    ).rejects.toBeInstanceOf(UndoRefused);

    // --- Group resolution and settings. --------------------------------------------------------
    const entry = await store.run((r) =>
      resolveGroup(r, contextFor(store, at('15')), {
        taskId: 'air-06',
        group: '相关部门',
        units: ['区城市管理委'],
      }),
    );
    expect(entry?.new).toEqual(['区城市管理委']);
    const settings = await store.run((r) => updateSettings(r, { returnDueDay: 10 }));
    expect(settings.returnDueDay).toBe(10);
    const documents = {
      ...settings.documents,
      issuer: '通州区生态环境局',
      numbers: { tongbao: 5, cuibao: 6 },
      issuedOn: '2021-04-02',
      templates: {
        cuibao: {
          title: '催报{月份}进展',
          addressee: '各有关单位',
          body: '[[未按时报送单位表]]',
          attachment: '',
        },
      },
    };
    expect((await store.run((r) => updateSettings(r, { documents }))).documents).toEqual(documents);

    // --- The month as every view reads it (the read model's input). -------------------------
    const slice = await store.slice(PERIOD, [
      { taskId: 'air-02', unit: UNIT },
      { taskId: 'air-23', unit: UNIT },
      { taskId: 'air-01', unit: UNIT },
    ]);
    expect(slice.reports.get(rowKey('air-02', UNIT))).toMatchObject({
      period: PERIOD,
      status: '推进中',
      percent: null,
      progress: '文件中的进展',
    });
    expect(slice.reports.get(rowKey('air-23', UNIT))).toMatchObject({
      status: null,
      percent: null,
      problems: '合并后的说法',
    });
    expect(slice.reports.has(rowKey('air-01', UNIT))).toBe(false);
    expect(slice.imports.map((b) => [b.id === o1!.batch!.id, Boolean(b.undoneAt)]).sort()).toEqual([
      [false, false],
      [false, false],
      [true, true],
    ]);
    expect([...slice.firstEntries.entries()]).toEqual([[UNIT, at('02')]]);
    // Looking back: April's report does not hide March's carry-forward from February.
    await store.run((r) =>
      editCells(r, contextFor(store, at('16')), {
        writes: [{ taskId: 'air-02', unit: '西集镇', period: '2021-04', field: 'status', value: '已完成' }],
        source: 'edit',
      }),
    );
    await store.run((r) =>
      editCells(r, contextFor(store, at('17')), {
        writes: [{ taskId: 'air-02', unit: '西集镇', period: '2021-01', field: 'status', value: '未启动' }],
        source: 'edit',
      }),
    );
    const back = await store.slice(PERIOD, [{ taskId: 'air-02', unit: '西集镇' }]);
    expect(back.reports.get(rowKey('air-02', '西集镇'))).toMatchObject({
      period: '2021-01',
      status: '未启动',
    });

    results.set(name, normalised(await store.snapshot()));
  });

  it('a unit’s own ledger, mapped and kept; the district’s master ledger as history, one batch a month, undone', async () => {
    const store = await make();
    const at = (d: string) => `2021-04-${d}T08:00:00.000Z`;
    // A value the coordinator typed for March itself: a different value from a file without a base
    // is a conflict, never an update.
    await store.run((r) =>
      editCells(r, contextFor(store, at('01')), {
        writes: [{ taskId: 'air-01', unit: UNIT, period: PERIOD, field: 'status', value: '推进中' }],
        source: 'edit',
      }),
    );
    const read = await readReturnWorkbook(readFileSync(`${FOREIGN}/town-ylz-2021-03.xlsx`), {
      fileName: '永乐店镇台账.xlsx',
      year: 2021,
    });
    expect(read.layout).toBe('foreign');
    const proposal = await store.reader((r) => proposeMapping(r, read));
    expect(proposal.unit).toBe(UNIT);
    expect(proposal.confirmations.map((c) => [c.kind, c.sheet, c.row])).toEqual([['row', '土壤', 17]]);
    const mapping = confirmItem(proposal.mapping, proposal.confirmations[0]!);
    const [mapped] = await store.run((r) =>
      importReturns(
        r,
        contextFor(store, at('02')),
        [{ read: mappedReturn(read, mapping), unit: UNIT, period: PERIOD, identityConfirmed: true, mapping }],
        { apply: true },
      ),
    );
    expect(mapped!.plan.counts).toEqual({ updated: 89, unchanged: 0, conflicts: 1, rejected: 1 });
    expect(mapped!.plan.rejected.map((r) => r.reason)).toEqual([
      '大气-23：完成状态“按月报送”无法识别，可写：已完成、推进中、未启动、不涉及，或“正在推进”“已办结”“完成80%”等，本行未导入',
    ]);
    expect(mapped!.plan.conflicts.map((c) => [c.taskId, c.field, c.ours, c.theirs])).toEqual([
      ['air-01', 'status', '推进中', '已完成'],
    ]);
    const kept = await store.reader(async (r) => (await r.settings()).importMappings?.[UNIT]);
    expect(kept?.rows.map((x) => x.taskId)).toEqual(['soil-11']);
    // April, same layout: mapped by itself, nothing to confirm.
    const april = await readReturnWorkbook(readFileSync(`${FOREIGN}/town-ylz-2021-04.xlsx`), {
      fileName: '永乐店镇台账.xlsx',
      year: 2021,
    });
    const again = await store.reader((r) => proposeMapping(r, april, { unit: UNIT }));
    expect([again.mapping.saved, again.confirmations]).toEqual(['applied', []]);

    // The master ledger: three months, one batch each, audited.
    const master = await readReturnWorkbook(readFileSync(`${FOREIGN}/master-ledger-2021q1.xlsx`), {
      fileName: '总台账.xlsx',
      year: 2021,
      mode: 'history',
      limits: HISTORY_LIMITS,
    });
    const history = await store.reader((r) => proposeMapping(r, master, { mode: 'history' }));
    expect(history.confirmations).toEqual([]);
    const months = historyMonths(master.grid!, history.mapping).months;
    const file = { fileName: '总台账.xlsx', sha256: master.sha256, months };
    const outcomes = await store.run((r) =>
      importHistory(r, contextFor(store, at('03')), file, { apply: true }),
    );
    expect(outcomes.map((o) => [o.period, o.batch?.kind, o.batch?.units?.length])).toEqual([
      ['2021-01', 'history', 3],
      ['2021-02', 'history', 3],
      ['2021-03', 'history', 3],
    ]);
    // 宋庄镇's air-02 in March, from the column group 2021年3月.
    const march = await store.slice(PERIOD, [{ taskId: 'air-02', unit: '宋庄镇' }]);
    expect(march.reports.get(rowKey('air-02', '宋庄镇'))).toMatchObject({ period: PERIOD, status: '已完成' });
    // The same file again: every month already imported.
    const twice = await store.run((r) =>
      importHistory(r, contextFor(store, at('04')), file, { apply: true }),
    );
    expect(twice.map((o) => o.alreadyImported)).toEqual([true, true, true]);
    // Undo January's batch: its reports go again (nothing touched them since).
    const undone = await store.run((r) => undoImport(r, contextFor(store, at('05')), outcomes[0]!.batch!.id));
    expect(undone.removed.length).toBe(outcomes[0]!.counts.updated);
    foreignResults.set(name, normalised(await store.snapshot()));
  });

  it('the clerk: opens the district workbook, edits, returns; the district sees exactly the edit', async () => {
    const district = await make();
    const clerk = await make();
    const exported = await exportFor(district, UNIT, PERIOD, 'exp-clerk');
    const read = await readReturnWorkbook(exported, { fileName: `${UNIT}_2021年03月_进展填报.xlsx` });
    const opened = await clerk.run((r) =>
      openDistrictWorkbook(r, contextFor(clerk, '2021-03-02T00:00:00Z'), read, { apply: true }),
    );
    expect(opened.base?.unit).toBe(UNIT);
    await clerk.run((r) =>
      editCells(r, contextFor(clerk, '2021-03-20T00:00:00Z'), {
        writes: [{ taskId: 'air-02', unit: UNIT, period: PERIOD, field: 'progress', value: '镇里填的进展' }],
        source: 'edit',
      }),
    );
    const ret = await clerk.reader((r) => clerkReturn(r, opened.base!.planId, UNIT, PERIOD));
    const bytes = await exportReturnWorkbook({
      plan: seedPlan(),
      unit: UNIT,
      period: PERIOD,
      rows: ret.rows,
      exportId: ret.base.exportId,
      exportedAt: ret.base.exportedAt,
    });
    const back = await readReturnWorkbook(bytes, { fileName: `${UNIT}_2021年03月_进展填报.xlsx` });
    const backFiles = await asFiles(district, [back]);
    const [o] = await district.run((r) =>
      importReturns(r, contextFor(district, '2021-03-21T00:00:00Z'), backFiles, { apply: true }),
    );
    expect(o!.applied.map((c) => [c.taskId, c.field, c.new])).toEqual([
      ['air-02', 'progress', '镇里填的进展'],
    ]);
  });

  it('a restore replaces everything, and reads back whole', async () => {
    const store = await make();
    const ledger = createLedger(seedPlan(), seedUnits(), new Date('2021-01-01T00:00:00Z'));
    ledger.reports.push({
      taskId: 'air-01',
      unit: '区生态环境局',
      period: '2021-05',
      status: '推进中',
      percent: 50,
      progress: '恢复的数据',
      problems: '',
      nextSteps: '',
      evidence: '',
      reporter: '',
      phone: '',
      filledOn: null,
      updatedAt: '2021-05-01T00:00:00Z',
      updatedBy: 'x',
    });
    ledger.settings.returnDueDay = 15;
    const counts = await store.run(() => restoreWhole(ledger));
    expect(counts).toEqual({ reports: 1, audit: 0, imports: 0 });
    const after = await store.snapshot();
    expect(normalised(after)).toEqual(normalised(ledger));
    const slice = await store.slice('2021-06', [{ taskId: 'air-01', unit: '区生态环境局' }]);
    expect(slice.reports.get(rowKey('air-01', '区生态环境局'))?.progress).toBe('恢复的数据');
  });
});

describe.each([
  ['indexeddb', dexieStore],
  ['json file', async () => fileStore('证据.json')],
  ['container file', async () => fileStore('证据.taizhang')],
])('store contract, evidence and review: %s', (name, make) => {
  it('reviews, returns, extensions, evidence, a return package and its undo', async () => {
    const store = await make();
    const at = (d: string) => `2021-03-${d}T09:00:00.000Z`;
    const ref = { taskId: 'air-02', unit: UNIT, period: PERIOD };
    await store.run((r) =>
      editCells(r, contextFor(store, at('01')), {
        writes: [
          { ...ref, field: 'status', value: '推进中' },
          { ...ref, field: 'percent', value: 20 },
        ],
        source: 'edit',
      }),
    );
    // Review: a return needs a comment; then it is returned, then approved.
    const refusedReturn = await store.run((r) =>
      reviewReports(r, contextFor(store, at('02')), { refs: [ref], event: { kind: 'return', comment: '' } }),
    );
    expect(refusedReturn.refused.map((x) => x.message)).toEqual(['退回时请填写意见，告诉单位需要修改什么。']);
    await store.run((r) =>
      reviewReports(r, contextFor(store, at('03')), {
        refs: [ref],
        event: { kind: 'return', comment: '照片不清晰，请补充' },
      }),
    );
    // Extension: asked by the unit, approved by the district; the deadline moves.
    const asked = await store.run((r) =>
      requestExtension(r, contextFor(store, at('04')), {
        taskId: 'air-23',
        unit: UNIT,
        period: PERIOD,
        until: '2021-12-31',
        reason: '设备到货延迟',
      }),
    );
    expect(asked).toMatchObject({ ok: true, request: { state: '待批准', until: '2021-12-31' } });
    const tooEarly = await store.run((r) =>
      requestExtension(r, contextFor(store, at('04')), {
        taskId: 'water-01',
        unit: UNIT,
        period: PERIOD,
        until: '2021-06-30',
        reason: 'x',
      }),
    );
    expect(tooEarly).toMatchObject({ ok: false, message: expect.stringContaining('不晚于原定时限') });
    await store.run((r) =>
      decideExtension(r, contextFor(store, at('05')), { taskId: 'air-23', unit: UNIT, decision: 'approve' }),
    );
    await store.run((r) => updateSettings(r, { rankReviewedOnly: true }, contextFor(store, at('05'))));

    // Evidence by hand: two photos and a PDF; the same photo again is not attached twice.
    const attach = (files: EvidenceFile[], d: string) =>
      store.run((r) =>
        attachEvidence(r, contextFor(store, at(d)), { items: files.map((file) => ({ ref, file })) }),
      );
    if (name === 'json file') {
      await expect(attach([evidenceFile('现场照片1.jpg')], '06')).rejects.toThrow(/JSON/);
      return;
    }
    const first = await attach(
      [
        evidenceFile('现场照片1.jpg'),
        evidenceFile('现场照片2.jpg'),
        // A clock set ahead and a blank name: dated now, by the person making the change.
        { ...evidenceFile('整改记录.pdf'), addedAt: '2099-01-01T00:00:00.000Z', addedBy: '  ' },
      ],
      '06',
    );
    expect([first.attached[2]!.addedAt, first.attached[2]!.addedBy]).toEqual([
      at('06'),
      first.attached[0]!.addedBy,
    ]);
    expect(first.attached.map((a) => [a.name, a.kind])).toEqual([
      ['现场照片1.jpg', 'jpeg'],
      ['现场照片2.jpg', 'jpeg'],
      ['整改记录.pdf', 'pdf'],
    ]);
    const again = await attach([{ ...evidenceFile('现场照片1.jpg'), name: '同一张.jpg' }], '07');
    expect(again.skipped.map((x) => x.reason)).toEqual(['与已附上的“现场照片1.jpg”内容相同，未重复添加']);
    await store.run((r) => removeEvidence(r, contextFor(store, at('08')), { id: first.attached[1]!.id }));
    expect((await store.blobHashes()).length).toBe(2);

    // A return package: the workbook changes air-02 (the review goes back to 待审核) and asks for an
    // extension; its evidence brings one new photo and one already attached.
    const exported = await exportFor(store, UNIT, PERIOD, 'exp-evidence');
    const read = await returned(exported, {
      'air-02': { percent: 60, extensionUntil: new Date(Date.UTC(2022, 2, 31)), extensionReason: '冬季停工' },
    });
    const [file] = await asFiles(store, [read]);
    const outcomes = await store.run((r) =>
      importReturns(
        r,
        contextFor(store, at('09')),
        [
          {
            ...file!,
            evidence: {
              files: [
                {
                  path: '佐证材料/大气-02/现场照片2.jpg',
                  taskId: 'air-02',
                  // As the clerk's package lists it: who attached it in the unit's app, and when.
                  file: {
                    ...evidenceFile('现场照片2.jpg'),
                    addedBy: '镇里小李',
                    addedAt: '2021-03-03T01:00:00.000Z',
                  },
                },
                {
                  path: '佐证材料/大气-02/现场照片1.jpg',
                  taskId: 'air-02',
                  file: evidenceFile('现场照片1.jpg'),
                },
                { path: '佐证材料/大气-03/围挡.png', taskId: 'air-03', file: evidenceFile('围挡.png') },
              ],
              refused: [
                { path: '佐证材料/大气-02/病毒.jpg', reason: '内容是可执行程序，已拒绝', log: 'exe' },
              ],
            },
          },
        ],
        { apply: true },
      ),
    );
    const o = outcomes[0]!;
    expect(o.applied.map((c) => [c.taskId, c.field, c.new])).toEqual([['air-02', 'percent', 60]]);
    expect(o.evidence.map((e) => [e.name, e.status])).toEqual([
      ['病毒.jpg', 'refused'],
      ['围挡.png', 'refused'],
      ['现场照片2.jpg', 'attached'],
      ['现场照片1.jpg', 'duplicate'],
    ]);
    expect(o.evidence.find((e) => e.name === '围挡.png')?.reason).toBe(
      '文件夹“air-03”不是永乐店镇牵头或协办的任务，未导入',
    );
    const imported = (
      await store.reader((r) => r.attachments({ taskId: 'air-02', unit: UNIT, period: PERIOD }))
    ).filter((x) => x.name === '现场照片2.jpg');
    expect(imported.map((x) => [x.addedBy, x.addedAt])).toEqual([['镇里小李', '2021-03-03T01:00:00.000Z']]);
    expect(o.reviewsReset).toBe(1);
    expect(o.extensionRequests.map((e) => [e.taskId, e.until, e.reason])).toEqual([
      ['air-02', '2022-03-31', '冬季停工'],
    ]);
    const sliceAfter = await store.slice(PERIOD, [ref, { taskId: 'air-23', unit: UNIT }]);
    expect(sliceAfter.reviews.get(rowKey('air-02', UNIT))).toMatchObject({ state: '待审核', comment: '' });
    expect(sliceAfter.evidenceCounts.get(rowKey('air-02', UNIT))).toBe(3);

    // The read model: the approved extension moves air-23's deadline (overdue in December no more).
    const ledger = await store.snapshot();
    const assignments = allAssignments(ledger.plans[0]!.tasks, ledger.units, ledger.groupResolutions).filter(
      (a) => a.unit === UNIT,
    );
    const december = await store.slice(
      '2021-12',
      assignments.map((a) => ({ taskId: a.task.id, unit: UNIT })),
    );
    const rows = buildPeriodRows(assignments, december, 2021);
    const air23 = rows.find((r) => r.task.id === 'air-23')!;
    expect([air23.deadline.due, air23.deadlineState, air23.task.deadline.due]).toEqual([
      '2021-12-31',
      'due',
      '2021-11-15',
    ]);
    const dashboard = buildDashboard(
      buildPeriodState(assignments, sliceAfter, 2021, 25, unitsInOrder(ledger.units, assignments)),
      { rankReviewedOnly: ledger.settings.rankReviewedOnly },
    );
    // The unit's return came in: every one of its reports waits for review (air-02's again).
    expect(dashboard.units.find((u) => u.unit === UNIT)).toMatchObject({
      reviewPending: assignments.length,
      reviewReturned: 0,
    });

    // Undo: the photo it brought goes, the review is returned again, the request withdrawn.
    const undone = await store.run((r) => undoImport(r, contextFor(store, at('10')), o.batch!.id));
    expect(undone.restored).toBeGreaterThan(0);
    const back = await store.slice(PERIOD, [ref]);
    expect(back.reviews.get(rowKey('air-02', UNIT))).toMatchObject({
      state: '退回',
      comment: '照片不清晰，请补充',
    });
    expect(back.evidenceCounts.get(rowKey('air-02', UNIT))).toBe(2);
    expect((await store.reader((r) => r.extensions({ taskId: 'air-02', unit: UNIT }))).length).toBe(0);
    expect((await store.blobHashes()).length).toBe(2);

    // The next month's workbook carries the district's opinion to the unit.
    const april = await store.reader((r) => unitWorkbookRows(r, 'tongzhou-2021', UNIT, '2021-04'));
    expect(april.find((r) => r.task.id === 'air-02')?.opinion).toBe(
      '2021年3月报送已退回：照片不清晰，请补充',
    );
    expect(april.find((r) => r.task.id === 'air-23')).toMatchObject({
      opinion: '延期已批准：延至2021年12月31日',
      approvedUntil: '2021-12-31',
      extension: { until: '2021-12-31', reason: '设备到货延迟' },
    });
    evidenceResults.set(name, {
      ledger: normalised(await store.snapshot()),
      blobs: await store.blobHashes(),
    });
  });
});

const planResults = new Map<string, unknown>();

describe.each([
  ['indexeddb', dexieStore],
  ['json file', async () => fileStore('台账.json')],
  ['container file', async () => fileStore('台账.taizhang')],
])('store contract: %s', (name, make) => {
  it('several plans: a 2022 plan imported, continuity, a 2022 return kept to its plan, a reissue', async () => {
    const store = await make();
    // Ids counted from here in every store alike (earlier scenarios use different numbers of ids).
    let n = 0;
    const ctx = (when: string): UseCaseContext => ({ who: '测试员', at: when, newId: () => `p-${++n}` });
    const at = (d: string) => `2022-03-${d}T08:00:00.000Z`;
    const source = await planSourceOf(await planDocx(PLAN_2022));
    const input = { source, fileName: '2022.docx', sha256: null, units: PLAN_2022_UNITS };
    // Nothing is written while a unit name is undecided.
    const undecided = await store.run((r) =>
      importPlan(r, ctx(at('01')), { ...input, units: [] }, { apply: true }),
    );
    expect(undecided.ok).toBe(false);
    expect((await store.snapshot()).plans).toHaveLength(1);
    const preview = await store.preview((r) => importPlan(r, ctx(at('01')), input, { apply: false }));
    const links = preview.suggestions.map((s) => ({
      taskId: s.taskId,
      continues: s.continues,
      score: s.score,
    }));
    expect(links).toHaveLength(5);
    const added = await store.run((r) => importPlan(r, ctx(at('02')), { ...input, links }, { apply: true }));
    expect(added.ok).toBe(true);
    expect((await store.reader((r) => r.plans())).map((p) => p.id)).toEqual([
      'tongzhou-2021',
      'tongzhou-2022',
    ]);

    // Last year's final state carries into the continued task.
    await store.run((r) =>
      editCells(r, ctx('2021-12-20T08:00:00.000Z'), {
        source: 'edit',
        writes: [{ taskId: 'air-02', unit: UNIT, period: '2021-12', field: 'percent', value: 80 }],
      }),
    );
    const carried = await store.reader((r) =>
      r.reportsAsOf('2022-03', [{ taskId: 'tongzhou-2022.air-02', unit: UNIT }]),
    );
    expect(carried.get(rowKey('tongzhou-2022.air-02', UNIT))?.percent).toBe(80);

    // A 2022 return: its workbook speaks air-01, the ledger stores tongzhou-2022.air-01.
    const rows = await store.reader((r) => unitWorkbookRows(r, 'tongzhou-2022', UNIT, '2022-03'));
    const meta = (await store.reader((r) => r.plans()))[1]!;
    const bytes = await exportReturnWorkbook({
      plan: meta,
      unit: UNIT,
      period: '2022-03',
      rows,
      exportId: 'exp-2022',
      exportedAt: at('03'),
    });
    const read = await readReturnWorkbook(bytes, { fileName: 'r.xlsx', year: 2022 });
    const row = read.rows.find((x) => x.taskId === 'air-01')!;
    row.fields.percent = 30;
    const imported = await store.run((r) =>
      importReturns(r, ctx(at('04')), [{ read, unit: UNIT, period: '2022-03', identityConfirmed: true }], {
        apply: true,
      }),
    );
    expect(imported[0]!.batch?.planId).toBe('tongzhou-2022');
    const slice22 = await store.slice(
      '2022-03',
      [{ taskId: 'tongzhou-2022.air-01', unit: UNIT }],
      'tongzhou-2022',
    );
    expect(slice22.reports.get(rowKey('tongzhou-2022.air-01', UNIT))?.percent).toBe(30);
    expect(slice22.imports.map((b) => b.planId)).toEqual(['tongzhou-2022']);
    const slice21 = await store.slice('2022-03', [{ taskId: 'air-01', unit: UNIT }], 'tongzhou-2021');
    expect(slice21.imports).toEqual([]);

    // A link by hand, and a corrected reissue keeping the reports.
    await store.run((r) =>
      linkTasks(r, ctx(at('05')), [{ taskId: 'tongzhou-2022.air-04', continues: 'air-10' }]),
    );
    const text = JSON.stringify(PLAN_2022).replace('2022年6月底前', '2022年7月底前');
    const reissue = await store.run(async (r) =>
      reissuePlan(
        r,
        ctx(at('06')),
        'tongzhou-2022',
        { ...input, source: await planSourceOf(await planDocx(JSON.parse(text) as typeof PLAN_2022)) },
        { apply: true },
      ),
    );
    expect(reissue.changes.map((c) => [c.taskId, c.field])).toEqual([['tongzhou-2022.air-02', 'deadline']]);
    const after = await store.snapshot();
    expect(after.reports.find((x) => x.taskId === 'tongzhou-2022.air-01')?.percent).toBe(30);
    expect(after.plans[1]!.tasks.find((t) => t.id === 'tongzhou-2022.air-02')?.deadline.due).toBe(
      '2022-07-31',
    );
    planResults.set(name, normalised(after));
  });

  it('the clerk keeps a district base per plan: two plans’ workbooks of one unit and month both stay', async () => {
    const store = await make();
    let n = 0;
    const ctx = (when: string): UseCaseContext => ({ who: '镇填报员', at: when, newId: () => `c-${++n}` });
    const at = (d: string) => `2022-03-${d}T08:00:00.000Z`;
    const source = await planSourceOf(await planDocx(PLAN_2022));
    const added = await store.run((r) =>
      importPlan(
        r,
        ctx(at('01')),
        { source, fileName: '2022.docx', sha256: null, units: PLAN_2022_UNITS },
        {
          apply: true,
        },
      ),
    );
    expect(added.ok).toBe(true);
    const [plan21, plan22] = await store.reader((r) => r.plans());
    const workbookOf = async (plan: typeof plan21, exportId: string) => {
      const rows = await store.reader((r) => unitWorkbookRows(r, plan!.id, UNIT, '2022-03'));
      const bytes = await exportReturnWorkbook({
        plan: plan!,
        unit: UNIT,
        period: '2022-03',
        rows,
        exportId,
        exportedAt: at('02'),
      });
      return { rows, read: await readReturnWorkbook(bytes, { fileName: `${exportId}.xlsx`, year: 2022 }) };
    };
    const w22 = await workbookOf(plan22, 'exp-2022');
    const w21 = await workbookOf(plan21, 'exp-2021');
    for (const w of [w22, w21]) {
      const opened = await store.run((r) => openDistrictWorkbook(r, ctx(at('03')), w.read, { apply: true }));
      expect(opened.problem).toBeNull();
    }
    // Opening 2021's did not replace 2022's: each plan's return is made from its own base.
    const ret22 = await store.reader((r) => clerkReturn(r, plan22!.id, UNIT, '2022-03'));
    const ret21 = await store.reader((r) => clerkReturn(r, plan21!.id, UNIT, '2022-03'));
    expect([ret22.base.exportId, ret21.base.exportId]).toEqual(['exp-2022', 'exp-2021']);
    expect(ret22.rows.map((r) => r.task.id)).toEqual(w22.rows.map((r) => r.task.id));
    expect(ret21.rows.map((r) => r.task.id)).toEqual(w21.rows.map((r) => r.task.id));
    expect(ret22.rows.length).not.toBe(ret21.rows.length);
    const bases = (await store.snapshot()).districtBases.map((b) => [b.planId, b.unit, b.period]);
    expect(bases.sort()).toEqual([
      [plan21!.id, UNIT, '2022-03'],
      [plan22!.id, UNIT, '2022-03'],
    ]);
    // Each return's package carries only its own plan's files of the month.
    if (name !== 'json file') {
      const task21 = w21.rows[0]!.task.id;
      const task22 = (await store.reader((r) => r.tasks(plan22!.id)))[0]!.id;
      await store.run((r) =>
        attachEvidence(r, ctx(at('04')), {
          items: [
            { ref: { taskId: task21, unit: UNIT, period: '2022-03' }, file: evidenceFile('现场照片1.jpg') },
            { ref: { taskId: task22, unit: UNIT, period: '2022-03' }, file: evidenceFile('整改记录.pdf') },
          ],
        }),
      );
      const files = async (planId: string) =>
        (await store.reader((r) => clerkReturnEvidence(r, planId, UNIT, '2022-03'))).map((a) => [
          a.taskId,
          a.name,
        ]);
      expect(await files(plan21!.id)).toEqual([[task21, '现场照片1.jpg']]);
      expect(await files(plan22!.id)).toEqual([[task22, '整改记录.pdf']]);
    }
    // Opening 2022's again is known as already opened, and still leaves 2021's alone.
    const again = await store.preview((r) =>
      openDistrictWorkbook(r, ctx(at('04')), w22.read, { apply: false }),
    );
    expect(again.alreadyOpened).toBe(true);
  });
});

describe('store contract: agreement', () => {
  it('every store holds the same ledger after a second plan, continuity, its return and a reissue', () => {
    const [first, ...rest] = [...planResults.values()];
    expect(planResults.size).toBe(3);
    for (const other of rest) expect(other).toEqual(first);
  });

  it('every store ends the month holding the same ledger', () => {
    const [first, ...rest] = [...results.values()];
    expect(results.size).toBe(3);
    for (const other of rest) expect(other).toEqual(first);
  });
  it('the stores that can hold evidence end holding the same evidence, reviews and extensions', () => {
    expect([...evidenceResults.keys()]).toEqual(['indexeddb', 'container file']);
    expect(evidenceResults.get('container file')).toEqual(evidenceResults.get('indexeddb'));
  });

  it('every store holds the same ledger after the mapped import and the history', () => {
    const [first, ...rest] = [...foreignResults.values()];
    expect(foreignResults.size).toBe(3);
    for (const other of rest) expect(other).toEqual(first);
  });
});
