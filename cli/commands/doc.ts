// `taizhang doc tongbao|cuibao|annex --period P --ledger F -o FILE.docx`: the month's official
// documents — the 通报, the 催报通知, the 进展情况 annex — in the GB/T 9704 layout, from the same
// figures as the app's 统计看板 (shared/documents over buildDashboard(periodStateOf(…))), with the
// issuer, numbers, date and templates the ledger's settings hold. Written safely (temp file, fsync,
// rename); the ledger is only read.

import { buildDashboard } from '../../shared/dashboard.ts';
import { isPeriod, periodLabel } from '../../shared/deadline.ts';
import { periodStateOf } from '../../shared/engine/ledger-period.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../shared/ledger.ts';
import { writeFileSafely } from '../safe-write.ts';
import { CliError, EXIT, ledgerFailure, loadLedger, termSafe, type Output } from '../context.ts';

export interface DocOptions {
  period?: string;
  ledger?: string;
  output?: string;
}

const KIND_WORDS: Readonly<Record<DocumentKind, string>> = {
  tongbao: '通报',
  cuibao: '催报通知',
  annex: '进展情况附件',
};

export async function docCommand(positionals: string[], opts: DocOptions, io: Output): Promise<number> {
  const [kind, ...extra] = positionals;
  if (!kind || !(DOCUMENT_KINDS as readonly string[]).includes(kind))
    throw new CliError(
      EXIT.usage,
      `请指定文种：tongbao（通报）、cuibao（催报通知）或 annex（进展情况附件） (expected tongbao|cuibao|annex, got ${termSafe(kind ?? '', 40) || 'nothing'})`,
    );
  if (extra.length)
    throw new CliError(EXIT.usage, `多余的参数：${termSafe(extra.join(' '), 80)} (unexpected arguments)`);
  if (!opts.period || !isPeriod(opts.period))
    throw new CliError(
      EXIT.usage,
      `请用 --period 指定月份，格式 YYYY-MM (missing or bad --period: ${termSafe(opts.period ?? '', 40)})`,
    );
  if (!opts.ledger) throw new CliError(EXIT.usage, '请用 --ledger 指定台账文件 (missing --ledger FILE)');
  if (!opts.output) throw new CliError(EXIT.usage, '请用 -o 指定输出文件 (missing -o FILE.docx)');
  // A ledger named by mistake after -o must never be overwritten with a Word file.
  if (!/\.docx$/i.test(opts.output))
    throw new CliError(
      EXIT.usage,
      `输出文件名须以 .docx 结尾：${termSafe(opts.output, 200)} (output must be a .docx file)`,
    );
  const ledger = await loadLedger(opts.ledger);
  const state = await periodStateOf(ledger, opts.period);
  const dashboard = buildDashboard(state);
  const { buildOfficialDocument } = await import('../../shared/documents/index.ts');
  const made = await buildOfficialDocument({
    kind: kind as DocumentKind,
    state,
    dashboard,
    units: ledger.units,
    plan: ledger.plan,
    settings: ledger.settings,
    now: new Date(),
  });
  try {
    await writeFileSafely(opts.output, [made.bytes]);
  } catch (err) {
    throw ledgerFailure(err, opts.output);
  }
  const words = KIND_WORDS[kind as DocumentKind];
  const unknown = made.model.unknownPlaceholders;
  if (unknown.length)
    io.err(
      termSafe(
        `注意：模板中有未知的占位符 ${unknown.map((n) => `{${n}}`).join('、')}，已原样保留 (unknown placeholders kept as written: ${unknown.join(', ')})`,
        500,
      ),
    );
  io.err(
    `已生成${periodLabel(opts.period)}${words} ${termSafe(opts.output, 200)}：${dashboard.units.length} 个单位，${(made.bytes.length / 1024).toFixed(0)} KB (${kind} written: ${dashboard.units.length} units, ${made.bytes.length} bytes)`,
  );
  return EXIT.ok;
}
