// Test oracle: what a general workbook library (exceljs) makes of a cell, normalised to a plain
// value by the rules the product's own reader (shared/workbook/xlsx-grid.ts) follows. The
// differential tests read the same files both ways and expect the same values.

import type ExcelJS from 'exceljs';
import { cleanText, InvalidCell, isoDateUtc, type PlainValue } from '../../shared/workbook/normalise-cell.ts';

const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

type RichTextValue = { richText: { text?: unknown }[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Normalise one exceljs cell value. Strings come back cleaned (see `cleanText`), and "" → null so
 * an empty string and an absent cell are the same thing, as they are after a LibreOffice re-save.
 */
export function normaliseCell(value: ExcelJS.CellValue | unknown): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = cleanText(value);
    return text === '' ? null : text;
  }
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : new InvalidCell(Number.isNaN(value) ? 'NaN' : String(value));
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return dateCell(value);
  if (!isObject(value)) return null;

  if ('error' in value) return new InvalidCell(String(value.error)); // #N/A, #REF!, …
  if ('richText' in value && Array.isArray((value as RichTextValue).richText)) {
    const joined = (value as RichTextValue).richText
      .map((run) => (typeof run.text === 'string' ? run.text : ''))
      .join('');
    return normaliseCell(joined);
  }
  // Formula, shared formula, array formula: the cached result only — never evaluated.
  if ('formula' in value || 'sharedFormula' in value) return normaliseCell(value.result);
  // Hyperlink: its display text (which may itself be rich text); the target is ignored.
  if ('hyperlink' in value || 'text' in value) return normaliseCell(value.text);
  return null;
}

/**
 * A date cell (exceljs turns date-formatted serials into Dates, shifting serials before 61 by a day):
 * before 1900-03-01 Excel's own calendar has the phantom 1900-02-29 (serial 60) and exceljs can not
 * be trusted, so such dates — and ones past 9999 — are invalid, never a wrong date or a blank.
 */
function dateCell(date: Date): PlainValue {
  const t = date.getTime();
  if (Number.isNaN(t)) return new InvalidCell('无效日期');
  if (t < Date.UTC(1900, 2, 1)) {
    const serial = Math.round((t - EXCEL_EPOCH_UTC) / MS_PER_DAY);
    return new InvalidCell(serial === 60 ? '1900-02-29' : `日期序号 ${serial}`);
  }
  return isoDateUtc(date) ?? new InvalidCell(date.toISOString().split('T')[0] as string);
}
