// The first read, started before the app's code has loaded: index.html loads this small module
// first, and it opens the app's IndexedDB directly (no Dexie, no React) and reads what the grid
// opens on — the ledger's frame (plan, tasks, units, group resolutions, settings) and the default
// month's reports, newest values, import batches and first entries — while the browser is still
// fetching and compiling the rest. The period cache adopts the result for that month
// (renderer/state/period-cache.ts) instead of reading it again; in every other case (a first
// start, a database that needs upgrading, any error) the result is null and the normal path runs.
//
// It never creates or changes the database: a database that does not exist yet (or is older than
// this code) makes the open ask for an upgrade, which is aborted at once; the connection is closed
// as soon as the reads are done, so Dexie's own open and upgrades are never blocked by it.

import { defaultPeriod } from '../shared/periods.ts';
import type { Attachment } from '../shared/evidence/model.ts';
import type { ExtensionRequest } from '../shared/extension.ts';
import type { GroupResolution, ImportBatch, PlanMeta, ProgressReport, Task, Unit } from '../shared/model.ts';
import { choosePlan } from '../shared/plan-ids.ts';
import { rowKey } from '../shared/keys.ts';
import { wantedPlan } from './state/current-plan.ts';
import type { Review } from '../shared/review.ts';
import {
  DB_NAME,
  SETTING_LEDGER,
  SETTING_REVISION,
  SETTING_SEED,
  SETTING_UNIT_ORDER,
} from './db/db-names.ts';

export interface EarlyRead {
  period: string;
  seedVersion: string | null;
  revision: number;
  /** The plan on screen (the one chosen, else the newest). */
  meta: PlanMeta;
  plans: PlanMeta[];
  /** Whether any task continues another (then the month's slice is the store's to read). */
  linked: boolean;
  tasks: Task[];
  units: Unit[];
  unitOrder: string[];
  resolutions: GroupResolution[];
  settings: Record<string, unknown> | null;
  /** The month's own reports. */
  reports: ProgressReport[];
  /** The newest report of every (task, unit) without a report of its own this month (maybe more). */
  latest: ProgressReport[];
  imports: ImportBatch[];
  entries: { unit: string; firstAt: string }[];
  reviews: Review[];
  attachments: Attachment[];
  /** All of them (an approved one moves a row's deadline in any later month). */
  extensions: ExtensionRequest[];
}

