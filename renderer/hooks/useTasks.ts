import { useLiveQuery } from 'dexie-react-hooks';
import type { Task } from '../../shared/model.ts';
import { appStore } from '../db/index.ts';
import { useWantedPlan } from './usePlanMeta.ts';
import { choosePlan } from '../../shared/plan-ids.ts';

/** The tasks of the plan on screen, in plan order; `undefined` while the first query is loading. */
export function useTasks(): Task[] | undefined {
  const wanted = useWantedPlan();
  return useLiveQuery(async () => {
    const plan = choosePlan(await appStore.plans(), wanted);
    return plan ? appStore.tasks(plan.id) : [];
  }, [wanted]);
}
