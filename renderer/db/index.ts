// The app's single database and its ledger store. Only renderer/hooks, renderer/state and
// renderer/bootstrap import these; every ledger write goes through `appStore.run(useCase)`.
import { DexieLedgerStore } from './ledger-store.ts';
import { openDb } from './schema.ts';

export const appDb = openDb();
export const appStore = new DexieLedgerStore(appDb);
