import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { emptyProgress, type AuditEntry, type ProgressReport } from '../../shared/model.ts';
import planJson from '../../seeds/plan.json';
import { openDb, SCHEMA_V1 } from './schema.ts';

describe('schema v1 → v2', () => {
  it('keeps every row of a v1 database and makes the new table and indexes usable', async () => {
    const name = 'taizhang-upgrade-test';
    // A v1 database with data, opened with only the v1 schema (as a user of the first release had it).
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const tasks = planJson.tasks.slice(0, 5);
    const report: ProgressReport = {
      ...emptyProgress(),
      taskId: 'air-01',
      unit: '永乐店镇',
      period: '2021-03',
      status: '推进中',
      percent: 40,
      progress: '已部署',
      updatedAt: '2021-03-20T08:00:00.000Z',
      updatedBy: '张三',
    };
    const audit: AuditEntry = {
      id: 'a1',
      at: '2021-03-20T08:00:00.000Z',
      who: '张三',
      source: 'edit',
      taskId: 'air-01',
      unit: '永乐店镇',
      period: '2021-03',
      field: 'percent',
      old: null,
      new: 40,
    };
    await v1.table('tasks').bulkAdd(tasks);
    await v1.table('reports').bulkAdd([report, { ...report, period: '2021-04', percent: 60 }]);
    await v1.table('audit').add(audit);
    await v1
      .table('settings')
      .put({ key: 'profile', value: { name: '张三', mode: 'coordinator', unit: null } });
    expect(v1.verno).toBe(1);
    v1.close();

    const db = openDb(name);
    await db.open();
    try {
      expect(db.verno).toBe(2);
      expect(await db.tasks.toArray()).toEqual(tasks);
      expect(await db.reports.get(['air-01', '永乐店镇', '2021-03'])).toEqual(report);
      expect(await db.reports.count()).toBe(2);
      expect(await db.audit.get('a1')).toEqual(audit);
      expect((await db.settings.get('profile'))?.value).toMatchObject({ name: '张三' });
      // New indexes answer over the old rows.
      expect(await db.audit.where('[unit+period]').equals(['永乐店镇', '2021-03']).count()).toBe(1);
      expect(await db.audit.where('at').above('2021-01-01').count()).toBe(1);
      // The new table works.
      await db.groupResolutions.put({
        taskId: 'air-05',
        group: '相关部门',
        units: ['区交通局'],
        resolvedBy: '李四',
        resolvedAt: '2021-03-21T00:00:00.000Z',
      });
      expect((await db.groupResolutions.get(['air-05', '相关部门']))?.units).toEqual(['区交通局']);
      await db.imports.add({
        id: 'b1',
        fileName: 'x.xlsx',
        sha256: 'f'.repeat(64),
        unit: '永乐店镇',
        period: '2021-03',
        exportId: null,
        importedAt: '2021-03-22T00:00:00.000Z',
        importedBy: '李四',
        counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
        before: [],
      });
      expect(await db.imports.where('sha256').equals('f'.repeat(64)).count()).toBe(1);
      expect(await db.imports.where('[unit+period]').equals(['永乐店镇', '2021-03']).count()).toBe(1);
    } finally {
      db.close();
      await db.delete();
    }
  });
});
