// Matches a row of a unit's own ledger to a task of the plan, three ways, each with a score:
//  - by our id (大气-03, air-03, 大气03) in an id column: 1.0 — an id names its task;
//  - by 序号 within the sheet's plan: the numbering restarts on each sheet, either as the plan's
//    own task numbers (序号 3 = 大气-03) or as the unit's own count of its tasks in plan order (序号 3
//    = the unit's third air task). Which one a sheet uses is read off the sheet itself: the rows
//    whose text matches a task beyond doubt (≥ 0.8) show which numbering agrees with them; a
//    numbering that agrees on fewer than 80% of them is not used at all. A row whose 序号 and text
//    point at the same task scores at least 0.9 (two independent signs agree); 序号 alone, on a
//    sheet without task text, 0.7 — a person confirms;
//  - by text similarity of 重点任务 + 工作措施 (text-similarity.ts), ¾ measures and ¼ key task when
//    both are there (52 tasks share their key task with the task above, so the measures decide).
//    A best score under 0.35 is no match. Two tasks within 0.03 of each other are a tie: the row is
//    asked about (score ≤ 0.5), never guessed. A runner-up within 0.1 keeps the score under the
//    confident 0.8 so a person looks. Among equals, a task of the unit's own gets 0.02 more.

import type { PlanId, Task } from '../model.ts';
import { normaliseCode, plainToText, type PlainValue } from '../workbook/normalise-cell.ts';
import { parseTaskId } from '../workbook/validate-fields.ts';
import { Bigrams, textScore } from './text-similarity.ts';
import { CONFIDENT, type RowBy, type RowCandidate } from './types.ts';

export const ID_SCORE = 1;
export const ORDINAL_AND_TEXT_SCORE = 0.9;
export const ORDINAL_ONLY_SCORE = 0.7;
export const MATCH_FLOOR = 0.35;
export const TIE_MARGIN = 0.03;
export const CLEAR_MARGIN = 0.1;
export const UNIT_BONUS = 0.02;
/** The text score an ordinal's task must reach for 序号 and text to count as agreeing. */
const ORDINAL_TEXT_FLOOR = 0.3;
/** How much of the sheet's sure rows a numbering must agree with to be used. */
const ORDINAL_AGREEMENT = 0.8;

const ID_PATTERN = /^(air|water|soil)-\d{2,3}$/;

export interface TaskIndex {
  tasks: readonly Task[];
  byId: ReadonlyMap<string, Task>;
  text: ReadonlyMap<string, { key: Bigrams; measures: Bigrams }>;
}

const INDEXES = new WeakMap<readonly Task[], TaskIndex>();

/** The plan's tasks with their text prepared for comparison (built once per task list). */
export function taskIndex(tasks: readonly Task[]): TaskIndex {
  let index = INDEXES.get(tasks);
  if (!index) {
    index = {
      tasks,
      byId: new Map(tasks.map((t) => [t.id, t])),
      text: new Map(
        tasks.map((t) => [t.id, { key: new Bigrams(t.keyTask), measures: new Bigrams(t.measures) }]),
      ),
    };
    INDEXES.set(tasks, index);
  }
  return index;
}

/** The cells of a row that say which task it is. */
export interface RowEvidence {
  id: PlainValue;
  ordinal: PlainValue;
  keyTask: string;
  measures: string;
  /** The plan the row's 类别 cell names, else the sheet's. */
  plan: PlanId | null;
}

/** 1, `1`, `1.`, `（1）`, `01` → 1; anything else → null. */
export function ordinalOf(value: PlainValue): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 && value < 1000 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^[(（]?(\d{1,3})[)）.、．]?$/.exec(normaliseCode(value).replace(/\s+/g, ''));
  return m ? Number(m[1]) : null;
}

export interface TextRanking {
  /** Best first; only tasks scoring above 0. */
  ranked: RowCandidate[];
}

/** Score the row's text against `candidates` (all tasks, or one plan's). */
export function rankByText(
  row: Pick<RowEvidence, 'keyTask' | 'measures'>,
  index: TaskIndex,
  candidates: readonly Task[],
  unitTaskIds?: ReadonlySet<string>,
): RowCandidate[] {
  const k = row.keyTask ? new Bigrams(row.keyTask) : null;
  const m = row.measures ? new Bigrams(row.measures) : null;
  if ((!k || k.size === 0) && (!m || m.size === 0)) return [];
  const out: RowCandidate[] = [];
  for (const t of candidates) {
    const text = index.text.get(t.id)!;
    const sm = m && m.size > 0 ? textScore(m, text.measures) : null;
    const sk = k && k.size > 0 ? textScore(k, text.key) : null;
    let score = sm !== null && sk !== null ? 0.75 * sm + 0.25 * sk : (sm ?? sk ?? 0);
    if (score <= 0) continue;
    if (unitTaskIds?.has(t.id)) score += UNIT_BONUS;
    out.push({ taskId: t.id, score: Math.min(1, score) });
  }
  return out.sort((a, b) => b.score - a.score || a.taskId.localeCompare(b.taskId));
}

export type OrdinalMode = 'plan' | 'unit';

export interface OrdinalContext {
  /** The unit's tasks of each plan, in plan order. */
  unitOrder?: ReadonlyMap<PlanId, readonly string[]>;
}

/** The task a 序号 names under a numbering, if any. */
export function ordinalTask(
  n: number,
  plan: PlanId | null,
  mode: OrdinalMode,
  index: TaskIndex,
  ctx: OrdinalContext,
): string | null {
  if (!plan) return null;
  if (mode === 'plan') {
    const id = `${plan}-${String(n).padStart(2, '0')}`;
    return index.byId.has(id) ? id : null;
  }
  return ctx.unitOrder?.get(plan)?.[n - 1] ?? null;
}

