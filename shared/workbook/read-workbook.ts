// Reads a returned workbook (from Excel, WPS, LibreOffice, or made by hand) into plain rows of
// progress values, without trusting anything the file says about itself:
//  1. the file is opened into a plain grid of values by the reader for its format (open-workbook.ts:
//     .xlsx, .xls/.et, .ods, CSV, and password-protected .xlsx/.xls through the host's decryptor),
//     each behind the byte-level checks of container.ts (size, zip bombs, sheet bounds); merged
//     cells take their top-left value as spreadsheet programs show them;
//  3. the 填报 sheet is found by its header names, on whichever sheet and row they are — clerks
//     rename sheets, add title rows, insert blank rows, add columns, sort and re-save;
//  4. each data row is keyed by task id (编号), its progress cells normalised and validated
//     (validate-fields.ts) and its plan cells kept as found for the "plan text edited" warning;
//  5. the manifest is read from `_manifest` and used only if its checksum verifies; otherwise a
//     warning and the file is treated as having no manifest; unit and period then come from the
//     title row or, failing that, the file name — for the user to confirm.
// A workbook without our header — a unit's own ledger — is not refused when a header of its own is
// found (shared/mapping/detect-header.ts): it comes back as layout 'foreign' with its grid and the
// error `needs-mapping`, and shared/mapping/ maps it (that needs the plan's tasks, which this reader
// does not have). A file with no recognisable header anywhere names each sheet and what it saw.
// It never throws for bad input: fatal problems are in `errors` (and then `rows` is empty),
// recoverable ones in `warnings`, row problems on each row.

import {
  PROGRESS_FIELD_LABELS,
  PROGRESS_FIELDS,
  taskLabel,
  type ProgressField,
  type ProgressFields,
} from '../model.ts';
import { sha256Hex } from '../sha256.ts';
import { COLUMNS, PLAN_COLUMN_KEYS, columnForHeader, type ColumnKey, type PlanColumnKey } from './columns.ts';
import { recogniseLayout } from '../mapping/recognise-layout.ts';
import { MAX_FILE_BYTES } from './container.ts';
import { issue, type FileErrorCode, type Issue, type WarningCode } from './issues.ts';
import { decodeManifest, MANIFEST_SHEET, type ReturnManifest } from './manifest.ts';
import { normaliseCode, plainToText, type PlainValue } from './normalise-cell.ts';
import type { Decryptor } from './decrypt.ts';
import { openWorkbookGrid, type WorkbookFormat } from './open-workbook.ts';
import { fillMerges, valueAt, type GridRow, type GridSheet, type SheetGrid } from './sheet-grid.ts';
import {
  parseProgressCells,
  parseRequestCells,
  parseTaskId,
  type CellInput,
  type FieldError,
  type RequestCells,
} from './validate-fields.ts';
import type { InflateRaw, SheetLimits } from './xlsx-grid.ts';

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
  /** The sheet the row is on, when the rows come from several (a mapped foreign layout). */
  sheet?: string;
}

/** Whose layout the file has: our return workbook's, a unit's own (to be mapped), or unreadable. */
export type LayoutKind = 'ours' | 'foreign';

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
  /** The format the file was read as, once opened (null: not opened). */
  format: WorkbookFormat | null;
  /** The file was password-protected (and opened with the password given). */
  encrypted: boolean;
  layout: LayoutKind | null;
  /** A foreign layout's sheets, kept for mapping (shared/mapping/); absent for our own layout. */
  grid?: SheetGrid;
  /** Set once a foreign layout's rows were read through a mapping (shared/mapping/apply-mapping.ts). */
  mapped?: { fingerprint: string; sheets: string[] };
}

export interface IdentityHint {
  unit: string | null;
  period: string | null;
}

export interface ReadOptions {
  fileName?: string;
  /** The platform's native inflater, where it has one (see xlsx-grid.ts); fflate otherwise. */
  inflate?: InflateRaw;
  /** A password-protected file's password: used once, never kept. */
  password?: string;
  /** The host's decryptor (decrypt.ts); without one a protected file is refused with a message. */
  decrypt?: Decryptor;
  /** Sheet bounds (the master ledger is read with larger ones). */
  limits?: SheetLimits;
  /** The plan's year, for months written without one in a foreign layout's header. */
  year?: number;
  /**
   * `history`: the district's master ledger — never our return layout, always kept with its grid for
   * a history mapping (shared/mapping/history.ts), its header looked for with a unit column.
   */
  mode?: 'return' | 'history';
}

const HEADER_SCAN_ROWS = 30;
const MAX_HEADER_CHARS = 40;

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

interface HeaderMatch {
  sheet: GridSheet;
  row: number;
  columns: Partial<Record<ColumnKey, number>>;
  duplicates: string[];
  score: number;
}

