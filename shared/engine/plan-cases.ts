// The plans a ledger runs, changed through the one engine (docs/design.md §17):
//  - importPlan: a new plan from its document (already read into paragraphs and table rows by
//    shared/plan-import/open-plan-file.ts), through the seed's own rules (build-plan.ts). Unit names
//    the registry does not know are decided first — mapped to a unit for this document, kept as an
//    alias, or added as a new unit — and nothing is written while any is undecided or the document
//    has an error. Its task ids are qualified by the plan's id (shared/plan-ids.ts); a revision
//    (version 1) records the file, who, when and the unit decisions. Continuity with earlier plans is
//    suggested (continuity-suggest.ts) and written only as confirmed.
//  - linkTasks: continuity links confirmed (or removed) by the coordinator afterwards.
//  - reissuePlan: a corrected reissue (修订版) of a plan the ledger holds: task texts replaced, every
//    changed field recorded old → new in a revision; reports, audit and ids stay (a task the reissue
//    drops is refused: its reports would lose their task).
// Each is a pure decision from what it reads to one change set, like every other use case.

import type {
  Task,
  TaskLink,
  TaskTextField,
  Unit,
  UnitNameDecision,
  PlanDocument,
  PlanRevision,
} from '../model.ts';
import { TASK_TEXT_FIELDS, taskLabel } from '../model.ts';
import { UnitIndex } from '../registry.ts';
import {
  buildPlan,
  type BuildResult,
  type PlanIssue,
  type UnknownUnitName,
} from '../plan-import/build-plan.ts';
import type { PlanSource } from '../plan-import/plan-table.ts';
import { suggestLinks, type LinkSuggestion } from '../plan-import/continuity-suggest.ts';
import { isPlanDocumentId, localTaskId, planOfTaskId, qualifyTaskId } from '../plan-ids.ts';
import { MAX_CHAIN } from '../continuity.ts';
import { emptyChangeSet, emptyPlanChanges, type Decision } from './change-set.ts';
import type { LedgerReader, UseCaseContext } from './read-port.ts';

export interface PlanImportInput {
  source: PlanSource;
  fileName: string | null;
  sha256: string | null;
  /** The plan's id; absent: the first plan's id with this plan's year (`tongzhou-2021` → `tongzhou-2022`). */
  id?: string;
  /** What to do with each unit name the registry does not know (by the name as written). */
  units?: readonly UnitNameDecision[];
  /** Continuity links confirmed: new task (plan-local id, `air-03`) → earlier task (ledger id). */
  links?: readonly { taskId: string; continues: string; score?: number | null }[];
}

export interface PlanImportResult {
  /** Whether the plan was (or, in a preview, would be) written. */
  ok: boolean;
  /** The plan as it would enter the ledger (qualified ids). */
  plan: PlanDocument;
  built: BuildResult;
  /** Errors and warnings of the document, and of the decisions (an unknown name left undecided …). */
  issues: PlanIssue[];
  /** Unit names still undecided (the preview lists them for the coordinator to map). */
  undecided: UnknownUnitName[];
  /** Continuity suggested against every earlier plan (new ids qualified). */
  suggestions: LinkSuggestion[];
  /** For people, when ok is false: why nothing was written. */
  refusal: string | null;
}

/** The default id of a new plan: the first plan's id with the year replaced, else `plan-<year>`. */
export function defaultPlanId(existing: readonly { id: string; bareIds?: true }[], year: number): string {
  const first = existing.find((p) => p.bareIds) ?? existing[0];
  const m = first ? /^(.*?)(\d{4})$/.exec(first.id) : null;
  return m ? `${m[1]}${year}` : `plan-${year}`;
}

