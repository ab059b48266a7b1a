// `taizhang tasks [--plan air|water|soil] [--unit NAME] [--ledger F [--plan-id ID]] [--json]`: list a
// plan's tasks — the built-in 2021 plan, or with --ledger a plan the ledger runs (default: the newest).
// The ledger code is loaded only when --ledger is given.
import { isPlanId, taskLabel, type Task } from '../../shared/model.ts';
import { tasksForUnit, UnitIndex, type UnitRole } from '../../shared/registry.ts';
import { CliError, EXIT, type Output } from '../errors.ts';
import { resolveUnitOrFail, SEED_PLAN, unitIndexOf } from '../seeds.ts';

export interface TasksOptions {
  plan?: string;
  unit?: string;
  json?: boolean;
  ledger?: string;
  'plan-id'?: string;
}

export async function tasksCommand(opts: TasksOptions, io: Output): Promise<number> {
  if (opts.plan !== undefined && !isPlanId(opts.plan)) {
    throw new CliError(
      EXIT.usage,
      `未知计划"${opts.plan}"，应为 air、water 或 soil (unknown plan "${opts.plan}": use air|water|soil)`,
    );
  }
  let tasks: readonly Task[] = SEED_PLAN.tasks;
  let index: UnitIndex | null = null;
  if (opts.ledger !== undefined) {
    const { loadLedger, planOrFail } = await import('../context.ts');
    const ledger = await loadLedger(opts.ledger);
    tasks = planOrFail(ledger.plans, opts['plan-id']).tasks;
    index = new UnitIndex(ledger.units);
  } else if (opts['plan-id'] !== undefined)
    throw new CliError(EXIT.usage, '--plan-id 需要与 --ledger 一起使用 (--plan-id needs --ledger)');
  let rows: (Task & { role?: UnitRole; via?: string })[] = [...tasks];
  if (opts.unit !== undefined) {
    index ??= unitIndexOf();
    const unit = resolveUnitOrFail(index, opts.unit);
    rows = tasksForUnit(tasks, index, unit).map((x) => ({ ...x.task, role: x.role, via: x.via }));
  }
  if (opts.plan) rows = rows.filter((t) => t.plan === opts.plan);
  if (opts.json) {
    io.out(JSON.stringify(rows, null, 2));
    return EXIT.ok;
  }
  for (const t of rows) {
    const role = t.role ? `  [${t.role}${t.via && t.via !== opts.unit ? `，经"${t.via}"` : ''}]` : '';
    io.out(`${taskLabel(t.id).padEnd(6)}  ${t.deadline.raw.padEnd(6, '　')}  ${t.keyTask}${role}`);
  }
  io.err(`共 ${rows.length} 项任务 (${rows.length} tasks)`);
  return EXIT.ok;
}
