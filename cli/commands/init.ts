// `taizhang init -o FILE`: write a fresh ledger from the seeds (`.taizhang`: the container; any other
// name: JSON text). Never over a file that appeared meanwhile; `--force` replaces a ledger only while
// holding its lock, so never in the middle of another command's import.
import { existsSync } from 'node:fs';
import { createLedger } from '../../shared/ledger-file.ts';
import { encodeLedger, encodingForName } from '../ledger-file-store.ts';
import { lockLedger } from '../ledger-lock.ts';
import { resolveTarget, writeFileSafely } from '../safe-write.ts';
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
    const parts = await encodeLedger(ledger, encodingForName(opts.output));
    const lock = opts.force ? await lockLedger(await resolveTarget(opts.output), 'init') : null;
    try {
      await writeFileSafely(opts.output, parts, { expectUnchanged: opts.force ? undefined : 'absent' });
    } finally {
      await lock?.release();
    }
  } catch (err) {
    throw ledgerFailure(err, opts.output, 'write');
  }
  io.err(
    `已创建台账 ${opts.output}：${SEED_PLAN.tasks.length} 项任务，${SEED_UNITS.length} 个单位 (ledger written)`,
  );
  return EXIT.ok;
}
