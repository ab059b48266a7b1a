import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { emptyProgress, type AuditEntry, type ProgressReport } from '../../shared/model.ts';
import planJson from '../../seeds/plan.json';
import { openDb, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5 } from './schema.ts';
import { DexieLedgerStore } from './ledger-store.ts';
import { DEFAULT_DOCUMENT_SETTINGS } from '../../shared/ledger.ts';
import { rowKey } from '../../shared/keys.ts';
import type { ImportBatch, PlanMeta } from '../../shared/model.ts';
import { restoreLedger, writeLedger } from '../../shared/ledger-file.ts';

const { tasks: _tasks, ...planMeta } = planJson as unknown as { tasks: unknown[] } & PlanMeta;

describe('schema v1 → v6', () => {
  it('keeps every row of a v1 database and makes the new table and indexes usable', async () => {
    const name = 'taizhang-upgrade-test';
    // A v1 database with data, opened with only the v1 schema (as a user of the first release had it).
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const tasks = planJson.tasks.slice(0, 5);
    const report: ProgressReport = {
      ...emptyProgress(),
      taskId: 'air-01',
      unit: '永乐店镇',
      period: '2021-03',
      status: '推进中',
      percent: 40,
      progress: '已部署',
      updatedAt: '2021-03-20T08:00:00.000Z',
      updatedBy: '张三',
    };
    const audit: AuditEntry = {
      id: 'a1',
      at: '2021-03-20T08:00:00.000Z',
      who: '张三',
      source: 'edit',
      taskId: 'air-01',
      unit: '永乐店镇',
      period: '2021-03',
      field: 'percent',
      old: null,
      new: 40,
    };
    await v1.table('tasks').bulkAdd(tasks);
    await v1.table('reports').bulkAdd([report, { ...report, period: '2021-04', percent: 60 }]);
    await v1.table('audit').add(audit);
    await v1
      .table('settings')
      .put({ key: 'profile', value: { name: '张三', mode: 'coordinator', unit: null } });
    expect(v1.verno).toBe(1);
    v1.close();

    const db = openDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(6);
      expect(await db.tasks.toArray()).toEqual(tasks);
      expect(await db.reports.get(['air-01', '永乐店镇', '2021-03'])).toEqual(report);
      expect(await db.reports.count()).toBe(2);
      expect(await db.audit.get('a1')).toEqual(audit);
      expect((await db.settings.get('profile'))?.value).toMatchObject({ name: '张三' });
      // New indexes answer over the old rows.
      expect(await db.audit.where('[unit+period]').equals(['永乐店镇', '2021-03']).count()).toBe(1);
      expect(await db.audit.where('at').above('2021-01-01').count()).toBe(1);
      // The new table works.
      await db.groupResolutions.put({
        taskId: 'air-05',
        group: '相关部门',
        units: ['区交通局'],
        resolvedBy: '李四',
        resolvedAt: '2021-03-21T00:00:00.000Z',
      });
      expect((await db.groupResolutions.get(['air-05', '相关部门']))?.units).toEqual(['区交通局']);
      await db.imports.add({
        id: 'b1',
        planId: 'tongzhou-2021',
        fileName: 'x.xlsx',
        sha256: 'f'.repeat(64),
        unit: '永乐店镇',
        period: '2021-03',
        exportId: null,
        importedAt: '2021-03-22T00:00:00.000Z',
        importedBy: '李四',
        counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
        before: [],
      });
      expect(await db.imports.where('sha256').equals('f'.repeat(64)).count()).toBe(1);
      expect(await db.imports.where('[unit+period]').equals(['永乐店镇', '2021-03']).count()).toBe(1);
    } finally {
      db.close();
      await db.delete();
    }
  });
});

