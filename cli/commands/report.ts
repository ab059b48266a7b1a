// `taizhang report --ledger F --period P -o FILE.xlsx`: the district summary for a period — every
// task × unit with its status, and per-unit totals. Written with exceljs's streaming writer so the
// workbook is never held in memory as one model, however many reports the ledger holds; through a
// temp file, so a failure leaves an existing report as it was. Every text cell is a string cell in
// the Text format (@): `=HYPERLINK(…)` or `+1+1` typed by a unit stays text even when someone edits
// the cell and presses Enter, where a General cell would turn it into a live formula.

import ExcelJS from 'exceljs';
import { isPeriod, periodLabel, DEADLINE_STATE_LABELS } from '../../shared/deadline.ts';
import { planName, taskLabel } from '../../shared/model.ts';
import { unitTotals } from '../../shared/dashboard.ts';
import { periodStateOf } from '../../shared/engine/ledger-period.ts';
import type { PeriodState } from '../../shared/period-state.ts';
import { cellSafeText } from '../../shared/workbook/export-workbook.ts';
import { writeViaTempFile } from '../safe-write.ts';
import { CliError, EXIT, ledgerFailure, loadLedger, type Output } from '../context.ts';

export interface ReportOptions {
  ledger?: string;
  period?: string;
  output?: string;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Add a row whose text cells are in the Text format (see the header), and return it uncommitted. */
function addRow(ws: ExcelJS.Worksheet, values: ExcelJS.CellValue[]): ExcelJS.Row {
  const row = ws.addRow(values);
  row.eachCell((cell) => {
    if (typeof cell.value === 'string') cell.numFmt = '@';
  });
  return row;
}
const RECEIVED_LABEL = { import: '已报送（导入）', edits: '已报送（系统填报）' } as const;

export async function reportCommand(opts: ReportOptions, io: Output): Promise<number> {
  if (!opts.ledger) throw new CliError(EXIT.usage, '请用 --ledger 指定台账文件 (missing --ledger FILE)');
  if (!opts.period || !isPeriod(opts.period)) {
    throw new CliError(
      EXIT.usage,
      `请用 --period 指定月份，格式 YYYY-MM (missing or bad --period: ${opts.period ?? ''})`,
    );
  }
  if (!opts.output) throw new CliError(EXIT.usage, '请用 -o 指定输出文件 (missing -o FILE.xlsx)');
  const ledger = await loadLedger(opts.ledger);
  const period = opts.period;
  const state = await periodStateOf(ledger, period);
  const summary = { rows: state.rows, units: unitTotals(state) };
  try {
    await writeViaTempFile(opts.output, (tmp) =>
      writeReport(tmp, ledger.plan.title, period, state.dueDate, summary),
    );
  } catch (err) {
    throw ledgerFailure(err, opts.output, 'write');
  }
  const missing = summary.units.filter((u) => !u.returned.received).length;
  io.err(
    `已生成 ${opts.output}：${summary.units.length} 个单位，${summary.rows.length} 行；本期未报送 ${missing} 个单位 (summary written: ${summary.units.length} units, ${summary.rows.length} rows, ${missing} returns missing)`,
  );
  return EXIT.ok;
}

async function writeReport(
  filename: string,
  title: string,
  period: string,
  due: string,
  summary: { rows: PeriodState['rows']; units: ReturnType<typeof unitTotals> },
): Promise<void> {
  const label = periodLabel(period);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename,
    useStyles: true,
    useSharedStrings: true,
  });
  wb.creator = '台账 taizhang';

  const totals = wb.addWorksheet('单位汇总', {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  totals.columns = [
    { key: 'unit', width: 26 },
    { key: 'tasks', width: 8 },
    { key: 'lead', width: 8 },
    { key: 'done', width: 8 },
    { key: 'doing', width: 8 },
    { key: 'todo', width: 8 },
    { key: 'na', width: 8 },
    { key: 'none', width: 8 },
    { key: 'share', width: 10 },
    { key: 'overdue', width: 8 },
    { key: 'behind', width: 8 },
    { key: 'returned', width: 18 },
    { key: 'at', width: 20 },
    { key: 'late', width: 10 },
  ];
  addRow(totals, [cellSafeText(`${title} — ${label}进展汇总（报送截止 ${due}）`)]).commit();
  const h1 = addRow(totals, [
    '单位',
    '任务数',
    '主责',
    '已完成',
    '推进中',
    '未启动',
    '不涉及',
    '未填报',
    '完成率(%)',
    '逾期',
    '欠进度',
    '本期报送',
    '报送时间',
    '逾期报送',
  ]);
  h1.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEADER_FILL;
  });
  h1.commit();
  for (const u of summary.units) {
    addRow(totals, [
      cellSafeText(u.unit),
      u.tasks,
      u.lead,
      u.byStatus.已完成,
      u.byStatus.推进中,
      u.byStatus.未启动,
      u.byStatus.不涉及,
      u.byStatus.未填报,
      u.doneShare,
      u.counts.overdue,
      u.counts.behind,
      u.returned.received ? RECEIVED_LABEL[u.returned.received] : '未报送',
      u.returned.receivedAt ? u.returned.receivedAt.slice(0, 16).replace('T', ' ') : '',
      u.returned.late ? '是' : '否',
    ]).commit();
  }
  totals.commit();

  const detail = wb.addWorksheet('任务明细', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  detail.columns = [
    { width: 10 },
    { width: 8 },
    { width: 28 },
    { width: 12 },
    { width: 22 },
    { width: 6 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 50 },
    { width: 30 },
  ].map((c) => ({ ...c, style: { alignment: { wrapText: true, vertical: 'top' } } }));
  const h2 = addRow(detail, [
    '编号',
    '类别',
    '重点任务',
    '完成时限',
    '单位',
    '角色',
    '完成状态',
    '完成比例(%)',
    '序时进度',
    '期限状态',
    '工作进展',
    '存在问题',
  ]);
  h2.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEADER_FILL;
  });
  h2.commit();
  for (const r of summary.rows) {
    addRow(detail, [
      taskLabel(r.task.id),
      planName(r.task.plan),
      cellSafeText(r.task.keyTask),
      cellSafeText(r.task.deadline.raw),
      cellSafeText(r.unit),
      r.role,
      r.progress.status ?? '未填报',
      r.progress.percent,
      r.judgement,
      DEADLINE_STATE_LABELS[r.deadlineState],
      cellSafeText(r.progress.progress),
      cellSafeText(r.progress.problems),
    ]).commit();
  }
  detail.commit();
  await wb.commit();
}
