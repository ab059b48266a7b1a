import { useLiveQuery } from 'dexie-react-hooks';
import type { Task } from '../../shared/model.ts';
import { appStore } from '../db/index.ts';

/** All tasks in plan order; `undefined` while the first query is loading. */
export function useTasks(): Task[] | undefined {
  return useLiveQuery(() => appStore.tasks(), []);
}
