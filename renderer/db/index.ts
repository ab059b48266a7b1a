// The app's single database instance. Only renderer/hooks and renderer/bootstrap import it.
import { openDb } from './schema.ts';

export const appDb = openDb();
