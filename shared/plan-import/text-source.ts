// The plan's text as extracted from the official document (seeds/tongzhou-2021-plan.txt) read into
// paragraphs and table rows (plan-table.ts). The extraction lost the table's structure, so rows are
// found again here by the same rules every time:
//  - before the first sub-plan title every non-blank line is a paragraph (the covering letter);
//  - a sub-plan's title line is a paragraph and starts its table;
//  - a tab-led line starts a cell, any other non-blank line continues the cell (a new paragraph);
//  - the header is the run of cells naming the table's columns; it gives the row width (else 7);
//  - a section heading (`一、…`) is a row of one cell; a number starts a row of the header's width;
//    a blank cell starts a row of that width too (a row of empty cells: the export's leftover);
//  - anything else is a row of one cell, which the row rules report.
// `[bookmark: _GoBack]` (Word's last-edit bookmark, extracted as text) is removed and recorded.

import { headerColumn, isSectionHeading, PLAN_COLUMNS, subPlanOfTitle } from './plan-words.ts';
import type { PlanBlock, PlanSource, SourceRef, TableCell, TableRow } from './plan-table.ts';
import { cellText, PLAN_LIMITS } from './plan-table.ts';

const ARTEFACT_RE = /\[bookmark:[^\]]*\]/;
const ARTEFACTS_RE = new RegExp(ARTEFACT_RE.source, 'g');

const at = (line: number): SourceRef => ({ label: `第 ${line} 行`, line });

/** Cells of one sub-plan's table, in order, each with the line it starts on. */
interface TextCell extends TableCell {
  source: SourceRef;
}

function rowsOf(cells: readonly TextCell[]): TableRow[] {
  const rows: TableRow[] = [];
  // Until a header says otherwise, a row is as wide as the 2021 plan's table.
  let width: number = PLAN_COLUMNS.length;
  let i = 0;
  while (i < cells.length) {
    const c = cells[i] as TextCell;
    const t = cellText(c);
    let n = 1;
    if (headerColumn(t) === 'no') {
      n = 1;
      while (i + n < cells.length && headerColumn(cellText(cells[i + n])) !== undefined) n++;
      width = n;
    } else if (isSectionHeading(t)) n = 1;
    else if (/^\d+$/.test(t) || t === '') n = Math.min(width, cells.length - i);
    rows.push({ cells: cells.slice(i, i + n), source: c.source });
    i += n;
  }
  return rows;
}

/** Read the plan's text. Never throws: what it cannot place becomes a paragraph or a one-cell row. */
export function readPlanText(text: string, fileName?: string): PlanSource {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const source: PlanSource = { format: 'text', fileName, blocks: [], removedArtefacts: [] };
  let cells: TextCell[] | null = null;
  let tableStart: SourceRef | null = null;
  let current: TextCell | undefined;
  const flush = () => {
    if (cells && cells.length > 0)
      source.blocks.push({ kind: 'table', rows: rowsOf(cells), source: tableStart as SourceRef });
    cells = null;
    current = undefined;
  };
  const paragraph = (t: string, line: number) =>
    source.blocks.push({ kind: 'paragraph', text: t, source: at(line) } satisfies PlanBlock);
  let seenCells = 0;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (!raw.startsWith('\t') && subPlanOfTitle(raw)) {
      flush();
      paragraph(raw.trim(), lineNo);
      cells = [];
      tableStart = at(lineNo + 1);
      return;
    }
    if (!cells) {
      if (raw.trim() !== '') paragraph(raw.trim(), lineNo);
      return;
    }
    let line = raw;
    if (ARTEFACT_RE.test(line)) {
      source.removedArtefacts.push({ source: at(lineNo), text: line.match(ARTEFACTS_RE)!.join('') });
      line = line.replace(ARTEFACTS_RE, '');
    }
    if (line.startsWith('\t')) {
      if (++seenCells > PLAN_LIMITS.rows * PLAN_LIMITS.cellsPerRow) return;
      current = { source: at(lineNo), paragraphs: [line.slice(1).trim()] };
      cells.push(current);
    } else if (line.trim() !== '') {
      if (current && current.paragraphs.length < PLAN_LIMITS.paragraphsPerCell)
        current.paragraphs.push(line.trim());
      else if (!current) paragraph(line.trim(), lineNo);
    }
  });
  flush();
  return source;
}
