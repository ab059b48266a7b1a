// `taizhang map FILE [--unit U] [--ledger F] [--password P] [--history]`: prints, as JSON, how a
// workbook we did not write maps onto the plan — each sheet's plan and header, each column's field,
// each row's task (and in the master ledger its unit), every one with its score and what it rests on
// — and what a person must confirm. Edit the JSON (a row's taskId, a column's field) and give it to
// `taizhang import --map`. With --ledger the mapping kept for the unit is used, as import would.
// Exit 0: everything confident; 1: something to confirm (listed on stderr); 2: unreadable or usage.

import { proposeMapping } from '../../shared/engine/foreign-returns.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import type { LedgerReader } from '../../shared/engine/read-port.ts';
import { createLedger } from '../../shared/ledger-file.ts';
import { UnitIndex } from '../../shared/registry.ts';
import {
  CliError,
  EXIT,
  openLedgerView,
  resolveUnitOrFail,
  SEED_PLAN,
  SEED_UNITS,
  termSafe,
  type Output,
} from '../context.ts';
import { readReturnFile } from '../read-input.ts';

export interface MapCliOptions {
  unit?: string;
  ledger?: string;
  password?: string;
  history?: boolean;
}

export async function mapCommand(inputs: string[], opts: MapCliOptions, io: Output): Promise<number> {
  if (inputs.length !== 1) throw new CliError(EXIT.usage, '请给出一个要识别的文件 (give exactly one FILE)');
  const path = inputs[0]!;
  const view = opts.ledger
    ? await openLedgerView(opts.ledger, { fresh: () => createLedger(SEED_PLAN, SEED_UNITS) })
    : null;
  try {
    const reader: LedgerReader = view?.reader ?? new MemoryLedgerStore(createLedger(SEED_PLAN, SEED_UNITS));
    const year = (await reader.planMeta()).year;
    const mode = opts.history ? 'history' : 'return';
    const got = await readReturnFile(path, { password: opts.password, mode, year });
    if (!got.ok) throw new CliError(EXIT.usage, `${termSafe(path)}：${got.reason}`);
    const read = got.read;
    if (read.layout === 'ours') {
      io.out(JSON.stringify({ file: path, format: read.format, layout: 'ours', mapping: null }, null, 2));
      io.err('这是本系统下发的填报工作簿，按表头直接导入，无需映射 (our own layout: no mapping needed)');
      return EXIT.ok;
    }
    if (read.layout !== 'foreign' || !read.grid) {
      const e = read.errors[0]!;
      throw new CliError(EXIT.usage, termSafe(`${e.message} (${e.log})`, 1000));
    }
    const unit =
      opts.unit !== undefined ? resolveUnitOrFail(new UnitIndex(await reader.units()), opts.unit) : undefined;
    const proposal = await proposeMapping(reader, read, { unit, mode });
    io.out(
      JSON.stringify(
        {
          file: path,
          format: read.format,
          encrypted: read.encrypted,
          layout: 'foreign',
          mode,
          unit: proposal.unit,
          period: read.period,
          confident: proposal.confirmations.length === 0,
          needsConfirmation: proposal.confirmations.map((c) => ({
            kind: c.kind,
            sheet: c.sheet,
            ...(c.col !== undefined ? { col: c.col } : {}),
            ...(c.row !== undefined ? { row: c.row } : {}),
            score: c.score,
            message: c.message,
          })),
          mapping: proposal.mapping,
        },
        null,
        2,
      ),
    );
    for (const w of proposal.mapping.warnings) io.err(termSafe(`提示：${w}`));
    for (const c of proposal.confirmations) io.err(termSafe(`需要确认：${c.message}`));
    io.err(
      proposal.confirmations.length
        ? `${proposal.confirmations.length} 项需要确认：修改 JSON 后用 taizhang import --map 导入 (${proposal.confirmations.length} item(s) to confirm)`
        : '全部识别有把握，可直接导入 (every match is confident)',
    );
    return proposal.confirmations.length ? EXIT.rejected : EXIT.ok;
  } finally {
    await view?.close();
  }
}
