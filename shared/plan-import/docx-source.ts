// A plan's official Word document (.docx) read into paragraphs and table rows (plan-table.ts), from
// word/document.xml alone, with the XML scanner the workbook reader uses (no DOM, no recursion):
//  - a paragraph outside the tables is a paragraph (the covering letter, the sub-plans' titles);
//  - a table (w:tbl) is rows (w:tr) of cells (w:tc); a cell's paragraphs (w:p) are its paragraphs,
//    a line break inside one (w:br) starts another;
//  - w:vMerge without `restart` marks a cell merged with the one above; w:gridSpan how many grid
//    columns a cell spans; w:tblHeader a header row Word repeats on each page;
//  - text of a table inside a cell is read into that cell's paragraphs (at most PLAN_LIMITS.nesting
//    deep); deleted text of tracked changes, field codes, drawings, text boxes and the fallback copy
//    of alternate content are not text of the plan and are skipped.
//
// Bounded: the container checks (size, zip directory, ratio, a counting inflate) come first; the
// part is inflated within its declared size; the scan stops at the first limit passed (tables, rows,
// cells, paragraphs, characters, nesting) with a Chinese message. Never throws for bad input.

import { checkContainer, verifyInflatedSizes } from '../workbook/container.ts';
import { issue, type FileErrorCode, type Issue } from '../workbook/issues.ts';
import { readZipPart, type InflateRaw } from '../workbook/xlsx-grid.ts';
import { attr, decodeXml, scanXml } from '../workbook/xml-scan.ts';
import { PLAN_LIMITS, type PlanBlock, type PlanSource, type TableCell, type TableRow } from './plan-table.ts';

export type PlanRead = { ok: true; source: PlanSource } | { ok: false; error: Issue<FileErrorCode> };

class TooMuch extends Error {
  constructor(
    readonly userMessage: string,
    readonly log: string,
  ) {
    super(log);
  }
}

/** Subtrees whose text is not the plan's: drawings, text boxes, field codes, deleted text. */
const SKIPPED = new Set(['drawing', 'pict', 'object', 'txbxContent', 'Fallback', 'instrText', 'delText']);

const ON = (v: string | undefined) => v === undefined || !['0', 'false', 'off'].includes(v);

