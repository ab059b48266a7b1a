// The app's local database (IndexedDB via Dexie). Holds everything the desktop app owns:
//  - tasks, units: reference data seeded from seeds/plan.json and seeds/units.json on first start;
//  - reports: one progress report per (task, unit, period), the ledger's working data;
//  - audit: every change to a report (edit, import, undo) — nothing is overwritten silently;
//  - imports: import batches with before-images so each can be undone;
//  - groupResolutions (v2): a coordinator's choice of concrete units for a vague group on a task;
//  - latest (v3): per (task, unit) its newest report — kept by the store's commit, so reading a
//    month never walks earlier months (see renderer/db/ledger-store.ts);
//  - entries (v3, replaced by planEntries in v4): per (unit, period) when its first value was typed
//    or pasted (a return received through the app), kept by commit, so the dashboard needs no audit scan;
//  - districtBases (v3, replaced by planDistrictBases in v6): the clerk's app: the district's
//    workbook base per (unit, period), then per (plan, unit, period);
//  - segments (v3): per (part, period) the month's compressed backup segment, or only its
//    generation when the month changed since (renderer/db/backup-store.ts);
//  - backups (v3): automatic backups in the browser host, one record each;
//  - attachments (v4): evidence links, one per file per report (task × unit × month), by hash;
//  - blobs (v4): the evidence files' bytes, one row per SHA-256 however many reports link it, with
//    the CRC-32 a backup's zip entry needs and, once drawn, a small thumbnail of a photo;
//  - reviews (v4): the district's review of a report (待审核 / 已审核 / 退回 + comment);
//  - extensions (v4): deadline extension requests and their decisions;
//  - plans (v5): each plan's metadata (several plans: one a year; shared/plan-ids.ts), its tasks in
//    `tasks` by `planId`;
//  - taskLinks (v5): tasks continuing a task of an earlier plan (shared/continuity.ts);
//  - planRevisions (v5): every version of a plan as it entered the ledger, with the texts it replaced;
//  - planEntries (v5): `entries` per plan — a unit's first typed value of a month in one plan's tasks;
//  - settings: small key/value rows (seed version, the user's profile, grid layout, the plan on
//    screen, the ledger revision every commit advances).
// The schema is versioned: never edit an existing version(n) — add version(n+1) with an upgrade().
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Transaction } from 'dexie';
import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  PlanMeta,
  PlanRevision,
  ProgressReport,
  Task,
  TaskLink,
  Unit,
} from '../../shared/model.ts';
import { isEntrySource } from '../../shared/model.ts';
import { rowKey, unitPeriodKey } from '../../shared/keys.ts';
import type { DistrictBase } from '../../shared/return-exchange.ts';
import type { Attachment, EvidenceBlob } from '../../shared/evidence/model.ts';
import type { ExtensionRequest } from '../../shared/extension.ts';
import type { Review } from '../../shared/review.ts';
import { segmentName, type SegmentPart } from '../../shared/segments.ts';
import { comparePlans } from '../../shared/plan-ids.ts';

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
export type { PlanMeta } from '../../shared/model.ts';

export {
  DB_NAME,
  SETTING_CURRENT_PLAN,
  SETTING_REVISION,
  SETTING_SEED,
  SETTING_UNIT_ORDER,
} from './db-names.ts';
import { DB_NAME } from './db-names.ts';

/** IndexedDB key paths of the ledger's tables (the typed string keys are in shared/keys.ts). */
export type ReportIdbKey = [taskId: string, unit: string, period: string];
export type RowIdbKey = [taskId: string, unit: string];
export type ResolutionKey = [taskId: string, group: string];
export type SegmentIdbKey = [part: SegmentPart, period: string];
export type PlanEntryIdbKey = [planId: string, unit: string, period: string];

/** When a unit's first value of a period was typed or pasted (v4: in one plan's tasks). */
export interface EntryRow {
  planId: string;
  unit: string;
  period: string;
  firstAt: string;
}

/** A task row: the task and the plan it belongs to (the index views read a plan's tasks by). */
export type TaskRow = Task & { planId: string };

/** A month's backup segment: its generation, and the compressed bytes once built for it. */
export interface SegmentRow {
  part: SegmentPart;
  period: string;
  /** Advanced by every commit that touches the month; a built segment is valid for one generation. */
  gen: number;
  built?: { gen: number; count: number; crc: number; size: number; data: Blob };
}

