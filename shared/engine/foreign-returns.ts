// Proposing a mapping for a file in a layout we did not write, with what the ledger knows: the plan's
// tasks, the unit's own tasks (for its 序号 numbering and to break ties), the mapping a person
// confirmed for the unit before, and — for the district's master ledger — every unit's tasks. Reads
// through the port and writes nothing; the CLI (`taizhang map`, `taizhang import`) and the wizard's
// mapping step both call it, so they propose the same thing.

import { assignmentsOfUnit } from '../assignments.ts';
import { identifyReturn } from '../file-identity.ts';
import { applyMapping } from '../mapping/apply-mapping.ts';
import { confirmations, detectLayout } from '../mapping/detect-layout.ts';
import type { Confirmation, LayoutMapping, MappingMode } from '../mapping/types.ts';
import type { PlanId } from '../model.ts';
import { UnitIndex } from '../registry.ts';
import type { ReadResult } from '../workbook/read-workbook.ts';
import type { LedgerReader } from './read-port.ts';

export interface MappingProposal {
  mapping: LayoutMapping;
  confirmations: Confirmation[];
  /** The unit the proposal assumed (given, or identified from the file); null when not known. */
  unit: string | null;
}

/** Propose how a foreign layout (`read.layout === 'foreign'`) maps onto the plan. */
export async function proposeMapping(
  reader: LedgerReader,
  read: ReadResult,
  options: { unit?: string | null; mode?: MappingMode } = {},
): Promise<MappingProposal> {
  if (!read.grid) throw new Error('proposeMapping: not a foreign layout (no grid)');
  const mode = options.mode ?? 'return';
  const [meta, tasks, unitList, resolutions, settings] = await Promise.all([
    reader.planMeta(),
    reader.tasks(),
    reader.units(),
    reader.groupResolutions(),
    reader.settings(),
  ]);
  const units = new UnitIndex(unitList);
  const unit =
    mode === 'history'
      ? null
      : options.unit !== undefined && options.unit !== null
        ? options.unit
        : identifyReturn(read, units).unit;
  let unitTaskIds: Set<string> | undefined;
  let unitOrder: Map<PlanId, string[]> | undefined;
  if (unit) {
    const mine = assignmentsOfUnit(tasks, units, unit, resolutions);
    unitTaskIds = new Set(mine.map((a) => a.task.id));
    unitOrder = new Map();
    for (const a of mine) unitOrder.set(a.task.plan, [...(unitOrder.get(a.task.plan) ?? []), a.task.id]);
  }
  const cache = new Map<string, ReadonlySet<string>>();
  const tasksOfUnit = (name: string): ReadonlySet<string> => {
    let set = cache.get(name);
    if (!set) {
      set = new Set(assignmentsOfUnit(tasks, units, name, resolutions).map((a) => a.task.id));
      cache.set(name, set);
    }
    return set;
  };
  const mapping = detectLayout(read.grid, {
    tasks,
    year: meta.year,
    mode,
    unitTaskIds,
    unitOrder,
    units,
    tasksOfUnit,
    saved: unit && mode === 'return' ? (settings.importMappings?.[unit] ?? null) : null,
  });
  return { mapping, confirmations: confirmations(mapping), unit };
}

/** A foreign layout's rows read through a confirmed mapping, ready for importReturns. */
export function mappedReturn(read: ReadResult, mapping: LayoutMapping): ReadResult {
  return applyMapping(read, mapping);
}
