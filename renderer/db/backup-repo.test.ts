import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LOCAL_BACKUPS_KEPT, listLocalBackups, saveLocalBackup } from './backup-repo.ts';
import { openDb } from './schema.ts';

describe('local backups', () => {
  it('keeps the newest few, newest first', async () => {
    const db = openDb(`backup-repo-${Math.random()}`);
    expect(await listLocalBackups(db)).toEqual([]);
    for (let i = 0; i < LOCAL_BACKUPS_KEPT + 2; i++)
      await saveLocalBackup(db, `{"n":${i}}`, 'restore', new Date(Date.UTC(2021, 0, 1 + i)));
    const kept = await listLocalBackups(db);
    expect(kept.map((b) => b.json)).toEqual(['{"n":4}', '{"n":3}', '{"n":2}']);
    expect(kept[0]).toMatchObject({ reason: 'restore', savedAt: '2021-01-05T00:00:00.000Z' });
    db.close();
  });
});
