// `taizhang init -o FILE`: write a fresh ledger from the seeds.
import { existsSync } from 'node:fs';
import { createLedger } from '../../shared/ledger-file.ts';
import { CliError, EXIT, saveLedger, SEED_PLAN, SEED_UNITS, type Output } from '../context.ts';

export function initCommand(opts: { output?: string; force?: boolean }, io: Output): number {
  if (!opts.output) throw new CliError(EXIT.usage, '请用 -o 指定台账文件 (missing -o FILE)');
  if (existsSync(opts.output) && !opts.force) {
    throw new CliError(
      EXIT.usage,
      `文件已存在：${opts.output}，如需覆盖请加 --force (file exists; use --force to overwrite)`,
    );
  }
  saveLedger(opts.output, createLedger(SEED_PLAN, SEED_UNITS));
  io.err(
    `已创建台账 ${opts.output}：${SEED_PLAN.tasks.length} 项任务，${SEED_UNITS.length} 个单位 (ledger written)`,
  );
  return EXIT.ok;
}
