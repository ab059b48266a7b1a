import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DBCore, DBCoreQueryRequest, DBCoreGetManyRequest } from 'dexie';
import { emptyProgress, type ProgressReport } from '../../shared/model.ts';
import { revertValues, type UndoStep } from '../../shared/undo-stack.ts';
import {
  applyFieldChanges,
  applyGuardedChanges,
  listRowAudit,
  listUnitPeriodAudit,
  loadCarriedForward,
  loadPeriodReports,
} from './progress-repo.ts';
import type { TaizhangDB } from './schema.ts';
import { freshDbs } from './test-dbs.ts';

const freshDb = freshDbs('taizhang-progress');

const report = (
  taskId: string,
  unit: string,
  period: string,
  over: Partial<ProgressReport> = {},
): ProgressReport => ({
  ...emptyProgress(),
  taskId,
  unit,
  period,
  updatedAt: `${period}-20T00:00:00.000Z`,
  updatedBy: '旧',
  ...over,
});

describe('applyFieldChanges', () => {
  it('creates the period report from the carried-forward values on first edit, and audits it', async () => {
    const db = freshDb();
    await db.reports.bulkAdd([
      report('air-01', '永乐店镇', '2021-01', { status: '未启动', percent: 0 }),
      report('air-01', '永乐店镇', '2021-02', {
        status: '推进中',
        percent: 30,
        progress: '已部署',
        reporter: '王五',
        filledOn: '2021-02-25',
      }),
    ]);
    const applied = await applyFieldChanges(
      db,
      [{ taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: 50 }],
      { who: '张三', source: 'edit', at: '2021-03-10T01:00:00.000Z' },
    );
    expect(applied).toEqual([
      { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', old: 30, new: 50 },
    ]);
    const created = await db.reports.get(['air-01', '永乐店镇', '2021-03']);
    expect(created).toMatchObject({
      status: '推进中',
      percent: 50,
      progress: '已部署',
      reporter: '王五',
      filledOn: null,
      updatedBy: '张三',
      updatedAt: '2021-03-10T01:00:00.000Z',
    });
    // The earlier period is untouched.
    expect((await db.reports.get(['air-01', '永乐店镇', '2021-02']))?.percent).toBe(30);
    const audit = await listRowAudit(db, 'air-01', '永乐店镇');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      who: '张三',
      source: 'edit',
      field: 'percent',
      old: 30,
      new: 50,
      period: '2021-03',
    });
    expect(await listUnitPeriodAudit(db, '永乐店镇', '2021-03')).toHaveLength(1);
  });

  it('skips values that do not change, and writes a paste as one transaction of several fields', async () => {
    const db = freshDb();
    const applied = await applyFieldChanges(
      db,
      [
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'status', value: '推进中' },
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: null },
        { taskId: 'air-02', unit: '永乐店镇', period: '2021-03', field: 'progress', value: '已完成摸排' },
      ],
      { who: '张三', source: 'paste' },
    );
    expect(applied.map((c) => [c.taskId, c.field, c.old, c.new])).toEqual([
      ['air-01', 'status', null, '推进中'],
      ['air-02', 'progress', '', '已完成摸排'],
    ]);
    expect(await db.reports.count()).toBe(2);
    expect((await db.audit.toArray()).every((e) => e.source === 'paste')).toBe(true);
  });

  it('undo writes the old values back, audited as undo', async () => {
    const db = freshDb();
    const changes = await applyFieldChanges(
      db,
      [
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'status', value: '推进中' },
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: 40 },
      ],
      { who: '张三', source: 'paste', at: '2021-03-10T01:00:00.000Z' },
    );
    const step: UndoStep = { kind: 'paste', changes };
    const reverted = await applyFieldChanges(
      db,
      revertValues(step).map(({ change, value }) => ({ ...change, value })),
      { who: '张三', source: 'undo', at: '2021-03-10T01:00:01.000Z' },
    );
    expect(reverted.map((c) => [c.field, c.old, c.new])).toEqual([
      ['percent', 40, null],
      ['status', '推进中', null],
    ]);
    expect(await db.reports.get(['air-01', '永乐店镇', '2021-03'])).toMatchObject({
      status: null,
      percent: null,
    });
    const audit = await listRowAudit(db, 'air-01', '永乐店镇');
    expect(audit.map((e) => e.source)).toEqual(['undo', 'undo', 'paste', 'paste']);
  });
});

