// Writes the return workbook a unit is sent each month (the layout below):
//   填报      title row, header row, one row per task the unit leads or co-leads. Plan columns are
//             locked; progress columns are unlocked with inline validations (status list,
//             percent 0–100, date). Frozen header, wrapped text, widths, A4 landscape fit to
//             width with the title+header rows repeated on every page, autofilter.
//   说明      short Chinese instructions.
//   _manifest veryHidden, always last (exceljs cannot hide the first sheet): see manifest.ts.
//
// Sheet protection: on, with NO password. It guards against accidental edits of the plan text,
// not against a determined clerk — a password everyone must know protects nothing, and the
// importer never trusts the file anyway (plan-text edits are detected and reported, never
// merged). Allowed under protection: select, format cells/rows/columns, insert rows/columns
// (clerks add their own notes), sort, autofilter. Note that Excel refuses to sort a range that
// contains locked cells even when sorting is allowed, so in practice clerks filter, not sort.
//
// Formula injection: every text is written as a string cell (exceljs writes a shared string,
// never a formula, so nothing is evaluated on open), and every text column carries the Text
// number format `@`, which is the apostrophe-equivalent for editing — in Excel, WPS and
// LibreOffice a `=…` typed or re-entered (F2, Enter) into a Text-formatted cell stays text. We do
// NOT prepend a literal "'": it would become part of the value, change what the clerk sees and
// come back on import as a spurious edit of every such cell.
//
// The manifest's base values are the values *as written to the cells and as the reader will
// read them back* (trimmed, XML-invalid control characters removed), so re-importing an untouched
// workbook yields zero changes.

import ExcelJS from 'exceljs';
import {
  PROGRESS_FIELDS,
  STATUSES,
  taskLabel,
  type PlanDocument,
  type ProgressFields,
  type Task,
} from '../model.ts';
import { COLUMNS, planCellTexts, type ColumnKey, type Role } from './columns.ts';
import { WorkbookError } from './issues.ts';
import {
  encodeManifest,
  MANIFEST_FORMAT,
  MANIFEST_SHEET,
  MANIFEST_VERSION,
  type ReturnManifest,
} from './manifest.ts';
import { cleanText, isoToUtcDate } from './normalise-cell.ts';
import { parsePhone } from './validate-fields.ts';
import { localTaskId } from '../plan-ids.ts';
import { unitMonthFileName } from '../safe-file-name.ts';

export const FILL_SHEET = '填报';
export const README_SHEET = '说明';

export interface ExportRow {
  task: Task;
  role: Role;
  /** The ledger's values for (task, unit, period) now — or the carried-forward ones. */
  base: ProgressFields;
  /**
   * What the progress cells show, when not `base`: a clerk's app re-exports the district's workbook
   * with the district's base in the manifest and the clerk's current values in the cells.
   */
  values?: ProgressFields;
  /** The 申请延期至 / 延期理由 cells (the request the row holds now); blank when absent. */
  extension?: { until: string | null; reason: string };
  /**
   * The request cells' base for the manifest, when not `extension` (the clerk's return keeps the
   * district's, so the district sees exactly what the clerk asked).
   */
  extensionBase?: { until: string | null; reason: string };
  /** The 区里意见 cell: the review with its comment, the extension's decision ('' when none). */
  opinion?: string;
  /** An approved extension: the 完成时限 cell is struck through (the new date is in 区里意见). */
  approvedUntil?: string | null;
}

export interface ExportInput {
  plan: Pick<PlanDocument, 'id' | 'title' | 'docNumber'>;
  /** Canonical unit name. */
  unit: string;
  /** `YYYY-MM` */
  period: string;
  rows: readonly ExportRow[];
  exportId: string;
  /** ISO timestamp. */
  exportedAt: string;
}

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_CELL_TEXT = 32767;

