// What a person types into a progress cell of the grid (or pastes from Excel), turned into the
// field's value — or a Chinese message saying why not. Never coerced: `120` is not clamped to 100,
// `进行中` is not guessed to be 推进中. The cell rules themselves live in shared/workbook/
// validate-fields.ts (the same rules as a returned workbook); this module adapts them to typed text
// and formats values back into text for display and copying.

import { PROGRESS_FIELD_LABELS, type ProgressField, type ProgressFields } from './model.ts';
import { parseDate, parsePercent, parsePhone, parseStatus, parseText } from './workbook/validate-fields.ts';

export type InputResult<F extends ProgressField = ProgressField> =
  { ok: true; value: ProgressFields[F] } | { ok: false; message: string };

/** Parse typed text for a field. Blank clears the field (null, or '' for text fields). */
export function parseFieldInput<F extends ProgressField>(field: F, text: string): InputResult<F> {
  const r = parseAny(field, text);
  return r.ok ? { ok: true, value: r.value as ProgressFields[F] } : { ok: false, message: r.message };
}

function parseAny(
  field: ProgressField,
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (field) {
    case 'status':
      return parseStatus(text);
    case 'percent':
      return parsePercent(text);
    case 'filledOn':
      return parseDate(text);
    case 'phone':
      return parsePhone(text);
    default: {
      // Free text keeps what was written, apart from trailing line breaks an editor may leave.
      return parseText(text.replace(/\r\n?/g, '\n').replace(/\n+$/, ''), PROGRESS_FIELD_LABELS[field]);
    }
  }
}

/** A field's value as text: for display, copying and the editor's starting content. */
export function formatFieldValue(field: ProgressField, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field === 'percent' && typeof value === 'number') return String(value);
  return String(value);
}

/** A value as shown in an audit line: empty values read as （空）. */
export function auditValueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (Array.isArray(value)) return value.length ? value.join('、') : '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    // A review ({state, comment}), an extension ({state, until, reason}), a file ({name, sha256}).
    if (typeof v.name === 'string' && typeof v.sha256 === 'string')
      return `${v.name}（${v.sha256.slice(0, 8)}）`;
    if (typeof v.until === 'string')
      return `${String(v.state ?? '')} 延至${v.until}${v.reason ? `（${String(v.reason)}）` : ''}${v.comment ? ` 意见：${String(v.comment)}` : ''}`;
    if (typeof v.state === 'string') return v.comment ? `${v.state}（${String(v.comment)}）` : v.state;
    return JSON.stringify(value);
  }
  return String(value);
}
