// `taizhang export --unit U --period P [--ledger F] -o FILE.xlsx` and `export --all --period P -o DIR`:
// write return workbooks. Without --ledger the plan is exported with empty progress (a fresh ledger).

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { unitsWithWork, unitWorkbookRows } from '../../shared/engine/workbook-rows.ts';
import { createLedger } from '../../shared/ledger-file.ts';
import type { PlanMeta } from '../../shared/model.ts';
import { isPeriod } from '../../shared/deadline.ts';
import { planFileTag } from '../../shared/plan-ids.ts';
import { exportReturnWorkbook, returnWorkbookFileName } from '../../shared/workbook/export-workbook.ts';
import type { ExportRow } from '../../shared/workbook/export-workbook.ts';
import { writeFileSafely } from '../safe-write.ts';
import {
  CliError,
  EXIT,
  ledgerFailure,
  loadLedger,
  planOrFail,
  resolveUnitOrFail,
  SEED_PLAN,
  SEED_UNITS,
  unitIndexOf,
  type Output,
} from '../context.ts';

export interface ExportOptions {
  unit?: string;
  all?: boolean;
  period?: string;
  ledger?: string;
  output?: string;
  /** The plan (its id, `tongzhou-2022`); absent: the newest plan of the period's year. */
  'plan-id'?: string;
}

function workbookFor(plan: PlanMeta, unit: string, period: string, rows: ExportRow[]): Promise<Uint8Array> {
  return exportReturnWorkbook({
    plan,
    unit,
    period,
    rows,
    exportId: randomUUID(),
    exportedAt: new Date().toISOString(),
  });
}

async function writeOut(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileSafely(path, [bytes]);
  } catch (err) {
    throw ledgerFailure(err, path, 'write');
  }
}

export async function exportCommand(opts: ExportOptions, io: Output): Promise<number> {
  if (!opts.period || !isPeriod(opts.period)) {
    throw new CliError(
      EXIT.usage,
      `请用 --period 指定月份，格式 YYYY-MM (missing or bad --period: ${opts.period ?? ''})`,
    );
  }
  if (!opts.output) throw new CliError(EXIT.usage, '请用 -o 指定输出文件或目录 (missing -o)');
  if (Boolean(opts.all) === Boolean(opts.unit)) {
    throw new CliError(EXIT.usage, '请指定 --unit 单位 或 --all 之一 (give exactly one of --unit or --all)');
  }
  const ledger = opts.ledger ? await loadLedger(opts.ledger) : createLedger(SEED_PLAN, SEED_UNITS);
  const reader = new MemoryLedgerStore(ledger);
  const plan = planOrFail(ledger.plans, opts['plan-id'], opts.period);

  if (opts.unit) {
    const unit = resolveUnitOrFail(unitIndexOf(ledger), opts.unit);
    const rows = await unitWorkbookRows(reader, plan.id, unit, opts.period);
    if (rows.length === 0) throw new CliError(EXIT.usage, `${unit} 没有任务，无需导出 (unit has no tasks)`);
    const target =
      existsSync(opts.output) && statSync(opts.output).isDirectory()
        ? join(opts.output, returnWorkbookFileName(unit, opts.period, planFileTag(ledger.plans, plan.id)))
        : opts.output;
    await writeOut(target, await workbookFor(plan, unit, opts.period, rows));
    io.err(`已导出 ${target}：${unit}，${rows.length} 项任务 (exported ${rows.length} tasks)`);
    return EXIT.ok;
  }

  try {
    mkdirSync(opts.output, { recursive: true });
  } catch (err) {
    throw ledgerFailure(err, opts.output, 'write');
  }
  const units = await unitsWithWork(reader, plan.id);
  for (const unit of units) {
    const file = join(
      opts.output,
      returnWorkbookFileName(unit, opts.period, planFileTag(ledger.plans, plan.id)),
    );
    await writeOut(
      file,
      await workbookFor(plan, unit, opts.period, await unitWorkbookRows(reader, plan.id, unit, opts.period)),
    );
  }
  io.err(`已导出 ${units.length} 个单位的填报工作簿到 ${opts.output} (exported ${units.length} workbooks)`);
  return EXIT.ok;
}
