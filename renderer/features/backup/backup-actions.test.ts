// Backup/restore actions against a fake IndexedDB, in both hosts: the safety backup is written
// before anything is replaced, a failed safety backup replaces nothing, a bad file changes nothing.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupEntry, TaizhangApi } from '../../../shared/ipc-contract.ts';
import { readLedgerSource } from '../../../shared/ledger-container.ts';
import { LedgerFileError, writeLedger } from '../../../shared/ledger-file.ts';
import { fflateCodec } from '../../../shared/zip/deflate.ts';
import { blobSource } from '../../../shared/zip/zip-reader.ts';
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
  const { appDb, appStore } = await import('../../db/index.ts');
  const { createLedger } = await import('../../../shared/ledger-file.ts');
  const { restoreWhole } = await import('../../../shared/engine/ledger-admin.ts');
  const { editCells } = await import('../../../shared/engine/edit-cells.ts');
  await appStore.run(() => restoreWhole(createLedger(plan, units)));
  await appDb.backups.clear();
  await appStore.run((r) =>
    editCells(
      r,
      { who: '张三', at: '2021-03-20T00:00:00.000Z', newId: () => 'a1' },
      { writes: [{ ...KEY, field: 'progress', value: '现在的进展' }], source: 'edit' },
    ),
  );
  return { actions: await import('./backup-actions.ts'), db: appDb };
}

async function progressNow(db: Db): Promise<string | undefined> {
  return (await db.reports.get([KEY.taskId, KEY.unit, KEY.period]))?.progress;
}

/** A backup (ledger JSON text of any version is accepted) whose only report holds `progress` for KEY. */
async function backupBytes(db: Db, progress: string): Promise<Uint8Array> {
  const { appStore } = await import('../../db/index.ts');
  void db;
  const ledger = await appStore.snapshot();
  ledger.reports = ledger.reports.map((r) => ({ ...r, progress }));
  ledger.audit = [];
  return new TextEncoder().encode(writeLedger(ledger));
}

async function ledgerOf(data: Blob | Uint8Array) {
  const blob = data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>]);
  return readLedgerSource(blobSource(blob), fflateCodec);
}

beforeEach(() => {
  events = [];
});
afterEach(() => vi.unstubAllGlobals());

describe('backup actions (browser host)', () => {
  it('names backups 台账备份_YYYYMMDD_HHmm.taizhang in local time', async () => {
    const { actions } = await setup();
    expect(actions.backupFileName(new Date(2021, 11, 1, 9, 5))).toBe('台账备份_20211201_0905.taizhang');
  });

  it('prepares a restore with what would be lost, and changes nothing yet', async () => {
    const { actions, db } = await setup();
    const prepared = await actions.prepareRestore('备份.json', await backupBytes(db, '备份里的进展'));
    expect(prepared.diff).toMatchObject({ reportsChanged: 1, auditMissing: 1, nothingLost: false });
    expect(await progressNow(db)).toBe('现在的进展');
  });

  it('refuses a corrupt file with a LedgerFileError and changes nothing', async () => {
    const { actions, db } = await setup();
    // (resetModules: the class is another copy than the one imported above, so compare by name.)
    await expect(
      actions.prepareRestore('坏.json', new TextEncoder().encode('{"format":')),
    ).rejects.toMatchObject({
      name: LedgerFileError.name,
      code: 'not-json',
      userMessage: '文件不是台账数据文件（无法解析为 JSON），可能已损坏。',
    });
    await expect(
      actions.prepareRestore('坏.taizhang', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])),
    ).rejects.toMatchObject({
      name: LedgerFileError.name,
    });
    expect(await progressNow(db)).toBe('现在的进展');
  });

  it('keeps the replaced data in the local database, then replaces', async () => {
    const { actions, db } = await setup();
    const prepared = await actions.prepareRestore('备份.json', await backupBytes(db, '备份里的进展'));
    const result = await actions.applyRestore(prepared.incoming);
    expect(await progressNow(db)).toBe('备份里的进展');
    expect(await db.audit.count()).toBe(0);
    expect(result.safety.inBrowser).toBe(true);
    const kept = await actions.listAutomaticBackups();
    expect(kept.map((b) => b.kind)).toEqual(['restore']);
    expect((await ledgerOf(await kept[0]!.read())).reports[0]?.progress).toBe('现在的进展');
    expect(events).toEqual([actions.LEDGER_REPLACED_EVENT]);
    // Automatic backups are kept in the browser too.
    const imp = await actions.automaticBackup('import');
    expect(imp.inBrowser).toBe(true);
    expect((await actions.listAutomaticBackups()).map((b) => b.kind).sort()).toEqual(['import', 'restore']);
  });
});

