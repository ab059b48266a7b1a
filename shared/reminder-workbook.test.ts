import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReminderEntry } from './dashboard.ts';
import {
  buildReminderWorkbook,
  REMINDER_DETAIL_SHEET,
  REMINDER_SHEET,
  reminderFileName,
} from './reminder-workbook.ts';

const entries: ReminderEntry[] = [
  {
    unit: '乙镇',
    reason: 'late',
    receivedAt: '2021-10-28T09:00:00Z',
    receivedOn: '2021-10-28',
    tasks: [
      {
        taskId: 'air-03',
        label: '大气-03',
        keyTask: '=1+1 不是公式',
        role: '主责',
        deadlineRaw: '长期实施',
        deadlineState: 'ongoing',
      },
    ],
  },
  {
    unit: '区水务局',
    reason: 'missing',
    receivedAt: null,
    receivedOn: null,
    tasks: [
      {
        taskId: 'water-01',
        label: '水-01',
        keyTask: '治理黑臭水体',
        role: '主责',
        deadlineRaw: '供暖季前（11月15日前）',
        deadlineState: 'due',
      },
      {
        taskId: 'water-02',
        label: '水-02',
        keyTask: '推进污水处理',
        role: '协办',
        deadlineRaw: '6-9月',
        deadlineState: 'overdue',
      },
    ],
  },
];

/** The title (merged across the header's width, so read from A1) and the rows below it. */
const values = (ws: ExcelJS.Worksheet) => [
  [ws.getCell('A1').value],
  ...ws
    .getSheetValues()
    .slice(2)
    .map((row) => (Array.isArray(row) ? row.slice(1) : [])),
];

describe('buildReminderWorkbook', () => {
  it('writes the list and the detail, read back by exceljs', async () => {
    const bytes = await buildReminderWorkbook({
      planTitle: '通州区深入打好污染防治攻坚战2021年行动计划',
      docNumber: '通政发〔2021〕2号',
      period: '2021-10',
      dueDate: '2021-10-25',
      entries,
    });
    expect(bytes).toBeInstanceOf(Uint8Array);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.slice().buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([REMINDER_SHEET, REMINDER_DETAIL_SHEET]);
    const title =
      '通州区深入打好污染防治攻坚战2021年行动计划（通政发〔2021〕2号） 2021年10月 催报名单（报送截止：2021年10月25日）';
    const list = wb.getWorksheet(REMINDER_SHEET) as ExcelJS.Worksheet;
    expect(values(list)).toEqual([
      [title],
      ['序号', '单位', '报送情况', '任务数', '未报送任务'],
      [1, '乙镇', '逾期报送', 1, '大气-03'],
      [2, '区水务局', '未报送', 2, '水-01、水-02'],
    ]);
    const detail = wb.getWorksheet(REMINDER_DETAIL_SHEET) as ExcelJS.Worksheet;
    expect(values(detail)).toEqual([
      [title],
      ['单位', '编号', '重点任务', '本单位角色', '完成时限', '时限状态'],
      ['乙镇', '大气-03', '=1+1 不是公式', '主责', '长期实施', '长期任务'],
      ['区水务局', '水-01', '治理黑臭水体', '主责', '供暖季前（11月15日前）', '未到期'],
      ['区水务局', '水-02', '推进污水处理', '协办', '6-9月', '已逾期'],
    ]);
    // Text stays text: no formula cells anywhere.
    detail.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect(list.getCell('A1').isMerged).toBe(true);
    expect(reminderFileName('2021-10')).toBe('催报名单-2021-10.xlsx');
  });
});
