// `taizhang plan list --ledger F [--json]`: the plans a ledger runs.
// `taizhang plan import FILE --ledger F [--map units.json] [--id ID] [--link-suggested] [--dry-run] [--json]`:
// a new plan from its Word document (.docx) or workbook (.xlsx), through the seed's rules
// (shared/engine/plan-cases.ts). Unit names the registry lacks must be decided in the --map file
// before anything is written: without one the command lists them (with suggestions) and exits 1.
// `taizhang plan reissue PLAN-ID FILE --ledger F [--map units.json] [--dry-run] [--json]`: a corrected
// reissue (修订版) of a plan the ledger holds: every task text it changes is listed old → new and
// recorded in a revision; reports stay with their tasks; a reissue that drops a task is refused.
// `taizhang plan link LATER EARLIER --ledger F` / `plan link LATER --remove --ledger F`: confirm (or
// remove) that a task continues an earlier plan's task, by ledger ids (`tongzhou-2022.air-04 air-10`).
// The --map file is JSON: an array of {"name", "action": "map"|"alias"|"add", "to"?, "kind"?}, or an
// object name → {"action", "to"?, "kind"?}; "to" defaults to the name for "add".

import { basename } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { createLedger } from '../../shared/ledger-file.ts';
import { importPlan, linkTasks, reissuePlan, type PlanImportResult } from '../../shared/engine/plan-cases.ts';
import { openPlanFile } from '../../shared/plan-import/open-plan-file.ts';
import { UNIT_KINDS, taskLabel, type UnitNameDecision } from '../../shared/model.ts';
import { comparePlans, localTaskId } from '../../shared/plan-ids.ts';
import {
  CliError,
  EXIT,
  jsonTermSafe,
  loadLedger,
  openLedgerStore,
  openLedgerView,
  readInputFile,
  SEED_PLAN,
  SEED_UNITS,
  termSafe,
  type Output,
} from '../context.ts';

export interface PlanCliOptions {
  ledger?: string;
  map?: string;
  id?: string;
  json?: boolean;
  dryRun?: boolean;
  linkSuggested?: boolean;
  who?: string;
  remove?: boolean;
}

const ACTIONS = ['map', 'alias', 'add'] as const;
/** A unit map file is a few dozen lines; a bigger one is a mistake. */
const MAX_MAP_BYTES = 1024 * 1024;

/** The --map file's decisions, validated; every problem is bad usage naming the entry. */
export function parseUnitMap(text: string): UnitNameDecision[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CliError(EXIT.usage, '单位对应文件不是有效的 JSON (--map is not valid JSON)');
  }
  const entries: [string, unknown][] = Array.isArray(doc)
    ? doc.map((e: unknown) => [String((e as { name?: unknown } | null)?.name ?? ''), e])
    : doc && typeof doc === 'object'
      ? Object.entries(doc)
      : [];
  if (entries.length === 0 && !(Array.isArray(doc) || (doc && typeof doc === 'object')))
    throw new CliError(EXIT.usage, '单位对应文件应为数组或对象 (--map must be an array or an object)');
  return entries.map(([name, raw]) => {
    const e = (raw ?? {}) as { action?: unknown; to?: unknown; kind?: unknown };
    const bad = (why: string) =>
      new CliError(
        EXIT.usage,
        `单位对应“${termSafe(name, 60)}”：${why} (bad --map entry ${termSafe(name, 60)})`,
      );
    if (!name) throw bad('缺少名称');
    if (!ACTIONS.includes(e.action as (typeof ACTIONS)[number])) throw bad('action 只能是 map、alias 或 add');
    const action = e.action as UnitNameDecision['action'];
    const to = typeof e.to === 'string' && e.to ? e.to : action === 'add' ? name : '';
    if (!to) throw bad('缺少 to（要对应的已有单位）');
    if (e.kind !== undefined && !UNIT_KINDS.includes(e.kind as (typeof UNIT_KINDS)[number]))
      throw bad(`kind 只能是 ${UNIT_KINDS.join('、')}`);
    return {
      name,
      action,
      to,
      ...(e.kind !== undefined ? { kind: e.kind as UnitNameDecision['kind'] } : {}),
    };
  });
}

export async function planCommand(positionals: string[], opts: PlanCliOptions, io: Output): Promise<number> {
  const [sub, ...rest] = positionals;
  if (sub === 'list') {
    if (rest.length)
      throw new CliError(EXIT.usage, `多余的参数：${termSafe(rest.join(' '), 80)} (unexpected arguments)`);
    return listPlans(opts, io);
  }
  if (sub === 'import') {
    if (rest.length !== 1) throw new CliError(EXIT.usage, '请给出一个计划文件 (give exactly one FILE)');
    return importPlanFile(rest[0]!, opts, io);
  }
  if (sub === 'link') {
    if (rest.length !== (opts.remove ? 1 : 2))
      throw new CliError(
        EXIT.usage,
        '请给出后续任务和被接续的任务编号，或一个任务编号加 --remove (give LATER EARLIER, or LATER --remove)',
      );
    return linkPlanTasks(rest[0]!, opts.remove ? null : rest[1]!, opts, io);
  }
  if (sub === 'reissue') {
    if (rest.length !== 2)
      throw new CliError(EXIT.usage, '请给出计划编号和修订版文件 (give PLAN-ID and FILE)');
    return reissuePlanFile(rest[0]!, rest[1]!, opts, io);
  }
  throw new CliError(
    EXIT.usage,
    `请指定 plan list、plan import 文件、plan reissue 计划编号 文件 或 plan link 任务 任务 (expected list|import|reissue|link, got ${termSafe(sub ?? '', 40) || 'nothing'})`,
  );
}

