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

/** The plan on screen's title and metadata; `undefined` while loading, `null` if not seeded. */
export function usePlanMeta(): PlanMeta | null | undefined {
  const wanted = useWantedPlan();
  return useLiveQuery(() => getPlanMeta(appDb, wanted), [wanted]);
}

/** Every plan the ledger holds, oldest first; `undefined` while loading. */
export function usePlans(): PlanMeta[] | undefined {
  return useLiveQuery(() => appStore.plans(), []);
}
