// Names in the app's IndexedDB that more than the Dexie schema needs to know: the early read at
// start-up (renderer/early-read.ts) opens the database without Dexie, so these live apart from it.

export const DB_NAME = 'taizhang';

/** Keys of the settings table. */
export const SETTING_SEED = 'seed';
export const SETTING_PLAN = 'plan';
/** The registry's order of unit names (the units table itself is ordered by name). */
export const SETTING_UNIT_ORDER = 'unitOrder';
export const SETTING_REVISION = 'revision';
export const SETTING_LEDGER = 'ledgerSettings';
