// Reads an .xlsx into a SheetGrid: only what a return needs — sheet names and visibility, cell
// values (shared strings, inline strings, numbers, booleans, errors, formulas' cached results),
// the number format of each cell and merged ranges. Charts, drawings, comments, defined names
// and styles beyond number formats are never inflated.
//
// It replaces a general workbook library on the read path because that library builds a full
// object model of every part (≈ 30 ms and megabytes for a 30 KB return, 20× this reader) and pulls
// ≈ 1 MB of code into the `taizhang` command's start-up. Bounded by construction: the zip's
// declared sizes (already checked against the file by container.ts) bound every part it inflates,
// a part over MAX_PART_BYTES is refused unread, and a sheet with more rows or cells than a return
// can hold stops the scan as soon as it is seen.
//
// Values follow what Excel shows: a number in a date format is a date (`YYYY-MM-DD`, 1900 or
// 1904 date system), except Excel's dates before 1900-03-01 — its calendar holds a phantom
// 1900-02-29 — which are InvalidCell, never a shifted day; an error value (#REF!), NaN or 1e999 is
// InvalidCell; a formula is its cached result, never evaluated.

import { inflateSync } from 'fflate';
import { MAX_SHEET_ROWS, type ZipEntryInfo } from './container.ts';
import { issue, type FileErrorCode, type Issue } from './issues.ts';
import { cleanText, InvalidCell, isoDateUtc, type PlainValue } from './normalise-cell.ts';
import type { CellRange, GridCell, GridRow, GridSheet, SheetGrid } from './sheet-grid.ts';
import { attr, decodeOoxmlEscapes, decodeXml, eachAttr, scanXml } from './xml-scan.ts';

/** Largest XML part inflated: a 2,000-row sheet of long texts is a few MB. */
export const MAX_PART_BYTES = 50 * 1024 * 1024;
/** Most cells one sheet may hold (a return is ~140 rows × ~20 columns; 2,000 × 50 is far past it). */
export const MAX_SHEET_CELLS = 100_000;

export type GridRead = { ok: true; grid: SheetGrid } | { ok: false; error: Issue<FileErrorCode> };

/** How much one sheet may hold: a return's bounds by default; the district's master ledger is larger. */
export interface SheetLimits {
  rows: number;
  cells: number;
}

export const RETURN_LIMITS: SheetLimits = { rows: MAX_SHEET_ROWS, cells: MAX_SHEET_CELLS };

/**
 * The district's master ledger: every task × unit (2,498 rows) with months side by side (a dozen
 * months of five fields ≈ 70 columns). Still far below what would make reading slow or large.
 */
export const HISTORY_LIMITS: SheetLimits = { rows: 10_000, cells: 500_000 };

class GridError extends Error {
  constructor(readonly issue: Issue<FileErrorCode>) {
    super(issue.log);
  }
}

function corrupt(log: string): GridError {
  return new GridError(
    issue('corrupt', '文件无法解析，可能已损坏。请用 Excel/WPS 打开后重新保存为 .xlsx 再导入。', log),
  );
}

// --- parts -------------------------------------------------------------------------------------

const utf8 = new TextDecoder('utf-8');

/**
 * Inflates raw deflate data, producing at most `maxSize` bytes (more is an error or a truncation;
 * either is caught). The CLI passes Node's zlib, the app the browser's DecompressionStream; the
 * default is fflate, pure JavaScript, for tests and anywhere else.
 */
export type InflateRaw = (compressed: Uint8Array, maxSize: number) => Promise<Uint8Array>;

export const fflateInflate: InflateRaw = async (compressed, maxSize) =>
  inflateSync(compressed, { out: new Uint8Array(maxSize) });