describe('backup actions (Electron host)', () => {
  const entry: BackupEntry = {
    name: 'taizhang-backup-20210101T000000000Z-restore.taizhang',
    path: '/p/n.taizhang',
    bytes: 1,
    createdAt: '2021-01-01T00:00:00Z',
    reason: 'restore',
  };

  /** A fake main: collects the chunks of each backup and answers commit with `entry`. */
  function fakeMain(onCommit: (bytes: Uint8Array, kind: string) => Promise<BackupEntry> | BackupEntry) {
    const open = new Map<string, { kind: string; chunks: Uint8Array[] }>();
    let n = 0;
    return {
      backupBegin: vi.fn(async (kind: string) => {
        const handle = `h${++n}`;
        open.set(handle, { kind, chunks: [] });
        return { handle };
      }),
      backupChunk: vi.fn(async (handle: string, bytes: Uint8Array) => {
        open.get(handle)!.chunks.push(bytes);
        return null;
      }),
      backupCommit: vi.fn(async (handle: string) => {
        const { kind, chunks } = open.get(handle)!;
        open.delete(handle);
        const all = new Uint8Array(chunks.reduce((t, c) => t + c.length, 0));
        let at = 0;
        for (const c of chunks) {
          all.set(c, at);
          at += c.length;
        }
        return onCommit(all, kind);
      }),
      backupAbort: vi.fn(async () => null),
      listBackups: vi.fn(async () => []),
    } as unknown as Partial<TaizhangApi>;
  }

  it('writes the safety backup (kind restore) before replacing', async () => {
    let progressAtWrite: string | undefined;
    let kindWritten = '';
    const ref: { db?: Db } = {};
    const api = fakeMain(async (bytes, kind) => {
      kindWritten = kind;
      progressAtWrite = ref.db && (await progressNow(ref.db));
      expect((await ledgerOf(bytes)).reports[0]?.progress).toBe('现在的进展');
      return entry;
    });
    const env = await setup(api);
    ref.db = env.db;
    const prepared = await env.actions.prepareRestore('备份.json', await backupBytes(env.db, '备份里的进展'));
    const result = await env.actions.applyRestore(prepared.incoming);
    expect(kindWritten).toBe('restore');
    expect(progressAtWrite).toBe('现在的进展');
    expect(result.safety).toMatchObject({ where: entry.name, inBrowser: false });
    expect(await progressNow(env.db)).toBe('备份里的进展');
  });

  it('replaces nothing when the safety backup fails', async () => {
    const api = fakeMain(() => {
      throw new Error('disk full');
    });
    const { actions, db } = await setup(api);
    const prepared = await actions.prepareRestore('备份.json', await backupBytes(db, '备份里的进展'));
    await expect(actions.applyRestore(prepared.incoming)).rejects.toThrow('disk full');
    expect(await progressNow(db)).toBe('现在的进展');
    expect(events).toEqual([]);
    expect(api.backupAbort).toHaveBeenCalled();
  });

  it('automaticBackup hands main the current ledger as a container, with the kind', async () => {
    let got: { bytes: Uint8Array; kind: string } | null = null;
    const api = fakeMain((bytes, kind) => {
      got = { bytes, kind };
      return { ...entry, reason: 'import' };
    });
    const { actions } = await setup(api);
    const kept = await actions.automaticBackup('import');
    expect(kept.where).toBe(entry.name);
    expect(got!.kind).toBe('import');
    expect([...got!.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 3, 4]);
    expect((await ledgerOf(got!.bytes)).reports).toHaveLength(1);
  });
});

describe('backups carry evidence', () => {
  it('a backup holds each file once; restoring it brings the files back byte for byte', async () => {
    const { actions, db } = await setup();
    let ids = 0;
    const { appStore } = await import('../../db/index.ts');
    const { attachEvidence } = await import('../../../shared/engine/evidence-cases.ts');
    const { crc32 } = await import('../../../shared/zip/crc32.ts');
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync('test/fixtures/evidence/现场照片1.jpg'));
    const file = {
      name: '现场照片1.jpg',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      kind: 'jpeg' as const,
      crc32: crc32(bytes),
      method: 0 as const,
      data: new Blob([bytes]),
    };
    await appStore.run((r) =>
      attachEvidence(
        r,
        { who: '张三', at: '2021-03-21T00:00:00.000Z', newId: () => `ev${++ids}` },
        {
          items: [
            { ref: KEY, file },
            { ref: { ...KEY, taskId: 'air-02' }, file: { ...file, name: '同一张.jpg' } },
          ],
        },
      ),
    );
    const { buildLedgerBackup } = await import('../../db/backup-store.ts');
    const built = await buildLedgerBackup(appStore);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(new Uint8Array(await built.data.arrayBuffer()));
    expect(Object.keys(zip.files).filter((n) => n.startsWith('files/'))).toEqual([`files/${file.sha256}`]);

    // Everything goes; the backup brings it back, the file's bytes included.
    await db.attachments.clear();
    await db.blobs.clear();
    const prepared = await actions.prepareRestore('备份.taizhang', built.data);
    expect(prepared.incoming.attachments.map((a) => a.name).sort()).toEqual(['同一张.jpg', '现场照片1.jpg']);
    await actions.applyRestore(prepared.incoming, prepared.blobs);
    const row = await db.blobs.get(file.sha256);
    expect(new Uint8Array(await row!.data.arrayBuffer())).toEqual(bytes);
    expect(await db.attachments.count()).toBe(2);
  });
});