describe('schema v2 → v6', () => {
  it('keeps every report, audit entry, batch, base and backup, and builds the materialised tables', async () => {
    const name = 'taizhang-upgrade-v3-test';
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
    const report = (
      taskId: string,
      unit: string,
      period: string,
      over: Partial<ProgressReport> = {},
    ): ProgressReport => ({
      ...emptyProgress(),
      taskId,
      unit,
      period,
      updatedAt: `${period}-20T08:00:00.000Z`,
      updatedBy: '张三',
      ...over,
    });
    const reports = [
      report('air-01', '永乐店镇', '2021-01', { status: '未启动' }),
      report('air-01', '永乐店镇', '2021-03', { status: '推进中', percent: 40 }),
      report('air-01', '西集镇', '2021-02', { status: '已完成' }),
    ];
    const entry = (
      id: string,
      unit: string,
      period: string,
      at: string,
      source: AuditEntry['source'],
    ): AuditEntry => ({
      id,
      at,
      who: '张三',
      source,
      taskId: 'air-01',
      unit,
      period,
      field: 'status',
      old: null,
      new: '推进中',
    });
    const audit = [
      entry('a1', '永乐店镇', '2021-03', '2021-03-20T08:00:00.000Z', 'edit'),
      entry('a2', '永乐店镇', '2021-03', '2021-03-18T08:00:00.000Z', 'paste'),
      entry('a3', '永乐店镇', '2021-03', '2021-03-01T08:00:00.000Z', 'import:b1'),
      entry('a4', '西集镇', '2021-02', '2021-02-10T08:00:00.000Z', 'undo'),
    ];
    const base = {
      planId: 'p',
      unit: '永乐店镇',
      period: '2021-03',
      exportId: 'exp-1',
      exportedAt: '2021-03-01T00:00:00.000Z',
      rows: [],
      fileName: 'x.xlsx',
      sha256: 'e'.repeat(64),
      openedAt: '2021-03-02T00:00:00.000Z',
    };
    await v2.table('reports').bulkAdd(reports);
    await v2.table('audit').bulkAdd(audit);
    await v2.table('settings').bulkPut([
      { key: 'districtBase:永乐店镇|2021-03', value: base },
      {
        key: 'localBackups',
        value: [
          { reason: 'import', savedAt: '2021-03-05T00:00:00.000Z', json: '{"format":"taizhang-ledger"}' },
          { reason: 'restore', savedAt: '2021-03-06T00:00:00.000Z', json: '{"format":"taizhang-ledger"}' },
        ],
      },
      { key: 'profile', value: { name: '张三', mode: 'unit', unit: '永乐店镇' } },
      { key: 'plan', value: planMeta },
    ]);
    v2.close();

    const db = openDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(6);
      expect(await db.reports.count()).toBe(3);
      expect(await db.audit.count()).toBe(4);
      // Newest report per (task, unit).
      const latest = await db.latest.toArray();
      expect(latest.map((r) => [rowKey(r.taskId, r.unit), r.period]).sort()).toEqual([
        [rowKey('air-01', '永乐店镇'), '2021-03'],
        [rowKey('air-01', '西集镇'), '2021-02'],
      ]);
      // First typed or pasted value per unit and month (imports and undos do not count).
      expect(await db.planEntries.toArray()).toEqual([
        { planId: 'tongzhou-2021', unit: '永乐店镇', period: '2021-03', firstAt: '2021-03-18T08:00:00.000Z' },
      ]);
      expect(await db.planDistrictBases.get([base.planId, '永乐店镇', '2021-03'])).toEqual(base);
      expect(await db.settings.get('districtBase:永乐店镇|2021-03')).toBeUndefined();
      const backups = await db.backups.orderBy('savedAt').toArray();
      expect(backups.map((b) => [b.kind, b.format])).toEqual([
        ['import', 'json'],
        ['restore', 'json'],
      ]);
      expect(await backups[0]!.data.text()).toBe('{"format":"taizhang-ledger"}');
      expect(await db.settings.get('localBackups')).toBeUndefined();
      expect((await db.settings.get('profile'))?.value).toMatchObject({ unit: '永乐店镇' });
      // The store reads the migrated data: March's row is its own report, February carries.
      const store = new DexieLedgerStore(db);
      const asOf = await store.reportsAsOf('2021-03', [
        { taskId: 'air-01', unit: '永乐店镇' },
        { taskId: 'air-01', unit: '西集镇' },
      ]);
      expect(asOf.get(rowKey('air-01', '永乐店镇'))?.percent).toBe(40);
      expect(asOf.get(rowKey('air-01', '西集镇'))?.status).toBe('已完成');
      // Looking back from a later report, by range.
      const feb = await store.reportsAsOf('2021-02', [{ taskId: 'air-01', unit: '永乐店镇' }]);
      expect(feb.get(rowKey('air-01', '永乐店镇'))?.status).toBe('未启动');
    } finally {
      db.close();
      await db.delete();
    }
  });
});

