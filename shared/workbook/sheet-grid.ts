// What every spreadsheet reader hands to the return reader: sheets of plain cell values.
//
// The return reader (read-workbook.ts) never sees a file format. An .xlsx (xlsx-grid.ts) — and any
// other format a reader is added for — is turned into this grid first: each sheet's rows in
// ascending order, each row's cells by column, every value already plain (text cleaned, dates as
// `YYYY-MM-DD`, unusable values as InvalidCell), with the number format the cell showed it in (for
// percentages) and the sheet's merged ranges.

import type { PlainValue } from './normalise-cell.ts';

export interface GridCell {
  value: PlainValue;
  /** The cell's number format code as the file states it (`0%`, `yyyy-mm-dd`), when not General. */
  numFmt?: string;
}

export interface GridRow {
  /** 1-based row number. */
  r: number;
  /** 1-based column → cell; only cells that hold a value. */
  cells: Map<number, GridCell>;
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface GridSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Rows holding at least one value, in ascending order. */
  rows: GridRow[];
  merges: CellRange[];
}

export interface SheetGrid {
  sheets: GridSheet[];
}

/**
 * Most cells a merged range may copy its value into, per sheet. A merge names a rectangle, not a
 * list of cells: `A1:XFD1048576` is one short tag. Copying is bounded by the rows and columns
 * that hold values and by this budget, so a hostile merge costs nothing.
 */
const MAX_MERGE_FILL = 200_000;

/**
 * Give every cell of a merged range the value of its top-left cell, as spreadsheet programs show
 * it (a 完成状态 merged over two task rows applies to both). Cells keep their own number format
 * when they have one. Returns a new sheet; the input is not changed.
 */
export function fillMerges(sheet: GridSheet): GridSheet {
  if (sheet.merges.length === 0 || sheet.rows.length === 0) return sheet;
  const byRow = new Map(sheet.rows.map((row) => [row.r, { r: row.r, cells: new Map(row.cells) }]));
  const lastRow = sheet.rows[sheet.rows.length - 1]!.r;
  let lastCol = 0;
  for (const row of sheet.rows) for (const c of row.cells.keys()) if (c > lastCol) lastCol = c;
  let budget = MAX_MERGE_FILL;
  for (const m of sheet.merges) {
    const master = byRow.get(m.top)?.cells.get(m.left);
    if (!master || master.value === null) continue;
    const bottom = Math.min(m.bottom, lastRow);
    const right = Math.min(m.right, lastCol);
    for (let r = m.top; r <= bottom && budget > 0; r++) {
      let row = byRow.get(r);
      for (let c = m.left; c <= right && budget > 0; c++) {
        if (r === m.top && c === m.left) continue;
        if (!row) byRow.set(r, (row = { r, cells: new Map() }));
        const own = row.cells.get(c);
        row.cells.set(c, own?.numFmt ? { value: master.value, numFmt: own.numFmt } : { value: master.value });
        budget--;
      }
    }
  }
  const rows = [...byRow.values()].sort((a, b) => a.r - b.r);
  for (const row of rows) row.cells = new Map([...row.cells].sort((a, b) => a[0] - b[0]));
  return { ...sheet, rows };
}

/** A cell's value, or null. */
export function valueAt(row: GridRow | undefined, col: number): PlainValue {
  return row?.cells.get(col)?.value ?? null;
}