/** The registry with the decisions applied: new units and aliases kept, mapped names only for this read. */
export function applyUnitDecisions(
  units: readonly Unit[],
  decisions: readonly UnitNameDecision[],
): { forReading: Unit[]; toWrite: Unit[]; problems: string[] } {
  const byName = new Map(units.map((u) => [u.name, { ...u, aliases: [...u.aliases] }]));
  const written = new Set<string>();
  const problems: string[] = [];
  const mapped = new Map<string, string[]>();
  for (const d of decisions) {
    if (d.action === 'add') {
      // Already in the registry (added by an earlier import of the same decisions): nothing to add.
      if (byName.has(d.to)) continue;
      const aliases = d.name !== d.to ? [d.name] : [];
      byName.set(d.to, { name: d.to, kind: d.kind ?? 'district', aliases });
      written.add(d.to);
      continue;
    }
    const target = byName.get(d.to);
    if (!target) {
      problems.push(`“${d.name}”要对应的单位“${d.to}”不在名录中`);
      continue;
    }
    if (d.action === 'alias') {
      if (!target.aliases.includes(d.name)) target.aliases.push(d.name);
      written.add(d.to);
    } else mapped.set(d.to, [...(mapped.get(d.to) ?? []), d.name]);
  }
  const toWrite = [...written].map((n) => byName.get(n) as Unit);
  const forReading = [...byName.values()].map((u) =>
    mapped.has(u.name) ? { ...u, aliases: [...u.aliases, ...(mapped.get(u.name) ?? [])] } : u,
  );
  return { forReading, toWrite, problems };
}

const issueOf = (message: string, log: string): PlanIssue => ({
  severity: 'error',
  code: 'unknown-unit',
  source: { label: '单位对应' },
  message,
  log,
});

/** Read a plan's document into a new plan of the ledger (a preview with `apply: false`). */
export async function importPlan(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: PlanImportInput,
  options: { apply: boolean },
): Promise<Decision<PlanImportResult>> {
  const [plans, unitList] = await Promise.all([reader.plans(), reader.units()]);
  const decided = applyUnitDecisions(unitList, input.units ?? []);
  const issues: PlanIssue[] = decided.problems.map((p) => issueOf(p, `unit decision: ${p}`));
  let index: UnitIndex;
  try {
    index = new UnitIndex(decided.forReading);
  } catch (err) {
    issues.push(issueOf('单位对应有冲突：同一名称对应到了两个单位。', (err as Error).message));
    index = new UnitIndex(unitList);
  }
  const first = buildPlan(input.source, { units: index });
  const id = input.id ?? defaultPlanId(plans, first.plan.year);
  const built = id === first.plan.id ? first : { ...first, plan: { ...first.plan, id } };
  issues.push(...built.issues);
  if (!isPlanDocumentId(id))
    issues.push(issueOf(`计划编号“${id}”不可用：只能用小写字母、数字和连字符。`, `bad plan id ${id}`));
  if (plans.some((p) => p.id === id))
    issues.push(
      issueOf(`台账中已有计划“${id}”。若这是该计划的修订版，请用“导入修订版”。`, `plan ${id} exists already`),
    );
  const qualify = (local: string) => qualifyTaskId({ id }, local);
  const plan: PlanDocument = {
    ...built.plan,
    id,
    tasks: built.plan.tasks.map((t) => ({ ...t, id: qualify(t.id) })),
  };
  // Continuity against every earlier plan's tasks.
  const earlier: Task[] = [];
  for (const p of plans)
    if (p.year < plan.year || (p.year === plan.year && p.id !== id))
      earlier.push(...(await reader.tasks(p.id)));
  const suggestions = suggestLinks(plan.tasks, earlier);
  const earlierIds = new Set(earlier.map((t) => t.id));
  const newIds = new Set(plan.tasks.map((t) => t.id));
  const links: TaskLink[] = [];
  for (const l of input.links ?? []) {
    const taskId = l.taskId.includes('.') ? l.taskId : qualify(l.taskId);
    if (!newIds.has(taskId) || !earlierIds.has(l.continues)) {
      issues.push(
        issueOf(
          `接续关系 ${taskLabel(l.taskId)} → ${taskLabel(l.continues)} 指向不存在的任务。`,
          `link ${l.taskId} -> ${l.continues}: unknown task`,
        ),
      );
      continue;
    }
    links.push({
      taskId,
      continues: l.continues,
      score: l.score ?? null,
      linkedBy: ctx.who,
      linkedAt: ctx.at,
    });
  }
  const undecided = built.unknownUnits;
  const errors = issues.filter((i) => i.severity === 'error');
  const refusal = errors.length
    ? undecided.length
      ? `有 ${undecided.length} 个单位名称不在名录中，请先逐一对应到已有单位、记为别名或新增单位；未写入台账。`
      : `计划文件有 ${errors.length} 处错误，未写入台账：${errors[0]!.message}`
    : null;
  const result: PlanImportResult = {
    ok: refusal === null,
    plan,
    built,
    issues,
    undecided,
    suggestions,
    refusal,
  };
  const changes = emptyChangeSet();
  if (!options.apply || refusal) return { changes, result };
  const revision: PlanRevision = {
    id: ctx.newId(),
    planId: id,
    version: 1,
    kind: 'import',
    title: plan.title,
    docNumber: plan.docNumber,
    issuedOn: plan.issuedOn,
    fileName: input.fileName,
    sha256: input.sha256,
    at: ctx.at,
    who: ctx.who,
    changes: [],
    added: plan.tasks.map((t) => t.id),
    units: [...(input.units ?? [])],
  };
  changes.plans = {
    ...emptyPlanChanges(),
    put: [plan],
    units: decided.toWrite,
    links: { put: links, delete: [] },
    revisions: [revision],
  };
  return { changes, result };
}

