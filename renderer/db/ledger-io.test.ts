import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createLedger, restoreLedger, writeLedger } from '../../shared/ledger-file.ts';
import type { PlanDocument, Unit } from '../../shared/model.ts';
import planJson from '../../seeds/plan.json';
import unitsJson from '../../seeds/units.json';
import {
  exportLedgerFromDb,
  getLedgerSettings,
  replaceDbWithLedger,
  saveLedgerSettings,
} from './ledger-io.ts';
import { applyFieldChanges } from './progress-repo.ts';
import { seedIfEmpty } from './repository.ts';
import { listGroupResolutions, setGroupResolution } from './resolution-repo.ts';
import { getProfile, saveProfile } from './settings-repo.ts';
import { freshDbs } from './test-dbs.ts';

const plan = planJson as unknown as PlanDocument;
const units = unitsJson as unknown as Unit[];

const freshDb = freshDbs('taizhang-ledger-io');

describe('ledger ↔ database', () => {
  it('exports what the database holds as a valid ledger, and restores it into another database', async () => {
    const a = freshDb();
    await seedIfEmpty(a, plan, units);
    await applyFieldChanges(
      a,
      [
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'status', value: '推进中' },
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'progress', value: '已部署' },
      ],
      { who: '张三', source: 'edit' },
    );
    await setGroupResolution(a, 'air-05', '相关部门', ['区交通局'], '李四');
    const ledger = await exportLedgerFromDb(a);
    expect(ledger.plan.tasks).toHaveLength(134);
    expect(ledger.reports).toHaveLength(1);
    expect(ledger.audit).toHaveLength(3);
    expect(ledger.groupResolutions).toHaveLength(1);
    // It is a ledger the file format accepts.
    const restored = restoreLedger(writeLedger(ledger));

    const b = freshDb();
    await seedIfEmpty(b, plan, units);
    await saveProfile(b, { name: '王五' });
    await applyFieldChanges(
      b,
      [{ taskId: 'water-01', unit: '区水务局', period: '2021-01', field: 'percent', value: 9 }],
      {
        who: '王五',
        source: 'edit',
      },
    );
    await replaceDbWithLedger(b, restored);
    const again = await exportLedgerFromDb(b);
    expect({ ...again, savedAt: '' }).toEqual({ ...restored, savedAt: '' });
    expect(await listGroupResolutions(b)).toHaveLength(1);
    // The user's own settings are not ledger data.
    expect((await getProfile(b)).name).toBe('王五');
    // Start-up after a restore does not re-seed over it.
    expect((await seedIfEmpty(b, plan, units)).outcome).toBe('unchanged');
  });

  it('replaces everything with an empty ledger in one go', async () => {
    const db = freshDb();
    await seedIfEmpty(db, plan, units);
    await applyFieldChanges(
      db,
      [{ taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: 1 }],
      {
        who: 'x',
        source: 'edit',
      },
    );
    await replaceDbWithLedger(db, createLedger(plan, units));
    expect(await db.reports.count()).toBe(0);
    expect(await db.audit.count()).toBe(0);
    expect(await db.tasks.count()).toBe(134);
  });
});

describe('group resolutions', () => {
  it('stores the units and audits old → new lists', async () => {
    const db = freshDb();
    const first = await setGroupResolution(
      db,
      'air-05',
      '相关部门',
      ['区交通局', '区商务局'],
      '李四',
      '2021-03-01T00:00:00.000Z',
    );
    expect(first).toMatchObject({
      field: 'groupResolution',
      source: 'resolve',
      old: [],
      new: ['区交通局', '区商务局'],
      unit: '相关部门',
      period: '2021-03',
    });
    expect(await setGroupResolution(db, 'air-05', '相关部门', ['区交通局', '区商务局'], '李四')).toBeNull();
    const second = await setGroupResolution(db, 'air-05', '相关部门', [], '李四');
    expect(second).toMatchObject({ old: ['区交通局', '区商务局'], new: [] });
    expect(await listGroupResolutions(db)).toEqual([]);
  });
});

describe('profile', () => {
  it('defaults to an unnamed coordinator and refuses unit mode without a unit', async () => {
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

describe('ledger settings', () => {
  it('default to returns due on the 25th, change, refuse a day that is not 1–31, and travel with the ledger', async () => {
    const db = freshDb();
    await seedIfEmpty(db, plan, units);
    expect((await getLedgerSettings(db)).returnDueDay).toBe(25);
    expect(await saveLedgerSettings(db, { returnDueDay: 10 })).toEqual({ returnDueDay: 10 });
    await expect(saveLedgerSettings(db, { returnDueDay: 32 })).rejects.toThrow(/1-31/);
    await expect(saveLedgerSettings(db, { returnDueDay: 2.5 })).rejects.toThrow(/1-31/);
    expect((await getLedgerSettings(db)).returnDueDay).toBe(10);
    expect((await exportLedgerFromDb(db)).settings.returnDueDay).toBe(10);
  });
});
