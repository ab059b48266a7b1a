// Parses the progress cells of one returned row into ProgressFields, strictly: a value is either
// understood exactly or reported as an error with a Chinese message — never guessed, never
// silently coerced. What is accepted:
//  - 完成状态: one of STATUSES after trimming, width folding and removing inner spaces
//    (`推进中 `, `推 进 中`). Anything else (`进行中`, `完成`) is an error listing the choices.
//  - 完成比例(%): a number 0–100; text `80`, `80%`, `８０％`, `80 %`. A number in a cell whose
//    number format contains `%` is a fraction Excel shows as a percentage (typing `80%` into a
//    General cell stores 0.8 with format `0%`), so 0.8 there means 80. A bare 0.8 in a General
//    cell means 0.8 %. Decimals are kept as written (the sheet's validation asks for whole
//    numbers, but a re-saved file may carry 12.5 and rounding it would be coercion).
//  - 填报日期: a date cell, an Excel serial number (General-formatted date), an 8-digit
//    20210305, or text 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日 (a time after the date is
//    ignored). The day must exist on the calendar.
//  - free text: as written (trimmed); numbers and dates in text cells become their text.
//  - 联系电话: text with full-width digits folded; a number cell is written out in full.
// Blank cells mean "no value": null for status/percent/date, '' for text.

import {
  PROGRESS_FIELD_LABELS,
  STATUSES,
  isStatus,
  type ProgressField,
  type ProgressFields,
  type Status,
} from '../model.ts';
import {
  excelSerialToIso,
  foldWidth,
  InvalidCell,
  normaliseCode,
  plainToText,
  type PlainValue,
} from './normalise-cell.ts';
import type { FieldErrorCode } from './issues.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: FieldErrorCode; message: string };

export interface FieldError {
  field: ProgressField;
  code: FieldErrorCode;
  message: string;
  /** The cell value as found, for display. */
  raw: string;
}

/** A cell as the reader hands it over: the normalised value plus the cell's number format. */
export interface CellInput {
  value: PlainValue;
  numFmt?: string;
}

const MAX_TEXT = 32767;

const STATUS_LIST = STATUSES.join('、');

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function fail<T>(code: FieldErrorCode, message: string): Parsed<T> {
  return { ok: false, code, message };
}

export function parseStatus(value: PlainValue): Parsed<Status | null> {
  if (value === null) return ok(null);
  const text = normaliseCode(plainToText(value)).replace(/\s+/g, '');
  if (text === '') return ok(null);
  if (isStatus(text)) return ok(text);
  return fail('invalid-status', `完成状态"${plainToText(value)}"无效，应为：${STATUS_LIST}`);
}

function percentError(raw: string): Parsed<number | null> {
  return fail('invalid-percent', `完成比例"${raw}"无效，应为0到100之间的数字`);
}

/**
 * Whether a number format scales by 100 (`0%`, `0.0%`). A `%` inside quotes (`0"%"`) or escaped
 * (`0\%`) is only shown, not a percentage format: clerks use it to print a % sign after 80.
 */
export function isPercentFormat(numFmt: string | undefined): boolean {
  if (numFmt === undefined) return false;
  return numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .includes('%');
}

export function parsePercent(value: PlainValue, numFmt?: string): Parsed<number | null> {
  if (value === null) return ok(null);
  let n: number;
  if (typeof value === 'number') {
    n = isPercentFormat(numFmt) ? Math.round(value * 100 * 1e9) / 1e9 : value;
  } else if (typeof value === 'string') {
    const text = normaliseCode(value).replace(/\s+/g, '');
    if (text === '') return ok(null);
    const m = /^(\d+(?:\.\d+)?)%?$/.exec(text);
    if (!m) return percentError(value);
    n = Number(m[1]);
  } else {
    return percentError(plainToText(value));
  }
  if (!Number.isFinite(n) || n < 0 || n > 100) return percentError(plainToText(value));
  return ok(n);
}

function validYmd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Serials accepted as dates: 1982-01-01 … 2099-12-31 (other numbers are not plausible 填报日期). */
const SERIAL_MIN = 29952;
const SERIAL_MAX = 73050;

export function parseDate(value: PlainValue): Parsed<string | null> {
  if (value === null) return ok(null);
  const bad = (): Parsed<string | null> =>
    fail('invalid-date', `填报日期"${plainToText(value)}"无效，应为日期，如 2021-03-05`);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 19000101 && value <= 29991231) {
      return ((iso) => (iso ? ok(iso) : bad()))(
        validYmd(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100),
      );
    }
    if (value >= SERIAL_MIN && value < SERIAL_MAX + 1) {
      const iso = excelSerialToIso(value);
      return iso ? ok(iso) : bad();
    }
    return bad();
  }
  if (typeof value !== 'string') return bad();
  const text = normaliseCode(value);
  if (text === '') return ok(null);
  const patterns = [
    /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z)?)?$/,
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/,
    /^(\d{4})(\d{2})(\d{2})$/,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) {
      const iso = validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
      return iso ? ok(iso) : bad();
    }
  }
  return bad();
}

