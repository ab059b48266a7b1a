import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_CHUNK_BYTES,
  BACKUPS_KEPT_BY_KIND,
  DISK_FULL_MARK,
  DISK_RESERVE_BYTES,
} from '../shared/ipc-contract.ts';
import { diskFreeBytes, diskFullError } from './temp-file.ts';
import {
  backupStamp,
  listBackups,
  PendingBackup,
  pruneBackups,
  readBackupRange,
  removeStaleTemps,
  writeBackup,
} from './backups.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-backups-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in ledger container: the zip signature, then `n` as text. */
const container = (n: number): Uint8Array =>
  new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Buffer.from(`#${n}`)]);
const at = (minute: number): Date => new Date(Date.UTC(2026, 10, 1, 0, minute));
const names = async (): Promise<string[]> => (await readdir(dir)).sort();
/** Byte equality without vitest's element-by-element deep compare (slow for tens of MB). */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
const whole = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(join(dir, name)));

describe('backups', () => {
  it('names backups by UTC time so names sort by age', () => {
    expect(backupStamp(new Date('2026-11-29T07:28:00.123Z'))).toBe('20261129T072800123Z');
  });

  it('keeps the newest N of each kind: imports never push out the quit or manual backups', async () => {
    expect(BACKUPS_KEPT_BY_KIND).toEqual({ import: 10, quit: 5, restore: 5, manual: 20 });
    await writeBackup(dir, container(100), 'quit', at(0));
    await writeBackup(dir, container(200), 'manual', at(1));
    for (let i = 0; i < 12; i++) await writeBackup(dir, container(i), 'import', at(10 + i));
    const listed = await listBackups(dir);
    expect(listed.filter((b) => b.reason === 'import')).toHaveLength(10);
    expect(listed.filter((b) => b.reason === 'quit')).toHaveLength(1);
    expect(listed.filter((b) => b.reason === 'manual')).toHaveLength(1);
    // the two oldest imports (00:10, 00:11) are gone, 00:12 … 00:21 remain
    const imports = (await names()).filter((n) => n.endsWith('-import.taizhang'));
    expect(imports[0]).toBe('taizhang-backup-20261101T001200000Z-import.taizhang');
    expect(imports[9]).toBe('taizhang-backup-20261101T002100000Z-import.taizhang');
    expect(await whole(listed[0]!.name)).toEqual(container(11));
  });

  it('prunes legacy .json backups with their kind, and only that kind', async () => {
    await writeFile(join(dir, 'taizhang-backup-20250101T000000000Z-quit.json'), '{"old":"quit"}');
    await writeFile(join(dir, 'taizhang-backup-20250101T000000000Z-import.json'), '{"old":"import"}');
    await writeFile(join(dir, 'taizhang-backup-20250102T000000000Z-1-import.json'), '{"old":"import 2"}');
    for (let i = 0; i < 9; i++) await writeBackup(dir, container(i), 'import', at(i));
    // 11 imports: the oldest legacy one goes, the newer legacy one is the 10th and stays
    expect(await names()).not.toContain('taizhang-backup-20250101T000000000Z-import.json');
    expect(await names()).toContain('taizhang-backup-20250102T000000000Z-1-import.json');
    expect(await names()).toContain('taizhang-backup-20250101T000000000Z-quit.json');
    for (let i = 0; i < 5; i++) await writeBackup(dir, container(i), 'quit', at(30 + i));
    expect(await names()).not.toContain('taizhang-backup-20250101T000000000Z-quit.json');
    expect((await listBackups(dir)).filter((b) => b.reason === 'quit')).toHaveLength(5);
  });

  it('pruneBackups honours its own limits and spares the named backup', async () => {
    for (let i = 0; i < 4; i++) await writeBackup(dir, container(i), 'restore', at(i));
    await writeBackup(dir, container(9), 'manual', at(9));
    const keep = { import: 1, quit: 1, restore: 2, manual: 0 };
    const oldest = 'taizhang-backup-20261101T000000000Z-restore.taizhang';
    expect((await pruneBackups(dir, { keep, kind: 'restore', spare: oldest })).sort()).toEqual([
      'taizhang-backup-20261101T000100000Z-restore.taizhang',
    ]);
    expect(await pruneBackups(dir, { keep })).toEqual([
      oldest,
      'taizhang-backup-20261101T000900000Z-manual.taizhang',
    ]);
  });

  it('lists containers and legacy JSON newest first with time, kind and size', async () => {
    await writeFile(join(dir, 'taizhang-backup-20261102T080000000Z-import.json'), '{"format":1}');
    await writeBackup(dir, container(2), 'quit', new Date('2026-11-03T08:00:00Z'));
    const listed = await listBackups(dir);
    expect(listed.map((b) => [b.name, b.createdAt, b.reason, b.bytes])).toEqual([
      ['taizhang-backup-20261103T080000000Z-quit.taizhang', '2026-11-03T08:00:00.000Z', 'quit', 6],
      ['taizhang-backup-20261102T080000000Z-import.json', '2026-11-02T08:00:00.000Z', 'import', 12],
    ]);
    expect(listed[0]?.path).toBe(join(dir, listed[0]!.name));
    expect(await readBackupRange(dir, listed[1]!.name, 0, 100)).toEqual(
      new Uint8Array(Buffer.from('{"format":1}')),
    );
  });

  it('does not overwrite a backup written in the same millisecond', async () => {
    const now = new Date('2026-11-04T08:00:00Z');
    const [a, b, c] = await Promise.all([
      writeBackup(dir, container(1), 'quit', now),
      writeBackup(dir, container(2), 'quit', now),
      writeBackup(dir, container(3), 'quit', now),
    ]);
    expect(new Set([a!.name, b!.name, c!.name]).size).toBe(3);
    expect(await names()).toEqual([
      'taizhang-backup-20261104T080000000Z-1-quit.taizhang',
      'taizhang-backup-20261104T080000000Z-2-quit.taizhang',
      'taizhang-backup-20261104T080000000Z-quit.taizhang',
    ]);
    expect((await listBackups(dir))[0]?.name).toBe('taizhang-backup-20261104T080000000Z-2-quit.taizhang');
  });

  it('writes chunk by chunk through a hidden temp file, then reads back any range', async () => {
    const data = new Uint8Array(3 * BACKUP_CHUNK_BYTES + 1234);
    data.set([0x50, 0x4b, 0x03, 0x04]);
    for (let i = 4; i < data.length; i++) data[i] = (i * 7) % 251;
    const backup = await PendingBackup.begin(dir, 'manual');
    expect(await names()).toEqual([
      expect.stringMatching(/^\.taizhang-backup-manual-\d+-[0-9a-f]{16}\.tmp$/),
    ]);
    for (let i = 0; i < data.length; i += BACKUP_CHUNK_BYTES) {
      await backup.append(data.subarray(i, i + BACKUP_CHUNK_BYTES));
    }
    expect(backup.bytes).toBe(data.length);
    const entry = await backup.commit(new Date('2026-11-05T08:00:00Z'));
    expect(entry).toEqual({
      name: 'taizhang-backup-20261105T080000000Z-manual.taizhang',
      path: join(dir, 'taizhang-backup-20261105T080000000Z-manual.taizhang'),
      bytes: data.length,
      createdAt: '2026-11-05T08:00:00.000Z',
      reason: 'manual',
    });
    expect(await names()).toEqual([entry.name]);
    expect(sameBytes(await whole(entry.name), data)).toBe(true);

    const first = await readBackupRange(dir, entry.name, 0, BACKUP_CHUNK_BYTES);
    expect(first).toBeInstanceOf(Uint8Array);
    expect(sameBytes(first, data.subarray(0, BACKUP_CHUNK_BYTES))).toBe(true);
    expect(await readBackupRange(dir, entry.name, 1000, 10)).toEqual(data.slice(1000, 1010));
    const tail = await readBackupRange(dir, entry.name, 3 * BACKUP_CHUNK_BYTES, BACKUP_CHUNK_BYTES);
    expect(sameBytes(tail, data.subarray(3 * BACKUP_CHUNK_BYTES))).toBe(true);
    expect(tail.buffer.byteLength).toBe(1234); // a short read does not carry the unused rest
    expect(await readBackupRange(dir, entry.name, data.length + 5, 10)).toEqual(new Uint8Array());
  });

  it('refuses a payload that is not a zip at commit and removes the temp file', async () => {
    const backup = await PendingBackup.begin(dir, 'import');
    await backup.append(new Uint8Array(Buffer.from('{"format":"taizhang-ledger"}')));
    await expect(backup.commit()).rejects.toThrow('not a ledger container (zip)');
    expect(await readdir(dir)).toEqual([]);
    expect(backup.isOpen).toBe(false);
    await expect(backup.append(container(1))).rejects.toThrow('no longer open');
    // empty, and shorter than the signature
    await expect(writeBackup(dir, new Uint8Array(), 'import')).rejects.toThrow('not a ledger container');
    await expect(writeBackup(dir, new Uint8Array([0x50, 0x4b]), 'import')).rejects.toThrow(
      'not a ledger container',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['enough room', 10_000_000_000, 1_000_000, true],
    ['room for the backup but not the reserve', DISK_RESERVE_BYTES + 999_999, 1_000_000, false],
    ['exactly the backup and the reserve', DISK_RESERVE_BYTES + 1_000_000, 1_000_000, true],
    ['a full disk', 0, 1, false],
    ['a system that cannot say (Infinity)', Infinity, 1_000_000, true],
  ])('before a byte is written, checks the disk: %s', async (_what, free, expectedBytes, ok) => {
    const asked: string[] = [];
    const begin = PendingBackup.begin(dir, 'import', {
      expectedBytes,
      freeBytes: async (d) => (asked.push(d), free),
    });
    if (ok) {
      const backup = await begin;
      await backup.abort();
    } else await expect(begin).rejects.toThrow(`Backup refused (${DISK_FULL_MARK})`);
    expect(asked).toEqual([dir]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a write the disk cannot take (ENOSPC) carries the disk-full mark; other errors stay as they were', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(String(diskFullError(enospc, 'Backup'))).toContain(`Backup refused (${DISK_FULL_MARK})`);
    const eio = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    expect(diskFullError(eio, 'Backup')).toBe(eio);
    expect(diskFullError(null, 'Backup')).toBe(null);
  });

  it('reads the free space of a real folder as a finite number', async () => {
    const free = await diskFreeBytes(dir);
    expect(Number.isFinite(free) && free > 0).toBe(true);
    expect(await diskFreeBytes(join(dir, 'no-such-folder'))).toBe(Infinity);
  });

  it('refuses to grow past the size limit and drops the backup', async () => {
    const backup = await PendingBackup.begin(dir, 'manual', { maxBytes: 10 });
    await backup.append(container(1)); // 6 bytes
    await expect(backup.append(new Uint8Array(5))).rejects.toThrow('larger than 10 bytes');
    expect(await readdir(dir)).toEqual([]);
    await expect(backup.commit()).rejects.toThrow('no longer open');
  });

  it('abort removes the temp file; later calls are refused or no-ops', async () => {
    const backup = await PendingBackup.begin(dir, 'restore');
    await backup.append(container(1));
    expect(await readdir(dir)).toHaveLength(1);
    await backup.abort();
    expect(await readdir(dir)).toEqual([]);
    await backup.abort();
    await expect(backup.commit()).rejects.toThrow('no longer open');
  });

  it('runs appends, commit and abort in call order', async () => {
    const backup = await PendingBackup.begin(dir, 'quit');
    const parts = [container(1), new Uint8Array([1, 2, 3]), new Uint8Array([4])];
    const done = Promise.all(parts.map((p) => backup.append(p)));
    const entry = await backup.commit(at(0));
    await done;
    expect(await whole(entry.name)).toEqual(new Uint8Array([...parts[0]!, 1, 2, 3, 4]));
  });

  it('reads only names it made: no paths, no .., no other files', async () => {
    await writeFile(join(dir, 'notes.txt'), 'mine');
    for (const bad of [
      '../../etc/passwd',
      '../taizhang-backup-20261129T072800123Z-quit.taizhang',
      'sub/taizhang-backup-20261129T072800123Z-quit.taizhang',
      'taizhang-backup-20261129T072800123Z-quit.taizhang/..',
      'sub\\taizhang-backup-20261129T072800123Z-quit.taizhang',
      'taizhang-backup-x.json',
      'taizhang-backup-20261129T072800123Z-because.taizhang',
      'taizhang-backup-20261129T072800123Z-quit.zip',
      '.taizhang-backup-quit-1-00.tmp',
      'notes.txt',
    ]) {
      await expect(readBackupRange(dir, bad, 0, 10), bad).rejects.toThrow('Not a backup file name');
    }
    const { name } = await writeBackup(dir, container(1), 'quit');
    await expect(readBackupRange(dir, name, -1, 10)).rejects.toThrow('Invalid backup offset');
    await expect(readBackupRange(dir, name, 0, 0)).rejects.toThrow('Invalid backup read length');
    await expect(readBackupRange(dir, name, 0, BACKUP_CHUNK_BYTES + 1)).rejects.toThrow(
      'Invalid backup read length',
    );
  });

  it('leaves files that are not its backups alone', async () => {
    await writeFile(join(dir, 'notes.txt'), 'mine');
    for (let i = 0; i < 12; i++) await writeBackup(dir, container(i), 'import', at(i));
    expect((await readdir(dir)).filter((n) => n === 'notes.txt')).toEqual(['notes.txt']);
    expect(await listBackups(dir)).toHaveLength(10);
  });

  it('sweeps temp files left by a crash, but not one being written', async () => {
    const stale = [
      '.taizhang-backup-quit-4242-0123456789abcdef.tmp',
      '.taizhang-backup-20261101T000000000Z-quit.json.4242.tmp', // earlier versions
    ];
    for (const name of stale) await writeFile(join(dir, name), 'partial');
    await writeFile(join(dir, 'notes.tmp'), 'mine');
    const open = await PendingBackup.begin(dir, 'manual');
    expect((await removeStaleTemps(dir)).sort()).toEqual(stale.sort());
    expect(await names()).toEqual([expect.stringMatching(/^\.taizhang-backup-manual-/), 'notes.tmp']);
    await open.append(container(1));
    await open.commit();
    expect(await removeStaleTemps(join(dir, 'missing'))).toEqual([]);
  });

  it('lists nothing when the folder does not exist yet', async () => {
    expect(await listBackups(join(dir, 'missing'))).toEqual([]);
  });
});