describe('schema v3 → v6', () => {
  it('keeps every row of a v3 database and adds evidence, reviews and extensions', async () => {
    const name = 'taizhang-upgrade-v4';
    const v3 = new Dexie(name);
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V3);
    const report: ProgressReport = {
      ...emptyProgress(),
      taskId: 'air-02',
      unit: '永乐店镇',
      period: '2021-03',
      status: '推进中',
      updatedAt: '2021-03-20T08:00:00.000Z',
      updatedBy: '张三',
    };
    await v3.table('reports').add(report);
    await v3.table('latest').add(report);
    await v3.table('segments').add({ part: 'reports', period: '2021-03', gen: 3 });
    await v3.table('settings').bulkPut([
      { key: 'ledgerSettings', value: { returnDueDay: 10 } },
      { key: 'revision', value: 7 },
    ]);
    v3.close();

    const db = openDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(6);
      expect(await db.reports.toArray()).toEqual([report]);
      expect(await db.latest.toArray()).toEqual([report]);
      expect(await db.segments.toArray()).toEqual([{ part: 'reports', period: '2021-03', gen: 3 }]);
      expect((await db.settings.get('revision'))?.value).toBe(7);
      const store = new DexieLedgerStore(db);
      expect(await store.settings()).toEqual({
        returnDueDay: 10,
        rankReviewedOnly: false,
        documents: DEFAULT_DOCUMENT_SETTINGS,
      });
      // The new tables answer by their indexes.
      expect(await store.attachments({ unit: '永乐店镇', period: '2021-03' })).toEqual([]);
      expect(await store.reviews([{ taskId: 'air-02', unit: '永乐店镇', period: '2021-03' }])).toEqual(
        new Map(),
      );
      expect(await store.extensions()).toEqual([]);
      const slice = await store.periodSlice('tongzhou-2021', '2021-03', [
        { taskId: 'air-02', unit: '永乐店镇' },
      ]);
      expect(slice.reports.get(rowKey('air-02', '永乐店镇'))).toEqual(report);
    } finally {
      db.close();
      await db.delete();
    }
  });
});

describe('schema v4 → v6: a one-plan database', () => {
  it('moves the plan into plans (ids bare), names it on every task, batch and first entry, and loses nothing', async () => {
    const name = 'taizhang-upgrade-v5-test';
    const v4 = new Dexie(name);
    v4.version(1).stores(SCHEMA_V1);
    v4.version(2).stores(SCHEMA_V2);
    v4.version(3).stores(SCHEMA_V3);
    v4.version(4).stores(SCHEMA_V4);
    const report: ProgressReport = {
      ...emptyProgress(),
      taskId: 'air-02',
      unit: '永乐店镇',
      period: '2021-03',
      status: '推进中',
      percent: 40,
      updatedAt: '2021-03-20T08:00:00.000Z',
      updatedBy: '张三',
    };
    const batch: Omit<ImportBatch, 'planId'> = {
      id: 'b1',
      fileName: '永乐店镇_2021年3月_进展填报.xlsx',
      sha256: 'f'.repeat(64),
      unit: '永乐店镇',
      period: '2021-03',
      exportId: 'exp-1',
      importedAt: '2021-03-22T00:00:00.000Z',
      importedBy: '李四',
      counts: { updated: 1, unchanged: 0, conflicts: 0, rejected: 0 },
      before: [{ taskId: 'air-02', unit: '永乐店镇', period: '2021-03', report: null }],
    };
    await v4.table('tasks').bulkAdd(planJson.tasks);
    await v4.table('reports').add(report);
    await v4.table('latest').add(report);
    await v4.table('imports').add(batch);
    await v4
      .table('entries')
      .add({ unit: '永乐店镇', period: '2021-03', firstAt: '2021-03-18T08:00:00.000Z' });
    await v4.table('settings').bulkPut([
      { key: 'plan', value: planMeta },
      { key: 'unitOrder', value: ['永乐店镇'] },
      { key: 'revision', value: 7 },
    ]);
    v4.close();

    const db = openDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(6);
      expect(await db.plans.toArray()).toEqual([{ ...planMeta, bareIds: true }]);
      expect(await db.settings.get('plan')).toBeUndefined();
      expect(await db.tasks.where('planId').equals('tongzhou-2021').count()).toBe(134);
      expect((await db.imports.get('b1'))?.planId).toBe('tongzhou-2021');
      expect(await db.planEntries.toArray()).toEqual([
        { planId: 'tongzhou-2021', unit: '永乐店镇', period: '2021-03', firstAt: '2021-03-18T08:00:00.000Z' },
      ]);
      const store = new DexieLedgerStore(db);
      expect((await store.plans()).map((p) => [p.id, p.bareIds])).toEqual([['tongzhou-2021', true]]);
      expect((await store.tasks('tongzhou-2021')).map((t) => t.id)).toEqual(planJson.tasks.map((t) => t.id));
      expect(await store.revision()).toBe(7);
      // The whole ledger as the new format: valid, the old ids unchanged, the return still there.
      const ledger = restoreLedger(writeLedger(await store.snapshot()));
      expect(ledger.plans).toHaveLength(1);
      expect(ledger.reports).toEqual([report]);
      expect(ledger.imports).toEqual([{ ...batch, planId: 'tongzhou-2021' }]);
      const slice = await store.periodSlice('tongzhou-2021', '2021-03', [
        { taskId: 'air-02', unit: '永乐店镇' },
      ]);
      expect(slice.firstEntries.get('永乐店镇')).toBe('2021-03-18T08:00:00.000Z');
      expect(slice.imports.map((b) => b.id)).toEqual(['b1']);
    } finally {
      db.close();
      await db.delete();
    }
  });
});

