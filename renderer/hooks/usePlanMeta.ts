import { useLiveQuery } from 'dexie-react-hooks';
import { appDb } from '../db/index.ts';
import { getPlanMeta } from '../db/repository.ts';
import type { PlanMeta } from '../db/schema.ts';

/** The plan's title and metadata; `undefined` while loading, `null` if not seeded. */
export function usePlanMeta(): PlanMeta | null | undefined {
  return useLiveQuery(() => getPlanMeta(appDb), []);
}
