// The reminder list (催报名单) as an xlsx for the circular: sheet 催报名单 with a title row (plan title,
// period, due date), a header row and one row per unit (单位 / 报送情况 / 任务数 / 未报送任务), and sheet
// 未报送任务明细 with one row per (unit, task). Built from shared/dashboard.ts's reminder entries;
// returns the bytes (the host saves them). exceljs is imported lazily: its browser bundle is large.
// Every text is written as a string cell with the Text format, so nothing becomes a formula.

import { DEADLINE_STATE_LABELS, periodLabel } from './deadline.ts';
import { dateWords } from './deadline-words.ts';
import type { ReminderEntry } from './dashboard.ts';

export const REMINDER_SHEET = '催报名单';
export const REMINDER_DETAIL_SHEET = '未报送任务明细';

export const REMINDER_REASON_LABELS: Readonly<Record<ReminderEntry['reason'], string>> = {
  missing: '未报送',
  late: '逾期报送',
};

export interface ReminderWorkbookInput {
  planTitle: string;
  docNumber: string;
  period: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  entries: readonly ReminderEntry[];
}

/** `通州区…行动计划（通政发〔2021〕2号） 2021年3月 催报名单（报送截止：2021年3月25日）`. */
export function reminderTitle(
  input: Pick<ReminderWorkbookInput, 'planTitle' | 'docNumber' | 'period' | 'dueDate'>,
): string {
  return `${input.planTitle}（${input.docNumber}） ${periodLabel(input.period)} 催报名单（报送截止：${dateWords(input.dueDate)}）`;
}

export function reminderFileName(period: string): string {
  return `催报名单-${period}.xlsx`;
}

export async function buildReminderWorkbook(input: ReminderWorkbookInput): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '台账';
  const title = reminderTitle(input);
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };

  const addSheet = (name: string, headers: string[], widths: number[], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name, {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      views: [{ state: 'frozen', ySplit: 2 }],
    });
    ws.columns = widths.map((width) => ({ width }));
    ws.mergeCells(1, 1, 1, headers.length);
    const titleCell = ws.getCell(1, 1);
    titleCell.value = title;
    titleCell.font = { bold: true, size: 14 };
    titleCell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    ws.getRow(1).height = 36;
    const head = ws.getRow(2);
    headers.forEach((h, i) => {
      const cell = head.getCell(i + 1);
      cell.value = h;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF2F7' } };
      cell.border = border;
    });
    rows.forEach((values, r) => {
      const row = ws.getRow(r + 3);
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        cell.value = v;
        if (typeof v === 'string') cell.numFmt = '@';
        cell.alignment = { vertical: 'top', wrapText: true };
        cell.border = border;
      });
    });
    ws.pageSetup.printTitlesRow = '1:2';
    return ws;
  };

  addSheet(
    REMINDER_SHEET,
    ['序号', '单位', '报送情况', '任务数', '未报送任务'],
    [6, 26, 12, 8, 80],
    input.entries.map((e, i) => [
      i + 1,
      e.unit,
      REMINDER_REASON_LABELS[e.reason],
      e.tasks.length,
      e.tasks.map((t) => t.label).join('、'),
    ]),
  );
  addSheet(
    REMINDER_DETAIL_SHEET,
    ['单位', '编号', '重点任务', '本单位角色', '完成时限', '时限状态'],
    [26, 10, 40, 10, 22, 12],
    input.entries.flatMap((e) =>
      e.tasks.map((t) => [
        e.unit,
        t.label,
        t.keyTask,
        t.role,
        t.deadlineRaw,
        DEADLINE_STATE_LABELS[t.deadlineState],
      ]),
    ),
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