const STORES = [
  'settings',
  'plans',
  'taskLinks',
  'tasks',
  'units',
  'groupResolutions',
  'reports',
  'latest',
  'imports',
  'planEntries',
  'reviews',
  'attachments',
  'extensions',
] as const;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openExisting(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(name);
    } catch {
      resolve(null);
      return;
    }
    // No database yet: refuse to create one (Dexie will, with its schema).
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => {
      const db = req.result;
      // Another tab (or Dexie, later) upgrading: step aside at once.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

async function readAll(db: IDBDatabase, now: Date): Promise<EarlyRead | null> {
  if (STORES.some((s) => !db.objectStoreNames.contains(s))) return null;
  const tx = db.transaction([...STORES], 'readonly');
  const store = (name: (typeof STORES)[number]) => tx.objectStore(name);
  const setting = <T>(key: string) =>
    request(store('settings').get(key) as IDBRequest<{ value: T } | undefined>).then((row) => row?.value);
  const plans = (await request(store('plans').getAll() as IDBRequest<PlanMeta[]>)).sort(
    (a, b) => a.year - b.year || (a.id < b.id ? -1 : 1),
  );
  const meta = choosePlan(plans, wantedPlan());
  if (!meta || typeof meta.year !== 'number') return null;
  const period = defaultPeriod(now, meta.year);
  const byPeriod = <T>(name: 'reports' | 'imports' | 'reviews' | 'attachments') =>
    request(store(name).index('period').getAll(period) as IDBRequest<T[]>);
  const [
    seed,
    revision,
    unitOrder,
    settings,
    tasks,
    units,
    resolutions,
    latestCount,
    reports,
    imports,
    entries,
    links,
    reviews,
    attachments,
    extensions,
  ] = await Promise.all([
    setting<{ version?: string }>(SETTING_SEED),
    setting<number>(SETTING_REVISION),
    setting<string[]>(SETTING_UNIT_ORDER),
    setting<Record<string, unknown>>(SETTING_LEDGER),
    request(store('tasks').index('planId').getAll(meta.id) as IDBRequest<(Task & { planId?: string })[]>),
    request(store('units').getAll() as IDBRequest<Unit[]>),
    request(store('groupResolutions').getAll() as IDBRequest<GroupResolution[]>),
    request(store('latest').count()),
    byPeriod<ProgressReport>('reports'),
    byPeriod<ImportBatch>('imports'),
    request(
      store('planEntries').index('[planId+period]').getAll([meta.id, period]) as IDBRequest<
        { unit: string; firstAt: string }[]
      >,
    ),
    request(store('taskLinks').count()),
    byPeriod<Review>('reviews'),
    byPeriod<Attachment>('attachments'),
    request(store('extensions').getAll() as IDBRequest<ExtensionRequest[]>),
  ]);
  // Of every row's newest report, only what the month's own reports leave out. A month holds at
  // most one report per row (the reports' key is task × unit × month), and every row with any
  // report has its newest in `latest` (the store's commit, restore and upgrade keep it so), so a
  // month with as many reports as `latest` has rows leaves none out: nothing more to read.
  // Otherwise the keys say which rows lack a report: a month mostly filled in reads few of them,
  // a month just begun reads them all in one go. Only this plan's rows count (the table holds
  // every plan's).
  let latest: ProgressReport[] = [];
  if (reports.length !== latestCount) {
    const latestKeys = await request(store('latest').getAllKeys() as IDBRequest<IDBValidKey[]>);
    const planTasks = new Set(tasks.map((t) => t.id));
    const planKeys = latestKeys.filter((k) => planTasks.has((k as [string, string])[0]));
    const own = new Set(reports.map((r) => rowKey(r.taskId, r.unit)));
    const missing = planKeys.filter((k) => {
      const [taskId, unit] = k as [string, string];
      return !own.has(rowKey(taskId, unit));
    });
    latest =
      missing.length > planKeys.length / 2
        ? await request(store('latest').getAll() as IDBRequest<ProgressReport[]>)
        : (
            await Promise.all(
              missing.map((k) => request(store('latest').get(k) as IDBRequest<ProgressReport>)),
            )
          ).filter((r): r is ProgressReport => r !== undefined);
  }
  return {
    period,
    seedVersion: seed?.version ?? null,
    revision: typeof revision === 'number' ? revision : 0,
    meta,
    plans,
    linked: links > 0,
    tasks: tasks.map(({ planId: _planId, ...task }) => task),
    units,
    unitOrder: Array.isArray(unitOrder) ? unitOrder : [],
    resolutions,
    settings: settings ?? null,
    reports,
    latest,
    imports: imports.filter((b) => b.planId === meta.id),
    entries,
    reviews,
    attachments,
    extensions,
  };
}

/** Read the database `name` (the app's by default) for the month the grid opens on at `now`. */
export async function readEarly(name = DB_NAME, now = new Date()): Promise<EarlyRead | null> {
  if (typeof indexedDB === 'undefined') return null;
  const db = await openExisting(name);
  if (!db) return null;
  try {
    return await readAll(db, now);
  } catch (err) {
    console.warn('early read skipped', err);
    return null;
  } finally {
    db.close();
  }
}

/** The early read, started when this module is first evaluated (index.html loads it first). */
export const earlyRead: Promise<EarlyRead | null> = readEarly();

let taken = false;

/** The early read, once: whoever takes it owns it (a second caller gets null). */
export async function takeEarlyRead(): Promise<EarlyRead | null> {
  if (taken) return null;
  taken = true;
  return earlyRead;
}
