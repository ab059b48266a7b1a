// A plan's task table as a workbook (.xlsx, or .xls/.et/.ods through the same grid readers) read
// into paragraphs and table rows (plan-table.ts), from the SheetGrid every workbook reader gives:
//  - each visible sheet in order; a row holding one text that is a sub-plan's title
//    (通州区2022年大气污染防治行动计划) is a paragraph, and so is any one-text row before the sheet's
//    header row (a title, the document number); other rows are table rows;
//  - a sheet without a sub-plan title row whose name is a sub-plan's (大气, 水污染防治 …) is read as
//    if its title row said so;
//  - an Excel merge is the cell at its top left spanning its columns, the cells below it merged
//    with the one above (as a Word table's merges are);
//  - a line break inside a cell (Alt+Enter) starts a new paragraph.
// Bounds are the grid readers' (file size, zip checks, rows and cells per sheet).

import type { SheetGrid } from '../workbook/sheet-grid.ts';
import { InvalidCell, type PlainValue } from '../workbook/normalise-cell.ts';
import type { PlanBlock, PlanSource, TableCell, TableRow } from './plan-table.ts';
import { headerColumn, subPlanOfTitle } from './plan-words.ts';
import { planName, PLAN_IDS } from '../model.ts';

const MAX_MERGE_CELLS = 200_000;

function text(value: PlainValue | undefined): string {
  if (value === null || value === undefined || value instanceof InvalidCell) return '';
  return String(value).trim();
}

/** A sheet named after a sub-plan (`大气`, `水污染防治`, `土壤污染防治行动计划`): its title. */
function titleFromSheetName(name: string): string | undefined {
  const t = name.replace(/\s+/g, '');
  const id = PLAN_IDS.find((p) => t === planName(p) || t.startsWith(`${planName(p)}污染防治`));
  return id ? `${planName(id)}污染防治行动计划` : undefined;
}

export function readSheetPlan(grid: SheetGrid, fileName?: string): PlanSource {
  const blocks: PlanBlock[] = [];
  for (const sheet of grid.sheets) {
    if (sheet.state !== 'visible') continue;
    const where = (r: number) => ({ label: `工作表“${sheet.name}”第 ${r} 行` });
    let lastCol = 0;
    for (const row of sheet.rows) for (const c of row.cells.keys()) lastCol = Math.max(lastCol, c);
    /** Merges by their top-left cell, and the cells they cover (which are read as merged above). */
    const spans = new Map<string, number>();
    const covered = new Map<string, 'above' | 'left'>();
    const lastRow = sheet.rows.at(-1)?.r ?? 0;
    // A merge names a rectangle, not its cells: what it covers is bounded by the rows and columns
    // that hold values and by a budget, so `A1:XFD1048576` costs nothing.
    let budget = MAX_MERGE_CELLS;
    for (const m of sheet.merges) {
      if (m.top > lastRow || m.left > lastCol) continue;
      spans.set(`${m.top}:${m.left}`, Math.min(m.right, lastCol) - m.left + 1);
      for (let r = m.top; r <= Math.min(m.bottom, lastRow) && budget > 0; r++)
        for (let c = m.left; c <= Math.min(m.right, lastCol) && budget > 0; c++, budget--)
          if (r !== m.top || c !== m.left) covered.set(`${r}:${c}`, c === m.left ? 'above' : 'left');
    }
    let table: TableRow[] | null = null;
    let headerSeen = false;
    let titled = false;
    const flush = () => {
      if (table && table.length) blocks.push({ kind: 'table', rows: table, source: table[0]!.source });
      table = null;
    };
    const paragraph = (t: string, r: number) => {
      flush();
      blocks.push({ kind: 'paragraph', text: t, source: where(r) });
    };
    const byRow = new Map(sheet.rows.map((r) => [r.r, r]));
    const first = sheet.rows[0]?.r ?? 1;
    const last = sheet.rows.at(-1)?.r ?? 0;
    for (let r = first; r <= last; r++) {
      const row = byRow.get(r);
      const values = [...(row?.cells ?? new Map()).entries()].map(([, c]) => text(c.value)).filter((t) => t);
      if (values.length === 1 && subPlanOfTitle(values[0]!)) {
        paragraph(values[0]!, r);
        titled = true;
        headerSeen = false;
        continue;
      }
      if (values.length === 1 && !headerSeen && headerColumn(values[0]!) === undefined) {
        paragraph(values[0]!, r);
        continue;
      }
      const cells: TableCell[] = [];
      for (let c = 1; c <= lastCol; c++) {
        const cover = covered.get(`${r}:${c}`);
        if (cover === 'left') continue;
        const value = text(row?.cells.get(c)?.value);
        const cell: TableCell = { paragraphs: value === '' ? [] : value.split(/\r?\n/).map((p) => p.trim()) };
        if (cover === 'above') cell.mergedAbove = true;
        const span = spans.get(`${r}:${c}`);
        if (span && span > 1) cell.span = span;
        cells.push(cell);
      }
      if (cells.filter((c) => headerColumn(c.paragraphs.join('')) !== undefined).length >= 3) {
        headerSeen = true;
        if (!titled) {
          const title = titleFromSheetName(sheet.name);
          if (title) {
            blocks.push({ kind: 'paragraph', text: title, source: { label: `工作表“${sheet.name}”` } });
            titled = true;
          }
        }
      }
      if (!row && !table) continue;
      table ??= [];
      table.push({ cells, source: where(r) });
    }
    flush();
  }
  return { format: 'xlsx', fileName, blocks, removedArtefacts: [] };
}
