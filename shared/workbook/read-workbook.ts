// Reads a returned workbook (from Excel, WPS, LibreOffice, or made by hand) into plain rows of
// progress values, without trusting anything the file says about itself:
//  1. byte-level checks before inflating (container.ts): not a zip / old .xls / encrypted / CSV /
//     HTML / ODS / too large / zip bomb → a typed file error, nothing else is read;
//  2. exceljs loads the bytes (`load`, never `readFile`: no fs in the browser);
//  3. the 填报 sheet is found by its header names, on whichever sheet and row they are — clerks
//     rename sheets, add title rows, insert blank rows, add columns, sort and re-save;
//  4. each data row is keyed by task id (编号), its progress cells normalised and validated
//     (validate-fields.ts) and its plan cells kept as found for the "plan text edited" warning;
//  5. the manifest is read from `_manifest` and used only if its checksum verifies; otherwise a
//     warning and the file is treated as having no manifest; unit and period then come from the
//     title row or, failing that, the file name — for the user to confirm.
// It never throws for bad input: fatal problems are in `errors` (and then `rows` is empty),
// recoverable ones in `warnings`, row problems on each row.

import ExcelJS from 'exceljs';
import { PROGRESS_FIELD_LABELS, PROGRESS_FIELDS, type ProgressField, type ProgressFields } from '../model.ts';
import { sha256Hex } from '../sha256.ts';
import { COLUMNS, PLAN_COLUMN_KEYS, columnForHeader, type ColumnKey, type PlanColumnKey } from './columns.ts';
import { MAX_FILE_BYTES, checkContainer, checkSheetRows, verifyInflatedSizes } from './container.ts';
import { issue, type FileErrorCode, type Issue, type WarningCode } from './issues.ts';
import { decodeManifest, MANIFEST_SHEET, type ReturnManifest } from './manifest.ts';
import { normaliseCell, normaliseCode, plainToText, type PlainValue } from './normalise-cell.ts';
import {
  parseProgressCells,
  parseRequestCells,
  parseTaskId,
  type CellInput,
  type FieldError,
  type RequestCells,
} from './validate-fields.ts';

export interface ReadRow {
  /** 1-based row number in the sheet, for messages. */
  rowNumber: number;
  /** Normalised task id (`大气-3` → `air-03`); '' when the 编号 cell is blank. */
  taskId: string;
  /** The 编号 cell as found. */
  rawTaskId: string;
  /** The progress values the sheet has columns for and that parsed; invalid ones are in `errors`. */
  fields: Partial<ProgressFields>;
  errors: FieldError[];
  /** Plan column texts as found in the file (only the columns the sheet has). */
  planCells: Partial<Record<PlanColumnKey, string>>;
  /** The 申请延期至 / 延期理由 cells, when the sheet has those columns. */
  extension?: RequestCells;
}

export type ManifestStatus = 'ok' | 'absent' | 'invalid';

export interface ReadResult {
  fileName: string | null;
  size: number;
  /** SHA-256 of the file bytes: identifies "the same file twice" ('' for a file over the size limit). */
  sha256: string;
  manifest: ReturnManifest | null;
  manifestStatus: ManifestStatus;
  /** Unit and period the file is for: from the manifest, else inferred (to be confirmed by the user). */
  unit: string | null;
  period: string | null;
  identifiedBy: 'manifest' | 'title' | 'file-name' | null;
  /** What the title row and the file name say, whatever the manifest says (raw unit text). */
  hints: { title: IdentityHint; fileName: IdentityHint };
  sheetName: string | null;
  headerRow: number | null;
  /** Which 1-based column each recognised header is in. */
  columns: Partial<Record<ColumnKey, number>>;
  title: string | null;
  rows: ReadRow[];
  warnings: Issue<WarningCode>[];
  errors: Issue<FileErrorCode>[];
}

export interface IdentityHint {
  unit: string | null;
  period: string | null;
}

export interface ReadOptions {
  fileName?: string;
}

const HEADER_SCAN_ROWS = 30;
const MAX_HEADER_CHARS = 40;

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

