// `taizhang export --unit U --period P [--ledger F] -o FILE.xlsx` and `export --all --period P -o DIR`:
// write return workbooks. Without --ledger the plan is exported with empty progress (a fresh ledger).

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLedger, type Ledger } from '../../shared/ledger-file.ts';
import { exportRowsFor, unitsToExport } from '../../shared/ledger-import.ts';
import { ReportIndex } from '../../shared/ledger-ops.ts';
import { isPeriod } from '../../shared/deadline.ts';
import { exportReturnWorkbook, returnWorkbookFileName } from '../../shared/workbook/export-workbook.ts';
import {
  CliError,
  EXIT,
  loadLedger,
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
}

async function workbookFor(
  ledger: Ledger,
  index: ReportIndex,
  unit: string,
  period: string,
): Promise<Uint8Array> {
  return exportReturnWorkbook({
    plan: ledger.plan,
    unit,
    period,
    rows: exportRowsFor(ledger, index, unit, period),
    exportId: randomUUID(),
    exportedAt: new Date().toISOString(),
  });
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
  const ledger = opts.ledger ? loadLedger(opts.ledger) : createLedger(SEED_PLAN, SEED_UNITS);
  const index = new ReportIndex(ledger.reports);

  if (opts.unit) {
    const unit = resolveUnitOrFail(unitIndexOf(ledger), opts.unit);
    const rows = exportRowsFor(ledger, index, unit, opts.period);
    if (rows.length === 0) throw new CliError(EXIT.usage, `${unit} 没有任务，无需导出 (unit has no tasks)`);
    const target =
      existsSync(opts.output) && statSync(opts.output).isDirectory()
        ? join(opts.output, returnWorkbookFileName(unit, opts.period))
        : opts.output;
    writeFileSync(target, await workbookFor(ledger, index, unit, opts.period));
    io.err(`已导出 ${target}：${unit}，${rows.length} 项任务 (exported ${rows.length} tasks)`);
    return EXIT.ok;
  }

  mkdirSync(opts.output, { recursive: true });
  const units = unitsToExport(ledger);
  for (const unit of units) {
    const file = join(opts.output, returnWorkbookFileName(unit, opts.period));
    writeFileSync(file, await workbookFor(ledger, index, unit, opts.period));
  }
  io.err(`已导出 ${units.length} 个单位的填报工作簿到 ${opts.output} (exported ${units.length} workbooks)`);
  return EXIT.ok;
}
