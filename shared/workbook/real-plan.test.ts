// The real plan (seeds/plan.json, 134 tasks) through the round trip: export 永乐店镇's workbook
// with the registry's task list, read it back, plan a merge — zero changes, zero warnings (the
// full measures texts survive the trip unchanged).
import { describe, expect, it } from 'vitest';
import planJson from '../../seeds/plan.json';
import type { PlanDocument, ProgressFields } from '../model.ts';
import { planMerge } from '../merge/plan-merge.ts';
import { identifyReturn } from '../file-identity.ts';
import { UNIT_REGISTRY, UnitIndex, tasksForUnit } from '../registry.ts';
import { exportReturnWorkbook } from './export-workbook.ts';
import { readReturnWorkbook } from './read-workbook.ts';
import { editWorkbook, fields, rowOf } from './test-helpers.ts';

const plan = planJson as unknown as PlanDocument;

describe('real plan: 永乐店镇', () => {
  it('exports, reads back and re-merges with zero changes; a clerk edit becomes one update', async () => {
    const unitTasks = tasksForUnit(plan.tasks, new UnitIndex(UNIT_REGISTRY), '永乐店镇');
    expect(unitTasks.length).toBeGreaterThan(50);
    const t0 = performance.now();
    const bytes = await exportReturnWorkbook({
      plan,
      unit: '永乐店镇',
      period: '2021-03',
      exportId: 'exp-real',
      exportedAt: '2021-03-01T08:00:00.000Z',
      rows: unitTasks.map(({ task, role }) => ({ task, role, base: fields() })),
    });
    const t1 = performance.now();
    const file = await readReturnWorkbook(bytes, { fileName: '永乐店镇_2021年03月_进展填报.xlsx' });
    const t2 = performance.now();
    console.log(
      `永乐店镇: ${unitTasks.length} rows, export ${(t1 - t0).toFixed(0)} ms, read ${(t2 - t1).toFixed(0)} ms, ${bytes.length} bytes`,
    );
    expect(file.errors).toEqual([]);
    expect(file.rows.map((r) => r.taskId)).toEqual(unitTasks.map((u) => u.task.id));

    const input = {
      expected: { unit: '永乐店镇', period: '2021-03', planId: plan.id },
      unitTaskIds: new Set(unitTasks.map((u) => u.task.id)),
      ours: new Map<string, ProgressFields | undefined>(),
      tasks: new Map(plan.tasks.map((t) => [t.id, t])),
      knownHashes: new Set<string>(),
    };
    const p = planMerge({ ...input, file, identity: identifyReturn(file, new UnitIndex(UNIT_REGISTRY)) });
    expect(p.warnings).toEqual([]);
    expect(p.counts).toEqual({ updated: 0, unchanged: unitTasks.length, conflicts: 0, rejected: 0 });

    const first = unitTasks[0]!.task.id;
    const edited = await editWorkbook(bytes, (_wb, ws) => {
      ws.getCell(rowOf(ws, first), 10).value = '推进中';
    });
    const file2 = await readReturnWorkbook(edited);
    const p2 = planMerge({
      ...input,
      file: file2,
      identity: identifyReturn(file2, new UnitIndex(UNIT_REGISTRY)),
    });
    expect(p2.updates).toEqual([{ taskId: first, field: 'status', from: null, to: '推进中' }]);
  });
});
