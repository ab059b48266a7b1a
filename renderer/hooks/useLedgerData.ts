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
  const result = useLiveQuery(
    async () => ({ period, units: importedUnits(await listImportBatches(appDb), period) }),
    [period],
  );
  return result?.period === period ? result.units : undefined;
}

export function useUnits(): Unit[] | undefined {
  return useLiveQuery(() => listUnits(appDb), []);
}

export function useGroupResolutions(): GroupResolution[] | undefined {
  return useLiveQuery(() => listGroupResolutions(appDb), []);
}

/**
 * The reports a period's grid needs: the period's own (re-read on every edit) and, for
 * carry-forward, the latest earlier report of each row (`wanted`: the rows' 'taskId|unit' keys,
 * which let that read stop early). Undefined while loading — including right after the period or
 * unit changed, when useLiveQuery would still hand back the previous period's rows.
 */
export function usePeriodReports(
  period: string,
  unit: string | null,
  wanted?: ReadonlySet<string>,
): ProgressReport[] | undefined {
  const scope = `${period}|${unit ?? ''}`;
  const own = useLiveQuery(
    async () => ({ scope, rows: await loadPeriodReports(appDb, period, unit ?? undefined) }),
    [period, unit],
  );
  const earlier = useLiveQuery(
    async () =>
      wanted
        ? { scope, wanted, rows: await loadCarriedForward(appDb, period, unit ?? undefined, wanted) }
        : undefined,
    [period, unit, wanted],
  );
  if (!own || !earlier || own.scope !== scope || earlier.scope !== scope || earlier.wanted !== wanted) {
    return undefined;
  }
  return earlier.rows.length ? [...earlier.rows, ...own.rows] : own.rows;
}

export function useRowAudit(taskId: string | null, unit: string | null): AuditEntry[] | undefined {
  return useLiveQuery(
    () => (taskId && unit ? listRowAudit(appDb, taskId, unit) : Promise.resolve([])),
    [taskId, unit],
  );
}