export interface LinkDecision {
  /** The later task (ledger id). */
  taskId: string;
  /** The earlier task it continues (ledger id), or null to remove the link. */
  continues: string | null;
  score?: number | null;
}

/** Continuity links confirmed or removed by the coordinator. Refuses links that break the rules. */
export async function linkTasks(
  reader: LedgerReader,
  ctx: UseCaseContext,
  decisions: readonly LinkDecision[],
): Promise<Decision<{ ok: boolean; problems: string[] }>> {
  const plans = await reader.plans();
  const existing = new Map((await reader.taskLinks()).map((l) => [l.taskId, l.continues]));
  const problems: string[] = [];
  const changes = emptyChangeSet();
  const pc = emptyPlanChanges();
  const tasksOf = new Map<string, Set<string>>();
  const known = async (taskId: string) => {
    const plan = planOfTaskId(plans, taskId);
    if (!plan) return null;
    let ids = tasksOf.get(plan.id);
    if (!ids) {
      ids = new Set((await reader.tasks(plan.id)).map((t) => t.id));
      tasksOf.set(plan.id, ids);
    }
    return ids.has(taskId) ? plan : null;
  };
  for (const d of decisions) {
    const later = await known(d.taskId);
    if (!later) {
      problems.push(`任务 ${taskLabel(d.taskId)} 不在台账中`);
      continue;
    }
    if (d.continues === null) {
      pc.links.delete.push(d.taskId);
      existing.delete(d.taskId);
      continue;
    }
    const earlier = await known(d.continues);
    if (!earlier || earlier.id === later.id) {
      problems.push(`${taskLabel(d.taskId)} 只能接续另一份计划中已有的任务`);
      continue;
    }
    if (earlier.year > later.year) {
      problems.push(
        `${taskLabel(d.taskId)}（${later.year}年计划）不能接续更晚的 ${earlier.year} 年计划中的任务`,
      );
      continue;
    }
    // No chain may come back on itself, nor run longer than a ledger keeps (ledger-file.ts).
    let at: string | undefined = d.continues;
    let loops = false;
    for (let n = 0; at !== undefined; n++) {
      if (at === d.taskId || n > MAX_CHAIN) {
        loops = true;
        break;
      }
      at = existing.get(at);
    }
    if (loops) {
      problems.push(`${taskLabel(d.taskId)} → ${taskLabel(d.continues)} 会形成循环接续`);
      continue;
    }
    existing.set(d.taskId, d.continues);
    pc.links.put.push({
      taskId: d.taskId,
      continues: d.continues,
      score: d.score ?? null,
      linkedBy: ctx.who,
      linkedAt: ctx.at,
    });
  }
  if (problems.length === 0 && (pc.links.put.length || pc.links.delete.length)) changes.plans = pc;
  return { changes, result: { ok: problems.length === 0, problems } };
}

