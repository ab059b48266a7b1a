// For the repository tests only: fresh databases on fake-indexeddb, closed and deleted after each test.
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { openDb, type TaizhangDB } from './schema.ts';

/** Registers the clean-up for the calling test file and returns a maker of uniquely named databases. */
export function freshDbs(prefix: string): () => TaizhangDB {
  let n = 0;
  const opened: TaizhangDB[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await db.delete();
    }
  });
  return () => {
    const db = openDb(`${prefix}-${++n}`);
    opened.push(db);
    return db;
  };
}
