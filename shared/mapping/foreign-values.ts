// Turns the cells of a mapped row into the values the ledger stores, reading the words units write
// (status-words.ts) and then validating strictly like our own workbook's cells (validate-fields.ts):
//  - 完成状态 through the status-word table; a percentage in it (`完成80%`) also fills 完成比例 when
//    the row has no percentage of its own;
//  - 完成比例 as a number, `80%`, `完成80%`; a fraction in words (`八成`) is not a number: the
//    percentage stays empty and the words are kept in 工作进展 (`（完成比例：八成）`), and a note says so;
//  - a blank cell says nothing: in a layout we did not write an empty cell is "not filled in", never
//    "clear the ledger's value" (our own workbook, which carries last month's values, is different).
// Notes (how a word was read) are returned for the person; nothing is coerced without one.

import { emptyValue, type ProgressField, type ProgressFields } from '../model.ts';
import { percentInText, readStatusWord } from '../status-words.ts';
import { plainToText, type PlainValue } from '../workbook/normalise-cell.ts';
import { parseProgressCells, type CellInput, type FieldError } from '../workbook/validate-fields.ts';

export interface ForeignCell {
  field: ProgressField;
  value: PlainValue;
  numFmt?: string;
}

export interface ForeignValues {
  fields: Partial<ProgressFields>;
  errors: FieldError[];
  /** Chinese: how a value was read (`“基本完成”按“推进中”导入`). */
  notes: string[];
}

const blank = (v: PlainValue) => v === null || plainToText(v).trim() === '';

export function readForeignCells(cells: readonly ForeignCell[]): ForeignValues {
  const input: Partial<Record<ProgressField, CellInput>> = {};
  const errors: FieldError[] = [];
  const notes: string[] = [];
  const own = new Map<ProgressField, ForeignCell>();
  for (const c of cells) if (!blank(c.value) && !own.has(c.field)) own.set(c.field, c);
  let percentWords: string | null = null;
  let percentFromStatus: number | null = null;

  const status = own.get('status');
  if (status) {
    const text = plainToText(status.value);
    const reading = readStatusWord(text);
    if (!reading || reading.status === null) {
      errors.push({
        field: 'status',
        code: 'invalid-status',
        message: `完成状态“${text}”无法识别，可写：已完成、推进中、未启动、不涉及，或“正在推进”“已办结”“完成80%”等`,
        raw: text,
      });
    } else {
      input.status = { value: reading.status };
      if (reading.percent !== null) percentFromStatus = reading.percent;
      if (reading.percentWords) percentWords = reading.percentWords;
      if (reading.note) notes.push(reading.note);
    }
  }

  const percent = own.get('percent');
  if (percent) {
    if (typeof percent.value === 'string') {
      const found = percentInText(percent.value);
      if (found.kind === 'number') input.percent = { value: found.value };
      else if (found.kind === 'words') {
        percentWords = found.text;
        notes.push(`完成比例“${found.text}”不是数字，不填完成比例，原文保留在工作进展中`);
      } else input.percent = { value: percent.value, numFmt: percent.numFmt };
    } else input.percent = { value: percent.value, numFmt: percent.numFmt };
  } else if (percentFromStatus !== null) input.percent = { value: percentFromStatus };

  for (const field of [
    'progress',
    'problems',
    'nextSteps',
    'evidence',
    'reporter',
    'phone',
    'filledOn',
  ] as const) {
    const cell = own.get(field);
    if (cell) input[field] = { value: cell.value, numFmt: cell.numFmt };
  }
  if (percentWords) {
    const progress = input.progress ? plainToText(input.progress.value) : '';
    input.progress = {
      value: progress ? `${progress}（完成比例：${percentWords}）` : `完成比例：${percentWords}`,
    };
  }

  const parsed = parseProgressCells(input);
  // Blank results (a cell of spaces) say nothing either.
  for (const [field, value] of Object.entries(parsed.fields) as [ProgressField, unknown][])
    if (value === emptyValue(field)) delete parsed.fields[field];
  return { fields: parsed.fields, errors: [...errors, ...parsed.errors], notes };
}
