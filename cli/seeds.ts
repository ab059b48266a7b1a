// The seeded plan and unit registry (bundled into the CLI), and resolving a unit name against a
// registry. Light on purpose: `taizhang units` and `tasks` need this and nothing of the ledger code.

import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import type { Ledger } from '../shared/ledger-file.ts';
import type { PlanDocument, Unit } from '../shared/model.ts';
import { UnitIndex } from '../shared/registry.ts';
import { CliError, EXIT, termSafe } from './errors.ts';

export const SEED_PLAN = plan as PlanDocument;
export const SEED_UNITS = units as Unit[];

export function unitIndexOf(ledger?: Ledger): UnitIndex {
  return new UnitIndex(ledger?.units ?? SEED_UNITS);
}

/** Canonical unit name for a name or alias, or a usage error suggesting the closest names. */
export function resolveUnitOrFail(index: UnitIndex, name: string): string {
  const canonical = index.resolve(name);
  if (canonical) return canonical;
  const close = index.suggest(name);
  const hint = close.length ? `；您是不是要找：${close.join('、')} (did you mean: ${close.join(', ')})` : '';
  throw new CliError(
    EXIT.usage,
    `未知单位"${termSafe(name, 100)}" (unknown unit "${termSafe(name, 100)}")${hint}`,
  );
}