function findHeader(sheets: readonly GridSheet[]): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  for (const sheet of sheets) {
    if (sheet.name === MANIFEST_SHEET) continue;
    for (const { r, cells } of sheet.rows) {
      if (r > HEADER_SCAN_ROWS) break;
      const columns: Partial<Record<ColumnKey, number>> = {};
      const duplicates: string[] = [];
      for (const [col, { value: v }] of cells) {
        // No header is long; skipping data cells (whole 工作措施 texts) keeps the scan cheap.
        if (typeof v !== 'string' || v.length > MAX_HEADER_CHARS) continue;
        const key = columnForHeader(v);
        if (!key) continue;
        if (columns[key] === undefined) columns[key] = col;
        else duplicates.push(v);
      }
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

function readManifest(grid: SheetGrid): {
  status: ManifestStatus;
  manifest: ReturnManifest | null;
  reason?: string;
} {
  const sheet = grid.sheets.find((s) => s.name === MANIFEST_SHEET);
  if (!sheet) return { status: 'absent', manifest: null };
  // Rows as they exist (a stray cell at row 1,048,576 must not make this walk a million rows).
  const cells: PlainValue[] = sheet.rows.map((row) => valueAt(row, 1));
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
    format: null,
    encrypted: false,
    layout: null,
  };
}

/** A unit's own layout: kept with its grid for mapping, or (no header anywhere) refused naming what was seen. */
function foreignLayout(
  result: ReadResult,
  grid: SheetGrid,
  year: number,
  mode: 'return' | 'history',
): ReadResult {
  const found = recogniseLayout(grid, mode, year);
  if (!found.ok) {
    result.errors.push(found.error);
    return result;
  }
  result.layout = 'foreign';
  result.grid = grid;
  result.sheetName = found.sheetName;
  result.headerRow = found.headerRow;
  // The title and the lines under it (`统计时间：截至2021年3月25日`) say whose and which month.
  result.title = found.titleLines[0] ?? null;
  if (found.titleLines.length) result.hints.title = parseTitle(found.titleLines.join(' '));
  const fromTitle = result.hints.title;
  const fromName = result.hints.fileName;
  const byTitle = fromTitle.unit !== null || fromTitle.period !== null;
  const hint = byTitle ? fromTitle : fromName;
  result.unit = hint.unit;
  result.period = hint.period ?? fromName.period;
  result.identifiedBy = byTitle ? 'title' : fromName.unit || fromName.period ? 'file-name' : null;
  result.errors.push(
    issue(
      'needs-mapping',
      '这不是本系统下发的填报表（没有“编号”等表头），需要先核对各表、各列和各行对应的计划任务（映射）后才能导入。',
      `foreign layout: ${found.sheets} sheet(s) with a header of their own`,
    ),
  );
  return result;
}

/** Read a returned workbook. Never throws for bad input; see `errors`. */
export async function readReturnWorkbook(
  input: Uint8Array | ArrayBuffer,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const bytes = toBytes(input);
  const result = emptyResult(bytes, options.fileName ?? null);

  const opened = await openWorkbookGrid(bytes, {
    fileName: options.fileName,
    password: options.password,
    decrypt: options.decrypt,
    limits: options.limits,
    inflate: options.inflate,
  });
  result.encrypted = opened.encrypted;
  if (!opened.ok) {
    result.errors.push(opened.error);
    return result;
  }
  result.format = opened.format;
  const grid = opened.grid;

  // Manifest (optional, verified).
  const manifest = readManifest(grid);
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

  // Header: ours, else a unit's own layout (the master ledger is always read as one).
  const year = options.year ?? new Date().getUTCFullYear();
  if (options.mode === 'history') return foreignLayout(result, grid, year, 'history');
  const header = findHeader(grid.sheets.map(fillMerges));
  if (!header) return foreignLayout(result, grid, year, 'return');
  result.layout = 'ours';
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
  for (const { r, cells } of sheet.rows) {
    if (r >= headerRow || result.title !== null) break;
    for (const { value } of cells.values()) {
      if (typeof value === 'string') {
        result.title = value;
        break;
      }
    }
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
  // Rows as they exist, never up to a claimed row count: one cell can sit at row 1,048,576.
  const dataRows: GridRow[] = sheet.rows.filter((row) => row.r > headerRow);
  for (const row of dataRows) {
    const r = row.r;
    const idValue = valueAt(row, idCol);
    const rawTaskId = plainToText(idValue);
    if (typeof idValue === 'string' && columnForHeader(idValue) === 'taskId') continue; // a repeated header row
    const cells: Partial<Record<ProgressField, CellInput>> = {};
    let anyProgress = false;
    for (const f of progressCols) {
      const cell = row.cells.get(columns[f]!);
      const value = cell?.value ?? null;
      if (value !== null) anyProgress = true;
      cells[f] = { value, numFmt: cell?.numFmt };
    }
    // A row without an id is skipped when it carries no progress either (blank or note rows);
    // with progress it is kept with taskId '' so the merge lists it as rejected.
    if (rawTaskId === '' && !anyProgress) continue;
    const planCells: Partial<Record<PlanColumnKey, string>> = {};
    for (const k of planCols) planCells[k] = plainToText(valueAt(row, columns[k]!));
    const { fields, errors } = parseProgressCells(cells);
    const input = (key: 'extensionUntil' | 'extensionReason'): CellInput | undefined => {
      const col = columns[key];
      if (col === undefined) return undefined;
      const cell = row.cells.get(col);
      return { value: cell?.value ?? null, numFmt: cell?.numFmt };
    };
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
          `下发的 ${missingRows.length} 项任务在文件中找不到（可能被删除）：${missingRows.map(taskLabel).join('、')}`,
          `rows missing from the sheet: ${missingRows.join(', ')}`,
        ),
      );
    }
  }
  return result;
}

/** Header labels the reader recognises, for help texts. */
export const RECOGNISED_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);
