// Seed parser: turns the plan's text as extracted from the official document (tab-led table cells,
// merged cells, names run together, typos) into the exact structured plan. The text is read into
// rows (shared/plan-import/text-source.ts) and the rows into tasks by the plan's one set of rules
// (shared/plan-import/build-plan.ts) — the same rules a coordinator's import of a later plan, as a
// Word document or a workbook, goes through. Here they run strictly: every oddity is either handled
// by a named rule or raised as an error that names the source line.

import { SUB_PLANS, type PlanDocument } from './model.ts';
import type { UnitIndex } from './registry.ts';
import { buildPlan, normaliseLeader, SeedParseError } from './plan-import/build-plan.ts';
import { readPlanText } from './plan-import/text-source.ts';

export { normaliseLeader, SeedParseError };

export interface ParseNotes {
  /** Rows of empty cells in the table (an artefact of the export), by source line. */
  blankRows: number[];
  /** Key-task cells left blank (merged with the row above), by task id. */
  inheritedKeyTasks: string[];
  /** Artefacts removed from cell text, e.g. `[bookmark: _GoBack]`, by source line. */
  removedArtefacts: { line: number; text: string }[];
  /** Cells holding `——` (nothing), by task id and column. */
  emptyMarkers: { taskId: string; column: string }[];
}

export interface ParseResult {
  plan: PlanDocument;
  notes: ParseNotes;
}

/**
 * Parse the seed text. `units` splits and canonicalises unit cells; an unknown unit name is an error.
 */
export function parsePlanText(text: string, units: UnitIndex): ParseResult {
  const source = readPlanText(text);
  const { plan, notes } = buildPlan(source, { units, strict: true, id: 'tongzhou-2021' });
  const lines = text.split(/\r?\n/).length;
  for (const sub of SUB_PLANS)
    if (!plan.subPlans.some((s) => s.id === sub.id))
      throw new SeedParseError(lines, `sub-plan "${sub.title}" not found`);
  return {
    plan,
    notes: {
      blankRows: notes.blankRows.map((s) => s.line ?? 0),
      inheritedKeyTasks: notes.inheritedKeyTasks,
      removedArtefacts: notes.removedArtefacts.map((a) => ({ line: a.source.line ?? 0, text: a.text })),
      emptyMarkers: notes.emptyMarkers,
    },
  };
}
