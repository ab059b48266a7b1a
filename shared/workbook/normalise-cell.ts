// Plain cell values and how their text is cleaned: what every spreadsheet reader (xlsx-grid.ts)
// produces — text, number, boolean, null or InvalidCell — so nothing downstream sees a file format.
//
// Files come back from Excel, WPS and LibreOffice, and each stores the same visible value
// differently: LibreOffice splits mixed CJK/ASCII strings into rich-text runs and turns "" into an
// absent cell; formulas carry a cached result (we never evaluate a formula — the cached result is
// what the clerk saw, and an absent result is null); error values (#N/A, #REF!…) mean "nothing
// usable". Dates are `YYYY-MM-DD` text, so nothing downstream deals with time zones.
//
// Two levels of cleaning, on purpose:
//  - every text value is trimmed of stray spaces at both ends (ASCII, U+3000 ideographic space,
//    NBSP, zero-width characters) and has its line endings unified to \n;
//  - full-width → half-width folding (`８０％` → `80%`, `ａｉｒ－０３` → `air-03`) is a separate
//    function, `foldWidth`, applied only to *codes* (ids, status, percent, dates, phone). Free
//    text (工作进展 etc.) keeps its full-width punctuation: folding `，` into `,` would rewrite
//    what a clerk wrote and show up as a spurious change in the merge.

/**
 * A cell whose stored value can not stand for a real one — NaN, INF or 1e999 where a number was
 * written, an Excel error (#REF!), a date Excel shows but the calendar lacks (serial 60, Excel's
 * 1900-02-29) or past year 9999. It is never read as blank (that would clear a stored value): every
 * field rejects it with the row, naming what the cell held.
 */
export class InvalidCell {
  constructor(
    /** What the cell held, as a person would see it. */
    readonly raw: string,
  ) {}
}

export type PlainValue = string | number | boolean | null | InvalidCell;

const EDGE_SPACE = /^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$/g;
const EDGE_CHAR = /[\s\u200b-\u200d\u2060\ufeff]/;

// Control characters a cell may not hold (XML 1.0 forbids them; `_x001B_` escapes in a file decode
// to them): dropped, so an escape sequence never reaches a terminal or a stored value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Trim ASCII/Unicode spaces (incl. U+3000, NBSP, zero-width) at both ends; unify line endings; drop
 * the control characters no cell may hold (tabs and line breaks stay).
 */
export function cleanText(text: string): string {
  let t = text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  if (HAS_CONTROL.test(t)) t = t.replace(CONTROL, '');
  // Most cells need no trimming; the end-anchored pattern is costly on long texts, so look first.
  return t === '' || (!EDGE_CHAR.test(t[0]!) && !EDGE_CHAR.test(t[t.length - 1]!))
    ? t
    : t.replace(EDGE_SPACE, '');
}

/** Full-width ASCII (U+FF01–U+FF5E) → half-width; ideographic space → space. */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** Fold width, trim, and collapse inner whitespace runs to one space: for codes and comparisons. */
export function normaliseCode(text: string): string {
  return cleanText(foldWidth(text)).replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, ' ');
}

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 in the 1900 date system (with its Lotus leap-year bug folded in for serials ≥ 61). */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

/** A Date as `YYYY-MM-DD` in UTC (exceljs builds dates at UTC midnight). */
export function isoDateUtc(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  const y = date.getUTCFullYear();
  if (y < 1000 || y > 9999) return null;
  return `${y}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Excel 1900-system serial (e.g. 44260 = 2021-03-05) → `YYYY-MM-DD`; the time of day is dropped. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 61) return null;
  return isoDateUtc(new Date(EXCEL_EPOCH_UTC + Math.floor(serial) * MS_PER_DAY));
}

/** `YYYY-MM-DD` → Date at UTC midnight (what exceljs writes as a date serial without shifting). */
export function isoToUtcDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

/** A plain value as text for a free-text field: numbers as written, booleans as Excel shows them. */
export function plainToText(value: PlainValue): string {
  if (value === null) return '';
  if (value instanceof InvalidCell) return value.raw;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/**
 * Read a boolean the way the different writers store it: true/false, 1/0, "true"/"false" (what
 * LibreOffice writes in XML attributes), "TRUE"/"FALSE", "是"/"否". Anything else → null.
 */
export function parseBooleanish(value: PlainValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const v = normaliseCode(value).toLowerCase();
  if (v === 'true' || v === '1' || v === '是') return true;
  if (v === 'false' || v === '0' || v === '否') return false;
  return null;
}