/**
 * Which numbering a sheet's 序号 follow, read off its sure rows: the one that agrees with the text on
 * at least 80% of the rows whose text leaves no doubt (and on at least 3). null: neither — 序号 are
 * then not used (a running count over the whole master ledger, a town's own order).
 */
export function calibrateOrdinals(
  rows: readonly { evidence: RowEvidence; ranked: RowCandidate[] }[],
  index: TaskIndex,
  ctx: OrdinalContext,
): OrdinalMode | null {
  let best: { mode: OrdinalMode; agree: number } | null = null;
  for (const mode of ['plan', 'unit'] as const) {
    let sure = 0;
    let agree = 0;
    for (const { evidence, ranked } of rows) {
      const n = ordinalOf(evidence.ordinal);
      const top = ranked[0];
      if (n === null || !top || top.score < CONFIDENT) continue;
      if ((ranked[1]?.score ?? 0) > top.score - CLEAR_MARGIN) continue;
      sure++;
      if (ordinalTask(n, evidence.plan, mode, index, ctx) === top.taskId) agree++;
    }
    if (sure >= 3 && agree / sure >= ORDINAL_AGREEMENT && (!best || agree > best.agree))
      best = { mode, agree };
  }
  return best?.mode ?? null;
}

export interface RowDecision {
  taskId: string | null;
  score: number;
  by: RowBy;
  candidates: RowCandidate[];
  note?: string;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Decide one row's task from its evidence, its text ranking and the sheet's numbering. */
export function decideRow(
  evidence: RowEvidence,
  ranked: RowCandidate[],
  index: TaskIndex,
  ordinalMode: OrdinalMode | null,
  ctx: OrdinalContext & { hasTextColumns: boolean },
): RowDecision {
  // 1. Our id.
  if (evidence.id !== null) {
    const id = parseTaskId(evidence.id);
    if (ID_PATTERN.test(id))
      return { taskId: id, score: ID_SCORE, by: 'id', candidates: [{ taskId: id, score: 1 }] };
  }
  const n = ordinalOf(evidence.ordinal);
  const byOrdinal = n !== null && ordinalMode ? ordinalTask(n, evidence.plan, ordinalMode, index, ctx) : null;
  const top = ranked[0];
  const second = ranked[1];
  const candidates = ranked.slice(0, 3).map((c) => ({ taskId: c.taskId, score: round(c.score) }));

  // 2. 序号 and text agree.
  if (byOrdinal) {
    const own = ranked.find((c) => c.taskId === byOrdinal);
    if (own && own.score >= ORDINAL_TEXT_FLOOR && (!top || top.score - own.score < CLEAR_MARGIN * 3)) {
      const rest = ranked.filter((c) => c.taskId !== byOrdinal).slice(0, 2);
      return {
        taskId: byOrdinal,
        score: round(Math.max(ORDINAL_AND_TEXT_SCORE, own.score)),
        by: 'ordinal+text',
        candidates: [
          { taskId: byOrdinal, score: round(own.score) },
          ...rest.map((c) => ({ ...c, score: round(c.score) })),
        ],
      };
    }
    if (!ctx.hasTextColumns) {
      return {
        taskId: byOrdinal,
        score: ORDINAL_ONLY_SCORE,
        by: 'ordinal',
        candidates: [{ taskId: byOrdinal, score: ORDINAL_ONLY_SCORE }],
        note: '只按序号对应，表中没有任务文字可以核对',
      };
    }
  }
  if (!ctx.hasTextColumns && n !== null && evidence.plan) {
    // No text and no calibrated numbering: the plan's own number, for a person to confirm.
    const guess = ordinalTask(n, evidence.plan, 'plan', index, ctx);
    if (guess)
      return {
        taskId: guess,
        score: ORDINAL_ONLY_SCORE,
        by: 'ordinal',
        candidates: [{ taskId: guess, score: ORDINAL_ONLY_SCORE }],
        note: '只按序号对应（按计划中的任务序号），请核对',
      };
  }

  // 3. Text.
  if (!top || top.score < MATCH_FLOOR)
    return {
      taskId: null,
      score: round(top?.score ?? 0),
      by: 'none',
      candidates,
      note: top ? '文字与计划中的任务都不够接近' : '没有可用于识别任务的编号、序号或文字',
    };
  const margin = top.score - (second?.score ?? 0);
  if (second && margin < TIE_MARGIN)
    return {
      taskId: top.taskId,
      score: round(Math.min(top.score, 0.5)),
      by: 'text',
      candidates,
      note: '与两项任务同样接近，请选择',
    };
  if (margin < CLEAR_MARGIN)
    return {
      taskId: top.taskId,
      score: round(Math.min(top.score, CONFIDENT - 0.01)),
      by: 'text',
      candidates,
      note: '另有一项任务也比较接近，请核对',
    };
  return { taskId: top.taskId, score: round(top.score), by: 'text', candidates };
}

/** The text a person recognises a row by. */
export function rowLabel(evidence: RowEvidence): string {
  const n = ordinalOf(evidence.ordinal);
  const id = evidence.id !== null ? plainToText(evidence.id) : '';
  const text = (evidence.measures || evidence.keyTask).replace(/\s+/g, ' ').trim();
  const head = id || (n !== null ? `序号 ${n}` : '');
  const short = text.length > 36 ? `${text.slice(0, 36)}…` : text;
  return [head, short].filter(Boolean).join(' ');
}
