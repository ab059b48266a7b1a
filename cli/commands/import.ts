// `taizhang import FILE... --ledger F [--dry-run] [--json]`: merge returned workbooks into a ledger
// file (created from the seeds if absent). Files are merged in the order given, each against the
// state the previous one left. Conflicts are never applied here: they are reported (exit 1) for a
// coordinator to resolve in the app.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importIntoLedger, type ImportOutcome } from '../../shared/ledger-import.ts';
import { ReportIndex } from '../../shared/ledger-ops.ts';
import { PROGRESS_FIELD_LABELS, taskLabel } from '../../shared/model.ts';
import { readReturnWorkbook } from '../../shared/workbook/read-workbook.ts';
import { CliError, EXIT, loadOrCreateLedger, saveLedger, type Output } from '../context.ts';

export interface ImportCliOptions {
  ledger?: string;
  dryRun?: boolean;
  json?: boolean;
  unit?: string;
  period?: string;
  who?: string;
}

interface FileReport {
  file: string;
  unit: string | null;
  period: string | null;
  status: 'imported' | 'dry-run' | 'already-imported' | 'rejected' | 'unreadable';
  reason?: string;
  batchId?: string;
  counts: { updated: number; unchanged: number; conflicts: number; rejected: number };
  changes: { taskId: string; field: string; from: unknown; to: unknown }[];
  conflicts: { taskId: string; field: string; base: unknown; ours: unknown; theirs: unknown }[];
  rejected: { taskId: string; row: number; reason: string }[];
  warnings: { code: string; message: string }[];
}

const ZERO = { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 };

function toReport(file: string, outcome: ImportOutcome, dryRun: boolean): FileReport {
  const plan = outcome.plan;
  if (!plan) {
    return {
      file,
      unit: null,
      period: null,
      status: 'rejected',
      reason: outcome.identityError?.message,
      counts: ZERO,
      changes: [],
      conflicts: [],
      rejected: [],
      warnings: [],
    };
  }
  const unreadable = plan.rejection?.code === 'unreadable';
  return {
    file,
    unit: plan.unit || null,
    period: plan.period || null,
    status: unreadable
      ? 'unreadable'
      : plan.rejection
        ? 'rejected'
        : plan.alreadyImported
          ? 'already-imported'
          : dryRun
            ? 'dry-run'
            : 'imported',
    reason: plan.rejection?.message ?? (plan.alreadyImported ? '该文件已导入过，未做任何更改' : undefined),
    batchId: dryRun ? undefined : outcome.batch?.id,
    counts: plan.counts,
    changes: plan.updates.map((u) => ({ taskId: u.taskId, field: u.field, from: u.from, to: u.to })),
    conflicts: plan.conflicts.map((c) => ({
      taskId: c.taskId,
      field: c.field,
      base: c.base ?? null,
      ours: c.ours,
      theirs: c.theirs,
    })),
    rejected: plan.rejected.map((r) => ({ taskId: r.taskId, row: r.rowNumber, reason: r.reason })),
    warnings: plan.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}

function describe(r: FileReport): string[] {
  const head = `${basename(r.file)}：${r.unit ?? '?'} ${r.period ?? '?'} — 更新 ${r.counts.updated}，未变 ${r.counts.unchanged}，冲突 ${r.counts.conflicts}，拒绝 ${r.counts.rejected}`;
  const lines = [r.reason ? `${head}（${r.reason}）` : head];
  for (const c of r.conflicts)
    lines.push(
      `  冲突 ${taskLabel(c.taskId)} ${PROGRESS_FIELD_LABELS[c.field as keyof typeof PROGRESS_FIELD_LABELS] ?? c.field}：台账"${String(c.ours ?? '')}" / 文件"${String(c.theirs ?? '')}"`,
    );
  for (const x of r.rejected)
    lines.push(`  拒绝 第${x.row}行 ${x.taskId ? taskLabel(x.taskId) : ''}：${x.reason}`);
  for (const w of r.warnings) lines.push(`  提示：${w.message}`);
  return lines;
}

export async function importCommand(files: string[], opts: ImportCliOptions, io: Output): Promise<number> {
  if (!opts.ledger) throw new CliError(EXIT.usage, '请用 --ledger 指定台账文件 (missing --ledger FILE)');
  if (files.length === 0) throw new CliError(EXIT.usage, '请给出要导入的工作簿文件 (no files given)');
  const { ledger: onDisk, created } = loadOrCreateLedger(opts.ledger);
  const dryRun = Boolean(opts.dryRun);
  // A dry run applies each file to a copy, so the next file is planned against the state the
  // previous one would leave — exactly as the real run and the app's wizard do — and saves nothing.
  const ledger = dryRun ? structuredClone(onDisk) : onDisk;
  const index = new ReportIndex(ledger.reports);
  const reports: FileReport[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      const reason = `无法读取文件 (cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'})`;
      reports.push({
        file,
        unit: null,
        period: null,
        status: 'unreadable',
        reason,
        counts: ZERO,
        changes: [],
        conflicts: [],
        rejected: [],
        warnings: [],
      });
      continue;
    }
    const read = await readReturnWorkbook(bytes, { fileName: basename(file) });
    const outcome = importIntoLedger(ledger, index, read, {
      unit: opts.unit,
      period: opts.period,
      dryRun: false,
      who: opts.who ?? 'taizhang-cli',
      at: new Date().toISOString(),
      batchId: randomUUID(),
    });
    reports.push(toReport(file, outcome, dryRun));
  }
  const imported = reports.filter((r) => r.status === 'imported').length;
  if (!dryRun && (imported > 0 || created)) saveLedger(opts.ledger, ledger);

  if (opts.json) io.out(JSON.stringify({ ledger: opts.ledger, dryRun, files: reports }, null, 2));
  else for (const r of reports) for (const line of describe(r)) io.out(line);
  io.err(
    `${dryRun ? '预览（未写入）' : '已导入'} ${dryRun ? reports.length : imported}/${files.length} 个文件 (${dryRun ? 'dry run' : `${imported} imported`})`,
  );
  if (reports.some((r) => r.status === 'unreadable')) return EXIT.usage;
  if (reports.some((r) => r.status === 'rejected' || r.counts.conflicts > 0 || r.counts.rejected > 0))
    return EXIT.rejected;
  return EXIT.ok;
}
