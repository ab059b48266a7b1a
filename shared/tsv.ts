// Tab-separated text as spreadsheets put it on the clipboard (Excel, WPS, LibreOffice): rows end
// with "\r\n" or "\n", cells are separated by tabs, a cell holding a tab, a newline or a quote is
// wrapped in double quotes with inner quotes doubled. The trailing newline Excel adds after the last
// row does not make an extra empty row. Pure: used by the grid's copy and paste.
//
// Text that a spreadsheet would take for a formula (starting with =, +, - or @: `=HYPERLINK(…)`)
// is copied with a leading apostrophe, which Excel, WPS and LibreOffice read as "this is text";
// pasting such a cell back drops the apostrophe again.

/** Parse clipboard text into rows of cells. Empty text → no rows. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  const n = text.length;
  const endCell = () => {
    row.push(unescapeCell(cell));
    cell = '';
    atCellStart = true;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text[i] as string;
    if (atCellStart && ch === '"') {
      // A quoted cell: runs to the closing quote; "" is a literal quote.
      const close = findClosingQuote(text, i + 1);
      if (close !== -1) {
        cell = text.slice(i + 1, close).replace(/""/g, '"');
        i = close + 1;
        atCellStart = false;
        continue;
      }
      // No closing quote: the quote is just a character.
    }
    atCellStart = false;
    if (ch === '\t') {
      endCell();
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRow();
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i++;
    } else {
      cell += ch;
      i++;
    }
  }
  // Text ending in a newline has already closed its last row.
  if (!(atCellStart && row.length === 0 && cell === '' && n > 0 && /[\r\n]$/.test(text))) {
    if (n > 0) endRow();
  }
  return rows;
}

/** Index of the quote closing a quoted cell opened before `from`, or -1. */
function findClosingQuote(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '"') {
        i += 2;
        continue;
      }
      // A closing quote must end the cell.
      const next = text[i + 1];
      if (next === undefined || next === '\t' || next === '\n' || next === '\r') return i;
      return -1;
    }
    i++;
  }
  return -1;
}

const FORMULA_START = /^[=+\-@]/;

/** A cell's text as it is put on the clipboard: formula-like text escaped, then quoted if needed. */
function quoteCell(cell: string): string {
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A pasted cell's text: the apostrophe that marked formula-like text as text is dropped. */
export function unescapeCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows of cells → clipboard text, rows ending in "\r\n" like Excel's. */
export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quoteCell).join('\t') + '\r\n').join('');
}

/**
 * What Excel does when the pasted block is smaller than the selection: a single cell fills the
 * whole selection, and a block whose size divides the selection's is repeated to fill it. Any other
 * shape pastes as it is, from the selection's top-left cell.
 */
export function tileToSelection(
  data: readonly (readonly string[])[],
  rows: number,
  cols: number,
): string[][] {
  const dataRows = data.length;
  const dataCols = Math.max(0, ...data.map((r) => r.length));
  const copy = () => data.map((r) => [...r]);
  if (dataRows === 0 || dataCols === 0 || (rows <= dataRows && cols <= dataCols)) return copy();
  if (rows % dataRows !== 0 || cols % dataCols !== 0 || data.some((r) => r.length !== dataCols))
    return copy();
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (data[i % dataRows] as readonly string[])[j % dataCols] as string),
  );
}
