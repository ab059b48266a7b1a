import { useLiveQuery } from 'dexie-react-hooks';
import type { PlanMeta } from '../../shared/model.ts';
import { appDb } from '../db/index.ts';
import { getPlanMeta } from '../db/repository.ts';

/** The plan's title and metadata; `undefined` while loading, `null` if not seeded. */
export function usePlanMeta(): PlanMeta | null | undefined {
  return useLiveQuery(() => getPlanMeta(appDb), []);
}
