// Reads the spreadsheet formats we did not write ourselves and have no reader of our own for — .xls
// (BIFF8 and BIFF5, from Excel 97–2003, LibreOffice and WPS, whose .et files are BIFF workbooks too)
// and .ods (OpenDocument) — into the same SheetGrid the .xlsx reader produces, with SheetJS CE.
//
// Why SheetJS CE as `@e965/xlsx` 0.20.3: it is the one well-kept JavaScript reader of BIFF, runs in
// Node and the browser alike, and 0.20.x fixes the prototype-pollution (CVE-2023-30533) and ReDoS
// (CVE-2024-22363) advisories of 0.18.5, the last build the registry's `xlsx` name carries. It is
// used to read only, never to write, and loaded on first use (≈ 500 KB), so neither the app's first
// screen nor the `taizhang` command's other work pays for it.
//
// Bounds: container.ts has checked the file's size (and, for .ods, the zip's declared and inflated
// sizes) before this runs. SheetJS is told to read at most `limits.rows + 1` rows per sheet; a sheet
// holding a value in the row past the limit, or more cells than the limit, is refused with the .xlsx
// reader's message. Formulas are never evaluated (cached results only); styles, VBA and HTML are not read.
//
// Values follow the .xlsx reader (xlsx-grid.ts): text cleaned, numbers in date formats as
// `YYYY-MM-DD` (1900 or 1904 date system), error values and non-finite numbers as InvalidCell.

import { issue, type FileErrorCode, type Issue } from './issues.ts';
import { cleanText, InvalidCell, isoDateUtc, type PlainValue } from './normalise-cell.ts';
import type { CellRange, GridCell, GridRow, GridSheet, SheetGrid } from './sheet-grid.ts';
import { dateValue, isDateFormat, RETURN_LIMITS, sheetLimitIssue, type SheetLimits } from './xlsx-grid.ts';

export type SheetjsRead =
  { ok: true; grid: SheetGrid } | { ok: false; error: Issue<FileErrorCode>; encrypted?: boolean };

/** The minimal shape of a SheetJS cell and sheet we rely on (dense mode). */
interface SjCell {
  t?: string;
  v?: unknown;
  z?: string | number;
  w?: string;
}
interface SjSheet {
  '!data'?: (SjCell | undefined)[][];
  '!merges'?: { s: { r: number; c: number }; e: { r: number; c: number } }[];
}

function textValue(text: string): PlainValue {
  const t = cleanText(text);
  return t === '' ? null : t;
}

function cellValue(cell: SjCell, date1904: boolean): PlainValue {
  const format = typeof cell.z === 'string' ? cell.z : undefined;
  switch (cell.t) {
    case 's':
      return typeof cell.v === 'string' ? textValue(cell.v) : textValue(String(cell.v ?? ''));
    case 'b':
      return Boolean(cell.v);
    case 'e':
      return new InvalidCell(cell.w && cell.w.trim() !== '' ? cell.w.trim() : '#错误');
    case 'd': {
      const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      return isoDateUtc(d) ?? new InvalidCell(String(cell.v));
    }
    case 'n': {
      const n = typeof cell.v === 'number' ? cell.v : Number(cell.v);
      if (isDateFormat(format)) return dateValue(n, date1904);
      return Number.isFinite(n) ? n : new InvalidCell(Number.isNaN(n) ? 'NaN' : String(n));
    }
    default:
      return null; // 'z' (a styled blank) and anything unknown
  }
}

function formatLabel(format: 'xls' | 'ods', fileName: string | undefined): string {
  if (format === 'ods') return 'OpenDocument 表格（.ods）';
  return fileName && /\.et$/i.test(fileName) ? 'WPS 表格（.et）' : 'Excel 97-2003 工作簿（.xls）';
}

/**
 * SheetJS reports a few things it cannot map on console.error (ODS number formats with conditions).
 * The read is synchronous, so nothing else runs while the console is quiet; what it said is kept
 * for the log line of a failure.
 */
function quietly<T>(read: () => T, said: string[]): T {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (said.length < 5) said.push(args.map(String).join(' ').slice(0, 200));
  };
  try {
    return read();
  } finally {
    console.error = original;
  }
}

/** Read an .xls/.et or .ods that container.ts routed here. Never throws for bad input. */
export async function readSheetjsGrid(
  bytes: Uint8Array,
  format: 'xls' | 'ods',
  options: { fileName?: string; limits?: SheetLimits } = {},
): Promise<SheetjsRead> {
  const limits = options.limits ?? RETURN_LIMITS;
  const what = formatLabel(format, options.fileName);
  const XLSX = await import('@e965/xlsx');
  const said: string[] = [];
  let wb: ReturnType<typeof XLSX.read>;
  try {
    wb = quietly(
      () =>
        XLSX.read(bytes, {
          type: 'array',
          dense: true,
          sheetRows: limits.rows + 1,
          cellFormula: false,
          cellHTML: false,
          cellText: false,
          cellNF: true,
          cellStyles: false,
          cellDates: false,
          bookVBA: false,
        }),
      said,
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/password/i.test(message))
      return {
        ok: false,
        encrypted: true,
        error: issue(
          'encrypted',
          `${what}设置了打开密码，请输入密码。`,
          `BIFF workbook with FILEPASS: ${message}`,
        ),
      };
    return {
      ok: false,
      error: issue(
        'unreadable-format',
        `无法打开这个${what}：文件可能已损坏或格式不受支持。请在 Excel/WPS 中打开后“另存为” Excel 工作簿（.xlsx）再导入。`,
        `${format} reader failed: ${message}${said.length ? ` (${said.join('; ')})` : ''}`,
      ),
    };
  }

  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const states = wb.Workbook?.Sheets ?? [];
  const sheets: GridSheet[] = [];
  for (const [i, name] of wb.SheetNames.entries()) {
    const ws = wb.Sheets[name] as SjSheet | undefined;
    if (!ws) continue;
    const hidden = states[i]?.Hidden;
    const state: GridSheet['state'] = hidden === 2 ? 'veryHidden' : hidden === 1 ? 'hidden' : 'visible';
    const data = ws['!data'] ?? [];
    const rows: GridRow[] = [];
    let cells = 0;
    for (let r = 0; r < data.length; r++) {
      const source = data[r];
      if (!source) continue;
      const row: GridRow = { r: r + 1, cells: new Map() };
      for (let c = 0; c < source.length; c++) {
        const cell = source[c];
        if (!cell) continue;
        const value = cellValue(cell, date1904);
        if (value === null) continue;
        if (++cells > limits.cells) return { ok: false, error: sheetLimitIssue('cells', name, limits.cells) };
        const numFmt = typeof cell.z === 'string' && cell.z !== 'General' ? cell.z : undefined;
        const out: GridCell = numFmt ? { value, numFmt } : { value };
        row.cells.set(c + 1, out);
      }
      if (row.cells.size === 0) continue;
      // SheetJS stopped at limits.rows + 1: a value in that row means the sheet goes on past the limit.
      if (row.r > limits.rows) return { ok: false, error: sheetLimitIssue('rows', name, limits.rows) };
      rows.push(row);
    }
    const merges: CellRange[] = (ws['!merges'] ?? []).map((m) => ({
      top: Math.min(m.s.r, m.e.r) + 1,
      left: Math.min(m.s.c, m.e.c) + 1,
      bottom: Math.max(m.s.r, m.e.r) + 1,
      right: Math.max(m.s.c, m.e.c) + 1,
    }));
    sheets.push({ name, state, rows, merges });
  }
  return { ok: true, grid: { sheets } };
}
