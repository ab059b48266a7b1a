// `taizhang import --history FILE --ledger F [--dry-run] [--json] [--map M.json] [--take ours|theirs]`:
// the district's master ledger — task × unit rows, months as column groups or one sheet per month —
// imported as history, one batch per month (shared/engine/import-history.ts), each undoable in the
// app. The layout is mapped like a unit's own ledger: with --map, or by detection when every match is
// confident; otherwise nothing is written and what needs confirming is named (exit 1). A value the
// ledger already holds for a month and the file contradicts is a conflict: kept, and listed (exit
// 1), unless --take decides it.

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { proposeMapping } from '../../shared/engine/foreign-returns.ts';
import { importHistory, type HistoryMonthOutcome } from '../../shared/engine/import-history.ts';
import { createLedger } from '../../shared/ledger-file.ts';
import { historyMonths } from '../../shared/mapping/history.ts';
import { fitMapping, readMappingFile } from '../../shared/mapping/mapping-file.ts';
import { PROGRESS_FIELD_LABELS, taskLabel, type ProgressField } from '../../shared/model.ts';
import {
  CliError,
  EXIT,
  openLedgerStore,
  openLedgerView,
  planOrFail,
  SEED_PLAN,
  SEED_UNITS,
  termSafe,
  type Output,
} from '../context.ts';
import { LedgerFileStore } from '../ledger-file-store.ts';
import { readReturnFile } from '../read-input.ts';
import type { ImportCliOptions } from './import-options.ts';

interface MonthReport {
  period: string;
  status: 'imported' | 'dry-run' | 'already-imported' | 'unchanged';
  batchId?: string;
  units: number;
  counts: HistoryMonthOutcome['counts'];
  conflicts: HistoryMonthOutcome['conflicts'];
  rejected: HistoryMonthOutcome['rejected'];
}

