// Plans several returned workbooks in the order the user sees them, each against the state the
// files before it leave (DESIGN.md: "Two files for the same unit and period → the second is merged
// against the state the first left"). Pure: the caller supplies each (unit, period)'s ledger
// context once, and re-plans whenever a file's conflict resolutions, identity or selection change.
//
// Only files the user selected advance the state; an unselected file is still planned (so its
// counts can be shown) against the state at its position. A file identical (SHA-256) to an earlier
// selected one is `alreadyImported`, like one already in the ledger.

import type { ProgressFields } from '../model.ts';
import type { ReadResult } from '../workbook/read-workbook.ts';
import { applyMergePlan, type Resolution } from './apply-merge.ts';
import {
  planMerge,
  type FieldKey,
  type MergeExpected,
  type MergePlan,
  type PlanMergeInput,
} from './plan-merge.ts';

/** What the ledger says about one unit and period, as `planMerge` needs it. */
export type MergeContext = Pick<
  PlanMergeInput,
  'unitTaskIds' | 'ours' | 'tasks' | 'roles' | 'lastImportBase' | 'changedSinceLastImport'
>;

export interface SequenceItem {
  file: ReadResult;
  expected: MergeExpected;
  identityConfirmed: boolean;
  /** Selected for applying. */
  selected: boolean;
  resolutions: ReadonlyMap<FieldKey, Resolution>;
}

export const contextKey = (unit: string, period: string): string => `${unit}|${period}`;

/**
 * One plan per item, in order. `contexts` is keyed by `contextKey(unit, period)`; an item whose
 * context is missing is planned against an empty ledger for an empty task set (every row rejected),
 * so load the contexts of every expected unit and period first.
 */
export function planSequence(
  items: readonly SequenceItem[],
  contexts: ReadonlyMap<string, MergeContext>,
  knownHashes: ReadonlySet<string>,
): MergePlan[] {
  const state = new Map<string, ReadonlyMap<string, ProgressFields | undefined>>();
  const imported = new Set<string>();
  const hashes = new Set(knownHashes);
  return items.map((item) => {
    const key = contextKey(item.expected.unit, item.expected.period);
    const ctx: MergeContext = contexts.get(key) ?? { unitTaskIds: new Set<string>(), ours: new Map() };
    const ours = state.get(key) ?? ctx.ours;
    const after = imported.has(key);
    const plan = planMerge({
      file: item.file,
      expected: item.expected,
      unitTaskIds: ctx.unitTaskIds,
      ours,
      tasks: ctx.tasks,
      roles: ctx.roles,
      // A file earlier in this run is now the unit's last import, and nothing changed after it.
      lastImportBase: after ? undefined : ctx.lastImportBase,
      changedSinceLastImport: after ? new Set() : ctx.changedSinceLastImport,
      knownHashes: hashes,
      identityConfirmed: item.identityConfirmed,
    });
    if (item.selected && !plan.rejection && !plan.alreadyImported) {
      state.set(key, applyMergePlan(ours, plan, item.resolutions).next);
      imported.add(key);
      if (plan.fileSha256) hashes.add(plan.fileSha256);
    }
    return plan;
  });
}
