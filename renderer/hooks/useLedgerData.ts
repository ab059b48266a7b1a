// Live reads for the ledger views: the user's profile, grid layout, units, group resolutions, a
// period's reports (with carry-forward) and a row's audit trail. Each returns `undefined` while the
// first query is loading; components render a loading state for that.
import { useLiveQuery } from 'dexie-react-hooks';
import type { AuditEntry, GroupResolution, ProgressReport, Unit } from '../../shared/model.ts';
import { appDb } from '../db/index.ts';
import type { LedgerSettings } from '../../shared/ledger-file.ts';
import { getLedgerSettings } from '../db/ledger-io.ts';
import { listImportBatches } from '../db/import-repo.ts';
import { importedUnits } from '../../shared/period-summary.ts';
import { listRowAudit, loadCarriedForward, loadPeriodReports } from '../db/progress-repo.ts';
import { listUnits } from '../db/repository.ts';
import { listGroupResolutions } from '../db/resolution-repo.ts';
import { getGridLayout, getProfile, type GridLayout, type UserProfile } from '../db/settings-repo.ts';

export function useProfile(): UserProfile | undefined {
  return useLiveQuery(() => getProfile(appDb), []);
}

export function useGridLayout(): GridLayout | undefined {
  return useLiveQuery(() => getGridLayout(appDb), []);
}

export function useLedgerSettings(): LedgerSettings | undefined {
  return useLiveQuery(() => getLedgerSettings(appDb), []);
}

/** Units whose return for the period came in as an import (their tasks count as reported). */
export function useImportedUnits(period: string): Set<string> | undefined {
  return useLiveQuery(async () => importedUnits(await listImportBatches(appDb), period), [period]);
}

export function useUnits(): Unit[] | undefined {
  return useLiveQuery(() => listUnits(appDb), []);
}

export function useGroupResolutions(): GroupResolution[] | undefined {
  return useLiveQuery(() => listGroupResolutions(appDb), []);
}

/**
 * The reports a period's grid needs: the period's own (re-read on every edit) and, separately, the
 * latest earlier report per (task, unit) for carry-forward (not re-read when the period is edited,
 * since its key range lies before the period).
 */
/**
 * The period's own reports plus, for carry-forward, the latest earlier report of each row.
 * `wanted` ('taskId|unit' keys of the rows shown) lets the carry-forward read stop early.
 */
export function usePeriodReports(
  period: string,
  unit: string | null,
  wanted?: ReadonlySet<string>,
): ProgressReport[] | undefined {
  const own = useLiveQuery(() => loadPeriodReports(appDb, period, unit ?? undefined), [period, unit]);
  const earlier = useLiveQuery(
    () => (wanted ? loadCarriedForward(appDb, period, unit ?? undefined, wanted) : undefined),
    [period, unit, wanted],
  );
  if (!own || !earlier) return undefined;
  return earlier.length ? [...earlier, ...own] : own;
}

export function useRowAudit(taskId: string | null, unit: string | null): AuditEntry[] | undefined {
  return useLiveQuery(
    () => (taskId && unit ? listRowAudit(appDb, taskId, unit) : Promise.resolve([])),
    [taskId, unit],
  );
}