async function listPlans(opts: PlanCliOptions, io: Output): Promise<number> {
  const ledger = opts.ledger ? await loadLedger(opts.ledger) : createLedger(SEED_PLAN, SEED_UNITS);
  const plans = [...ledger.plans].sort(comparePlans);
  const rows = plans.map((p) => ({
    id: p.id,
    title: p.title,
    docNumber: p.docNumber,
    year: p.year,
    version: p.version ?? 1,
    tasks: p.tasks.length,
    bareIds: p.bareIds === true,
    continued: ledger.taskLinks.filter((l) => p.tasks.some((t) => t.id === l.taskId)).length,
  }));
  if (opts.json) {
    io.out(jsonTermSafe(rows));
    return EXIT.ok;
  }
  for (const r of rows)
    io.out(
      termSafe(
        `${r.id}  ${r.year}年  ${r.title}（${r.docNumber || '无文号'}）  ${r.tasks} 项任务` +
          (r.version > 1 ? `  第 ${r.version} 版` : '') +
          (r.continued ? `  接续上年 ${r.continued} 项` : ''),
        400,
      ),
    );
  io.err(`共 ${rows.length} 份计划 (${rows.length} plans)`);
  return EXIT.ok;
}

function describeResult(r: PlanImportResult): string[] {
  const lines: string[] = [];
  const bySub = new Map<string, number>();
  for (const t of r.plan.tasks) bySub.set(t.plan, (bySub.get(t.plan) ?? 0) + 1);
  lines.push(
    `计划 ${r.plan.id}：${r.plan.title || '（无标题）'} ${r.plan.docNumber}，${r.plan.year} 年，` +
      `${r.plan.tasks.length} 项任务（${[...bySub].map(([s, n]) => `${taskLabel(`${s}-01`).split('-')[0]} ${n}`).join('，')}）`,
  );
  for (const i of r.issues)
    if (i.code !== 'unknown-unit')
      lines.push(`${i.severity === 'error' ? '错误' : '提示'}：${i.source.label}：${i.message}`);
  for (const u of r.undecided)
    lines.push(
      `单位名称“${u.name}”不在名录中（${u.occurrences
        .slice(0, 3)
        .map((o) => `${taskLabel(o.taskId)} ${o.column}`)
        .join('、')}${u.occurrences.length > 3 ? ' 等' : ''}）` +
        (u.suggestions.length ? `，相近：${u.suggestions.join('、')}` : ''),
    );
  for (const s of r.suggestions)
    lines.push(
      `接续建议：${taskLabel(localTaskId(s.taskId))} ← 上年 ${taskLabel(s.continues)}（相似度 ${s.score}）`,
    );
  return lines;
}

/** The plan file and the --map decisions, read and checked; every failure is bad usage. */
async function readPlanInput(path: string, opts: PlanCliOptions) {
  if (!opts.ledger) throw new CliError(EXIT.usage, '请用 --ledger 指定台账文件 (missing --ledger FILE)');
  const got = await readInputFile(path);
  if (!got.ok) throw new CliError(EXIT.usage, `${termSafe(path)}：${got.reason}`);
  const read = await openPlanFile(got.bytes, { fileName: basename(path) });
  if (!read.ok)
    throw new CliError(
      EXIT.usage,
      termSafe(`${basename(path)}：${read.error.message} (${read.error.log})`, 1000),
    );
  let units: UnitNameDecision[] = [];
  if (opts.map !== undefined) {
    const map = await readInputFile(opts.map, MAX_MAP_BYTES);
    if (!map.ok) throw new CliError(EXIT.usage, `无法读取单位对应文件 ${termSafe(opts.map)}：${map.reason}`);
    units = parseUnitMap(new TextDecoder().decode(map.bytes));
  }
  return {
    ledger: opts.ledger,
    source: read.source,
    fileName: basename(path),
    sha256: createHash('sha256').update(got.bytes).digest('hex'),
    units,
  };
}

async function linkPlanTasks(
  later: string,
  earlier: string | null,
  opts: PlanCliOptions,
  io: Output,
): Promise<number> {
  if (!opts.ledger) throw new CliError(EXIT.usage, '请用 --ledger 指定台账文件 (missing --ledger FILE)');
  const ctx = { who: opts.who ?? 'taizhang-cli', at: new Date().toISOString(), newId: () => randomUUID() };
  const store = await openLedgerStore(opts.ledger, { write: true, command: 'plan link' });
  try {
    const result = await store.run((r) => linkTasks(r, ctx, [{ taskId: later, continues: earlier }]));
    if (!result.ok) {
      io.err(termSafe(`${result.problems.join('；')} (link refused)`, 1000));
      return EXIT.rejected;
    }
    await store.save();
  } finally {
    await store.close();
  }
  io.err(
    termSafe(
      earlier === null
        ? `已取消 ${later} 的接续关系 (link removed)`
        : `已确认 ${later} 接续 ${earlier} (link saved)`,
      400,
    ),
  );
  return EXIT.ok;
}