function parsePeriod(period: string): { year: number; month: number } {
  const m = PERIOD_RE.exec(period);
  if (!m)
    throw new WorkbookError(
      'invalid-period',
      `填报期"${period}"无效，应为 YYYY-MM`,
      `invalid period ${period}`,
    );
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** `2021-03` → `2021年3月`. */
export function periodLabel(period: string): string {
  const { year, month } = parsePeriod(period);
  return `${year}年${month}月`;
}

/** `通州区…行动计划 — 永乐店镇 2021年3月 进展填报`: the 填报 sheet's title row (the reader parses it back). */
export function returnWorkbookTitle(planTitle: string, unit: string, period: string): string {
  return `${planTitle} — ${unit} ${periodLabel(period)} 进展填报`;
}

/**
 * `永乐店镇_2021年03月_进展填报.xlsx`, or `…_进展填报_<plan id>.xlsx` with a plan tag (planFileTag:
 * another plan of the same year is in the ledger). Characters Windows forbids in file names become `_`.
 */
export function returnWorkbookFileName(unit: string, period: string, planTag?: string): string {
  const { year, month } = parsePeriod(period);
  return unitMonthFileName(unit, year, month, '进展填报', 'xlsx', planTag);
}

// Characters XML 1.0 cannot hold (exceljs would write them raw and produce a corrupt file).
/* eslint-disable no-control-regex */
const XML_INVALID =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

/** Text as it will sit in the cell and read back: XML-safe, trimmed, \n line endings. */
export function cellSafeText(text: string): string {
  return cleanText(text.replace(XML_INVALID, ''));
}

/** The base values as they will read back from the cells (see the header comment). */
export function canonicalBase(base: ProgressFields): ProgressFields {
  const phone = parsePhone(cellSafeText(base.phone) || null);
  return {
    status: base.status,
    percent: base.percent,
    progress: cellSafeText(base.progress),
    problems: cellSafeText(base.problems),
    nextSteps: cellSafeText(base.nextSteps),
    evidence: cellSafeText(base.evidence),
    reporter: cellSafeText(base.reporter),
    phone: phone.ok ? phone.value : cellSafeText(base.phone),
    filledOn: base.filledOn,
  };
}

function checkLength(text: string, what: string): string {
  if (text.length > MAX_CELL_TEXT) {
    throw new WorkbookError(
      'text-too-long',
      `${what}超过 Excel 单元格上限（${MAX_CELL_TEXT} 字符），无法导出`,
      `${what}: text of ${text.length} characters exceeds the Excel cell limit`,
    );
  }
  return text;
}

const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const PLAN_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const PLAN_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
const INPUT_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };

