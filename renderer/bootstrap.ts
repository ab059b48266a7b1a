// Start-up: ask the browser to keep our IndexedDB data (so it is not evicted under storage pressure),
// seed the database from the bundled seed files on first start, and hand the month the grid opens
// on to the period cache — usually already read by renderer/early-read.ts while this code loaded,
// else read now while React renders; once the page is idle and the user pauses, fetch the code of
// the other views so their first visit does not wait for it.
import { defaultPeriod } from '../shared/periods.ts';
import { getPlanMeta, getSeedInfo, seedIfEmpty } from './db/repository.ts';
import { appDb } from './db/index.ts';
import { periodCache } from './state/index.ts';
import { takeEarlyRead } from './early-read.ts';
import { runWhenUserPauses } from './idle-prefetch.ts';

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

function prefetchMonth(planYear: number): void {
  periodCache
    .load(defaultPeriod(new Date(), planYear))
    .catch((err: unknown) => console.error('prefetching the month failed', err));
}

/**
 * Seed when the database does not hold the bundled seeds yet (first start, or new seed files): the
 * seeds (~110 KB of plan) are parsed only then. Otherwise start reading the grid's month at once.
 */
export async function bootstrap(): Promise<void> {
  void requestPersistentStorage();
  // Usually the database was read before this code even loaded (index.html starts early-read.ts).
  const early = await takeEarlyRead();
  if (early && early.seedVersion === __SEED_VERSION__) {
    performance.mark('taizhang:opened');
    performance.mark('taizhang:early-read');
    periodCache.adoptEarlyRead(early);
    prefetchMonth(early.meta.year);
    return;
  }
  const [info, meta] = await Promise.all([getSeedInfo(appDb), getPlanMeta(appDb)]);
  performance.mark('taizhang:opened');
  if (info && meta && info.version === __SEED_VERSION__) {
    prefetchMonth(meta.year);
    return;
  }
  const { seedPlan, seedUnits } = await import('./seed-data.ts');
  const seeded = await seedIfEmpty(appDb, seedPlan, seedUnits);
  console.info(`seeds ${seeded.outcome}: ${seeded.info.version}`);
  periodCache.invalidate();
  prefetchMonth(seedPlan.year);
}

/** After the first screen, once the user pauses: the other views' code (idle-prefetch.ts). */
export function prefetchViewsWhenUserPauses(views: readonly { preload(): Promise<unknown> }[]): void {
  runWhenUserPauses(() => {
    for (const view of views) void view.preload().catch(() => {});
  });
}
