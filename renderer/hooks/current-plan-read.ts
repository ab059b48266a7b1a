// The plan on screen, read from the store: the plan picker's choice (renderer/state/current-plan.ts)
// if the ledger holds it, else the newest plan.
import type { PlanMeta } from '../../shared/model.ts';
import { choosePlan } from '../../shared/plan-ids.ts';
import { appStore } from '../db/index.ts';
import { wantedPlan } from '../state/current-plan.ts';

export async function currentPlan(): Promise<PlanMeta> {
  const plan = choosePlan(await appStore.plans(), wantedPlan());
  if (!plan) throw new Error('database holds no plan');
  return plan;
}