async function partText(bytes: Uint8Array, entry: ZipEntryInfo, inflate: InflateRaw): Promise<string> {
  if (entry.uncompressedSize > MAX_PART_BYTES) {
    throw new GridError(
      issue(
        'zip-bomb',
        '文件解压后体积异常大（疑似“压缩炸弹”），已拒绝读取。请确认文件来源。',
        `part ${entry.name} declares ${entry.uncompressedSize} bytes, limit ${MAX_PART_BYTES}`,
      ),
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50)
    throw corrupt(`bad local header for ${entry.name}`);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  const pastDeclared = () =>
    new GridError(
      issue(
        'zip-bomb',
        '压缩包声明的大小与实际内容不符（疑似压缩炸弹或被篡改），已拒绝。',
        `entry ${entry.name} inflates past its declared ${entry.uncompressedSize} bytes`,
      ),
    );
  let raw: Uint8Array;
  if (entry.method === 0) raw = data;
  else if (entry.method === 8) {
    // One byte more than declared: an entry that inflates past its declared size fills it (or the
    // inflater refuses to go past it).
    try {
      raw = await inflate(data, entry.uncompressedSize + 1);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/larger than|exceeds|too large/i.test(message)) throw pastDeclared();
      throw corrupt(`${entry.name}: ${message}`);
    }
  } else throw corrupt(`entry ${entry.name} uses compression method ${entry.method}`);
  if (raw.length > entry.uncompressedSize) throw pastDeclared();
  if (raw.length < entry.uncompressedSize) throw corrupt(`entry ${entry.name} is shorter than declared`);
  return utf8.decode(raw);
}

