// The current location.hash as React state, and the active view derived from it (see navigation.ts).
import { useCallback, useState, useSyncExternalStore } from 'react';
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

/**
 * The value a control shows when its truth is the hash: the user's last choice at once (a list
 * stepped through with the arrow keys must not snap back while the hash catches up), and whatever
 * the hash says when it changes from elsewhere.
 */
export function useHashBackedValue<T>(fromHash: T): [T, (value: T) => void] {
  const [shown, setShown] = useState(fromHash);
  const [seen, setSeen] = useState(fromHash);
  if (fromHash !== seen) {
    setSeen(fromHash);
    setShown(fromHash);
  }
  return [shown, setShown];
}
