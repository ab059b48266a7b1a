// Assignments: who owes a report on what. One row per (task, concrete unit) with the unit's role,
// group words expanded (各街道乡镇 → 22 streets and towns, 全区各部门 → every district body) and vague
// groups counted only where a coordinator resolved them. The coordinator's grid, the district summary,
// the dashboard and the reminder list all start from these rows.

import type { GroupResolution, Task, Unit } from './model.ts';
import { tasksForUnit, UnitIndex, type GroupResolutions, type UnitRole } from './registry.ts';

export interface Assignment {
  task: Task;
  unit: string;
  role: UnitRole;
  /** The name on the task that brings the unit in: itself or a group word. */
  via: string;
}

/** GroupResolution records → the look-up tasksForUnit takes. */
export function resolutionMap(list: readonly GroupResolution[]): GroupResolutions {
  const map = new Map<string, Map<string, string[]>>();
  for (const r of list) {
    const byGroup = map.get(r.taskId) ?? new Map<string, string[]>();
    byGroup.set(r.group, [...r.units]);
    map.set(r.taskId, byGroup);
  }
  return map;
}

/** Every (task, unit) pair, in task order then registry order of units. */
export function allAssignments(
  tasks: readonly Task[],
  units: readonly Unit[],
  resolutions: readonly GroupResolution[] = [],
): Assignment[] {
  const index = new UnitIndex(units);
  const resolved = resolutionMap(resolutions);
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  const unitOrder = new Map(units.map((u, i) => [u.name, i]));
  const out: Assignment[] = [];
  for (const u of units) {
    if (u.kind === 'group') continue;
    for (const x of tasksForUnit(tasks, index, u.name, resolved))
      out.push({ task: x.task, unit: u.name, role: x.role, via: x.via });
  }
  return out.sort(
    (a, b) =>
      (order.get(a.task.id) as number) - (order.get(b.task.id) as number) ||
      (unitOrder.get(a.unit) as number) - (unitOrder.get(b.unit) as number),
  );
}

/** Vague groups named on a task that no coordinator has resolved yet. */
export function unresolvedGroups(
  task: Task,
  units: readonly Unit[],
  resolutions: readonly GroupResolution[],
): string[] {
  const vague = new Set(units.filter((u) => u.kind === 'group' && u.vague).map((u) => u.name));
  return [...task.leadUnits, ...task.coUnits].filter(
    (n) => vague.has(n) && !resolutions.some((r) => r.taskId === task.id && r.group === n),
  );
}

/** One unit's assignments (its tasks with its role), in task order. */
export function assignmentsOfUnit(
  tasks: readonly Task[],
  units: UnitIndex,
  unit: string,
  resolutions: readonly GroupResolution[] = [],
): Assignment[] {
  return tasksForUnit(tasks, units, unit, resolutionMap(resolutions)).map((x) => ({
    task: x.task,
    unit,
    role: x.role,
    via: x.via,
  }));
}

/** The units that have at least one assignment, in registry order. */
export function unitsInOrder(
  units: readonly Unit[],
  assignments: readonly Pick<Assignment, 'unit'>[],
): string[] {
  const busy = new Set(assignments.map((a) => a.unit));
  return units.filter((u) => busy.has(u.name)).map((u) => u.name);
}