export const BACKUP_KINDS = ['import', 'quit', 'restore', 'manual'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** An automatic backup kept in the browser host (one record each). */
export interface BackupRecord {
  id?: number;
  kind: BackupKind;
  savedAt: string;
  /** A ledger container (.taizhang) or, for backups kept before v3, ledger JSON text. */
  format: 'container' | 'json';
  bytes: number;
  reports: number;
  data: Blob;
}

/** An evidence file's bytes, stored once per hash (method 0: the content itself). */
export interface BlobRow extends EvidenceBlob {
  /** A small JPEG of a photo, drawn the first time it is shown (a cache, not ledger data). */
  thumb?: Blob;
}

export type TaizhangDB = Dexie & {
  plans: EntityTable<PlanMeta, 'id'>;
  tasks: EntityTable<TaskRow, 'id'>;
  taskLinks: EntityTable<TaskLink, 'taskId'>;
  planRevisions: EntityTable<PlanRevision, 'id'>;
  planEntries: Table<EntryRow, PlanEntryIdbKey>;
  units: EntityTable<Unit, 'name'>;
  reports: Table<ProgressReport, ReportIdbKey>;
  audit: EntityTable<AuditEntry, 'id'>;
  imports: EntityTable<ImportBatch, 'id'>;
  settings: EntityTable<SettingRow, 'key'>;
  groupResolutions: Table<GroupResolution, ResolutionKey>;
  latest: Table<ProgressReport, RowIdbKey>;
  planDistrictBases: Table<DistrictBase, PlanEntryIdbKey>;
  segments: Table<SegmentRow, SegmentIdbKey>;
  backups: EntityTable<BackupRecord, 'id'>;
  attachments: EntityTable<Attachment, 'id'>;
  blobs: EntityTable<BlobRow, 'sha256'>;
  reviews: Table<Review, ReportIdbKey>;
  extensions: EntityTable<ExtensionRequest, 'id'>;
};

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

/**
 * Version 3: the materialised `latest` and `entries` tables, the clerk's district bases out of the
 * settings table, the backup segment cache and one record per browser-host backup; audit and import
 * batches also by period (the month's backup segments, the dashboard's returns).
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  audit: 'id, taskId, [taskId+unit+period], [unit+period], period, at',
  imports: 'id, [unit+period], sha256, period',
  latest: '[taskId+unit], unit',
  entries: '[unit+period], period',
  districtBases: '[unit+period]',
  segments: '[part+period]',
  backups: '++id, kind, savedAt',
} as const;

/**
 * Version 4: evidence (links and bytes by hash), reviews and extension requests. New tables only, so
 * every existing row stays as it is; the upgrade only gives the ledger settings their new default.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  attachments: 'id, [taskId+unit+period], [unit+period], [taskId+unit], period, sha256',
  blobs: 'sha256',
  reviews: '[taskId+unit+period], period',
  extensions: 'id, [taskId+unit], period',
} as const;

/** v3 → v4: the ledger settings row (if any) gets `rankReviewedOnly: false`. */
export async function upgradeToV4(tx: Transaction): Promise<void> {
  const settings = tx.table('settings');
  const row = (await settings.get('ledgerSettings')) as SettingRow<Record<string, unknown>> | undefined;
  if (row && typeof row.value.rankReviewedOnly !== 'boolean')
    await settings.put({ key: 'ledgerSettings', value: { ...row.value, rankReviewedOnly: false } });
}
const LEGACY_DISTRICT_BASE_PREFIX = 'districtBase:';
const LEGACY_LOCAL_BACKUPS = 'localBackups';

/**
 * v2 → v3, in the upgrade transaction (all or nothing): build `latest`, `entries` and the list of
 * months (`segments`) from every report, audit entry and batch (all kept as they are), move district
 * bases and the one-row local backups out of the settings table. Streams the tables with each() so a big ledger is never held whole.
 */
export async function upgradeToV3(tx: Transaction): Promise<void> {
  const latest = new Map<string, ProgressReport>();
  const months = new Map<string, SegmentRow>();
  const month = (part: SegmentPart, period: string) =>
    months.set(segmentName(part, period), { part, period, gen: 0 });
  await tx.table('imports').each((b: { period: string }) => month('imports', b.period));
  await tx.table('reports').each((r: ProgressReport) => {
    month('reports', r.period);
    const key = rowKey(r.taskId, r.unit);
    const seen = latest.get(key);
    if (!seen || seen.period < r.period) latest.set(key, r);
  });
  await tx.table('latest').bulkPut([...latest.values()]);
  const entries = new Map<string, Omit<EntryRow, 'planId'>>();
  await tx.table('audit').each((e: AuditEntry) => {
    month('audit', e.period);
    if (!isEntrySource(e.source)) return;
    const key = unitPeriodKey(e.unit, e.period);
    const seen = entries.get(key);
    if (!seen || e.at < seen.firstAt) entries.set(key, { unit: e.unit, period: e.period, firstAt: e.at });
  });
  await tx.table('entries').bulkPut([...entries.values()]);
  // Every month with data gets its backup segment row (nothing built yet).
  await tx.table('segments').bulkPut([...months.values()]);
  const settings = tx.table('settings');
  const bases = (await settings
    .where('key')
    .startsWith(LEGACY_DISTRICT_BASE_PREFIX)
    .toArray()) as SettingRow<DistrictBase>[];
  await tx.table('districtBases').bulkPut(bases.map((b) => b.value));
  await settings.bulkDelete(bases.map((b) => b.key));
  const local = (await settings.get(LEGACY_LOCAL_BACKUPS)) as
    SettingRow<{ reason: string; savedAt: string; json: string }[]> | undefined;
  if (local) {
    const kinds: readonly string[] = BACKUP_KINDS;
    await tx.table('backups').bulkAdd(
      local.value.map((b): BackupRecord => ({
        kind: (kinds.includes(b.reason) ? b.reason : 'manual') as BackupKind,
        savedAt: b.savedAt,
        format: 'json',
        bytes: b.json.length,
        reports: -1,
        data: new Blob([b.json], { type: 'application/json' }),
      })),
    );
    await settings.delete(LEGACY_LOCAL_BACKUPS);
  }
}

/**
 * Version 5: several plans. The plan's metadata moves out of the settings table into `plans` (the
 * plan the ledger began with, its task ids bare); tasks, import batches and first entries name their
 * plan; continuity links and plan revisions get tables of their own. `entries` is replaced by
 * `planEntries` (its key gains the plan, and IndexedDB cannot change a table's key).
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  tasks: 'id, plan, planId',
  entries: null,
  plans: 'id',
  taskLinks: 'taskId, continues',
  planRevisions: 'id, planId',
  planEntries: '[planId+unit+period], [planId+period]',
} as const;

const LEGACY_SETTING_PLAN = 'plan';

/**
 * v4 → v5, in the upgrade transaction (all or nothing), every record kept: the one plan (the settings
 * row `plan`) becomes the first row of `plans` with bare task ids; every task and import batch gets
 * its planId; each first entry is copied into planEntries under that plan. A database never seeded
 * has no plan and nothing to move.
 */
export async function upgradeToV5(tx: Transaction): Promise<void> {
  const settings = tx.table('settings');
  const row = (await settings.get(LEGACY_SETTING_PLAN)) as SettingRow<PlanMeta> | undefined;
  if (!row) return;
  const meta: PlanMeta = { ...row.value, bareIds: true };
  await tx.table('plans').put(meta);
  await settings.delete(LEGACY_SETTING_PLAN);
  await tx
    .table('tasks')
    .toCollection()
    .modify((t: TaskRow) => {
      t.planId = meta.id;
    });
  await tx
    .table('imports')
    .toCollection()
    .modify((b: ImportBatch) => {
      if (!b.planId) b.planId = meta.id;
    });
  const entries = (await tx.table('entries').toArray()) as Omit<EntryRow, 'planId'>[];
  await tx.table('planEntries').bulkPut(entries.map((e): EntryRow => ({ ...e, planId: meta.id })));
}

/**
 * Version 6: the clerk's district bases per plan. Two plans can run in the same months (a year's
 * 大气 and 水 plans issued as separate documents): keyed by (unit, period) alone, opening one plan's
 * workbook replaced the other's base, and that plan's return could no longer be made. The key gains
 * the plan, so `districtBases` is replaced by `planDistrictBases` (IndexedDB cannot change a key).
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  districtBases: null,
  planDistrictBases: '[planId+unit+period]',
} as const;

/**
 * v5 → v6, in the upgrade transaction: every base copied as it is (each names its plan, from the
 * workbook's manifest). One that somehow does not is given the plan with bare ids (the one the
 * ledger began with, before several plans), else the oldest, rather than refused: a key without a
 * plan would fail the upgrade, and the database would not open.
 */
export async function upgradeToV6(tx: Transaction): Promise<void> {
  const bases = (await tx.table('districtBases').toArray()) as Partial<DistrictBase>[];
  if (bases.length === 0) return;
  const plans = (await tx.table('plans').toArray()) as PlanMeta[];
  const fallback = (plans.find((p) => p.bareIds) ?? [...plans].sort(comparePlans)[0])?.id ?? '';
  await tx
    .table('planDistrictBases')
    .bulkPut(
      bases.map((b) => ({ ...b, planId: typeof b.planId === 'string' && b.planId ? b.planId : fallback })),
    );
}

export interface OpenDbOptions {
  /** For tests: an IndexedDB implementation (e.g. fake-indexeddb) instead of the global one. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export function openDb(name: string = DB_NAME, options: OpenDbOptions = {}): TaizhangDB {
  const db = new Dexie(name, { chromeTransactionDurability: 'relaxed', ...options }) as TaizhangDB;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2);
  db.version(3).stores(SCHEMA_V3).upgrade(upgradeToV3);
  db.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
  db.version(5).stores(SCHEMA_V5).upgrade(upgradeToV5);
  db.version(6).stores(SCHEMA_V6).upgrade(upgradeToV6);
  return db;
}
