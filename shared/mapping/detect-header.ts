// Finds the header of a sheet in a layout we did not write: below title rows, with merged cells and
// possibly two header rows (a group such as 落实情况 or 2021年3月 spanning 完成情况 / 完成比例 / 进展情况
// below it). Each candidate row — and each pair of adjacent rows — is scored by the fields its cells
// name (synonyms.ts); the best that names a way to find the task (编号, 序号, 重点任务 or 工作措施)
// and at least one progress field wins. Works on a sheet whose merges are filled (fillMerges), so a
// vertically merged 序号 shows in both header rows and a group label over all its columns.

import type { ProgressField } from '../model.ts';
import { plainToText } from '../workbook/normalise-cell.ts';
import type { GridRow, GridSheet } from '../workbook/sheet-grid.ts';
import { classifyHeader, monthNamedIn, type HeaderClass, type MappedField } from './synonyms.ts';
import type { MappingMode } from './types.ts';

/** Header rows are looked for among the first rows that hold values. */
export const HEADER_SCAN_ROWS = 30;
/** A cell longer than this is data or a note, not a header. */
const MAX_HEADER_CHARS = 40;

const IDENTITY_FIELDS: ReadonlySet<MappedField> = new Set(['taskId', 'ordinal', 'keyTask', 'measures']);
const PROGRESS: ReadonlySet<MappedField> = new Set<ProgressField>([
  'status',
  'percent',
  'progress',
  'problems',
  'nextSteps',
  'evidence',
]);

export interface HeaderColumn {
  col: number;
  /** As found; `上行 / 下行` for a two-row header whose rows differ. */
  header: string;
  cls: HeaderClass | null;
  /** History: the month of the column's group (from either header row). */
  month: string | null;
}

export interface DetectedHeader {
  /** 1-based header rows (one or two). */
  rows: number[];
  columns: HeaderColumn[];
  score: number;
}

function headerText(row: GridRow | undefined, col: number): string {
  const v = row?.cells.get(col)?.value ?? null;
  if (typeof v !== 'string' && typeof v !== 'number') return '';
  const t = plainToText(v).trim();
  return t.length > MAX_HEADER_CHARS ? '' : t;
}

/** A title row: one value filling most of the row (a merged title), long, naming no field. */
function isTitleRow(row: GridRow): boolean {
  const values = [...row.cells.values()].map((c) => plainToText(c.value));
  if (values.length === 0) return false;
  const first = values[0]!;
  const same = values.filter((v) => v === first).length;
  return same === values.length && (values.length >= 3 || first.length > 12);
}

function scoreColumns(columns: readonly HeaderColumn[], mode: MappingMode): number {
  const best = new Map<string, number>();
  for (const c of columns) {
    if (!c.cls) continue;
    const key = mode === 'history' ? `${c.month ?? ''}|${c.cls.field}` : c.cls.field;
    best.set(key, Math.max(best.get(key) ?? 0, c.cls.score));
  }
  let score = 0;
  for (const s of best.values()) score += s;
  return score;
}

function acceptable(columns: readonly HeaderColumn[], mode: MappingMode): boolean {
  const fields = new Set(columns.flatMap((c) => c.cls?.fields ?? []));
  const identity = [...fields].some((f) => IDENTITY_FIELDS.has(f));
  const progress = [...fields].some((f) => PROGRESS.has(f));
  if (mode === 'history') return identity && progress && fields.has('unit');
  return identity && progress;
}

function single(row: GridRow, mode: MappingMode, year: number): HeaderColumn[] {
  const out: HeaderColumn[] = [];
  for (const col of row.cells.keys()) {
    const header = headerText(row, col);
    if (header === '') continue;
    out.push({ col, header, cls: classifyHeader(header, mode), month: monthNamedIn(header, year) });
  }
  return out;
}

function pair(upper: GridRow, lower: GridRow, mode: MappingMode, year: number): HeaderColumn[] | null {
  const cols = [...new Set([...upper.cells.keys(), ...lower.cells.keys()])].sort((a, b) => a - b);
  const out: HeaderColumn[] = [];
  let refined = 0;
  for (const col of cols) {
    const top = headerText(upper, col);
    const bottom = headerText(lower, col);
    if (top === '' && bottom === '') continue;
    const topCls = top ? classifyHeader(top, mode) : null;
    const bottomCls = bottom && bottom !== top ? classifyHeader(bottom, mode) : null;
    const month = (top ? monthNamedIn(top, year) : null) ?? (bottom ? monthNamedIn(bottom, year) : null);
    // A group label spans its members (the same text in the next or previous column, as a filled
    // merge leaves it) or names no field itself: then the lower row names the field.
    const group =
      top !== '' &&
      (headerText(upper, col - 1) === top || headerText(upper, col + 1) === top || !topCls || month !== null);
    let cls = topCls;
    if ((group || !top) && bottomCls) {
      cls = bottomCls;
      refined++;
    }
    const header =
      top && bottom && top !== bottom && cls === bottomCls ? `${top} / ${bottom}` : top || bottom;
    out.push({ col, header, cls, month });
  }
  // Two header rows only when the lower one names the members of a group above it.
  return refined > 0 ? out : null;
}

/** The sheet's header, or null when no row (or pair of rows) looks like one. */
export function detectHeader(sheet: GridSheet, mode: MappingMode, year: number): DetectedHeader | null {
  const rows = sheet.rows.slice(0, HEADER_SCAN_ROWS);
  let best: DetectedHeader | null = null;
  const consider = (rowsUsed: number[], columns: HeaderColumn[]) => {
    if (!acceptable(columns, mode)) return;
    const score = scoreColumns(columns, mode);
    if (!best || score > best.score + 1e-9) best = { rows: rowsUsed, columns, score };
  };
  rows.forEach((row, i) => {
    if (isTitleRow(row)) return;
    consider([row.r], single(row, mode, year));
    const next = rows[i + 1];
    if (next && next.r === row.r + 1 && !isTitleRow(next)) {
      const both = pair(row, next, mode, year);
      if (both) consider([row.r, next.r], both);
    }
  });
  return best;
}

/** What a sheet without a header shows in its first rows (for the message naming it). */
export function describeSheet(sheet: GridSheet, maxColumns = 8): string[] {
  for (const row of sheet.rows.slice(0, HEADER_SCAN_ROWS)) {
    const texts = [...row.cells.values()]
      .map((c) => plainToText(c.value).trim())
      .filter((t) => t !== '' && t.length <= MAX_HEADER_CHARS);
    if (texts.length >= 2) return texts.slice(0, maxColumns);
  }
  return [];
}
