// The app's one period cache over the app's ledger store (see period-cache.ts), showing the plan
// the plan picker chose (current-plan.ts).
import { appStore } from '../db/index.ts';
import { onCurrentPlanChange, wantedPlan } from './current-plan.ts';
import { PeriodCache } from './period-cache.ts';

export const periodCache = new PeriodCache(appStore);
periodCache.setPlan(wantedPlan());
onCurrentPlanChange(() => periodCache.setPlan(wantedPlan()));
