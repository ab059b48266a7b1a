// Applies a merge plan to the ledger's values for one unit and period — pure and deterministic:
// no clock, no ids, inputs never mutated; the caller wraps the result in its one transaction and
// writes the audit entries (`changes` is in plan order and carries old → new per field).
//
// Safety: every update and every "take theirs" is applied only if the ledger still holds the
// value the plan was made against; otherwise it is reported in `stale` and skipped (plan again).
// Conflicts without a resolution stay unapplied and are returned in `unresolved`. A resolution
// with an edited value is validated like a typed value (status from the list, percent 0–100,
// date YYYY-MM-DD); an invalid one is reported and nothing is applied for that field.
//
// Two files for the same unit and period: plan the second against `next` of the first.

import { emptyProgress, isStatus, type ProgressField, type ProgressFields } from '../model.ts';
import {
  fieldKey,
  type FieldConflict,
  type FieldKey,
  type FieldValue,
  type MergePlan,
} from './plan-merge.ts';

export type Resolution = 'ours' | 'theirs' | { value: FieldValue };

export interface AppliedChange {
  taskId: string;
  field: ProgressField;
  old: FieldValue;
  new: FieldValue;
  /** `update`: taken from the file; `theirs`/`edit`: a resolved conflict. */
  via: 'update' | 'theirs' | 'edit';
}

export interface StaleChange {
  taskId: string;
  field: ProgressField;
  expected: FieldValue;
  actual: FieldValue;
}

export interface ApplyResult {
  /** All of `ours`, with changed tasks replaced by new objects. */
  next: Map<string, ProgressFields | undefined>;
  changes: AppliedChange[];
  /** Task ids whose values changed, in first-change order (for before-images). */
  touched: string[];
  unresolved: FieldConflict[];
  stale: StaleChange[];
  invalidResolutions: { key: FieldKey; message: string }[];
}

/** Whether a value may be stored in a field (used for edited resolutions). */
export function validFieldValue(field: ProgressField, value: unknown): string | null {
  switch (field) {
    case 'status':
      return value === null || isStatus(value) ? null : '完成状态无效';
    case 'percent':
      return value === null ||
        (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100)
        ? null
        : '完成比例应为0到100之间的数字';
    case 'filledOn': {
      if (value === null) return null;
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return '填报日期应为 YYYY-MM-DD';
      const d = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? null : '填报日期无效';
    }
    default:
      return typeof value === 'string' ? null : '应为文本';
  }
}

export function applyMergePlan(
  ours: ReadonlyMap<string, ProgressFields | undefined>,
  plan: MergePlan,
  resolutions: ReadonlyMap<FieldKey, Resolution> = new Map(),
): ApplyResult {
  const result: ApplyResult = {
    next: new Map(ours),
    changes: [],
    touched: [],
    unresolved: [],
    stale: [],
    invalidResolutions: [],
  };
  if (plan.rejection || plan.alreadyImported) return result;

  const working = new Map<string, ProgressFields>();
  const current = (taskId: string): ProgressFields =>
    working.get(taskId) ?? ours.get(taskId) ?? emptyProgress();
  const set = (taskId: string, field: ProgressField, value: FieldValue, via: AppliedChange['via']): void => {
    const row = { ...current(taskId) };
    const old = row[field];
    if (old === value) return;
    (row as Record<ProgressField, FieldValue>)[field] = value;
    working.set(taskId, row);
    if (!result.touched.includes(taskId)) result.touched.push(taskId);
    result.changes.push({ taskId, field, old, new: value, via });
  };

  for (const u of plan.updates) {
    const actual = current(u.taskId)[u.field];
    if (actual !== u.from) {
      result.stale.push({ taskId: u.taskId, field: u.field, expected: u.from, actual });
      continue;
    }
    set(u.taskId, u.field, u.to, 'update');
  }

  for (const c of plan.conflicts) {
    const key = fieldKey(c.taskId, c.field);
    const resolution = resolutions.get(key);
    if (resolution === undefined) {
      result.unresolved.push(c);
      continue;
    }
    if (resolution === 'ours') continue;
    const actual = current(c.taskId)[c.field];
    if (actual !== c.ours) {
      result.stale.push({ taskId: c.taskId, field: c.field, expected: c.ours, actual });
      continue;
    }
    if (resolution === 'theirs') {
      set(c.taskId, c.field, c.theirs, 'theirs');
      continue;
    }
    const problem = validFieldValue(c.field, resolution.value);
    if (problem) {
      result.invalidResolutions.push({ key, message: problem });
      continue;
    }
    set(c.taskId, c.field, resolution.value, 'edit');
  }

  for (const [taskId, row] of working) result.next.set(taskId, row);
  return result;
}
