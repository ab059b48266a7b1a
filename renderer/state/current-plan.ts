// The plan on screen: the plan picker's choice, shared by every view (the grid, export, import,
// dashboard, checklist, documents all work on one plan at a time). It is a preference of this copy
// of the app, kept in localStorage (read synchronously at start), never ledger data. null: the
// newest plan the ledger holds (shared/plan-ids.ts choosePlan).

const KEY = 'taizhang.currentPlan';

type Listener = () => void;
const listeners = new Set<Listener>();

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

let wanted: string | null = readStored();

/** The plan id the user chose (null: none chosen, the newest plan is shown). */
export function wantedPlan(): string | null {
  return wanted;
}

/** Choose the plan every view shows; listeners (the period cache, the picker) hear of it. */
export function chooseCurrentPlan(planId: string | null): void {
  if (planId === wanted) return;
  wanted = planId;
  try {
    if (planId === null) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, planId);
  } catch {
    // Storage refused (private mode, quota): the choice holds for this session.
  }
  for (const l of listeners) l();
}

export function onCurrentPlanChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