/** `xl/worksheets/../x.xml` → `xl/x.xml`; a leading `/` is the package root. */
function resolvePart(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `${base}/${target}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

// --- workbook, relationships, styles, shared strings ---------------------------------------------

interface SheetRef {
  name: string;
  state: GridSheet['state'];
  relId: string;
}

function readWorkbook(xml: string): { sheets: SheetRef[]; date1904: boolean } {
  const sheets: SheetRef[] = [];
  let date1904 = false;
  let isWorkbook = false;
  scanXml(xml, {
    open(name, attrs) {
      if (name === 'workbook') isWorkbook = true;
      else if (name === 'workbookPr') {
        const v = attr(attrs, 'date1904');
        date1904 = v === '1' || v === 'true';
      } else if (name === 'sheet') {
        const state = attr(attrs, 'state');
        sheets.push({
          name: attr(attrs, 'name') ?? '',
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
          relId: attr(attrs, 'id', true) ?? '',
        });
      }
    },
  });
  if (!isWorkbook || sheets.length === 0) throw corrupt('xl/workbook.xml names no sheets');
  return { sheets, date1904 };
}

function readRels(xml: string, base: string): Map<string, string> {
  const targets = new Map<string, string>();
  scanXml(xml, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target');
      if (id && target && attr(attrs, 'TargetMode') !== 'External')
        targets.set(id, resolvePart(base, target));
    },
  });
  return targets;
}

// Built-in number formats (ECMA-376 §18.8.30) that matter to a reader: percentages and dates,
// including the Chinese-locale date ids (27–36, 50–58) WPS and Excel write.
const CJK_DATE = 'yyyy"年"m"月"d"日"';
const BUILTIN_FORMATS: Record<number, string> = {
  9: '0%',
  10: '0.00%',
  14: 'yyyy/m/d',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy/m/d h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
  49: '@',
};
for (const id of [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58])
  BUILTIN_FORMATS[id] = CJK_DATE;

/** Cell style index (`s`) → number format code; undefined for General. */
function readStyles(xml: string): (string | undefined)[] {
  const custom = new Map<number, string>();
  const xfFormats: (string | undefined)[] = [];
  let inCellXfs = false;
  const pending: number[] = [];
  scanXml(xml, {
    open(name, attrs, selfClosing) {
      if (name === 'numFmt') {
        const id = Number(attr(attrs, 'numFmtId'));
        const code = attr(attrs, 'formatCode');
        if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
      } else if (name === 'cellXfs') inCellXfs = !selfClosing;
      else if (name === 'xf' && inCellXfs) pending.push(Number(attr(attrs, 'numFmtId') ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  for (const id of pending) xfFormats.push(custom.get(id) ?? BUILTIN_FORMATS[id]);
  return xfFormats;
}

/** Shared strings: rich-text runs joined; phonetic guides (`rPh`) left out, as Excel shows them. */
function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let inSi = false;
  let inT = false;
  let inPhonetic = 0;
  let current = '';
  scanXml(xml, {
    open(name, _attrs, selfClosing) {
      if (name === 'si') {
        inSi = true;
        current = '';
        if (selfClosing) {
          strings.push('');
          inSi = false;
        }
      } else if (name === 'rPh') inPhonetic++;
      else if (name === 't' && inSi && !selfClosing) inT = true;
    },
    close(name) {
      if (name === 'si' && inSi) {
        strings.push(current);
        inSi = false;
      } else if (name === 'rPh') inPhonetic = Math.max(0, inPhonetic - 1);
      else if (name === 't') inT = false;
    },
    text(raw, cdata) {
      if (inT && inPhonetic === 0) current += decodeOoxmlEscapes(cdata ? raw : decodeXml(raw));
    },
  });
  return strings;
}

// --- cells ------------------------------------------------------------------------------------

/** Is a number format a date/time one? Quoted literals and [brackets] (colours, locales) aside. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[ymdhsYMDHS]/.test(bare) && !/^general$/i.test(bare.trim());
}

const MS_PER_DAY = 86_400_000;
const UNIX_EPOCH_SERIAL = 25_569; // 1970-01-01 in the 1900 date system

/** A date cell's serial as `YYYY-MM-DD`, or InvalidCell (Excel's phantom 1900-02-29, NaN, out of range). */
export function dateValue(serial: number, date1904: boolean): PlainValue {
  if (!Number.isFinite(serial)) return new InvalidCell(Number.isNaN(serial) ? 'NaN' : String(serial));
  const s = date1904 ? serial + 1462 : serial;
  if (s < 61) {
    const day = Math.round(s);
    return new InvalidCell(day === 60 ? '1900-02-29' : `日期序号 ${day}`);
  }
  const date = new Date(Math.round((s - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
  if (Number.isNaN(date.getTime())) return new InvalidCell('无效日期');
  return isoDateUtc(date) ?? new InvalidCell(date.toISOString().split('T')[0]!);
}

function textValue(text: string): PlainValue {
  const t = cleanText(text);
  return t === '' ? null : t;
}

/** `BC12` → column 55; 0 when not a cell reference. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
    if (col > 16_384) return 0;
  }
  return col;
}

function rowOfRef(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : 0;
}

function parseRange(ref: string): CellRange | null {
  const [a, b = a] = ref.split(':');
  if (!a || !b) return null;
  const top = rowOfRef(a);
  const left = columnOf(a);
  const bottom = rowOfRef(b);
  const right = columnOf(b);
  if (!top || !left || !bottom || !right) return null;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

interface SheetContext {
  name: string;
  strings: string[];
  formats: (string | undefined)[];
  date1904: boolean;
  limits: SheetLimits;
}

function tooMany(what: 'rows' | 'cells', name: string, limit: number): GridError {
  return new GridError(sheetLimitIssue(what, name, limit));
}

/** The message for a sheet past MAX_SHEET_ROWS rows or MAX_SHEET_CELLS cells (every reader uses it). */
export function sheetLimitIssue(what: 'rows' | 'cells', name: string, limit: number): Issue<FileErrorCode> {
  return what === 'rows'
    ? issue(
        'too-many-rows',
        `文件的一张工作表有超过 ${limit} 行，远多于任何单位的回报（每个单位最多 134 项任务），已拒绝。请检查是否选错了文件。`,
        `sheet "${name}" has more than ${limit} rows`,
      )
    : issue(
        'too-many-rows',
        `文件的一张工作表有超过 ${limit} 个单元格，远多于任何单位的回报，已拒绝。请检查是否选错了文件。`,
        `sheet "${name}" has more than ${limit} cells`,
      );
}

function readSheet(xml: string, ctx: SheetContext): Pick<GridSheet, 'rows' | 'merges'> {
  const rows: GridRow[] = [];
  const merges: CellRange[] = [];
  let rowCount = 0;
  let cellCount = 0;
  let row: GridRow | null = null;
  let lastRow = 0;
  let col = 0;
  // The cell being read.
  let inCell = false;
  let type = '';
  let style = -1;
  let v: string | null = null;
  let inline: string | null = null;
  let inV = false;
  let inT = false;
  let inPhonetic = 0;
  let isWorksheet = false;
  let otherSheet = false; // a chart, dialog or macro sheet: listed with the sheets, holds no cells

  const finishCell = (): void => {
    inCell = false;
    const format = style >= 0 ? ctx.formats[style] : undefined;
    let value: PlainValue;
    switch (type) {
      case 's': {
        const i = v === null ? NaN : Number(v);
        value = Number.isInteger(i) && i >= 0 && i < ctx.strings.length ? textValue(ctx.strings[i]!) : null;
        break;
      }
      case 'inlineStr':
        value = inline === null ? null : textValue(inline);
        break;
      case 'str':
        value = v === null ? null : textValue(v);
        break;
      case 'b':
        value = v === null || v.trim() === '' ? null : v.trim() === '1' || v.trim() === 'true';
        break;
      case 'e':
        value = v === null || v.trim() === '' ? null : new InvalidCell(v.trim());
        break;
      case 'd': {
        if (v === null || v.trim() === '') value = null;
        else {
          const date = new Date(v.trim().length === 10 ? `${v.trim()}T00:00:00Z` : v.trim());
          value = Number.isNaN(date.getTime())
            ? new InvalidCell(v.trim())
            : (isoDateUtc(date) ?? new InvalidCell(v.trim()));
        }
        break;
      }
      default: {
        if (v === null || v.trim() === '') value = null;
        else {
          const n = parseFloat(v);
          value = isDateFormat(format)
            ? dateValue(n, ctx.date1904)
            : Number.isFinite(n)
              ? n
              : new InvalidCell(Number.isNaN(n) ? 'NaN' : String(n));
        }
      }
    }
    if (value === null || row === null || col === 0) return;
    if (++cellCount > ctx.limits.cells) throw tooMany('cells', ctx.name, ctx.limits.cells);
    const cell: GridCell = format !== undefined ? { value, numFmt: format } : { value };
    row.cells.set(col, cell);
  };

  scanXml(xml, {
    open(name, attrs, selfClosing) {
      switch (name) {
        case 'worksheet':
          isWorksheet = true;
          return;
        case 'chartsheet':
        case 'dialogsheet':
        case 'macrosheet':
          otherSheet = true;
          return;
        case 'row': {
          if (++rowCount > ctx.limits.rows) throw tooMany('rows', ctx.name, ctx.limits.rows);
          const r = Number(attr(attrs, 'r'));
          lastRow = Number.isInteger(r) && r > 0 ? r : lastRow + 1;
          row = { r: lastRow, cells: new Map() };
          col = 0;
          return;
        }
        case 'c': {
          let refCol = 0;
          type = 'n';
          style = -1;
          eachAttr(attrs, (key, value) => {
            if (key === 'r') refCol = columnOf(value);
            else if (key === 't') type = value;
            else if (key === 's') {
              const s = Number(value);
              style = Number.isInteger(s) ? s : -1;
            }
          });
          col = refCol > 0 ? refCol : col + 1;
          v = null;
          inline = null;
          inCell = true;
          if (selfClosing) inCell = false;
          return;
        }
        case 'v':
          if (inCell && !selfClosing) {
            inV = true;
            v = '';
          }
          return;
        case 'is':
          if (inCell) inline = '';
          return;
        case 't':
          if (inline !== null && !selfClosing) inT = true;
          return;
        case 'rPh':
          inPhonetic++;
          return;
        case 'mergeCell': {
          const range = parseRange(attr(attrs, 'ref') ?? '');
          if (range) merges.push(range);
          return;
        }
      }
    },
    close(name) {
      switch (name) {
        case 'c':
          if (inCell) finishCell();
          return;
        case 'v':
          inV = false;
          return;
        case 't':
          inT = false;
          return;
        case 'rPh':
          inPhonetic = Math.max(0, inPhonetic - 1);
          return;
        case 'row':
          if (row && row.cells.size > 0) rows.push(row);
          row = null;
          return;
      }
    },
    text(raw, cdata) {
      if (inV) v += cdata ? raw : decodeXml(raw);
      else if (inT && inPhonetic === 0 && inline !== null)
        inline += decodeOoxmlEscapes(cdata ? raw : decodeXml(raw));
    },
  });
  if (!isWorksheet) {
    if (otherSheet) return { rows: [], merges: [] };
    throw corrupt(`sheet "${ctx.name}" is not a worksheet`);
  }
  // Rows are written in order by every writer we know; sort anyway, merging any repeated row.
  rows.sort((a, b) => a.r - b.r);
  const merged: GridRow[] = [];
  for (const r of rows) {
    const prev = merged[merged.length - 1];
    if (prev && prev.r === r.r) for (const [c, cell] of r.cells) prev.cells.set(c, cell);
    else merged.push(r);
  }
  for (const r of merged) {
    const cols = [...r.cells.keys()];
    if (cols.some((c, i) => i > 0 && c < cols[i - 1]!))
      r.cells = new Map([...r.cells].sort((a, b) => a[0] - b[0]));
  }
  return { rows: merged, merges };
}

// --- the workbook -------------------------------------------------------------------------------

/** Read the sheets of an .xlsx whose zip directory container.ts has checked. Never throws. */
export async function readXlsxGrid(
  bytes: Uint8Array,
  entries: readonly ZipEntryInfo[],
  limits: SheetLimits = RETURN_LIMITS,
  inflate: InflateRaw = fflateInflate,
): Promise<GridRead> {
  try {
    const byName = new Map(entries.map((e) => [e.name, e]));
    const part = async (name: string): Promise<string | null> => {
      const entry = byName.get(name);
      return entry ? partText(bytes, entry, inflate) : null;
    };
    const workbookXml = await part('xl/workbook.xml');
    if (workbookXml === null) throw corrupt('no xl/workbook.xml');
    const { sheets: refs, date1904 } = readWorkbook(workbookXml);
    const relsXml = await part('xl/_rels/workbook.xml.rels');
    const targets = relsXml === null ? new Map<string, string>() : readRels(relsXml, 'xl');
    const stylesXml = await part('xl/styles.xml');
    const formats = stylesXml === null ? [] : readStyles(stylesXml);
    const stringsXml = await part('xl/sharedStrings.xml');
    const strings = stringsXml === null ? [] : readSharedStrings(stringsXml);

    const sheets: GridSheet[] = [];
    for (const [i, ref] of refs.entries()) {
      // A workbook without relationships is malformed, but the sheet parts have standard names.
      const target = targets.get(ref.relId) ?? `xl/worksheets/sheet${i + 1}.xml`;
      const xml = await part(target);
      if (xml === null) throw corrupt(`sheet "${ref.name}" has no part ${target}`);
      const { rows, merges } = readSheet(xml, { name: ref.name, strings, formats, date1904, limits });
      sheets.push({ name: ref.name, state: ref.state, rows, merges });
    }
    return { ok: true, grid: { sheets } };
  } catch (e) {
    if (e instanceof GridError) return { ok: false, error: e.issue };
    // Deep recursion or an engine limit on a hostile file: still a file error, never a crash.
    return {
      ok: false,
      error: corrupt(`unreadable workbook: ${e instanceof Error ? e.message : String(e)}`).issue,
    };
  }
}