describe('schema v5 → v6: district bases per plan', () => {
  it('copies every base under its plan, gives one without a plan the plan with bare ids, and loses nothing', async () => {
    const name = 'taizhang-upgrade-v6-test';
    const v5 = new Dexie(name);
    v5.version(1).stores(SCHEMA_V1);
    v5.version(2).stores(SCHEMA_V2);
    v5.version(3).stores(SCHEMA_V3);
    v5.version(4).stores(SCHEMA_V4);
    v5.version(5).stores(SCHEMA_V5);
    const base = (unit: string, period: string, planId?: string) => ({
      ...(planId === undefined ? {} : { planId }),
      unit,
      period,
      exportId: `exp-${unit}-${period}`,
      exportedAt: `${period}-01T00:00:00.000Z`,
      rows: [{ taskId: 'air-01', role: 'lead', base: emptyProgress() }],
      fileName: `${unit}.xlsx`,
      sha256: 'e'.repeat(64),
      openedAt: `${period}-02T00:00:00.000Z`,
    });
    const plan2022 = { ...planMeta, id: 'tongzhou-2022', year: 2022 };
    // An older plan without bare ids too: the fallback is the plan with bare ids, not the oldest.
    const plan2019 = { ...planMeta, id: 'tongzhou-2019', year: 2019 };
    await v5.table('plans').bulkAdd([plan2022, plan2019, { ...planMeta, bareIds: true }]);
    const bases = [base('永乐店镇', '2021-03', 'tongzhou-2021'), base('西集镇', '2022-04', 'tongzhou-2022')];
    await v5.table('districtBases').bulkAdd([...bases, base('漷县镇', '2021-05')]);
    await v5.table('settings').put({ key: 'revision', value: 3 });
    v5.close();

    const db = openDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(6);
      expect(db.tables.map((t) => t.name)).not.toContain('districtBases');
      const rows = await db.planDistrictBases.toArray();
      expect(rows).toHaveLength(3);
      expect(await db.planDistrictBases.get(['tongzhou-2021', '永乐店镇', '2021-03'])).toEqual(bases[0]);
      expect(await db.planDistrictBases.get(['tongzhou-2022', '西集镇', '2022-04'])).toEqual(bases[1]);
      // The base that named no plan: the plan with bare ids (the first one), not the first row.
      expect(await db.planDistrictBases.get(['tongzhou-2021', '漷县镇', '2021-05'])).toEqual({
        ...base('漷县镇', '2021-05'),
        planId: 'tongzhou-2021',
      });
      const store = new DexieLedgerStore(db);
      expect((await store.districtBase('tongzhou-2022', '西集镇', '2022-04'))?.exportId).toBe(
        'exp-西集镇-2022-04',
      );
      expect(await store.districtBase('tongzhou-2021', '西集镇', '2022-04')).toBeUndefined();
      expect(await store.revision()).toBe(3);
    } finally {
      db.close();
      await db.delete();
    }
  });
});