export function parseText(value: PlainValue, label = '文本'): Parsed<string> {
  if (value instanceof InvalidCell) return invalidCell(value, label);
  const text = plainToText(value);
  if (text.length > MAX_TEXT) {
    return fail('text-too-long', `${label}超过 ${MAX_TEXT} 个字符`);
  }
  return ok(text);
}

function invalidCell<T>(value: InvalidCell, label: string): Parsed<T> {
  return fail(
    'invalid-text',
    `${label}单元格的值"${value.raw}"无效（错误值或无法读取的数字），请在文件中改正`,
  );
}

export function parsePhone(value: PlainValue): Parsed<string> {
  if (value instanceof InvalidCell) return invalidCell(value, '联系电话');
  if (typeof value === 'number') {
    return ok(Number.isInteger(value) ? value.toFixed(0) : String(value));
  }
  return parseText(value === null ? null : foldWidth(plainToText(value)).trim(), '联系电话');
}

const TEXT_FIELDS = ['progress', 'problems', 'nextSteps', 'evidence', 'reporter'] as const;

/** The column labels without a unit suffix, for messages: 完成比例(%) → 完成比例. */
const FIELD_LABEL = Object.fromEntries(
  Object.entries(PROGRESS_FIELD_LABELS).map(([field, label]) => [field, label.replace(/\(%\)$/, '')]),
) as Record<ProgressField, string>;

/**
 * Parse the progress cells present in a row. Only the columns the sheet has appear in `fields`
 * (a clerk who deleted the 佐证材料 column says nothing about evidence); a field whose cell is
 * invalid is left out of `fields` and listed in `errors`.
 */
export function parseProgressCells(cells: Partial<Record<ProgressField, CellInput>>): {
  fields: Partial<ProgressFields>;
  errors: FieldError[];
} {
  const fields: Partial<ProgressFields> = {};
  const errors: FieldError[] = [];
  const take = <K extends ProgressField>(
    field: K,
    parsed: Parsed<ProgressFields[K]>,
    raw: PlainValue,
  ): void => {
    if (parsed.ok) fields[field] = parsed.value;
    else errors.push({ field, code: parsed.code, message: parsed.message, raw: plainToText(raw) });
  };
  if (cells.status) take('status', parseStatus(cells.status.value), cells.status.value);
  if (cells.percent)
    take('percent', parsePercent(cells.percent.value, cells.percent.numFmt), cells.percent.value);
  if (cells.filledOn) take('filledOn', parseDate(cells.filledOn.value), cells.filledOn.value);
  if (cells.phone) take('phone', parsePhone(cells.phone.value), cells.phone.value);
  for (const field of TEXT_FIELDS) {
    const cell = cells[field];
    if (cell) take(field, parseText(cell.value, FIELD_LABEL[field]), cell.value);
  }
  return { fields, errors };
}

/**
 * Task id as typed or re-saved, in the form people use (`大气-03`, `水-12`, `土壤-05`, what export
 * writes) or the stable id (`air-03`, what exports of earlier versions wrote): `大气03`, `大气－１２`,
 * `AIR-3`, `ａｉｒ－０３` → `air-03`. Anything else comes back as its normalised text (rejected later).
 */
export function parseTaskId(value: PlainValue): string {
  const text = normaliseCode(plainToText(value)).replace(/\s+/g, '');
  const m = /^(air|water|soil|大气|水|土壤)[-_－—–]?0*(\d{1,3})$/i.exec(text);
  if (!m) return text;
  const prefix = m[1]!.toLowerCase();
  const plan = prefix === '大气' ? 'air' : prefix === '水' ? 'water' : prefix === '土壤' ? 'soil' : prefix;
  return `${plan}-${m[2]!.padStart(2, '0')}`;
}

/** The unit's extension request as a returned row states it (the 申请延期至 / 延期理由 cells). */
export interface RequestCells {
  /** The date asked for (YYYY-MM-DD), or null when the cell is blank. */
  until: string | null;
  reason: string;
  /** Set when the date cell holds something that is not a date (the request is then not read). */
  error?: string;
}

/** Parse the request cells of a row; undefined when the sheet has neither column. */
export function parseRequestCells(
  until: CellInput | undefined,
  reason: CellInput | undefined,
): RequestCells | undefined {
  if (until === undefined && reason === undefined) return undefined;
  const text = parseText(reason?.value ?? null, '延期理由');
  const date = parseDate(until?.value ?? null);
  const out: RequestCells = { until: date.ok ? date.value : null, reason: text.ok ? text.value : '' };
  if (!date.ok) out.error = `申请延期至“${plainToText(until?.value ?? null)}”不是有效日期，应如 2021-12-31`;
  else if (!text.ok) out.error = text.message;
  return out;
}
