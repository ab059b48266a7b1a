// The app's local database (IndexedDB via Dexie). Holds everything the desktop app owns:
//  - tasks, units: reference data seeded from seeds/plan.json and seeds/units.json on first start;
//  - reports: one progress report per (task, unit, period), the ledger's working data;
//  - audit: every change to a report (edit, import, undo) — nothing is overwritten silently;
//  - imports: import batches with before-images so each can be undone;
//  - groupResolutions (v2): a coordinator's choice of concrete units for a vague group on a task;
//  - settings: small key/value rows (seed version, plan metadata, the user's profile, grid layout).
// The schema is versioned: never edit an existing version(n) — add version(n+1) with an upgrade().
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  PlanDocument,
  ProgressReport,
  Task,
  Unit,
} from '../../shared/model.ts';

/** A key/value row of the settings table. */
export interface SettingRow<T = unknown> {
  key: string;
  value: T;
}

/** What was seeded, and from which version of the seed files. */
export interface SeedInfo {
  version: string;
  planId: string;
  taskCount: number;
  unitCount: number;
  seededAt: string;
}

/** The plan document without its tasks (those live in the tasks table). */
export type PlanMeta = Omit<PlanDocument, 'tasks'>;

export const SETTING_SEED = 'seed';
export const SETTING_PLAN = 'plan';
/** The registry's order of unit names (the units table itself is ordered by name). */
export const SETTING_UNIT_ORDER = 'unitOrder';

export type ReportKey = [taskId: string, unit: string, period: string];
export type ResolutionKey = [taskId: string, group: string];

export type TaizhangDB = Dexie & {
  tasks: EntityTable<Task, 'id'>;
  units: EntityTable<Unit, 'name'>;
  reports: Table<ProgressReport, ReportKey>;
  audit: EntityTable<AuditEntry, 'id'>;
  imports: EntityTable<ImportBatch, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  groupResolutions: Table<GroupResolution, ResolutionKey>;
};

export const DB_NAME = 'taizhang';

export const SCHEMA_V1 = {
  tasks: 'id, plan',
  units: 'name',
  reports: '[taskId+unit+period], unit, period, [unit+period]',
  audit: 'id, taskId, [taskId+unit+period], at',
  imports: 'id',
  settings: 'key',
} as const;

/**
 * Version 2: group resolutions; audit by [unit+period] (a unit's changes in a period) and by time;
 * import batches by [unit+period] and by file hash (the same file imported twice). Only tables and
 * indexes are added, so no upgrade function is needed: existing rows are indexed by IndexedDB.
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  audit: 'id, taskId, [taskId+unit+period], [unit+period], at',
  imports: 'id, [unit+period], sha256',
  groupResolutions: '[taskId+group], taskId',
} as const;

export interface OpenDbOptions {
  /** For tests: an IndexedDB implementation (e.g. fake-indexeddb) instead of the global one. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export function openDb(name: string = DB_NAME, options: OpenDbOptions = {}): TaizhangDB {
  const db = new Dexie(name, { chromeTransactionDurability: 'relaxed', ...options }) as TaizhangDB;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2);
  return db;
}
