// Test-only helpers for the workbook and merge tests: hand-built tasks and real .xlsx bytes
// written with exceljs (no fixtures on disk, so the tests run anywhere, Node or browser).

import ExcelJS from 'exceljs';
import { emptyProgress, taskLabel, type PlanId, type ProgressFields, type Task } from '../model.ts';

export const PLAN = {
  id: 'tongzhou-2021',
  title: '通州区深入打好污染防治攻坚战2021年行动计划',
  docNumber: '通政发〔2021〕2号',
};

export function makeTask(id: string, overrides: Partial<Task> = {}): Task {
  const [plan, no] = id.split('-') as [PlanId, string];
  return {
    id,
    plan,
    no: Number(no),
    section: '一、调整能源结构',
    keyTask: `重点任务${no}`,
    keyTaskInherited: false,
    measures: `工作措施${no}：推进 LNG 清洁能源替代，开展专项执法检查。`,
    deadline: { raw: '年底前', kind: 'due', due: '2021-12-31' },
    leaders: ['郑皓'],
    leadUnits: ['各街道乡镇'],
    coUnits: ['区生态环境局'],
    ...overrides,
  };
}

export function fields(overrides: Partial<ProgressFields> = {}): ProgressFields {
  return { ...emptyProgress(), ...overrides };
}

export async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const out: unknown = await wb.xlsx.writeBuffer();
  const u8 = out as Uint8Array;
  return new Uint8Array(u8.buffer, u8.byteOffset, u8.byteLength);
}

export async function loadBytes(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/** Load, let `edit` change the workbook like a clerk would, write it back. */
export async function editWorkbook(
  bytes: Uint8Array,
  edit: (wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet) => void,
): Promise<Uint8Array> {
  const wb = await loadBytes(bytes);
  edit(wb, wb.getWorksheet('填报')!);
  return toBytes(wb);
}

/** The sheet row of a task, by its stable id (`air-02`); the sheet shows it as `大气-02`. */
export function rowOf(ws: ExcelJS.Worksheet, taskId: string): number {
  const label = taskLabel(taskId);
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`task ${taskId} not in sheet`);
}

/** A hand-made workbook from rows of cell values (row 1 = first array). */
export async function handMade(rows: ExcelJS.CellValue[][], sheetName = 'Sheet1'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  rows.forEach((cells, r) => cells.forEach((v, c) => (ws.getCell(r + 1, c + 1).value = v)));
  return toBytes(wb);
}
