// Reads a foreign layout's rows through a confirmed mapping into the rows the merge reads (the same
// ReadRow our own workbook gives), so a unit's own ledger merges exactly like our workbook without a
// manifest. What it does not do is decide: rows and columns below CONFIDENT must have been confirmed
// (confirmations() is empty) — callers check that first, the CLI and the wizard both.
//  - one ReadRow per matched row, on its sheet; values through foreign-values.ts;
//  - a row a person marked as no task is left out and listed; a row with values that matches no
//    task stays in with no id, so the merge rejects it with its reason;
//  - plan texts are not compared (a unit's own wording of the plan is not an edit of it);
//  - how words were read (基本完成 → 推进中, 八成 …) becomes one warning per reading, with its rows.

import type { ProgressField } from '../model.ts';
import { issue, type Issue, type WarningCode } from '../workbook/issues.ts';
import type { ReadResult, ReadRow } from '../workbook/read-workbook.ts';
import { fillMerges, type GridRow } from '../workbook/sheet-grid.ts';
import { VALUE_FIELDS } from './detect-layout.ts';
import { readForeignCells, type ForeignCell } from './foreign-values.ts';
import type { ColumnMapping, LayoutMapping, SheetMapping } from './types.ts';

/** The column each value field is read from (the best scored, then the leftmost). */
export function valueColumns(sheet: SheetMapping, month?: string | null): Map<ProgressField, ColumnMapping> {
  const out = new Map<ProgressField, ColumnMapping>();
  const ordered = [...sheet.columns].sort((a, b) => b.score - a.score || a.col - b.col);
  for (const c of ordered) {
    if (!c.field || !VALUE_FIELDS.has(c.field)) continue;
    if (month !== undefined && (c.month ?? sheet.month ?? null) !== month) continue;
    const field = c.field as ProgressField;
    if (!out.has(field)) out.set(field, c);
  }
  return out;
}

/** The cells of a row for the given columns. */
export function rowCells(
  row: GridRow | undefined,
  columns: ReadonlyMap<ProgressField, ColumnMapping>,
): ForeignCell[] {
  const cells: ForeignCell[] = [];
  for (const [field, c] of columns) {
    const cell = row?.cells.get(c.col);
    cells.push({ field, value: cell?.value ?? null, ...(cell?.numFmt ? { numFmt: cell.numFmt } : {}) });
  }
  return cells;
}

/** Group notes by their text: `“基本完成”…（大气 第 7、9 行）`, at most a few rows listed each. */
export class NoteList {
  private readonly notes = new Map<string, string[]>();

  add(note: string, where: string): void {
    const list = this.notes.get(note) ?? [];
    list.push(where);
    this.notes.set(note, list);
  }

  issues(code: WarningCode): Issue<WarningCode>[] {
    return [...this.notes].map(([note, where]) => {
      const shown = where.slice(0, 5).join('、');
      const more = where.length > 5 ? `等 ${where.length} 处` : '';
      return issue(code, `${note}（${shown}${more}）`, `value read as: ${where.length} cell(s)`);
    });
  }
}

/** The rows of a foreign layout read through `mapping` (return mode). */
export function applyMapping(read: ReadResult, mapping: LayoutMapping): ReadResult {
  if (!read.grid) throw new Error('applyMapping: the read result holds no grid (not a foreign layout)');
  const rows: ReadRow[] = [];
  const notes = new NoteList();
  const excluded: string[] = [];
  const used = mapping.sheets.filter((s) => s.use);
  for (const s of used) {
    const sheet = read.grid.sheets.find((g) => g.name === s.sheet);
    if (!sheet) continue;
    const byRow = new Map(fillMerges(sheet).rows.map((r) => [r.r, r]));
    const columns = valueColumns(s);
    for (const r of s.rows) {
      const where = `“${s.sheet}”第 ${r.row} 行`;
      if (!r.taskId) {
        if (!r.hasValues) continue;
        if (r.by === 'user') {
          excluded.push(where);
          continue;
        }
      }
      const values = readForeignCells(rowCells(byRow.get(r.row), columns));
      for (const note of values.notes) notes.add(note, where);
      rows.push({
        rowNumber: r.row,
        sheet: s.sheet,
        taskId: r.taskId ?? '',
        rawTaskId: r.label,
        fields: values.fields,
        errors: values.errors,
        planCells: {},
      });
    }
  }
  const warnings = [...read.warnings];
  for (const w of mapping.warnings)
    warnings.push(issue('layout-changed', w, 'layout differs from the kept mapping'));
  warnings.push(...notes.issues('value-read-as'));
  if (excluded.length)
    warnings.push(
      issue(
        'rows-not-imported',
        `${excluded.slice(0, 5).join('、')}${excluded.length > 5 ? ` 等 ${excluded.length} 行` : ''}已确认不对应任何任务，未导入`,
        `${excluded.length} row(s) excluded by the user`,
      ),
    );
  return {
    ...read,
    errors: [],
    layout: 'foreign',
    rows,
    columns: {},
    sheetName: used.map((s) => s.sheet).join('、'),
    warnings,
    mapped: { fingerprint: mapping.fingerprint, sheets: used.map((s) => s.sheet) },
  };
}
