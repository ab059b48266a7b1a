import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupStamp, listBackups, pruneBackups, readBackup, writeBackup } from './backups.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-backups-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ledger = (n: number): string => JSON.stringify({ format: 'taizhang-ledger', n });

describe('backups', () => {
  it('names backups by UTC time so names sort by age', () => {
    expect(backupStamp(new Date('2026-11-29T07:28:00.123Z'))).toBe('20261129T072800123Z');
  });

  it('keeps exactly the 10 newest after 13 writes', async () => {
    const start = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 13; i++) {
      await writeBackup(dir, ledger(i), 'manual', new Date(start + i * 60_000));
    }
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(10);
    // the three oldest (00:00, 00:01, 00:02) are gone, 00:03 … 00:12 remain
    expect(names[0]).toBe('taizhang-backup-20261101T000300000Z-manual.json');
    expect(names[9]).toBe('taizhang-backup-20261101T001200000Z-manual.json');
    const listed = await listBackups(dir);
    expect(listed).toHaveLength(10);
    expect(JSON.parse(await readBackup(dir, listed[0]!.name))).toEqual({ format: 'taizhang-ledger', n: 12 });
    expect(JSON.parse(await readBackup(dir, listed[9]!.name))).toEqual({ format: 'taizhang-ledger', n: 3 });
  });

  it('lists newest first with time, reason and size', async () => {
    await writeBackup(dir, ledger(1), 'import', new Date('2026-11-02T08:00:00Z'));
    await writeBackup(dir, ledger(2), 'quit', new Date('2026-11-03T08:00:00Z'));
    const listed = await listBackups(dir);
    expect(listed.map((b) => [b.createdAt, b.reason])).toEqual([
      ['2026-11-03T08:00:00.000Z', 'quit'],
      ['2026-11-02T08:00:00.000Z', 'import'],
    ]);
    expect(listed[0]?.bytes).toBe(Buffer.byteLength(ledger(2)));
    expect(listed[0]?.path).toBe(join(dir, listed[0]!.name));
  });

  it('does not overwrite a backup written in the same millisecond, and rotation counts both', async () => {
    const now = new Date('2026-11-04T08:00:00Z');
    const a = await writeBackup(dir, ledger(1), 'quit', now);
    const b = await writeBackup(dir, ledger(2), 'quit', now);
    expect(a.name).not.toBe(b.name);
    expect(b.name).toBe('taizhang-backup-20261104T080000000Z-1-quit.json');
    expect((await listBackups(dir))[0]?.name).toBe(b.name);
    expect(await pruneBackups(dir, 1)).toEqual([a.name]);
  });

  it('leaves files that are not its backups alone', async () => {
    await writeFile(join(dir, 'notes.txt'), 'mine');
    for (let i = 0; i < 12; i++)
      await writeBackup(dir, ledger(i), 'manual', new Date(Date.UTC(2026, 0, 1, 0, i)));
    expect((await readdir(dir)).filter((n) => n === 'notes.txt')).toEqual(['notes.txt']);
    expect(await listBackups(dir)).toHaveLength(10);
  });

  it('refuses text that is not a JSON object', async () => {
    await expect(writeBackup(dir, 'not json', 'manual')).rejects.toThrow('not valid JSON');
    await expect(writeBackup(dir, '[1,2]', 'manual')).rejects.toThrow('not an object');
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads only names it made', async () => {
    await expect(readBackup(dir, '../../etc/passwd')).rejects.toThrow('Not a backup file name');
    await expect(readBackup(dir, 'taizhang-backup-x.json')).rejects.toThrow('Not a backup file name');
  });

  it('lists nothing when the folder does not exist yet', async () => {
    expect(await listBackups(join(dir, 'missing'))).toEqual([]);
  });
});
