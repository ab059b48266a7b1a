// Repository functions over the local database: the only code that talks to Dexie. Components use
// the hooks in renderer/hooks/, which call these; nothing else imports the db tables.
import { UNIT_KINDS, type PlanDocument, type Task, type Unit } from '../../shared/model.ts';
import { seedVersion } from '../../shared/seed-version.ts';
import { sortTasks } from '../../shared/task-view.ts';
import { choosePlan } from '../../shared/plan-ids.ts';
import {
  SETTING_SEED,
  SETTING_UNIT_ORDER,
  type PlanMeta,
  type SeedInfo,
  type SettingRow,
  type TaizhangDB,
} from './schema.ts';

export { seedVersion } from '../../shared/seed-version.ts';

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
  return db.transaction('rw', [db.plans, db.tasks, db.units, db.settings], async () => {
    const existing = (await db.settings.get(SETTING_SEED)) as SettingRow<SeedInfo> | undefined;
    if (existing && existing.value.version === version) return { outcome: 'unchanged', info: existing.value };
    // The seeded plan is the ledger's first: its task ids are bare (shared/plan-ids.ts).
    const { tasks, ...meta } = plan;
    await db.plans.put({ ...meta, bareIds: true } satisfies PlanMeta);
    await db.tasks.bulkPut(tasks.map((t) => ({ ...t, planId: plan.id })));
    await db.units.bulkPut([...units]);
    const info: SeedInfo = {
      version,
      planId: plan.id,
      taskCount: tasks.length,
      unitCount: units.length,
      seededAt: now().toISOString(),
    };
    await db.settings.put({ key: SETTING_UNIT_ORDER, value: units.map((u) => u.name) });
    await db.settings.put({ key: SETTING_SEED, value: info });
    return { outcome: existing ? 'updated' : 'seeded', info };
  });
}

/** A plan's tasks in plan order (大气, 水, 土壤, then number). */
export async function listTasks(db: TaizhangDB, planId: string): Promise<Task[]> {
  return sortTasks(
    (await db.tasks.where('planId').equals(planId).toArray()).map(({ planId: _p, ...task }) => task),
  );
}

export async function countTasks(db: TaizhangDB): Promise<number> {
  return db.tasks.count();
}

/** Units in registry order (district, city, streets and towns, groups), as the seed listed them. */
export async function listUnits(db: TaizhangDB): Promise<Unit[]> {
  const [units, order] = await Promise.all([db.units.toArray(), db.settings.get(SETTING_UNIT_ORDER)]);
  return orderUnits(units, (order?.value as string[] | undefined) ?? []);
}

const KIND_ORDER: readonly Unit['kind'][] = UNIT_KINDS;

/** Sort units by a list of names; names not in it follow, by kind (streets and towns together). */
export function orderUnits(units: readonly Unit[], order: readonly string[]): Unit[] {
  const pos = new Map(order.map((n, i) => [n, i]));
  const rank = (u: Unit) =>
    pos.get(u.name) ?? order.length + Math.min(KIND_ORDER.indexOf(u.kind), 2) + (u.kind === 'group' ? 1 : 0);
  return [...units].sort((a, b) => rank(a) - rank(b));
}

/** The plans the database holds, or a chosen one (else the newest); null if not seeded. */
export async function getPlanMeta(db: TaizhangDB, wanted?: string | null): Promise<PlanMeta | null> {
  return choosePlan(await db.plans.toArray(), wanted) ?? null;
}

export async function getSeedInfo(db: TaizhangDB): Promise<SeedInfo | null> {
  const row = (await db.settings.get(SETTING_SEED)) as SettingRow<SeedInfo> | undefined;
  return row?.value ?? null;
}