function cellPlain(cell: ExcelJS.Cell): PlainValue {
  return normaliseCell(cell.value);
}

interface HeaderMatch {
  sheet: ExcelJS.Worksheet;
  row: number;
  columns: Partial<Record<ColumnKey, number>>;
  duplicates: string[];
  score: number;
}

function findHeader(wb: ExcelJS.Workbook): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  for (const sheet of wb.worksheets) {
    if (sheet.name === MANIFEST_SHEET) continue;
    const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
    for (let r = 1; r <= last; r++) {
      const columns: Partial<Record<ColumnKey, number>> = {};
      const duplicates: string[] = [];
      sheet.getRow(r).eachCell((cell, col) => {
        const v = cellPlain(cell);
        // No header is long; skipping data cells (whole 工作措施 texts) keeps the scan cheap.
        if (typeof v !== 'string' || v.length > MAX_HEADER_CHARS) return;
        const key = columnForHeader(v);
        if (!key) return;
        if (columns[key] === undefined) columns[key] = col;
        else duplicates.push(v);
      });
      const keys = Object.keys(columns) as ColumnKey[];
      if (
        columns.taskId === undefined ||
        !keys.some((k) => (PROGRESS_FIELDS as readonly string[]).includes(k))
      )
        continue;
      const score = keys.length;
      if (!best || score > best.score) best = { sheet, row: r, columns, duplicates, score };
    }
  }
  return best;
}

const PERIOD_IN_TEXT = /(\d{4})\s*年\s*(\d{1,2})\s*月/;

function periodOf(year: string, month: string): string | null {
  const m = Number(month);
  return m >= 1 && m <= 12 ? `${year}-${String(m).padStart(2, '0')}` : null;
}

/** `… — 永乐店镇 2021年3月 进展填报` (or a hand-made `永乐店镇2021年3月进展填报`) → unit and period. */
export function parseTitle(text: string): { unit: string | null; period: string | null } {
  const t = normaliseCode(text);
  const dash = /[—–]+|\s-{1,2}\s/.exec(t);
  const tail = dash ? t.slice(dash.index + dash[0].length) : t;
  const m = PERIOD_IN_TEXT.exec(tail);
  if (!m) return { unit: null, period: null };
  const unit = tail.slice(0, m.index).replace(/^[\s:：、，,]+|[\s:：、，,]+$/g, '');
  return { unit: unit === '' ? null : unit, period: periodOf(m[1]!, m[2]!) };
}

/** `永乐店镇_2021年03月_进展填报.xlsx`, `永乐店镇-2021年3月进展填报(1).xlsx`, `永乐店镇_2021-03.xlsx`. */
export function parseFileName(fileName: string): { unit: string | null; period: string | null } {
  const base = normaliseCode(fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''));
  const m =
    /^(.+?)[\s_\-—]*(\d{4})\s*年\s*(\d{1,2})\s*月/.exec(base) ??
    /^(.+?)[\s_\-—]+(\d{4})[-_.]?(\d{2})\b/.exec(base);
  if (!m) return { unit: null, period: null };
  const unit = m[1]!.replace(/[\s_\-—]+$/, '');
  return { unit: unit === '' ? null : unit, period: periodOf(m[2]!, m[3]!) };
}

function readManifest(wb: ExcelJS.Workbook): {
  status: ManifestStatus;
  manifest: ReturnManifest | null;
  reason?: string;
} {
  const sheet = wb.getWorksheet(MANIFEST_SHEET);
  if (!sheet) return { status: 'absent', manifest: null };
  // Rows as they exist (a stray cell at row 1,048,576 must not make this walk a million rows).
  const cells: PlainValue[] = [];
  sheet.eachRow((row) => {
    cells.push(cellPlain(row.getCell(1)));
  });
  const decoded = decodeManifest(cells);
  return decoded.status === 'ok'
    ? { status: 'ok', manifest: decoded.manifest }
    : { status: 'invalid', manifest: null, reason: decoded.reason };
}