export interface ReissueResult {
  ok: boolean;
  refusal: string | null;
  /** Every task text the reissue replaces (ledger ids). */
  changes: PlanRevision['changes'];
  added: string[];
  issues: PlanIssue[];
}

/**
 * A corrected reissue (修订版) of plan `planId`: the document read by the same rules; every task
 * text that differs is replaced and recorded (old → new) in a revision; tasks it adds are added;
 * reports and their audit stay with their tasks. A reissue that drops a task is refused.
 */
export async function reissuePlan(
  reader: LedgerReader,
  ctx: UseCaseContext,
  planId: string,
  input: Omit<PlanImportInput, 'id' | 'links'>,
  options: { apply: boolean },
): Promise<Decision<ReissueResult>> {
  const [plans, unitList] = await Promise.all([reader.plans(), reader.units()]);
  const meta = plans.find((p) => p.id === planId);
  const changes = emptyChangeSet();
  const refuse = (refusal: string, issues: PlanIssue[] = []) => ({
    changes,
    result: { ok: false, refusal, changes: [], added: [], issues },
  });
  if (!meta) return refuse(`台账中没有计划“${planId}”。`);
  // Names this plan's earlier versions mapped (for their document only) stay mapped for its reissue.
  const earlier = (await reader.planRevisions(planId)).flatMap((r) =>
    r.units.filter((u) => u.action === 'map'),
  );
  const given = new Set((input.units ?? []).map((u) => u.name));
  const decided = applyUnitDecisions(unitList, [
    ...earlier.filter((u) => !given.has(u.name)),
    ...(input.units ?? []),
  ]);
  const built = buildPlan(input.source, { units: new UnitIndex(decided.forReading), id: planId });
  const errors = built.issues.filter((i) => i.severity === 'error');
  if (errors.length || decided.problems.length)
    return refuse(errors[0]?.message ?? decided.problems[0] ?? '修订版无法读取', built.issues);
  const old = await reader.tasks(planId);
  const oldById = new Map(old.map((t) => [t.id, t]));
  const next = built.plan.tasks.map((t) => ({ ...t, id: qualifyTaskId(meta, t.id) }));
  const nextIds = new Set(next.map((t) => t.id));
  const dropped = old.filter((t) => !nextIds.has(t.id));
  if (dropped.length)
    return refuse(
      `修订版缺少原有任务 ${dropped
        .slice(0, 5)
        .map((t) => taskLabel(localTaskId(t.id)))
        .join(
          '、',
        )}${dropped.length > 5 ? ` 等 ${dropped.length} 项` : ''}：这些任务已有填报记录，不能删除，未写入台账。`,
      built.issues,
    );
  const diff: PlanRevision['changes'] = [];
  const added: string[] = [];
  for (const t of next) {
    const was = oldById.get(t.id);
    if (!was) {
      added.push(t.id);
      continue;
    }
    for (const field of TASK_TEXT_FIELDS as readonly TaskTextField[])
      if (JSON.stringify(was[field]) !== JSON.stringify(t[field]))
        diff.push({ taskId: t.id, field, old: was[field], new: t[field] });
  }
  const result: ReissueResult = { ok: true, refusal: null, changes: diff, added, issues: built.issues };
  if (!options.apply || (diff.length === 0 && added.length === 0)) return { changes, result };
  const version = (meta.version ?? 1) + 1;
  const plan: PlanDocument = {
    ...meta,
    title: built.plan.title || meta.title,
    docNumber: built.plan.docNumber || meta.docNumber,
    issuedOn: built.plan.issuedOn || meta.issuedOn,
    subPlans: built.plan.subPlans,
    version,
    tasks: next,
  };
  changes.plans = {
    ...emptyPlanChanges(),
    put: [plan],
    units: decided.toWrite,
    revisions: [
      {
        id: ctx.newId(),
        planId,
        version,
        kind: 'reissue',
        title: plan.title,
        docNumber: plan.docNumber,
        issuedOn: plan.issuedOn,
        fileName: input.fileName,
        sha256: input.sha256,
        at: ctx.at,
        who: ctx.who,
        changes: diff,
        added,
        units: [...(input.units ?? [])],
      },
    ],
  };
  return { changes, result };
}
