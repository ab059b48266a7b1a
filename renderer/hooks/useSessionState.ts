// State that outlives its component for the rest of the session (in memory, never persisted):
// e.g. the files picked in the import wizard survive a look at the grid and back. Keys are global.
import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';

const store = new Map<string, unknown>();

export function useSessionState<T>(key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => (store.has(key) ? (store.get(key) as T) : initial));
  const set = useCallback<Dispatch<SetStateAction<T>>>(
    (next) =>
      setValue((prev) => {
        const value = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
        store.set(key, value);
        return value;
      }),
    [key],
  );
  return [value, set];
}
