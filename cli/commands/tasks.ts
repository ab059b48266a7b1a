// `taizhang tasks [--plan air|water|soil] [--unit NAME] [--json]`: list the plan's tasks.
import { isPlanId, taskLabel, type Task } from '../../shared/model.ts';
import { tasksForUnit, type UnitRole } from '../../shared/registry.ts';
import { CliError, EXIT, type Output } from '../errors.ts';
import { resolveUnitOrFail, SEED_PLAN, unitIndexOf } from '../seeds.ts';

export interface TasksOptions {
  plan?: string;
  unit?: string;
  json?: boolean;
}

export function tasksCommand(opts: TasksOptions, io: Output): number {
  if (opts.plan !== undefined && !isPlanId(opts.plan)) {
    throw new CliError(
      EXIT.usage,
      `未知计划"${opts.plan}"，应为 air、water 或 soil (unknown plan "${opts.plan}": use air|water|soil)`,
    );
  }
  let rows: (Task & { role?: UnitRole; via?: string })[] = SEED_PLAN.tasks;
  if (opts.unit !== undefined) {
    const index = unitIndexOf();
    const unit = resolveUnitOrFail(index, opts.unit);
    rows = tasksForUnit(SEED_PLAN.tasks, index, unit).map((x) => ({ ...x.task, role: x.role, via: x.via }));
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
