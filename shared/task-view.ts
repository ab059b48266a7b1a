// How a task is shown in the grid: pure functions from the domain model to display strings and
// ordering. No React, no Dexie; used by the renderer and testable in Node.
import { PLAN_IDS, planName, taskLabel, type Task } from './model.ts';

/** Separator Chinese documents use between names in one cell. */
export const NAME_SEPARATOR = '、';

export function joinNames(names: readonly string[]): string {
  return names.join(NAME_SEPARATOR);
}

/** Plan order (大气, 水, 土壤), then task number. */
export function compareTasks(a: Task, b: Task): number {
  const byPlan = PLAN_IDS.indexOf(a.plan) - PLAN_IDS.indexOf(b.plan);
  return byPlan !== 0 ? byPlan : a.no - b.no;
}

export function sortTasks(tasks: readonly Task[]): Task[] {
  return [...tasks].sort(compareTasks);
}

/** One grid row: every column already as the text to display. */
export interface TaskRowView {
  id: string;
  /** `大气-03`. */
  label: string;
  /** `大气`. */
  planName: string;
  section: string;
  keyTask: string;
  keyTaskInherited: boolean;
  measures: string;
  deadline: string;
  leaders: string;
  leadUnits: string;
  coUnits: string;
}

export function taskRowView(task: Task): TaskRowView {
  return {
    id: task.id,
    label: taskLabel(task.id),
    planName: planName(task.plan),
    section: task.section,
    keyTask: task.keyTask,
    keyTaskInherited: task.keyTaskInherited,
    measures: task.measures,
    deadline: task.deadline.raw,
    leaders: joinNames(task.leaders),
    leadUnits: joinNames(task.leadUnits),
    coUnits: joinNames(task.coUnits),
  };
}

/** `共 134 项任务`. */
export function taskCountText(count: number): string {
  return `共 ${count} 项任务`;
}
