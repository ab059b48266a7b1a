// Start-up: ask the browser to keep our IndexedDB data (so it is not evicted under storage pressure)
// and seed the database from the bundled seed files on first start.
import { seedIfEmpty, type SeedResult } from './db/repository.ts';
import { appDb } from './db/index.ts';
import { seedPlan, seedUnits } from './seed-data.ts';

/** navigator.storage.persist(); failure or refusal is not fatal — the app works either way. */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

export async function bootstrap(): Promise<SeedResult> {
  void requestPersistentStorage();
  return seedIfEmpty(appDb, seedPlan, seedUnits);
}
