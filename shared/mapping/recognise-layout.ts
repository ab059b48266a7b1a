// Whether a workbook without our header is a layout of a unit's own — some sheet has a header of
// its own (detect-header.ts) — and what its title lines say, or, when no sheet has one, the message
// that names each sheet and the columns it saw. The return reader (shared/workbook/read-workbook.ts)
// asks this once its own header is not found; the mapping itself needs the plan's tasks and is
// proposed later (shared/engine/foreign-returns.ts).

import { issue, type FileErrorCode, type Issue } from '../workbook/issues.ts';
import { MANIFEST_SHEET } from '../workbook/manifest.ts';
import { fillMerges, type SheetGrid } from '../workbook/sheet-grid.ts';
import { describeSheet, detectHeader } from './detect-header.ts';
import type { MappingMode } from './types.ts';

export type LayoutRecognition =
  | {
      ok: true;
      /** The first sheet with a header of its own, and that header's first row. */
      sheetName: string;
      headerRow: number;
      /** The texts above the header (the title, then lines such as `统计时间：截至2021年3月25日`). */
      titleLines: string[];
      /** Sheets with a header of their own. */
      sheets: number;
    }
  | { ok: false; error: Issue<FileErrorCode> };

export function recogniseLayout(grid: SheetGrid, mode: MappingMode, year: number): LayoutRecognition {
  const sheets = grid.sheets.filter((s) => s.name !== MANIFEST_SHEET);
  const filled = sheets.map(fillMerges);
  const found = filled.map((s) => ({ sheet: s, header: detectHeader(s, mode, year) }));
  const first = found.find((f) => f.header);
  if (!first) {
    const seen = filled
      .slice(0, 5)
      .map((s) => {
        const texts = describeSheet(s);
        return texts.length
          ? `工作表“${s.name}”的列：${texts.join('、')}`
          : `工作表“${s.name}”没有像表头的行`;
      })
      .join('；');
    const needs =
      mode === 'history'
        ? '需要能识别任务的列（编号、序号、重点任务或工作措施）、责任单位列和至少一个填报列（如完成情况、工作进展）'
        : '需要能识别任务的列（编号、序号、重点任务或工作措施）和至少一个填报列（如完成情况、工作进展）';
    return {
      ok: false,
      error: issue(
        'no-header',
        `未找到可识别的表头：${needs}。${seen}。`,
        `no recognisable header on any sheet (${sheets.map((s) => s.name).join(', ')})`,
      ),
    };
  }
  const headerRow = first.header!.rows[0]!;
  const titleLines: string[] = [];
  for (const { r, cells } of first.sheet.rows) {
    if (r >= headerRow || titleLines.length >= 3) break;
    const text = [
      ...new Set([...cells.values()].map((c) => c.value).filter((v) => typeof v === 'string')),
    ].join(' ');
    if (text) titleLines.push(text);
  }
  return {
    ok: true,
    sheetName: first.sheet.name,
    headerRow,
    titleLines,
    sheets: found.filter((f) => f.header).length,
  };
}
