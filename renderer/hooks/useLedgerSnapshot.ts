// The whole ledger as one consistent snapshot (plan, units, reports, audit, imports, resolutions,
// settings), re-read whenever any of it changes. For views that compute over everything at once —
// the dashboard and the inspection checklist. `undefined` while loading.
import { useLiveQuery } from 'dexie-react-hooks';
import type { Ledger } from '../../shared/ledger-file.ts';
import { appDb } from '../db/index.ts';
import { exportLedgerFromDb } from '../db/ledger-io.ts';

export function useLedgerSnapshot(): Ledger | undefined {
  return useLiveQuery(() => exportLedgerFromDb(appDb), []);
}