describe('period reads', () => {
  /** Counts the rows every query and getMany hands back, per table. */
  function countReads(db: TaizhangDB): { rows: number; requests: string[] } {
    const stats = { rows: 0, requests: [] as string[] };
    db.use({
      stack: 'dbcore',
      name: 'count-reads',
      create(down: DBCore): DBCore {
        return {
          ...down,
          table(name) {
            const t = down.table(name);
            if (name !== 'reports') return t;
            return {
              ...t,
              async query(req: DBCoreQueryRequest) {
                const res = await t.query(req);
                stats.requests.push(
                  `query:${req.query.index.name || 'primary'}:${req.values ? 'values' : 'keys'}`,
                );
                if (req.values) stats.rows += res.result.length;
                return res;
              },
              async getMany(req: DBCoreGetManyRequest) {
                const res = await t.getMany(req);
                stats.requests.push('getMany');
                stats.rows += res.filter((r) => r !== undefined).length;
                return res;
              },
            };
          },
        };
      },
    });
    return stats;
  }

  async function seedPeriods(db: TaizhangDB): Promise<void> {
    const rows: ProgressReport[] = [];
    for (let m = 1; m <= 6; m++) {
      const period = `2021-0${m}`;
      for (let t = 1; t <= 20; t++)
        for (const unit of ['永乐店镇', '西集镇', '区水务局'])
          rows.push(report(`air-${String(t).padStart(2, '0')}`, unit, period, { percent: m * 10 }));
    }
    // air-99 at 永乐店镇 last reported in January.
    rows.push(report('air-99', '永乐店镇', '2021-01', { percent: 5 }));
    await db.reports.bulkAdd(rows);
  }

  it("loads only the chosen period's reports (all units, or one unit)", async () => {
    const db = freshDb();
    const stats = countReads(db);
    await seedPeriods(db);
    stats.requests.length = 0;
    const all = await loadPeriodReports(db, '2021-03');
    expect(all).toHaveLength(60);
    expect(all.every((r) => r.period === '2021-03')).toBe(true);
    expect(stats.rows).toBe(60);
    const one = await loadPeriodReports(db, '2021-03', '永乐店镇');
    expect(one).toHaveLength(20);
    expect(one.every((r) => r.unit === '永乐店镇' && r.period === '2021-03')).toBe(true);
    expect(stats.rows).toBe(80);
  });

  it('carry-forward reads keys of earlier periods and fetches one latest report per (task, unit)', async () => {
    const db = freshDb();
    const stats = countReads(db);
    await seedPeriods(db);
    stats.requests.length = 0;
    const prev = await loadCarriedForward(db, '2021-04');
    expect(prev).toHaveLength(61);
    expect(prev.filter((r) => r.taskId !== 'air-99').every((r) => r.period === '2021-03')).toBe(true);
    expect(prev.find((r) => r.taskId === 'air-99')?.period).toBe('2021-01');
    // Only primary keys are scanned; values fetched are exactly the 61 needed.
    expect(stats.requests).toEqual(['query:period:keys', 'getMany']);
    expect(stats.rows).toBe(61);
    const unitPrev = await loadCarriedForward(db, '2021-04', '永乐店镇');
    expect(unitPrev).toHaveLength(21);
    expect(unitPrev.every((r) => r.unit === '永乐店镇')).toBe(true);
  });

  it('with the rows wanted, walks back a period at a time and stops once every row is found', async () => {
    const db = freshDb();
    const stats = countReads(db);
    await seedPeriods(db);
    const wanted = new Set<string>();
    for (let t = 1; t <= 20; t++)
      for (const unit of ['永乐店镇', '西集镇', '区水务局'])
        wanted.add(`air-${String(t).padStart(2, '0')}|${unit}`);
    stats.requests.length = 0;
    stats.rows = 0;
    const dense = await loadCarriedForward(db, '2021-06', undefined, wanted);
    expect(dense).toHaveLength(60);
    expect(dense.every((r) => r.period === '2021-05')).toBe(true);
    // one period's rows (the distinct periods come from a key cursor): not the keys of every earlier report
    expect(stats.requests).toEqual(['query:period:values']);
    expect(stats.rows).toBe(60);

    // a row last reported long ago is found by the key scan after a few periods' walk
    const sparse = await loadCarriedForward(
      db,
      '2021-06',
      undefined,
      new Set([...wanted, 'air-99|永乐店镇']),
    );
    expect(sparse).toHaveLength(61);
    expect(sparse.find((r) => r.taskId === 'air-99')?.period).toBe('2021-01');
    const key = (r: ProgressReport) => `${r.taskId}|${r.unit}|${r.period}`;
    expect(sparse.map(key).sort()).toEqual((await loadCarriedForward(db, '2021-06')).map(key).sort());
    const unitOnly = await loadCarriedForward(
      db,
      '2021-06',
      '永乐店镇',
      new Set(['air-99|永乐店镇', 'air-01|永乐店镇']),
    );
    expect(unitOnly.map(key).sort()).toEqual(['air-01|永乐店镇|2021-05', 'air-99|永乐店镇|2021-01']);
  });
});

describe('applyGuardedChanges (undo/redo)', () => {
  it('reverts fields still holding the step value and leaves fields changed since', async () => {
    const db = freshDb();
    const changes = await applyFieldChanges(
      db,
      [
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'status', value: '推进中' },
        { taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: 40 },
      ],
      { who: '张三', source: 'paste' },
    );
    // An import changes the percent afterwards.
    await applyFieldChanges(
      db,
      [{ taskId: 'air-01', unit: '永乐店镇', period: '2021-03', field: 'percent', value: 55 }],
      { who: '导入', source: 'import:b1' },
    );
    const { applied, skipped } = await applyGuardedChanges(
      db,
      revertValues({ kind: 'paste', changes }).map(({ change, value }) => ({
        ...change,
        value,
        expected: change.new,
      })),
      { who: '张三', source: 'undo' },
    );
    expect(applied.map((c) => [c.field, c.old, c.new])).toEqual([['status', '推进中', null]]);
    expect(skipped.map((w) => w.field)).toEqual(['percent']);
    expect(await db.reports.get(['air-01', '永乐店镇', '2021-03'])).toMatchObject({
      status: null,
      percent: 55,
    });
  });
});
