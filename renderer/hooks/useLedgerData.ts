// Live reads for the ledger views: the user's profile and grid layout, the ledger's settings, units,
// group resolutions and a row's audit trail. Each returns `undefined` while the first query is
// loading; components render a loading state for that. A month's rows come from usePeriod.ts.
import { useLiveQuery } from 'dexie-react-hooks';
import type { AuditEntry, GroupResolution, Unit } from '../../shared/model.ts';
import { finalStates, linkMap, type ContinuedState } from '../../shared/continuity.ts';
import { rowKey } from '../../shared/keys.ts';
import type { LedgerSettings } from '../../shared/ledger.ts';
import { appDb, appStore } from '../db/index.ts';
import { listRowAudit } from '../db/queries.ts';
import { getGridLayout, getProfile, type GridLayout, type UserProfile } from '../db/settings-repo.ts';

export function useProfile(): UserProfile | undefined {
  return useLiveQuery(() => getProfile(appDb), []);
}

export function useGridLayout(): GridLayout | undefined {
  return useLiveQuery(() => getGridLayout(appDb), []);
}

export function useLedgerSettings(): LedgerSettings | undefined {
  return useLiveQuery(() => appStore.settings(), []);
}

export function useUnits(): Unit[] | undefined {
  return useLiveQuery(() => appStore.units(), []);
}

export function useGroupResolutions(): GroupResolution[] | undefined {
  return useLiveQuery(() => appStore.groupResolutions(), []);
}

export function useRowAudit(taskId: string | null, unit: string | null): AuditEntry[] | undefined {
  return useLiveQuery(
    () => (taskId && unit ? listRowAudit(appDb, taskId, unit) : Promise.resolve([])),
    [taskId, unit],
  );
}

/**
 * Last year's state beside this year's: the task this row's task continues and its newest report
 * for the unit (shared/continuity.ts); null when the task continues nothing.
 */
export function useContinuedState(
  taskId: string | null,
  unit: string | null,
): ContinuedState | null | undefined {
  return useLiveQuery(async () => {
    if (!taskId || !unit) return null;
    const links = linkMap(await appStore.taskLinks());
    if (!links.has(taskId)) return null;
    const states = await finalStates([{ taskId, unit }], links, (p, q) => appStore.ownReportsAsOf(p, q));
    return states.get(rowKey(taskId, unit)) ?? null;
  }, [taskId, unit]);
}
