// Which of a new plan's tasks continue a task of an earlier plan (长期 tasks are reissued each year,
// reworded, with new figures): suggested by text similarity, never linked without a person's word.
//
// Score of a new task against an earlier one: the same bigram rule the return mapping uses
// (shared/mapping/text-similarity.ts), both ways round — max of ¼ Dice + ¾ coverage of each in the
// other — over 重点任务 + 工作措施, measures weighted ¾. Only tasks of the same sub-plan (大气/水/土壤) are
// compared. A suggestion needs SUGGEST_AT and a margin over the runner-up (TIE_MARGIN): a tie is not
// suggested (the person can still link by hand). Each earlier task is suggested for at most one new
// task (the best-scoring). Work is bounded: at most MAX_PAIRS comparisons.

import { Bigrams, textScore } from '../mapping/text-similarity.ts';
import type { Task } from '../model.ts';

export const SUGGEST_AT = 0.5;
export const TIE_MARGIN = 0.03;
export const MAX_PAIRS = 200_000;

export interface LinkSuggestion {
  /** The new task (the id as given). */
  taskId: string;
  /** The earlier task it seems to continue. */
  continues: string;
  score: number;
}

interface Prepared {
  task: Task;
  key: Bigrams;
  measures: Bigrams;
}

function prepare(task: Task): Prepared {
  return { task, key: new Bigrams(task.keyTask), measures: new Bigrams(task.measures) };
}

/** How alike two tasks' texts are, 0–1 (symmetric). */
export function taskSimilarity(a: Task, b: Task): number {
  return score(prepare(a), prepare(b));
}

function score(a: Prepared, b: Prepared): number {
  const both = (x: Bigrams, y: Bigrams) => Math.max(textScore(x, y), textScore(y, x));
  return 0.75 * both(a.measures, b.measures) + 0.25 * both(a.key, b.key);
}

/** Suggested links from `later` tasks to `earlier` ones, best first per new task, by the rules above. */
export function suggestLinks(later: readonly Task[], earlier: readonly Task[]): LinkSuggestion[] {
  if (later.length * earlier.length > MAX_PAIRS) return [];
  const old = earlier.map(prepare);
  const candidates: LinkSuggestion[] = [];
  for (const t of later) {
    const n = prepare(t);
    const scored = old
      .filter((o) => o.task.plan === t.plan)
      .map((o) => ({ id: o.task.id, s: score(n, o) }))
      .sort((x, y) => y.s - x.s);
    const [best, second] = scored;
    if (!best || best.s < SUGGEST_AT) continue;
    if (second && best.s - second.s < TIE_MARGIN) continue;
    candidates.push({ taskId: t.id, continues: best.id, score: Math.round(best.s * 1000) / 1000 });
  }
  // An earlier task continues into one new task: the best-scoring claim wins.
  const byEarlier = new Map<string, LinkSuggestion>();
  for (const c of candidates) {
    const seen = byEarlier.get(c.continues);
    if (!seen || c.score > seen.score) byEarlier.set(c.continues, c);
  }
  const kept = new Set(byEarlier.values());
  return candidates.filter((c) => kept.has(c));
}
