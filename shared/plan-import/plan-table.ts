// The plan document as its readers see it, before any rule of the plan is applied: paragraphs
// outside the tables (the covering letter, the document number, the sub-plans' titles) and tables of
// rows of cells, each cell its paragraphs as written, each row with where it came from. The plan's
// text as extracted (text-source.ts), a Word document (docx-source.ts) and a workbook of the same
// table (sheet-source.ts) all become this; one set of rules (build-plan.ts) turns it into tasks, so
// the three can never read the plan differently.

/** Where a paragraph, row or cell came from, for the preview and every message. */
export interface SourceRef {
  /** For people: `第 841 行`, `表 2 第 5 行`, `工作表“大气”第 5 行`. */
  label: string;
  /** The text's line number (the plan's text as extracted); absent for documents and workbooks. */
  line?: number;
}

export interface TableCell {
  /** Paragraphs as written; a line break inside a cell starts a new one. */
  paragraphs: string[];
  /** Merged with the cell above (Word's vMerge continue, a lower cell of an Excel merge). */
  mergedAbove?: boolean;
  /** Grid columns the cell spans (Word's gridSpan, an Excel merge across columns); 1 if absent. */
  span?: number;
  /** Where the cell starts, when it differs from its row's (the text's cells each have a line). */
  source?: SourceRef;
}

export interface TableRow {
  cells: TableCell[];
  source: SourceRef;
  /** Marked as the table's header, repeated at the top of each page (Word's tblHeader). */
  repeatedHeader?: boolean;
}

export type PlanBlock =
  | { kind: 'paragraph'; text: string; source: SourceRef }
  | { kind: 'table'; rows: TableRow[]; source: SourceRef };

/** A plan document read into paragraphs and tables. */
export interface PlanSource {
  format: 'text' | 'docx' | 'xlsx';
  fileName?: string;
  blocks: PlanBlock[];
  /** Artefacts a reader removed from cell text (`[bookmark: _GoBack]`), for the notes. */
  removedArtefacts: { source: SourceRef; text: string }[];
}

/**
 * Bounds on what one plan document may hold: a real plan has ~150 task rows of 7 cells. Every
 * reader stops as soon as one is passed, so a table of 100,000 rows costs what its first 5,000 do.
 */
export const PLAN_LIMITS = {
  tables: 200,
  rows: 5_000,
  cellsPerRow: 40,
  paragraphsPerCell: 200,
  /** Characters of one cell (a long measure is ~1,500). */
  cellChars: 20_000,
  /** Characters of text in the whole document. */
  totalChars: 3_000_000,
  /** Tables inside tables: text of nested tables is read into the outer cell, this deep at most. */
  nesting: 4,
} as const;

/** A cell's text: its non-empty paragraphs, one per line. */
export function cellText(cell: TableCell | undefined): string {
  return cell ? cell.paragraphs.filter((p) => p !== '').join('\n') : '';
}

/** A cell with nothing written in it. */
export function isBlankCell(cell: TableCell | undefined): boolean {
  return !cell || cell.paragraphs.every((p) => p.trim() === '');
}
