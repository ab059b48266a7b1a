import { useMemo } from 'react';
import { taskRowView, type TaskRowView } from '../../shared/task-view.ts';
import { useTasks } from './useTasks.ts';

/** Grid rows (display strings) for all tasks; `undefined` while loading. */
export function useTaskRows(): TaskRowView[] | undefined {
  const tasks = useTasks();
  return useMemo(() => tasks?.map(taskRowView), [tasks]);
}
