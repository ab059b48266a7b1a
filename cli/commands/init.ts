// `taizhang init -o FILE`: write a fresh ledger from the seeds (`.taizhang`: the container; any other
// name: JSON text).
import { existsSync } from 'node:fs';
import { createLedger } from '../../shared/ledger-file.ts';
import { encodeLedger, encodingForName } from '../ledger-file-store.ts';
import { writeFileSafely } from '../safe-write.ts';
import { CliError, EXIT, ledgerFailure, SEED_PLAN, SEED_UNITS, type Output } from '../context.ts';

export async function initCommand(opts: { output?: string; force?: boolean }, io: Output): Promise<number> {
  if (!opts.output) throw new CliError(EXIT.usage, '请用 -o 指定台账文件 (missing -o FILE)');
  if (existsSync(opts.output) && !opts.force) {
    throw new CliError(
      EXIT.usage,
      `文件已存在：${opts.output}，如需覆盖请加 --force (file exists; use --force to overwrite)`,
    );
  }
  try {
    const ledger = createLedger(SEED_PLAN, SEED_UNITS);
    await writeFileSafely(opts.output, await encodeLedger(ledger, encodingForName(opts.output)));
  } catch (err) {
    throw ledgerFailure(err, opts.output);
  }
  io.err(
    `已创建台账 ${opts.output}：${SEED_PLAN.tasks.length} 项任务，${SEED_UNITS.length} 个单位 (ledger written)`,
  );
  return EXIT.ok;
}
