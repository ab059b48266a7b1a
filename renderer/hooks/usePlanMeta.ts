import { useLiveQuery } from 'dexie-react-hooks';
import type { PlanMeta } from '../../shared/model.ts';
import { appDb } from '../db/index.ts';
import { getPlanMeta } from '../db/repository.ts';

/** The last value read: a view mounting later starts from it instead of a loading state. */
let known: PlanMeta | null | undefined;

/** The plan's title and metadata; `undefined` while first loading, `null` if not seeded. */
export function usePlanMeta(): PlanMeta | null | undefined {
  return useLiveQuery(async () => (known = await getPlanMeta(appDb)), [], known);
}
