// Which plan a sheet of a unit's own ledger holds: from our ids in its rows, its rows' 类别, its name
// (大气 / 大气污染防治 / 水 / 土壤 …, synonyms.ts), its title, and what its rows' text matches. Scores:
//   ids in the rows, all of one plan                    1.0   (ids of several plans: all plans, 1.0)
//   name (or title) and text agree                      max of the two + 0.1, at most 1
//   text alone: the share of rows whose best match       that share (≥ 0.8 is confident)
//     (≥ 0.5) lies in the plan, over at least 3 rows
//   text of several plans (no plan ≥ 60%)               all plans, 0.85
//   name alone: exact 0.9, contained 0.75; title 0.7
//   name and text disagree                               the text's plan, at most 0.75 (a person confirms)
//   nothing                                              all plans, 0 (a person says which)

import { PLAN_IDS, type PlanId } from '../model.ts';
import type { RowCandidate } from './types.ts';
import { planNamedIn } from './synonyms.ts';
import type { PlanBy } from './types.ts';

export interface PlanDecision {
  plan: PlanId | null;
  score: number;
  by: PlanBy;
  note?: string;
}

const PLAN_LABEL: Record<PlanId, string> = { air: '大气', water: '水', soil: '土壤' };

/** A text vote counts when the row's best match reaches this. */
const VOTE_FLOOR = 0.5;
const MIN_VOTES = 3;

export function decidePlan(input: {
  sheetName: string;
  title: string | null;
  /** Plans of the ids found in the rows. */
  idPlans: readonly PlanId[];
  /** Plans the rows' 类别 cells name. */
  categoryPlans: readonly PlanId[];
  /** Each row's text ranking over all tasks. */
  rankings: readonly RowCandidate[][];
}): PlanDecision {
  const planOf = (id: string) => id.split('-')[0] as PlanId;
  const idSet = new Set(input.idPlans);
  if (idSet.size === 1) return { plan: [...idSet][0]!, score: 1, by: 'ids' };
  if (idSet.size > 1) return { plan: null, score: 1, by: 'ids', note: '表中有多个计划的任务编号' };
  const catSet = new Set(input.categoryPlans);
  if (catSet.size === 1) return { plan: [...catSet][0]!, score: 0.95, by: 'category' };
  if (catSet.size > 1) return { plan: null, score: 0.95, by: 'category', note: '表中“类别”列有多个计划' };

  const named = planNamedIn(input.sheetName);
  const titled = input.title ? planNamedIn(input.title) : null;
  const name = named ?? (titled ? { plan: titled.plan, score: Math.min(titled.score, 0.7) } : null);
  const nameBy: PlanBy = named ? 'name' : 'title';

  const votes = new Map<PlanId, number>();
  let total = 0;
  for (const ranked of input.rankings) {
    const top = ranked[0];
    if (!top || top.score < VOTE_FLOOR) continue;
    total++;
    votes.set(planOf(top.taskId), (votes.get(planOf(top.taskId)) ?? 0) + 1);
  }
  if (total >= MIN_VOTES) {
    const [textPlan, count] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const share = Math.round((count / total) * 100) / 100;
    if (share < 0.6) {
      return name
        ? {
            plan: null,
            score: 0.6,
            by: 'text',
            note: `表名指向${PLAN_LABEL[name.plan]}，但内容包含多个计划的任务`,
          }
        : { plan: null, score: 0.85, by: 'text', note: '表中有多个计划的任务，逐行在全部任务中匹配' };
    }
    if (name && name.plan === textPlan)
      return { plan: textPlan, score: Math.min(1, Math.max(share, name.score) + 0.1), by: nameBy };
    if (name && name.plan !== textPlan)
      return {
        plan: textPlan,
        score: Math.min(share, 0.75),
        by: 'text',
        note: `表名指向${PLAN_LABEL[name.plan]}，但 ${Math.round(share * 100)}% 的行与${PLAN_LABEL[textPlan]}的任务相符`,
      };
    return { plan: textPlan, score: share, by: 'text' };
  }
  if (name) return { plan: name.plan, score: name.score, by: nameBy };
  return { plan: null, score: 0, by: 'none', note: '无法判断本表对应哪个计划（大气、水或土壤）' };
}

export const ALL_PLANS: readonly PlanId[] = PLAN_IDS;
