// Builds the seed data files from the plan text: one function used by `npm run seeds` and by the
// test that checks the committed seeds/ are exactly what the script produces.

import { UNIT_REGISTRY, UnitIndex } from './registry.ts';
import { parsePlanText, type ParseNotes } from './seed-parser.ts';
import type { PlanDocument, PlanId } from './model.ts';

export const SEED_FILES = {
  text: 'seeds/tongzhou-2021-plan.txt',
  plan: 'seeds/plan.json',
  units: 'seeds/units.json',
  notes: 'seeds/parse-notes.json',
} as const;

/** Task counts the document states (air 56, water 43, soil 35): the build fails on any other count. */
export const EXPECTED_COUNTS: Readonly<Record<PlanId, number>> = { air: 56, water: 43, soil: 35 };

export interface SeedOutputs {
  plan: PlanDocument;
  notes: ParseNotes;
  /** File path → exact bytes (as UTF-8 text) to write. */
  files: Record<string, string>;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

export function buildSeeds(text: string): SeedOutputs {
  const { plan, notes } = parsePlanText(text, new UnitIndex(UNIT_REGISTRY));
  for (const [id, expected] of Object.entries(EXPECTED_COUNTS)) {
    const got = plan.tasks.filter((t) => t.plan === id).length;
    if (got !== expected)
      throw new Error(`sub-plan ${id}: parsed ${got} tasks, the document has ${expected}`);
  }
  // Every unit a task names must be in the registry (splitCell guarantees it); keep only the
  // registry, in its own order, so the file is stable.
  return {
    plan,
    notes,
    files: {
      [SEED_FILES.plan]: json(plan),
      [SEED_FILES.units]: json(UNIT_REGISTRY),
      [SEED_FILES.notes]: json(notes),
    },
  };
}