async function reissuePlanFile(
  planId: string,
  path: string,
  opts: PlanCliOptions,
  io: Output,
): Promise<number> {
  const { ledger, ...input } = await readPlanInput(path, opts);
  const ctx = { who: opts.who ?? 'taizhang-cli', at: new Date().toISOString(), newId: () => randomUUID() };
  const store = await openLedgerStore(ledger, { write: !opts.dryRun, command: 'plan reissue' });
  let result;
  try {
    result = await store.run((r) => reissuePlan(r, ctx, planId, input, { apply: !opts.dryRun }));
    if (result.ok && !opts.dryRun && (result.changes.length || result.added.length)) await store.save();
  } finally {
    await store.close();
  }
  if (opts.json) io.out(jsonTermSafe({ file: path, planId, written: result.ok && !opts.dryRun, ...result }));
  else {
    for (const c of result.changes)
      io.out(
        termSafe(
          `${taskLabel(localTaskId(c.taskId))} ${c.field}：${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`,
          2000,
        ),
      );
    for (const id of result.added) io.out(`新增任务：${taskLabel(localTaskId(id))}`);
  }
  if (!result.ok) {
    io.err(termSafe(`${result.refusal ?? '未写入台账'} (reissue not imported)`, 1000));
    return EXIT.rejected;
  }
  io.err(
    `${opts.dryRun ? '预览：' : '已导入修订版：'}${planId}，改动 ${result.changes.length} 处，新增 ${result.added.length} 项任务${opts.dryRun ? '（未写入）' : ''} (reissue: ${result.changes.length} changes)`,
  );
  return EXIT.ok;
}

async function importPlanFile(path: string, opts: PlanCliOptions, io: Output): Promise<number> {
  const { ledger, ...read } = await readPlanInput(path, opts);
  const input = { ...read, ...(opts.id !== undefined ? { id: opts.id } : {}) };
  const ctx = { who: opts.who ?? 'taizhang-cli', at: new Date().toISOString(), newId: () => randomUUID() };
  const fresh = () => createLedger(SEED_PLAN, SEED_UNITS);
  const dryRun = Boolean(opts.dryRun);
  const view = await openLedgerView(ledger, { fresh });
  let preview: PlanImportResult;
  try {
    preview = (await importPlan(view.reader, ctx, input, { apply: false })).result;
  } finally {
    await view.close();
  }
  const links = opts.linkSuggested
    ? preview.suggestions.map((s) => ({ taskId: s.taskId, continues: s.continues, score: s.score }))
    : [];
  let result = preview;
  if (preview.ok && !dryRun) {
    const store = await openLedgerStore(ledger, { write: true, command: 'plan import', fresh });
    try {
      result = await store.run((r) => importPlan(r, ctx, { ...input, links }, { apply: true }));
      if (result.ok) await store.save();
    } finally {
      await store.close();
    }
  }
  if (opts.json) {
    io.out(
      jsonTermSafe({
        file: path,
        ok: result.ok,
        written: result.ok && !dryRun,
        refusal: result.refusal,
        plan: { ...result.plan, tasks: undefined, taskCount: result.plan.tasks.length },
        // Each row as parsed, under its id in the ledger (rows and tasks are in the same order).
        rows: result.built.rows.map((r, i) => ({
          taskId: result.plan.tasks[i]?.id ?? r.task.id,
          source: r.source.label,
          cells: r.cells,
        })),
        issues: result.issues.map(({ severity, code, source, taskId, message }) => ({
          severity,
          code,
          source: source.label,
          taskId,
          message,
        })),
        undecided: result.undecided.map((u) => ({
          name: u.name,
          suggestions: u.suggestions,
          occurrences: u.occurrences.map((o) => ({
            taskId: o.taskId,
            column: o.column,
            source: o.source.label,
          })),
        })),
        suggestions: result.suggestions,
        linked: result.ok && !dryRun ? links.length : 0,
      }),
    );
  } else for (const line of describeResult(result)) io.out(termSafe(line, 2000));
  if (!result.ok) {
    io.err(termSafe(`${result.refusal ?? '未写入台账'} (plan not imported)`, 1000));
    return EXIT.rejected;
  }
  io.err(
    dryRun
      ? `预览：计划 ${result.plan.id} 可以导入，共 ${result.plan.tasks.length} 项任务（未写入） (dry run: plan can be imported)`
      : `已导入计划 ${result.plan.id}：${result.plan.tasks.length} 项任务${links.length ? `，接续上年 ${links.length} 项` : ''} (plan imported)`,
  );
  return EXIT.ok;
}
