import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PlanDocument, Unit } from '../../shared/model.ts';
import planJson from '../../seeds/plan.json';
import unitsJson from '../../seeds/units.json';
import {
  countTasks,
  getPlanMeta,
  getSeedInfo,
  listTasks,
  listUnits,
  seedIfEmpty,
  seedVersion,
} from './repository.ts';
import { freshDbs } from './test-dbs.ts';

const plan = planJson as unknown as PlanDocument;
const units = unitsJson as unknown as Unit[];

const freshDb = freshDbs('taizhang-test');

describe('seedIfEmpty', () => {
  it('seeds the 134 tasks, the units and the plan metadata on first start', async () => {
    const db = freshDb();
    const result = await seedIfEmpty(db, plan, units, () => new Date('2021-03-01T08:00:00Z'));
    expect(result.outcome).toBe('seeded');
    expect(result.info).toMatchObject({ planId: plan.id, taskCount: 134, unitCount: units.length });
    expect(result.info.seededAt).toBe('2021-03-01T08:00:00.000Z');
    expect(await countTasks(db)).toBe(134);
    expect(await listUnits(db)).toHaveLength(units.length);
    const meta = await getPlanMeta(db);
    expect(meta?.title).toBe(plan.title);
    expect(meta && 'tasks' in meta).toBe(false);
    expect(await getSeedInfo(db)).toEqual(result.info);
  });

  it('is idempotent: seeding again (also concurrently) adds nothing', async () => {
    const db = freshDb();
    await seedIfEmpty(db, plan, units);
    const again = await Promise.all([seedIfEmpty(db, plan, units), seedIfEmpty(db, plan, units)]);
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await countTasks(db)).toBe(134);
    expect(await db.units.count()).toBe(units.length);
    expect(await db.settings.count()).toBe(2);
    expect(await db.plans.count()).toBe(1);
  });

  it('two concurrent first starts (StrictMode, two tabs) seed once', async () => {
    const db = freshDb();
    const results = await Promise.all([seedIfEmpty(db, plan, units), seedIfEmpty(db, plan, units)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['seeded', 'unchanged']);
    expect(await countTasks(db)).toBe(134);
  });

  it('upserts tasks when the seed files change, leaving reports alone', async () => {
    const db = freshDb();
    await seedIfEmpty(db, plan, units);
    await db.reports.put({
      taskId: 'air-01',
      unit: '区生态环境局',
      period: '2021-03',
      status: '推进中',
      percent: 20,
      progress: '已部署',
      problems: '',
      nextSteps: '',
      evidence: '',
      reporter: '',
      phone: '',
      filledOn: null,
      updatedAt: '2021-03-20T00:00:00Z',
      updatedBy: 'test',
    });
    const changed: PlanDocument = {
      ...plan,
      tasks: plan.tasks.map((t) => (t.id === 'air-01' ? { ...t, measures: t.measures + '（修订）' } : t)),
    };
    expect(seedVersion(changed, units)).not.toBe(seedVersion(plan, units));
    const result = await seedIfEmpty(db, changed, units);
    expect(result.outcome).toBe('updated');
    expect(await countTasks(db)).toBe(134);
    expect((await db.tasks.get('air-01'))?.measures).toMatch(/（修订）$/);
    expect(await db.reports.count()).toBe(1);
  });
});

describe('listTasks', () => {
  it('lists tasks in plan order 大气, 水, 土壤, then by number', async () => {
    const db = freshDb();
    await seedIfEmpty(db, plan, units);
    const ids = (await listTasks(db, plan.id)).map((t) => t.id);
    expect(ids).toHaveLength(134);
    expect(new Set(ids).size).toBe(134);
    expect(ids.slice(0, 3)).toEqual(['air-01', 'air-02', 'air-03']);
    expect(ids[55]).toBe('air-56');
    expect(ids[56]).toBe('water-01');
    expect(ids[99]).toBe('soil-01');
    expect(ids.at(-1)).toBe('soil-35');
  });

  it('finds reports by the compound and unit+period indexes', async () => {
    const db = freshDb();
    const base = {
      status: null,
      percent: null,
      progress: '',
      problems: '',
      nextSteps: '',
      evidence: '',
      reporter: '',
      phone: '',
      filledOn: null,
      updatedAt: '2021-03-20T00:00:00Z',
      updatedBy: 'test',
    };
    await db.reports.bulkPut([
      { ...base, taskId: 'air-01', unit: '区生态环境局', period: '2021-03' },
      { ...base, taskId: 'air-01', unit: '区生态环境局', period: '2021-04' },
      { ...base, taskId: 'air-02', unit: '永顺镇', period: '2021-03' },
    ]);
    expect(await db.reports.get(['air-01', '区生态环境局', '2021-04'])).toBeDefined();
    expect(await db.reports.where('[unit+period]').equals(['区生态环境局', '2021-03']).count()).toBe(1);
    expect(await db.reports.where('period').equals('2021-03').count()).toBe(2);
  });
});

describe('listUnits', () => {
  it('lists units in registry order, not the table order by name', async () => {
    const db = freshDb();
    await seedIfEmpty(db, plan, units);
    expect((await listUnits(db)).map((u) => u.name)).toEqual(units.map((u) => u.name));
  });
});
