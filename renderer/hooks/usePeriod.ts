// A month as every view sees it (shared/period-state.ts rows and returns, plus the ledger's frame),
// from the period cache: loaded once, then updated from each commit. `undefined` while loading.
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { PeriodRow } from '../../shared/period-state.ts';
import { periodCache } from '../state/index.ts';
import type { PeriodView } from '../state/period-cache.ts';

/**
 * Start reading a month the moment a person picks it, before React renders the pick: the view
 * that shows it subscribes only once that render is committed, and the read would otherwise wait
 * for it (a whole grid re-render: the read started 4–14 ms after the pick at 2,500 rows). A failed
 * read is reported by that subscription, which asks again; here it is only started.
 */
export function preloadPeriod(period: string): void {
  periodCache.load(period).catch(() => {});
}

export function usePeriodView(period: string): PeriodView | undefined {
  const subscribe = useCallback((listener: () => void) => periodCache.subscribe(period, listener), [period]);
  return useSyncExternalStore(subscribe, () => periodCache.peek(period));
}

/**
 * The month's view, or while it loads the one shown before (`loading` true): a view whose period is
 * picked from a list keeps its controls on screen — and the keyboard focus in them — between months.
 */
export function useHeldPeriodView(period: string): { view: PeriodView | undefined; loading: boolean } {
  const view = usePeriodView(period);
  const [held, setHeld] = useState(view);
  if (view && view !== held) setHeld(view);
  return { view: view ?? held, loading: view === undefined };
}

/** The month's rows: every task × unit, or one unit's. */
export function usePeriodRows(period: string, unit: string | null): PeriodRow[] | undefined {
  const view = usePeriodView(period);
  const rows = view?.state.rows;
  return useMemo(() => (rows && unit ? rows.filter((r) => r.unit === unit) : rows), [rows, unit]);
}