/** Read word/document.xml's text into blocks. Throws TooMuch when a bound is passed. */
export function documentBlocks(xml: string): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  let skip = 0;
  let depth = 0; // table nesting
  let tables = 0;
  let rowsSeen = 0;
  let chars = 0;
  let bodyParagraphs = 0;
  let rows: TableRow[] | null = null;
  let row: TableRow | null = null;
  let cell: TableCell | null = null;
  let text: string | null = null; // the paragraph being read
  let inText = false;
  let inTabs = false;

  const endParagraph = () => {
    if (text === null) return;
    const t = text.trim();
    if (cell) {
      if (cell.paragraphs.length >= PLAN_LIMITS.paragraphsPerCell)
        throw new TooMuch('表格单元格中的段落过多，文件不像行动计划。', 'too many paragraphs in one cell');
      cell.paragraphs.push(t);
    } else if (depth === 0 && t !== '') {
      bodyParagraphs++;
      blocks.push({ kind: 'paragraph', text: t, source: { label: `第 ${bodyParagraphs} 段` } });
    }
    text = '';
  };

  scanXml(xml, {
    open(name, attrs, selfClosing) {
      if (skip > 0 || SKIPPED.has(name)) {
        skip++;
        return;
      }
      switch (name) {
        case 'tbl':
          depth++;
          if (depth > PLAN_LIMITS.nesting)
            throw new TooMuch('表格嵌套过深，无法读取。', `tables nested deeper than ${PLAN_LIMITS.nesting}`);
          if (depth === 1) {
            if (++tables > PLAN_LIMITS.tables)
              throw new TooMuch('文件中的表格过多，不像行动计划。', `more than ${PLAN_LIMITS.tables} tables`);
            rows = [];
          }
          break;
        case 'tr':
          if (depth === 1 && rows) {
            if (++rowsSeen > PLAN_LIMITS.rows)
              throw new TooMuch(
                `表格行数超过 ${PLAN_LIMITS.rows} 行，不像行动计划，未读取。`,
                `more than ${PLAN_LIMITS.rows} table rows`,
              );
            row = { cells: [], source: { label: `表 ${tables} 第 ${rows.length + 1} 行` } };
          }
          break;
        case 'tblHeader':
          if (depth === 1 && row) row.repeatedHeader = ON(attr(attrs, 'val', true));
          break;
        case 'tc':
          if (depth === 1 && row) {
            if (row.cells.length >= PLAN_LIMITS.cellsPerRow)
              throw new TooMuch(
                '表格的列数过多，不像行动计划。',
                `more than ${PLAN_LIMITS.cellsPerRow} cells in a row`,
              );
            cell = { paragraphs: [] };
          }
          break;
        case 'vMerge':
          if (depth === 1 && cell && attr(attrs, 'val', true) !== 'restart') cell.mergedAbove = true;
          break;
        case 'gridSpan':
          if (depth === 1 && cell) {
            const n = Number(attr(attrs, 'val', true));
            if (Number.isInteger(n) && n > 1) cell.span = Math.min(n, PLAN_LIMITS.cellsPerRow);
          }
          break;
        case 'p':
          if (!selfClosing) text = '';
          break;
        case 't':
          if (!selfClosing && text !== null) inText = true;
          break;
        case 'tabs': // tab stops in the paragraph's properties, not tab characters
          if (!selfClosing) inTabs = true;
          break;
        case 'tab':
          if (text !== null && !inTabs) text += ' ';
          break;
        case 'br':
        case 'cr':
          if (text === null) break;
          if (cell) endParagraph();
          else text += '\n';
          break;
        case 'noBreakHyphen':
          if (text !== null) text += '-';
          break;
      }
    },
    close(name) {
      if (skip > 0) {
        skip--;
        return;
      }
      switch (name) {
        case 't':
          inText = false;
          break;
        case 'tabs':
          inTabs = false;
          break;
        case 'p':
          endParagraph();
          text = null;
          break;
        case 'tc':
          if (depth === 1 && row && cell) {
            row.cells.push(cell);
            cell = null;
          }
          break;
        case 'tr':
          if (depth === 1 && rows && row) {
            rows.push(row);
            row = null;
          }
          break;
        case 'tbl':
          if (depth === 1 && rows) {
            blocks.push({ kind: 'table', rows, source: { label: `表 ${tables}` } });
            rows = null;
          }
          depth = Math.max(0, depth - 1);
          break;
      }
    },
    text(raw) {
      if (!inText || skip > 0 || text === null) return;
      const t = decodeXml(raw);
      chars += t.length;
      if (chars > PLAN_LIMITS.totalChars)
        throw new TooMuch(
          '文件文字过多，不像行动计划，未读取。',
          `more than ${PLAN_LIMITS.totalChars} characters`,
        );
      if (text.length + t.length > PLAN_LIMITS.cellChars)
        throw new TooMuch(
          '文件中有过长的段落，不像行动计划，未读取。',
          `a paragraph longer than ${PLAN_LIMITS.cellChars} characters`,
        );
      text += t;
    },
  });
  return blocks;
}

/** Read a .docx plan through the container checks. Never throws. */
export async function readDocxPlan(
  bytes: Uint8Array,
  options: { fileName?: string; inflate?: InflateRaw } = {},
): Promise<PlanRead> {
  const container = checkContainer(bytes, { documents: true });
  if (!container.ok) return { ok: false, error: container.error };
  if (container.format !== 'docx')
    return {
      ok: false,
      error: issue('not-xlsx', '这不是 Word 文档（.docx）。', `expected a docx, found ${container.format}`),
    };
  const inflated = await verifyInflatedSizes(bytes, container.entries);
  if (!inflated.ok) return { ok: false, error: inflated.error };
  const entry = inflated.entries.find((e) => e.name === 'word/document.xml');
  if (!entry)
    return { ok: false, error: issue('corrupt', 'Word 文档不完整（缺少正文）。', 'no word/document.xml') };
  const part = await readZipPart(bytes, entry, options.inflate);
  if (!part.ok) return part;
  try {
    const blocks = documentBlocks(part.text);
    return { ok: true, source: { format: 'docx', fileName: options.fileName, blocks, removedArtefacts: [] } };
  } catch (e) {
    if (e instanceof TooMuch) return { ok: false, error: issue('too-many-rows', e.userMessage, e.log) };
    return {
      ok: false,
      error: issue(
        'corrupt',
        'Word 文档无法解析，可能已损坏。',
        `docx: ${e instanceof Error ? e.message : String(e)}`,
      ),
    };
  }
}
