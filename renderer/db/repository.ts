// Repository functions over the local database: the only code that talks to Dexie. Components use
// the hooks in renderer/hooks/, which call these; nothing else imports the db tables.
import type { PlanDocument, Task, Unit } from '../../shared/model.ts';
import { sortTasks } from '../../shared/task-view.ts';
import {
  SETTING_PLAN,
  SETTING_SEED,
  type PlanMeta,
  type SeedInfo,
  type SettingRow,
  type TaizhangDB,
} from './schema.ts';

/** A short, stable fingerprint of the seed content (FNV-1a, 32 bit): changes when the seeds change. */
export function seedVersion(plan: PlanDocument, units: readonly Unit[]): string {
  const text = JSON.stringify([plan, units]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${plan.id}@${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

export interface SeedResult {
  /** 'seeded': first start; 'updated': the seed files changed since; 'unchanged': nothing to do. */
  outcome: 'seeded' | 'updated' | 'unchanged';
  info: SeedInfo;
}

/**
 * Put the plan's tasks, the unit registry and the plan metadata into the database, once.
 * Idempotent: a seed row records the seed version; calling again (a reload, React StrictMode's double
 * effect, two tabs) changes nothing. When the seed files change, tasks and units are upserted — reports,
 * audit and imports are user data and are never touched here. Runs in one read-write transaction so
 * concurrent callers are serialised.
 */
export async function seedIfEmpty(
  db: TaizhangDB,
  plan: PlanDocument,
  units: readonly Unit[],
  now: () => Date = () => new Date(),
): Promise<SeedResult> {
  const version = seedVersion(plan, units);
  return db.transaction('rw', db.tasks, db.units, db.settings, async () => {
    const existing = (await db.settings.get(SETTING_SEED)) as SettingRow<SeedInfo> | undefined;
    if (existing && existing.value.version === version) return { outcome: 'unchanged', info: existing.value };
    const { tasks, ...meta } = plan;
    await db.tasks.bulkPut(tasks);
    await db.units.bulkPut([...units]);
    const info: SeedInfo = {
      version,
      planId: plan.id,
      taskCount: tasks.length,
      unitCount: units.length,
      seededAt: now().toISOString(),
    };
    await db.settings.put({ key: SETTING_PLAN, value: meta satisfies PlanMeta });
    await db.settings.put({ key: SETTING_SEED, value: info });
    return { outcome: existing ? 'updated' : 'seeded', info };
  });
}

/** All tasks in plan order (大气, 水, 土壤, then number). */
export async function listTasks(db: TaizhangDB): Promise<Task[]> {
  return sortTasks(await db.tasks.toArray());
}

export async function countTasks(db: TaizhangDB): Promise<number> {
  return db.tasks.count();
}

export async function listUnits(db: TaizhangDB): Promise<Unit[]> {
  return db.units.toArray();
}

export async function getPlanMeta(db: TaizhangDB): Promise<PlanMeta | null> {
  const row = (await db.settings.get(SETTING_PLAN)) as SettingRow<PlanMeta> | undefined;
  return row?.value ?? null;
}

export async function getSeedInfo(db: TaizhangDB): Promise<SeedInfo | null> {
  const row = (await db.settings.get(SETTING_SEED)) as SettingRow<SeedInfo> | undefined;
  return row?.value ?? null;
}
