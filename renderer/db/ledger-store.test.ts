// What the IndexedDB store adds to the contract (test/unit/store-contract.test.ts): the materialised
// newest-report table kept right through puts and deletes, one transaction per use case (a failure
// leaves nothing behind), the revision and the commit listeners, and the user's own settings.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { emptyChangeSet, type ChangeSet } from '../../shared/engine/change-set.ts';
import { updateSettings, SettingsRefused } from '../../shared/engine/ledger-admin.ts';
import { DEFAULT_DOCUMENT_SETTINGS } from '../../shared/ledger.ts';
import { emptyProgress, type ProgressReport } from '../../shared/model.ts';
import planJson from '../../seeds/plan.json';
import unitsJson from '../../seeds/units.json';
import type { PlanDocument, Unit } from '../../shared/model.ts';
import { DexieLedgerStore } from './ledger-store.ts';
import { seedIfEmpty } from './repository.ts';
import { getProfile, saveProfile } from './settings-repo.ts';
import { freshDbs } from './test-dbs.ts';

const freshDb = freshDbs('taizhang-store');

async function store(): Promise<DexieLedgerStore> {
  const db = freshDb();
  await seedIfEmpty(db, planJson as unknown as PlanDocument, unitsJson as unknown as Unit[]);
  return new DexieLedgerStore(db);
}

const report = (period: string, over: Partial<ProgressReport> = {}): ProgressReport => ({
  ...emptyProgress(),
  taskId: 'air-01',
  unit: '永乐店镇',
  period,
  updatedAt: `${period}-20T00:00:00Z`,
  updatedBy: 't',
  ...over,
});

function puts(...reports: ProgressReport[]): ChangeSet {
  const c = emptyChangeSet();
  c.reports.put = reports;
  return c;
}

describe('the newest report per (task, unit)', () => {
  it('follows puts and deletes, whatever their order', async () => {
    const s = await store();
    const newest = async () => (await s.db.latest.get(['air-01', '永乐店镇']))?.period;
    await s.commit(puts(report('2021-03')));
    expect(await newest()).toBe('2021-03');
    await s.commit(puts(report('2021-01')));
    expect(await newest()).toBe('2021-03');
    await s.commit(puts(report('2021-03', { status: '已完成' })));
    expect((await s.db.latest.get(['air-01', '永乐店镇']))?.status).toBe('已完成');
    const drop = (period: string) => {
      const c = emptyChangeSet();
      c.reports.delete.push({ taskId: 'air-01', unit: '永乐店镇', period });
      return c;
    };
    await s.commit(drop('2021-03'));
    expect(await newest()).toBe('2021-01');
    await s.commit(drop('2021-01'));
    expect(await newest()).toBeUndefined();
    // A put and a delete of the same report in one change: the put wins.
    const both = puts(report('2021-05'));
    both.reports.delete.push({ taskId: 'air-01', unit: '永乐店镇', period: '2021-05' });
    await s.commit(both);
    expect(await newest()).toBe('2021-05');
  });
});

describe('one transaction per use case', () => {
  it('a use case that fails after reading writes nothing', async () => {
    const s = await store();
    const revision = await s.revision();
    await expect(
      s.run(async (r) => {
        await r.reportsAsOf('2021-03', [{ taskId: 'air-01', unit: '永乐店镇' }]);
        throw new Error('decided badly');
      }),
    ).rejects.toThrow('decided badly');
    expect(await s.revision()).toBe(revision);
  });

  it('a commit that fails part-way (an audit id that exists) leaves every table as it was', async () => {
    const s = await store();
    const entry = {
      id: 'dup',
      at: '2021-03-20T00:00:00Z',
      who: 't',
      source: 'edit' as const,
      taskId: 'air-01',
      unit: '永乐店镇',
      period: '2021-03',
      field: 'status' as const,
      old: null,
      new: '推进中',
    };
    const first = puts(report('2021-03'));
    first.audit.push(entry);
    await s.commit(first);
    const again = puts(report('2021-04'));
    again.audit.push(entry);
    await expect(s.commit(again)).rejects.toThrow();
    expect(await s.db.reports.count()).toBe(1);
    expect((await s.db.latest.get(['air-01', '永乐店镇']))?.period).toBe('2021-03');
    expect(await s.db.segments.count()).toBe(2); // March's reports and audit, from the first commit
  });
});

