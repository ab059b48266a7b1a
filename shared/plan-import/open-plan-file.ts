// Opens a plan's document, whatever it came as, into paragraphs and table rows (plan-table.ts): the
// one place that routes a file to its reader. A Word document (.docx) goes to docx-source.ts; a
// workbook of the same table (.xlsx, and .xls/.et/.ods through the return readers' grid) to
// sheet-source.ts; the plan's text as extracted (.txt, the seed's form) to text-source.ts. Every
// binary reader sits behind the container checks (size, zip directory, ratio, bounded inflate).
// A Word 97–2003 .doc cannot be read: the message says to save it as .docx. Never throws.

import { checkContainer } from '../workbook/container.ts';
import { issue, type FileErrorCode, type Issue } from '../workbook/issues.ts';
import { openWorkbookGrid } from '../workbook/open-workbook.ts';
import type { InflateRaw } from '../workbook/xlsx-grid.ts';
import { readDocxPlan } from './docx-source.ts';
import { PLAN_LIMITS, type PlanSource } from './plan-table.ts';
import { readSheetPlan } from './sheet-source.ts';
import { readPlanText } from './text-source.ts';

export type PlanFileRead = { ok: true; source: PlanSource } | { ok: false; error: Issue<FileErrorCode> };

/** Bounds of a workbook holding a plan's table: a plan is ~150 rows of 7 columns. */
const PLAN_SHEET_LIMITS = { rows: PLAN_LIMITS.rows, cells: 100_000 };

export async function openPlanFile(
  bytes: Uint8Array,
  options: { fileName?: string; inflate?: InflateRaw } = {},
): Promise<PlanFileRead> {
  const { fileName } = options;
  if (fileName && /\.txt$/i.test(fileName)) {
    if (bytes.length > 5 * 1024 * 1024)
      return { ok: false, error: issue('too-large', '文本文件过大，不像行动计划。', 'plan text over 5 MB') };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return {
        ok: false,
        error: issue(
          'unknown-encoding',
          '文本文件不是 UTF-8 编码，请另存为 UTF-8 后再导入。',
          'plan text is not UTF-8',
        ),
      };
    }
    return { ok: true, source: readPlanText(text, fileName) };
  }
  const container = checkContainer(bytes, { documents: true });
  if (!container.ok) {
    if (container.error.log.includes('WordDocument'))
      return {
        ok: false,
        error: issue(
          'unreadable-format',
          '这是 Word 97-2003 文档（.doc），无法直接读取。请在 Word 或 WPS 中“另存为” Word 文档（.docx）后再导入。',
          'OLE Word document (.doc)',
        ),
      };
    return { ok: false, error: container.error };
  }
  if (container.format === 'docx') return readDocxPlan(bytes, options);
  const opened = await openWorkbookGrid(bytes, {
    fileName,
    limits: PLAN_SHEET_LIMITS,
    inflate: options.inflate,
  });
  if (!opened.ok) return { ok: false, error: opened.error };
  return { ok: true, source: readSheetPlan(opened.grid, fileName) };
}
