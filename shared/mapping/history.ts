// The district's master ledger, read through a confirmed mapping (mode 'history') into monthly
// records: for each month, each row's task, unit and values. Months come from the layout — a column
// group under a month header (`2021年3月` over 完成情况 / 工作进展 …), a month in a column's own
// header (`3月完成情况`), or a sheet per month (sheet `3月`); a row with nothing filled in for a month
// says nothing for that month. shared/engine/import-history.ts imports the records as one batch per
// month.

import type { ProgressFields } from '../model.ts';
import type { SheetGrid } from '../workbook/sheet-grid.ts';
import { fillMerges } from '../workbook/sheet-grid.ts';
import type { FieldError } from '../workbook/validate-fields.ts';
import { NoteList, rowCells, valueColumns } from './apply-mapping.ts';
import { readForeignCells } from './foreign-values.ts';
import type { LayoutMapping } from './types.ts';

export interface HistoryRecord {
  sheet: string;
  rowNumber: number;
  taskId: string | null;
  /** Canonical unit, or null when the unit cell names none. */
  unit: string | null;
  unitText: string;
  label: string;
  fields: Partial<ProgressFields>;
  errors: FieldError[];
}

export interface HistoryMonth {
  /** `YYYY-MM` */
  period: string;
  records: HistoryRecord[];
}

export interface HistoryRead {
  months: HistoryMonth[];
  /** How words were read, grouped (Chinese). */
  notes: string[];
}

/** The monthly records of a master ledger under a confirmed history mapping, months in order. */
export function historyMonths(grid: SheetGrid, mapping: LayoutMapping): HistoryRead {
  const byMonth = new Map<string, HistoryRecord[]>();
  const notes = new NoteList();
  for (const s of mapping.sheets.filter((x) => x.use)) {
    const sheet = grid.sheets.find((g) => g.name === s.sheet);
    if (!sheet) continue;
    const byRow = new Map(fillMerges(sheet).rows.map((r) => [r.r, r]));
    const months = [
      ...new Set(s.columns.map((c) => c.month ?? s.month ?? null).filter((m): m is string => m !== null)),
    ].sort();
    for (const month of months) {
      const columns = valueColumns(s, month);
      if (columns.size === 0) continue;
      for (const r of s.rows) {
        if (!r.taskId && r.by === 'user') continue; // a person said: no task
        const values = readForeignCells(rowCells(byRow.get(r.row), columns));
        if (Object.keys(values.fields).length === 0 && values.errors.length === 0) continue;
        for (const note of values.notes) notes.add(note, `“${s.sheet}”第 ${r.row} 行`);
        const list = byMonth.get(month) ?? [];
        list.push({
          sheet: s.sheet,
          rowNumber: r.row,
          taskId: r.taskId,
          unit: r.unit ?? null,
          unitText: r.unitText ?? '',
          label: r.label,
          fields: values.fields,
          errors: values.errors,
        });
        byMonth.set(month, list);
      }
    }
  }
  return {
    months: [...byMonth.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([period, records]) => ({ period, records })),
    notes: notes.issues('value-read-as').map((i) => i.message),
  };
}
