import { useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { PlanMeta } from '../../shared/model.ts';
import { appDb, appStore } from '../db/index.ts';
import { getPlanMeta } from '../db/repository.ts';
import { onCurrentPlanChange, wantedPlan } from '../state/current-plan.ts';

/** The plan id the plan picker chose (null: none, the newest is shown). */
export function useWantedPlan(): string | null {
  return useSyncExternalStore(onCurrentPlanChange, wantedPlan);
}

/** The last value read per choice: a view mounting later starts from it instead of a loading state. */
const known = new Map<string | null, PlanMeta | null>();

/** The plan on screen's title and metadata; `undefined` while first loading, `null` if not seeded. */
export function usePlanMeta(): PlanMeta | null | undefined {
  const wanted = useWantedPlan();
  return useLiveQuery(
    async () => {
      const meta = await getPlanMeta(appDb, wanted);
      known.set(wanted, meta);
      return meta;
    },
    [wanted],
    known.get(wanted),
  );
}

/** Every plan the ledger holds, oldest first; `undefined` while loading. */
export function usePlans(): PlanMeta[] | undefined {
  return useLiveQuery(() => appStore.plans(), []);
}