describe('revision and listeners', () => {
  it('every commit advances the revision once and tells the listeners after it is durable', async () => {
    const s = await store();
    const heard: [number, number][] = [];
    const off = s.subscribe((c, revision) => heard.push([c.reports.put.length, revision]));
    const start = await s.revision();
    await s.commit(puts(report('2021-03')));
    await s.commit(emptyChangeSet()); // nothing to commit: no revision, nobody told
    await s.commit(puts(report('2021-04'), report('2021-05')));
    off();
    await s.commit(puts(report('2021-06')));
    expect(heard).toEqual([
      [1, start + 1],
      [2, start + 2],
    ]);
    expect(await s.revision()).toBe(start + 3);
    expect(s.localRevision).toBe(start + 3);
  });
});

describe('settings', () => {
  it('the due day changes through the use case and is refused outside 1–31', async () => {
    const s = await store();
    expect((await s.settings()).returnDueDay).toBe(25);
    expect(await s.run((r) => updateSettings(r, { returnDueDay: 10 }))).toEqual({
      returnDueDay: 10,
      rankReviewedOnly: false,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    });
    await expect(s.run((r) => updateSettings(r, { returnDueDay: 32 }))).rejects.toBeInstanceOf(
      SettingsRefused,
    );
    await expect(s.run((r) => updateSettings(r, { returnDueDay: 2.5 }))).rejects.toBeInstanceOf(
      SettingsRefused,
    );
    expect((await s.settings()).returnDueDay).toBe(10);
    expect((await s.snapshot()).settings.returnDueDay).toBe(10);
  });

  it('document settings are kept with the ledger, checked by the use case, and default where a database has none', async () => {
    const s = await store();
    // A database written before documents existed holds only the due day.
    await s.db.settings.put({ key: 'ledgerSettings', value: { returnDueDay: 20 } });
    expect(await s.settings()).toEqual({
      returnDueDay: 20,
      rankReviewedOnly: false,
      documents: DEFAULT_DOCUMENT_SETTINGS,
    });
    const documents = {
      ...DEFAULT_DOCUMENT_SETTINGS,
      issuer: '通州区生态环境局',
      numbers: { tongbao: 7, cuibao: 8 },
      issuedOn: '2021-04-02',
    };
    await s.run((r) => updateSettings(r, { documents }));
    expect((await s.settings()).documents).toEqual(documents);
    expect((await s.snapshot()).settings).toEqual({ returnDueDay: 20, rankReviewedOnly: false, documents });
    const refused = s.run((r) => updateSettings(r, { documents: { ...documents, issuer: '  ' } }));
    await expect(refused).rejects.toBeInstanceOf(SettingsRefused);
    await expect(refused).rejects.toMatchObject({ userMessage: '发文机关署名不能为空。' });
    expect((await s.settings()).documents.issuer).toBe('通州区生态环境局');
  });

  it('the profile (not ledger data) defaults to an unnamed coordinator and refuses unit mode without a unit', async () => {
    const db = freshDb();
    expect(await getProfile(db)).toEqual({ name: '', mode: 'coordinator', unit: null });
    await expect(saveProfile(db, { mode: 'unit' })).rejects.toThrow();
    expect(await saveProfile(db, { name: ' 张三 ', mode: 'unit', unit: '永乐店镇' })).toEqual({
      name: '张三',
      mode: 'unit',
      unit: '永乐店镇',
    });
    expect((await saveProfile(db, { mode: 'coordinator' })).unit).toBeNull();
  });
});
