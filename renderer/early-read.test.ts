// The start-up read gives the period cache exactly what the store's own reads give, never creates or
// blocks the database, and steps aside when a row's history needs a ranged read.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyChangeSet } from '../shared/engine/change-set.ts';
import { emptyProgress, type PlanDocument, type ProgressReport, type Unit } from '../shared/model.ts';
import planJson from '../seeds/plan.json';
import unitsJson from '../seeds/units.json';
import { DexieLedgerStore } from './db/ledger-store.ts';
import { seedIfEmpty } from './db/repository.ts';
import { openDb } from './db/schema.ts';
import { freshDbs } from './db/test-dbs.ts';
import { readEarly, type EarlyRead } from './early-read.ts';
import { PeriodCache, sliceFromEarlyRead } from './state/period-cache.ts';

const freshDb = freshDbs('taizhang-early');
const MARCH = new Date(2021, 2, 15);

const report = (taskId: string, unit: string, period: string, status: ProgressReport['status']) => ({
  ...emptyProgress(),
  taskId,
  unit,
  period,
  status,
  updatedAt: `${period}-20T00:00:00Z`,
  updatedBy: 't',
});

async function seeded(reports: ProgressReport[]) {
  const db = freshDb();
  await seedIfEmpty(db, planJson as unknown as PlanDocument, unitsJson as unknown as Unit[]);
  const store = new DexieLedgerStore(db);
  const c = emptyChangeSet();
  c.reports.put = reports;
  await store.commit(c);
  return { db, store };
}

const rowsOf = (cache: PeriodCache, period: string) =>
  cache
    .peek(period)!
    .state.rows.map(
      (r) => `${r.key} ${r.ownReport ? 'own' : r.carried ? 'carried' : '-'} ${r.progress.status ?? '-'}`,
    );

/** The month as a cache that adopted `early` shows it, and as a cache that read the store itself. */
async function adoptedAndPlain(store: DexieLedgerStore, dbName: string, early: EarlyRead, period: string) {
  const adopted = new PeriodCache(store);
  adopted.adoptEarlyRead(early);
  await adopted.load(period);
  const plain = new PeriodCache(new DexieLedgerStore(openDb(dbName)));
  await plain.load(period);
  return { adopted, plain };
}

describe('the early read', () => {
  it('gives the period cache the same month as the store reads', async () => {
    const { db, store } = await seeded([
      report('air-01', '永乐店镇', '2021-03', '推进中'),
      report('air-02', '永乐店镇', '2021-01', '已完成'), // carried into March
      report('air-02', '漷县镇', '2021-02', '推进中'),
      report('air-02', '漷县镇', '2021-03', '已完成'),
    ]);
    const early = await readEarly(db.name, MARCH);
    expect(early?.period).toBe('2021-03');
    expect(early?.reports.map((r) => `${r.taskId} ${r.unit}`).sort()).toEqual([
      'air-01 永乐店镇',
      'air-02 漷县镇',
    ]);

    const { adopted, plain } = await adoptedAndPlain(store, db.name, early!, '2021-03');
    expect(rowsOf(adopted, '2021-03')).toEqual(rowsOf(plain, '2021-03'));
    expect(rowsOf(adopted, '2021-03')).toContain('air-02|永乐店镇 carried 已完成');
    expect(rowsOf(adopted, '2021-03')).toContain('air-01|永乐店镇 own 推进中');
    expect(adopted.peek('2021-03')!.frame.units.map((u) => u.name)).toEqual(
      plain.peek('2021-03')!.frame.units.map((u) => u.name),
    );
  });

  it.each([
    [
      'a month mostly filled in: only the rows it leaves out read their newest report',
      '2021-03-15',
      '2021-03',
    ],
    ['a month just begun: every row’s newest report read in one go', '2021-04-15', '2021-04'],
  ])('%s — the same rows as the store', async (_what, today, period) => {
    const { db, store } = await seeded([
      report('air-01', '永乐店镇', '2021-03', '推进中'),
      report('air-02', '永乐店镇', '2021-01', '已完成'),
      report('air-02', '漷县镇', '2021-02', '推进中'),
      report('air-02', '漷县镇', '2021-03', '已完成'),
      report('air-03', '漷县镇', '2021-03', '推进中'),
    ]);
    const keys = vi.spyOn(IDBObjectStore.prototype, 'getAllKeys');
    const early = await readEarly(db.name, new Date(`${today}T08:00:00Z`));
    expect(keys).toHaveBeenCalledTimes(1); // rows lack a report of their own: their keys are read
    expect(early?.period).toBe(period);
    const { adopted, plain } = await adoptedAndPlain(store, db.name, early!, period);
    expect(rowsOf(adopted, period)).toEqual(rowsOf(plain, period));
    expect(rowsOf(adopted, period)).toContain('air-02|永乐店镇 carried 已完成');
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('a month where every row ever reported has reported: latest is not read at all, the same rows', async () => {
    const { db, store } = await seeded([
      report('air-01', '永乐店镇', '2021-02', '推进中'),
      report('air-01', '永乐店镇', '2021-03', '已完成'),
      report('air-02', '漷县镇', '2021-03', '推进中'),
      report('air-02', '漷县镇', '2021-05', '已完成'), // a later month: March still has its own
    ]);
    const keys = vi.spyOn(IDBObjectStore.prototype, 'getAllKeys');
    const early = await readEarly(db.name, MARCH);
    expect(keys).not.toHaveBeenCalled();
    expect(early?.reports).toHaveLength(2);
    expect(early?.latest).toEqual([]);
    const { adopted, plain } = await adoptedAndPlain(store, db.name, early!, '2021-03');
    expect(rowsOf(adopted, '2021-03')).toEqual(rowsOf(plain, '2021-03'));
    expect(rowsOf(adopted, '2021-03')).toContain('air-01|永乐店镇 own 已完成');
    expect(rowsOf(adopted, '2021-03')).toContain('air-02|漷县镇 own 推进中');
  });

  it('leaves a month to the store when a row has a later report (its history needs a ranged read)', async () => {
    const { db } = await seeded([
      report('air-01', '永乐店镇', '2021-01', '推进中'),
      report('air-01', '永乐店镇', '2021-06', '已完成'),
    ]);
    const early = await readEarly(db.name, MARCH);
    const pairs = [{ taskId: 'air-01', unit: '永乐店镇' }];
    expect(sliceFromEarlyRead(early!, pairs)).toBeNull();
  });

  it('never creates a database, and never blocks the app opening (or upgrading) it afterwards', async () => {
    const name = `taizhang-early-absent-${Date.now()}`;
    expect(await readEarly(name, MARCH)).toBeNull();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(name);
    const { db } = await seeded([]);
    const early = await readEarly(db.name, MARCH);
    expect(early?.tasks).toHaveLength(134);
    // A second connection at a higher version (what a schema upgrade does) opens at once.
    const version = db.verno * 10 + 1;
    db.close();
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(db.name, version);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked'));
    });
    expect(upgraded.version).toBe(version);
    upgraded.close();
  });

  it('an older database (no newest-report table yet) is left to the app’s upgrade', async () => {
    const name = `taizhang-early-v1-${Date.now()}`;
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, 10);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('settings', { keyPath: 'key' });
        req.result.createObjectStore('reports');
      };
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    expect(await readEarly(name, MARCH)).toBeNull();
  });
});
