import { describe, expect, it } from 'vitest';
import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import { allAssignments, unresolvedGroups } from './assignments.ts';
import type { Task, Unit } from './model.ts';

const tasks = plan.tasks as Task[];
const registry = units as Unit[];

describe('assignments', () => {
  const rows = allAssignments(tasks, registry);

  it('expands groups: every street and town owes air-02 as lead', () => {
    const air2 = rows.filter((r) => r.task.id === 'air-02');
    expect(air2).toHaveLength(22);
    expect(air2.every((r) => r.role === '主责' && r.via === '各街道乡镇')).toBe(true);
  });

  it('air-01: the lead, every district body and every street/town', () => {
    const air1 = rows.filter((r) => r.task.id === 'air-01');
    expect(air1.filter((r) => r.role === '主责').map((r) => r.unit)).toEqual(['区生态环境局']);
    expect(air1).toHaveLength(1 + 26 + 22);
  });

  it('has no duplicate pair and is in task order', () => {
    const keys = rows.map((r) => `${r.task.id}|${r.unit}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = [...new Set(rows.map((r) => r.task.id))];
    expect(ids).toEqual(tasks.map((t) => t.id).filter((id) => ids.includes(id)));
  });

  it('a vague group counts once resolved', () => {
    const before = rows.filter((r) => r.task.id === 'air-51').map((r) => r.unit);
    expect(before).not.toContain('区教委');
    const resolution = {
      taskId: 'air-51',
      group: '相关部门',
      units: ['区教委'],
      resolvedBy: 'x',
      resolvedAt: 't',
    };
    const air51 = tasks.find((t) => t.id === 'air-51')!;
    expect(unresolvedGroups(air51, registry, [])).toEqual(['相关部门']);
    expect(unresolvedGroups(air51, registry, [resolution])).toEqual([]);
    const after = allAssignments(tasks, registry, [resolution]).filter((r) => r.task.id === 'air-51');
    expect(after.find((r) => r.unit === '区教委')).toMatchObject({ role: '主责', via: '相关部门' });
  });
});
