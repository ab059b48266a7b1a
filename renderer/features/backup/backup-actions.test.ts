// Backup/restore actions against a fake IndexedDB, in both hosts: the safety backup is written
// before anything is replaced, a failed safety backup replaces nothing, a bad file changes nothing.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupEntry, TaizhangApi } from '../../../shared/ipc-contract.ts';
import { LedgerFileError, restoreLedger, writeLedger } from '../../../shared/ledger-file.ts';
import type { PlanDocument, Unit } from '../../../shared/model.ts';
import planJson from '../../../seeds/plan.json';
import unitsJson from '../../../seeds/units.json';

const plan = planJson as unknown as PlanDocument;
const units = unitsJson as unknown as Unit[];
const KEY = { taskId: 'air-01', unit: '永乐店镇', period: '2021-03' } as const;

type Actions = typeof import('./backup-actions.ts');
type Db = (typeof import('../../db/index.ts'))['appDb'];

let events: string[];

/** Fresh modules (getHost caches its host), a clean database holding the plan and one edit. */
async function setup(taizhang?: Partial<TaizhangApi>): Promise<{ actions: Actions; db: Db }> {
  vi.resetModules();
  vi.stubGlobal('window', { taizhang, dispatchEvent: (e: Event) => events.push(e.type) });
  vi.stubGlobal('document', {});
  const { appDb } = await import('../../db/index.ts');
  const { replaceDbWithLedger } = await import('../../db/ledger-io.ts');
  const { createLedger } = await import('../../../shared/ledger-file.ts');
  const { seedIfEmpty } = await import('../../db/repository.ts');
  const { applyFieldChanges } = await import('../../db/progress-repo.ts');
  await replaceDbWithLedger(appDb, createLedger(plan, units));
  await appDb.settings.delete('backups');
  await seedIfEmpty(appDb, plan, units);
  await applyFieldChanges(appDb, [{ ...KEY, field: 'progress', value: '现在的进展' }], {
    who: '张三',
    source: 'edit',
  });
  return { actions: await import('./backup-actions.ts'), db: appDb };
}

async function progressNow(db: Db): Promise<string | undefined> {
  return (await db.reports.get([KEY.taskId, KEY.unit, KEY.period]))?.progress;
}

/** A backup whose only report holds `progress` for KEY. */
async function backupText(actions: Actions, progress: string): Promise<string> {
  const ledger = restoreLedger(await actions.currentLedgerJson());
  ledger.reports = ledger.reports.map((r) => ({ ...r, progress }));
  ledger.audit = [];
  return writeLedger(ledger);
}

beforeEach(() => {
  events = [];
});
afterEach(() => vi.unstubAllGlobals());

describe('backup actions (browser host)', () => {
  it('names backups 台账备份_YYYYMMDD_HHmm.json in local time', async () => {
    const { actions } = await setup();
    expect(actions.backupFileName(new Date(2021, 11, 1, 9, 5))).toBe('台账备份_20211201_0905.json');
  });

  it('prepares a restore with what would be lost, and changes nothing yet', async () => {
    const { actions, db } = await setup();
    const prepared = await actions.prepareRestore('备份.json', await backupText(actions, '备份里的进展'));
    expect(prepared.diff).toMatchObject({ reportsChanged: 1, auditMissing: 1, nothingLost: false });
    expect(await progressNow(db)).toBe('现在的进展');
  });

  it('refuses a corrupt file with a LedgerFileError and changes nothing', async () => {
    const { actions, db } = await setup();
    // (resetModules: the class is another copy than the one imported above, so compare by name.)
    await expect(actions.prepareRestore('坏.json', '{"format":')).rejects.toMatchObject({
      name: LedgerFileError.name,
      code: 'not-json',
      userMessage: '文件不是台账数据文件（无法解析为 JSON），可能已损坏。',
    });
    expect(await progressNow(db)).toBe('现在的进展');
  });

  it('keeps the replaced data in the local database, then replaces', async () => {
    const { actions, db } = await setup();
    const prepared = await actions.prepareRestore('备份.json', await backupText(actions, '备份里的进展'));
    const result = await actions.applyRestore(prepared.incoming);
    expect(await progressNow(db)).toBe('备份里的进展');
    expect(await db.audit.count()).toBe(0);
    expect(result.safety.kind).toBe('browser');
    const kept = await actions.listLocalSafetyBackups();
    expect(kept).toHaveLength(1);
    expect(restoreLedger(kept[0]!.json).reports[0]?.progress).toBe('现在的进展');
    expect(events).toEqual([actions.LEDGER_REPLACED_EVENT]);
    // No automatic backups in the browser.
    expect(await actions.automaticBackup('import')).toBeNull();
  });
});

describe('backup actions (Electron host)', () => {
  const entry: BackupEntry = {
    name: 'n.json',
    path: '/p/n.json',
    bytes: 1,
    createdAt: '2021-01-01T00:00:00Z',
    reason: 'restore',
  };

  it('writes the safety backup (reason restore) before replacing', async () => {
    let progressAtWrite: string | undefined;
    const ref: { db?: Db } = {};
    const writeBackup = vi.fn(async ({ json }: { json: string }) => {
      progressAtWrite = ref.db && (await progressNow(ref.db));
      expect(restoreLedger(json).reports[0]?.progress).toBe('现在的进展');
      return entry;
    });
    const env = await setup({ writeBackup } as Partial<TaizhangApi>);
    ref.db = env.db;
    const prepared = await env.actions.prepareRestore(
      '备份.json',
      await backupText(env.actions, '备份里的进展'),
    );
    const result = await env.actions.applyRestore(prepared.incoming);
    expect(writeBackup).toHaveBeenCalledWith(expect.objectContaining({ reason: 'restore' }));
    expect(progressAtWrite).toBe('现在的进展');
    expect(result.safety).toEqual({ kind: 'electron', entry });
    expect(await progressNow(env.db)).toBe('备份里的进展');
  });

  it('replaces nothing when the safety backup fails', async () => {
    const writeBackup = vi.fn().mockRejectedValue(new Error('disk full'));
    const { actions, db } = await setup({ writeBackup } as Partial<TaizhangApi>);
    const prepared = await actions.prepareRestore('备份.json', await backupText(actions, '备份里的进展'));
    await expect(actions.applyRestore(prepared.incoming)).rejects.toThrow('disk full');
    expect(await progressNow(db)).toBe('现在的进展');
    expect(events).toEqual([]);
  });

  it('automaticBackup writes the current ledger with the given reason', async () => {
    const writeBackup = vi.fn().mockResolvedValue(entry);
    const { actions } = await setup({ writeBackup } as Partial<TaizhangApi>);
    expect(await actions.automaticBackup('import')).toBe(entry);
    const [{ json, reason }] = writeBackup.mock.calls[0] as [{ json: string; reason: string }];
    expect(reason).toBe('import');
    expect(restoreLedger(json).reports).toHaveLength(1);
  });
});