export async function importHistoryCommand(
  inputs: string[],
  opts: ImportCliOptions,
  io: Output,
): Promise<number> {
  if (inputs.length !== 1)
    throw new CliError(EXIT.usage, '--history 只导入一个总台账文件 (give exactly one FILE with --history)');
  if (opts.take !== undefined && opts.take !== 'ours' && opts.take !== 'theirs')
    throw new CliError(EXIT.usage, `--take 只能是 ours 或 theirs (bad --take: ${termSafe(opts.take)})`);
  const path = inputs[0]!;
  const dryRun = Boolean(opts.dryRun);
  const fresh = () => createLedger(SEED_PLAN, SEED_UNITS);
  const store = dryRun
    ? await openLedgerView(opts.ledger!, { fresh })
    : await openLedgerStore(opts.ledger!, { write: true, command: 'import', fresh });
  try {
    const plan = planOrFail(await store.reader.plans(), opts.planId);
    const year = plan.year;
    const got = await readReturnFile(path, { password: opts.password, mode: 'history', year });
    if (!got.ok) throw new CliError(EXIT.usage, `${termSafe(path)}：${got.reason}`);
    const read = got.read;
    if (read.layout !== 'foreign' || !read.grid) {
      const e = read.errors[0]!;
      throw new CliError(EXIT.usage, termSafe(`${basename(path)}：${e.message} (${e.log})`, 1000));
    }
    const proposal = await proposeMapping(store.reader, read, { planId: plan.id, mode: 'history' });
    let mapping = proposal.mapping;
    if (opts.map !== undefined) {
      const text = await readFile(opts.map, 'utf8').catch(() => {
        throw new CliError(EXIT.usage, `无法读取映射文件 ${termSafe(opts.map!)} (cannot read --map)`);
      });
      const parsed = readMappingFile(text);
      if (!parsed.ok) throw new CliError(EXIT.usage, `${parsed.message} (${termSafe(parsed.log, 300)})`);
      const fit = fitMapping(parsed.mapping, proposal.mapping);
      if (!fit.ok) throw new CliError(EXIT.rejected, `${fit.message} (${fit.log})`);
      mapping = fit.mapping;
    } else if (proposal.confirmations.length > 0) {
      for (const c of proposal.confirmations.slice(0, 20)) io.err(termSafe(`需要确认：${c.message}`));
      if (opts.json)
        io.out(
          JSON.stringify(
            {
              ledger: opts.ledger,
              history: path,
              status: 'needs-confirmation',
              needsConfirmation: proposal.confirmations.map((c) => ({
                kind: c.kind,
                sheet: c.sheet,
                row: c.row,
                col: c.col,
                score: c.score,
                message: c.message,
              })),
            },
            null,
            2,
          ),
        );
      io.err(
        `${proposal.confirmations.length} 项识别没有把握，未导入：请用 taizhang map --history 生成映射、核对修改后加 --map 导入 (${proposal.confirmations.length} item(s) to confirm; nothing written)`,
      );
      return EXIT.rejected;
    }
    const { months, notes } = historyMonths(read.grid, mapping);
    if (months.length === 0)
      throw new CliError(EXIT.rejected, '总台账中没有读到任何月份的填报内容 (no month holds any values)');
    const ctx = { who: opts.who ?? 'taizhang-cli', at: new Date().toISOString(), newId: () => randomUUID() };
    const file = { planId: plan.id, fileName: basename(path), sha256: read.sha256, months };
    const take = opts.take as 'ours' | 'theirs' | undefined;
    const outcomes =
      store instanceof LedgerFileStore
        ? await store.run((r) => importHistory(r, ctx, file, { apply: true, take }))
        : (await importHistory(store.reader, ctx, file, { apply: false, take })).result;
    const reports: MonthReport[] = outcomes.map((o) => ({
      period: o.period,
      status: o.alreadyImported
        ? 'already-imported'
        : dryRun
          ? 'dry-run'
          : o.batch
            ? 'imported'
            : 'unchanged',
      ...(o.batch ? { batchId: o.batch.id } : {}),
      units: o.batch?.units?.length ?? new Set([...o.updates, ...o.conflicts].map((c) => c.unit)).size,
      counts: o.counts,
      conflicts: o.conflicts,
      rejected: o.rejected,
    }));
    const imported = reports.filter((r) => r.status === 'imported').length;
    if (store instanceof LedgerFileStore && (imported > 0 || store.created)) await store.save();

    if (opts.json)
      io.out(JSON.stringify({ ledger: opts.ledger, dryRun, history: path, months: reports, notes }, null, 2));
    else {
      const label = (f: string) => PROGRESS_FIELD_LABELS[f as ProgressField] ?? f;
      for (const r of reports) {
        io.out(
          termSafe(
            `${r.period}：${r.status === 'already-imported' ? '已导入过，跳过' : `${r.units} 个单位`} — 更新 ${r.counts.updated}，未变 ${r.counts.unchanged}，冲突 ${r.counts.conflicts}，拒绝 ${r.counts.rejected}`,
          ),
        );
        for (const c of r.conflicts)
          io.out(
            termSafe(
              `  冲突 ${c.unit} ${taskLabel(c.taskId)} ${label(c.field)}：台账"${String(c.ours ?? '')}" / 总台账"${String(c.theirs ?? '')}"${c.taken ? '（已采用总台账）' : take === 'ours' ? '（保留台账）' : '（保留台账，未导入；可加 --take theirs）'}`,
            ),
          );
        for (const x of r.rejected) io.out(termSafe(`  拒绝：${x.reason}`));
      }
      for (const n of notes) io.out(termSafe(`提示：${n}`));
    }
    io.err(
      `${dryRun ? '预览（未写入）' : `已导入 ${imported} 个月`}，共 ${reports.length} 个月 (${dryRun ? 'dry run' : `${imported} month(s) imported`})`,
    );
    const undecided = reports.some((r) => r.conflicts.some((c) => !c.taken) && take === undefined);
    return reports.some((r) => r.counts.rejected > 0) || undecided ? EXIT.rejected : EXIT.ok;
  } finally {
    await store.close();
  }
}