const STATUS_VALIDATION: ExcelJS.DataValidation = {
  type: 'list',
  allowBlank: true,
  // Inline list (≤ 255 chars): exceljs cannot read cross-sheet lists stored in the x14 extension.
  formulae: [`"${STATUSES.join(',')}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: '完成状态',
  error: `请从下拉列表中选择：${STATUSES.join('、')}`,
  showInputMessage: true,
  promptTitle: '完成状态',
  prompt: STATUSES.join(' / '),
};

const PERCENT_VALIDATION: ExcelJS.DataValidation = {
  type: 'whole',
  operator: 'between',
  allowBlank: true,
  formulae: [0, 100],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: '完成比例(%)',
  error: '请输入 0 到 100 之间的整数，如 80 表示 80%',
};

const DATE_VALIDATION: ExcelJS.DataValidation = {
  type: 'date',
  operator: 'between',
  allowBlank: true,
  formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2099, 11, 31))],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: '填报日期',
  error: '请输入日期，如 2021-03-05',
};

const VALIDATIONS: Partial<Record<ColumnKey, ExcelJS.DataValidation>> = {
  status: STATUS_VALIDATION,
  percent: PERCENT_VALIDATION,
  filledOn: DATE_VALIDATION,
  extensionUntil: {
    ...DATE_VALIDATION,
    errorTitle: '申请延期至',
    error: '请输入申请延期到的日期，如 2021-12-31',
    showInputMessage: true,
    promptTitle: '申请延期至',
    prompt: '需要延期时填写日期，并在“延期理由”中说明原因',
  },
};

function writeFillSheet(wb: ExcelJS.Workbook, input: ExportInput, cellValues: ProgressFields[]): void {
  const ws = wb.addWorksheet(FILL_SHEET, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 2, topLeftCell: 'B3', activeCell: 'J3' }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: '1:2',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  const lastCol = COLUMNS.length;
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));

  const title = checkLength(
    cellSafeText(returnWorkbookTitle(input.plan.title, input.unit, input.period)),
    '标题',
  );
  ws.mergeCells(1, 1, 1, lastCol);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;

  const header = ws.getRow(2);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = c.editable ? INPUT_HEADER_FILL : PLAN_HEADER_FILL;
    cell.border = BORDER;
  });
  header.height = 32;

  input.rows.forEach((exportRow, r) => {
    const { task, role } = exportRow;
    const values = cellValues[r]!;
    const plan = planCellTexts(task, role);
    const row = ws.getRow(3 + r);
    COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      let value: ExcelJS.CellValue;
      // People's number (大气-03) in the sheet; the manifest keeps the stable id (air-03).
      if (c.key === 'taskId') value = taskLabel(task.id);
      else if (c.key === 'percent') value = values.percent;
      else if (c.key === 'filledOn') value = values.filledOn ? isoToUtcDate(values.filledOn) : null;
      else if (c.key === 'status') value = values.status;
      else if (c.key === 'extensionUntil')
        value = exportRow.extension?.until ? isoToUtcDate(exportRow.extension.until) : null;
      else if (c.key === 'extensionReason') value = cellSafeText(exportRow.extension?.reason ?? '');
      else if (c.key === 'opinion') value = cellSafeText(exportRow.opinion ?? '');
      else if (c.key in plan) value = cellSafeText(plan[c.key as keyof typeof plan]);
      else value = values[c.key as keyof ProgressFields] as string;
      if (typeof value === 'string') {
        value = checkLength(value, `${taskLabel(task.id)} 的“${c.header}”`);
        if (value === '') value = null;
      }
      cell.value = value;
      cell.alignment = {
        vertical: 'top',
        wrapText: true,
        horizontal: c.key === 'percent' || c.key === 'status' || c.key === 'role' ? 'center' : 'left',
      };
      cell.border = BORDER;
      if (c.text) cell.numFmt = '@';
      if (c.key === 'filledOn' || c.key === 'extensionUntil') cell.numFmt = 'yyyy-mm-dd';
      if (c.editable) {
        cell.protection = { locked: false };
      } else {
        cell.fill = PLAN_FILL;
      }
      // The plan's deadline stays readable, struck through, once an extension is approved.
      if (c.key === 'deadline' && exportRow.approvedUntil)
        cell.font = { strike: true, color: { argb: 'FF7F7F7F' } };
      if (c.key === 'opinion' && exportRow.opinion) cell.font = { color: { argb: 'FFC00000' } };
    });
  });

  const lastRow = Math.max(3, 2 + input.rows.length);
  // One validation per column range. (Per-cell validations go through exceljs's optimiser, which
  // sorts addresses as strings — J10 before J3 — and writes overlapping ranges.)
  const validations = (
    ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  COLUMNS.forEach((c, i) => {
    const validation = VALIDATIONS[c.key];
    if (!validation || input.rows.length === 0) return;
    const col = ws.getColumn(i + 1).letter;
    validations.add(`${col}3:${col}${lastRow}`, validation);
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: lastRow, column: lastCol } };
}

function writeReadmeSheet(wb: ExcelJS.Workbook, input: ExportInput): void {
  const ws = wb.addWorksheet(README_SHEET);
  ws.getColumn(1).width = 100;
  const lines = [
    `《${input.plan.title}》（${input.plan.docNumber}）${input.unit} ${periodLabel(input.period)} 进展填报说明`,
    '',
    `1. 本表列出本单位牵头（主责）或配合（协办）的全部任务，共 ${input.rows.length} 项，“本单位角色”列注明主责或协办。`,
    '2. 只需填写黄色表头的列：完成状态、完成比例(%)、工作进展、存在问题、下步计划、佐证材料、填报人、联系电话、填报日期；需要延期时填写“申请延期至”和“延期理由”。',
    '3. 灰色列为计划内容，已锁定（未设密码）。请勿修改；如计划内容有误，请另行说明，修改不会被导入。',
    `4. 完成状态请从下拉列表中选择：${STATUSES.join('、')}。`,
    '5. 完成比例填写 0 到 100 的整数，如 80 表示完成 80%。',
    '6. 填报日期格式如 2021-03-05。',
    '7. 请勿修改“编号”列，勿合并单元格；可以筛选，可以在表格右侧增加自己的备注列（导入时忽略）。',
    '8. 请勿删除或修改本工作簿中隐藏的工作表，它用于核对导入，修改后将无法自动比对。',
    '9. 填好后直接保存为 .xlsx 报送（不要另存为 .xls 或 CSV，不要设置打开密码），文件名可保持不变。',
    '10. “区里意见”列是区里对上次报送的审核意见（如“已退回”及原因）和延期申请的批复，请据此修改后再报送。完成时限被划掉表示已批准延期，新时限见“区里意见”。',
    '11. 照片、扫描件等佐证材料：把本工作簿和佐证材料一起压缩成一个 .zip 报送，每项任务的材料放在以任务编号命名的文件夹中（如“佐证材料/大气-03/现场照片.jpg”）。',
  ];
  lines.forEach((line, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) cell.font = { bold: true, size: 13 };
  });
}

function writeManifestSheet(wb: ExcelJS.Workbook, manifest: ReturnManifest): void {
  const ws = wb.addWorksheet(MANIFEST_SHEET, { state: 'veryHidden' });
  encodeManifest(manifest).forEach((text, i) => {
    ws.getCell(i + 1, 1).value = text;
  });
  ws.getCell(1, 2).value = '系统数据，请勿修改';
}

/** Build the return workbook for one unit and period; resolves to the .xlsx bytes. */
export async function exportReturnWorkbook(input: ExportInput): Promise<Uint8Array> {
  parsePeriod(input.period);
  const seen = new Set<string>();
  for (const { task } of input.rows) {
    if (seen.has(task.id)) {
      throw new WorkbookError(
        'duplicate-task',
        `任务 ${taskLabel(task.id)} 重复`,
        `duplicate task ${task.id}`,
      );
    }
    seen.add(task.id);
  }
  const bases = input.rows.map((r) => canonicalBase(r.base));
  const cellValues = input.rows.map((r, i) => (r.values ? canonicalBase(r.values) : bases[i]!));
  for (const values of [...bases, ...cellValues])
    for (const f of PROGRESS_FIELDS) if (typeof values[f] === 'string') checkLength(values[f], f);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Taizhang 台账';
  wb.created = new Date(input.exportedAt);
  wb.modified = wb.created;
  wb.title = returnWorkbookTitle(input.plan.title, input.unit, input.period);

  writeFillSheet(wb, input, cellValues);
  writeReadmeSheet(wb, input);
  writeManifestSheet(wb, {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    planId: input.plan.id,
    unit: input.unit,
    period: input.period,
    exportId: input.exportId,
    exportedAt: input.exportedAt,
    rows: input.rows.map((r, i) => {
      const ext = r.extensionBase ?? r.extension;
      return {
        // The manifest speaks the plan's own ids (`air-03`) and names the plan: shared/plan-ids.ts.
        taskId: localTaskId(r.task.id),
        role: r.role,
        base: bases[i]!,
        extension: ext ? { until: ext.until, reason: cellSafeText(ext.reason) } : { until: null, reason: '' },
        ...(r.opinion ? { opinion: cellSafeText(r.opinion) } : {}),
      };
    }),
  });
  const fill = wb.getWorksheet(FILL_SHEET)!;
  await fill.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: true,
    insertColumns: true,
    deleteRows: false,
    deleteColumns: false,
    sort: true,
    autoFilter: true,
  });
  await wb.getWorksheet(MANIFEST_SHEET)!.protect('', {});
  wb.views = [
    { activeTab: 0, firstSheet: 0, visibility: 'visible', x: 0, y: 0, width: 28800, height: 16000 },
  ];

  const out: unknown = await wb.xlsx.writeBuffer();
  // A Node Buffer or a browser Uint8Array/ArrayBuffer: hand back a plain Uint8Array view either way.
  return out instanceof Uint8Array
    ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    : new Uint8Array(out as ArrayBuffer);
}
