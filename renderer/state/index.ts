// The app's one period cache over the app's ledger store (see period-cache.ts).
import { appStore } from '../db/index.ts';
import { PeriodCache } from './period-cache.ts';

export const periodCache = new PeriodCache(appStore);
