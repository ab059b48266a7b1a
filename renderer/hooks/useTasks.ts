import { useLiveQuery } from 'dexie-react-hooks';
import type { Task } from '../../shared/model.ts';
import { appDb } from '../db/index.ts';
import { listTasks } from '../db/repository.ts';

/** All tasks in plan order; `undefined` while the first query is loading. */
export function useTasks(): Task[] | undefined {
  return useLiveQuery(() => listTasks(appDb), []);
}
