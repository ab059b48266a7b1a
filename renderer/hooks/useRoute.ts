// The current location.hash as React state, and the active view derived from it (see navigation.ts).
import { useCallback, useSyncExternalStore } from 'react';
import type { ViewId } from '../components/HeaderBar.tsx';
import { currentHash, parseHash, showView, subscribeHash } from '../navigation.ts';

export function useHash(): string {
  return useSyncExternalStore(subscribeHash, currentHash, () => '');
}

/** The view the hash names (`ledger` when it names none) and a setter that updates the hash. */
export function useRouteView(): [ViewId, (view: ViewId) => void] {
  const view = parseHash(useHash()).view ?? 'ledger';
  const setView = useCallback((v: ViewId) => showView(v), []);
  return [view, setView];
}