function emptyResult(bytes: Uint8Array, fileName: string | null): ReadResult {
  return {
    fileName,
    size: bytes.length,
    // Not hashed when over the size limit: the file is rejected unread and hashing it would cost.
    sha256: bytes.length > MAX_FILE_BYTES ? '' : sha256Hex(bytes),
    manifest: null,
    manifestStatus: 'absent',
    unit: null,
    period: null,
    identifiedBy: null,
    hints: {
      title: { unit: null, period: null },
      fileName: fileName ? parseFileName(fileName) : { unit: null, period: null },
    },
    sheetName: null,
    headerRow: null,
    columns: {},
    title: null,
    rows: [],
    warnings: [],
    errors: [],
  };
}

/** Read a returned workbook. Never throws for bad input; see `errors`. */
export async function readReturnWorkbook(
  input: Uint8Array | ArrayBuffer,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const bytes = toBytes(input);
  const result = emptyResult(bytes, options.fileName ?? null);

  const container = checkContainer(bytes);
  if (!container.ok) {
    result.errors.push(container.error);
    return result;
  }
  const inflated = await verifyInflatedSizes(bytes, container.entries);
  if (!inflated.ok) {
    result.errors.push(inflated.error);
    return result;
  }
  const rowCheck = await checkSheetRows(bytes, container.entries);
  if (!rowCheck.ok) {
    result.errors.push(rowCheck.error);
    return result;
  }

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The zip reader compares what it inflated with the size the directory declared.
    result.errors.push(
      /uncompressed data size mismatch/.test(message)
        ? issue(
            'zip-bomb',
            '压缩包声明的大小与实际内容不符（疑似压缩炸弹或被篡改），已拒绝。',
            `declared uncompressed size does not match the inflated data: ${message}`,
          )
        : issue(
            'corrupt',
            '文件无法解析，可能已损坏。请用 Excel/WPS 打开后重新保存为 .xlsx 再导入。',
            `exceljs could not load the workbook: ${message}`,
          ),
    );
    return result;
  }

  // Manifest (optional, verified).
  const manifest = readManifest(wb);
  result.manifestStatus = manifest.status;
  result.manifest = manifest.manifest;
  if (manifest.status === 'invalid') {
    result.warnings.push(
      issue(
        'manifest-invalid',
        '清单校验失败，按无清单处理',
        `manifest sheet present but invalid (${manifest.reason})`,
      ),
    );
  }

  // Header.
  const header = findHeader(wb);
  if (!header) {
    result.errors.push(
      issue(
        'no-header',
        '未找到可识别的表头：需要“编号”列和至少一个填报列（如“完成状态”“工作进展”）。',
        'no row with a task-id header and at least one progress header',
      ),
    );
    return result;
  }
  const { sheet, row: headerRow, columns } = header;
  result.sheetName = sheet.name;
  result.headerRow = headerRow;
  result.columns = columns;
  for (const dup of header.duplicates) {
    result.warnings.push(
      issue(
        'duplicate-header',
        `表头“${dup}”出现多次，只读取第一列`,
        `duplicate header "${dup}": first column used`,
      ),
    );
  }
  const missing = PROGRESS_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length > 0) {
    const labels = missing.map((f) => PROGRESS_FIELD_LABELS[f]).join('、');
    result.warnings.push(
      issue(
        'missing-progress-columns',
        `文件缺少以下列，这些内容不会导入：${labels}`,
        `missing progress columns: ${missing.join(', ')}`,
      ),
    );
  }

  // Title: the first text above the header.
  for (let r = 1; r < headerRow && result.title === null; r++) {
    sheet.getRow(r).eachCell((cell) => {
      const v = cellPlain(cell);
      if (result.title === null && typeof v === 'string') result.title = v;
    });
  }

  // Unit and period.
  if (result.title) result.hints.title = parseTitle(result.title);
  if (result.manifest) {
    result.unit = result.manifest.unit;
    result.period = result.manifest.period;
    result.identifiedBy = 'manifest';
  } else {
    const fromTitle = result.title ? parseTitle(result.title) : { unit: null, period: null };
    const fromName = options.fileName ? parseFileName(options.fileName) : { unit: null, period: null };
    if (fromTitle.unit || fromTitle.period) {
      result.unit = fromTitle.unit;
      result.period = fromTitle.period;
      result.identifiedBy = 'title';
      if (fromName.unit && fromTitle.unit && fromName.unit !== fromTitle.unit) {
        result.warnings.push(
          issue(
            'unit-mismatch-title',
            `文件名中的单位“${fromName.unit}”与表格标题中的单位“${fromTitle.unit}”不一致，按标题识别，请确认`,
            `file name unit "${fromName.unit}" differs from title unit "${fromTitle.unit}"`,
          ),
        );
      }
      if (fromName.period && fromTitle.period && fromName.period !== fromTitle.period) {
        result.warnings.push(
          issue(
            'period-mismatch-title',
            `文件名中的月份（${fromName.period}）与表格标题中的月份（${fromTitle.period}）不一致，按标题识别，请确认`,
            `file name period ${fromName.period} differs from title period ${fromTitle.period}`,
          ),
        );
      }
    } else if (fromName.unit || fromName.period) {
      result.unit = fromName.unit;
      result.period = fromName.period;
      result.identifiedBy = 'file-name';
    }
  }

  // Rows.
  const progressCols = PROGRESS_FIELDS.filter((f) => columns[f] !== undefined);
  const planCols = PLAN_COLUMN_KEYS.filter((k) => columns[k] !== undefined);
  const idCol = columns.taskId!;
  // Rows as they exist, never up to rowCount: a file can claim a million rows with one cell.
  const dataRows: [ExcelJS.Row, number][] = [];
  sheet.eachRow((row, r) => {
    if (r > headerRow) dataRows.push([row, r]);
  });
  for (const [row, r] of dataRows) {
    const idValue = cellPlain(row.getCell(idCol));
    const rawTaskId = plainToText(idValue);
    if (typeof idValue === 'string' && columnForHeader(idValue) === 'taskId') continue; // a repeated header row
    const cells: Partial<Record<ProgressField, CellInput>> = {};
    let anyProgress = false;
    for (const f of progressCols) {
      const cell = row.getCell(columns[f]!);
      const value = cellPlain(cell);
      if (value !== null) anyProgress = true;
      cells[f] = { value, numFmt: cell.numFmt };
    }
    // A row without an id is skipped when it carries no progress either (blank or note rows);
    // with progress it is kept with taskId '' so the merge lists it as rejected.
    if (rawTaskId === '' && !anyProgress) continue;
    const planCells: Partial<Record<PlanColumnKey, string>> = {};
    for (const k of planCols) planCells[k] = plainToText(cellPlain(row.getCell(columns[k]!)));
    const { fields, errors } = parseProgressCells(cells);
    const input = (key: 'extensionUntil' | 'extensionReason'): CellInput | undefined =>
      columns[key] === undefined ? undefined : { value: cellPlain(row.getCell(columns[key])) };
    const extension = parseRequestCells(input('extensionUntil'), input('extensionReason'));
    result.rows.push({
      rowNumber: r,
      taskId: parseTaskId(idValue),
      rawTaskId,
      fields,
      errors,
      planCells,
      ...(extension ? { extension } : {}),
    });
  }

  if (result.manifest) {
    const inFile = new Set(result.rows.map((row) => row.taskId));
    const missingRows = result.manifest.rows.filter((m) => !inFile.has(m.taskId)).map((m) => m.taskId);
    if (missingRows.length > 0) {
      result.warnings.push(
        issue(
          'manifest-row-missing',
          `下发的 ${missingRows.length} 项任务在文件中找不到（可能被删除）：${missingRows.join('、')}`,
          `rows missing from the sheet: ${missingRows.join(', ')}`,
        ),
      );
    }
  }
  return result;
}

/** Header labels the reader recognises, for help texts. */
export const RECOGNISED_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);
