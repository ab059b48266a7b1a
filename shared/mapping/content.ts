// Decides a column's field from what its cells hold, where the header alone cannot: 完成情况 and
// 落实情况 hold status words in one town's ledger and sentences of progress in another's; 目前进度
// holds 80% or a sentence; a column headed 编号 may hold our ids (大气-03) or just 1, 2, 3.
//
// Shares are over the column's non-empty data cells:
//   status share ≥ 0.6  → 完成状态 (0.9 when ≥ 0.9, else 0.85 when ≥ 0.8, else 0.7: a person confirms)
//   status share ≤ 0.2  → 工作进展 (0.9); in between → 工作进展 at 0.7 (a person confirms)
//   the same with the percent share for 目前进度 / 进度
//   编号 whose cells are mostly our ids → task id; mostly whole numbers → 序号 (0.9)

import { readStatusWord, percentInText } from '../status-words.ts';
import { normaliseCode, plainToText, type PlainValue } from '../workbook/normalise-cell.ts';
import { parseTaskId } from '../workbook/validate-fields.ts';
import type { HeaderClass, MappedField } from './synonyms.ts';
import type { ColumnBy } from './types.ts';

export interface ColumnDecision {
  field: MappedField;
  score: number;
  by: ColumnBy;
  note?: string;
}

const TASK_ID = /^(air|water|soil)-\d{2}$/;

function share(values: readonly PlainValue[], test: (v: PlainValue) => boolean): number {
  const filled = values.filter((v) => v !== null && plainToText(v).trim() !== '');
  if (filled.length === 0) return 0;
  return filled.filter(test).length / filled.length;
}

const isStatus = (v: PlainValue) => {
  const text = plainToText(v);
  // Long sentences are progress even when they start with a status word.
  return text.length <= 12 && readStatusWord(text) !== null && readStatusWord(text)?.status !== null;
};

const isPercent = (v: PlainValue) =>
  typeof v === 'number'
    ? v >= 0 && v <= 100
    : percentInText(plainToText(v)).kind !== 'none' || /^\d+(\.\d+)?$/.test(normaliseCode(plainToText(v)));

function graded(fraction: number, field: MappedField, other: MappedField, what: string): ColumnDecision {
  const pct = Math.round(fraction * 100);
  if (fraction >= 0.6) {
    const score = fraction >= 0.9 ? 0.9 : fraction >= 0.8 ? 0.85 : 0.7;
    return { field, score, by: 'content', note: `${pct}% 的单元格是${what}` };
  }
  return {
    field: other,
    score: fraction <= 0.2 ? 0.9 : 0.7,
    by: 'content',
    note: `只有 ${pct}% 的单元格是${what}，按文字读取`,
  };
}

/** The field of a column whose header is `cls`, given its data cells. */
export function decideByContent(cls: HeaderClass, values: readonly PlainValue[]): ColumnDecision {
  const fields = cls.fields;
  if (fields.includes('status') && fields.includes('progress'))
    return graded(share(values, isStatus), 'status', 'progress', '状态词');
  if (fields.includes('percent') && fields.includes('progress'))
    return graded(share(values, isPercent), 'percent', 'progress', '百分比');
  if (cls.field === 'taskId') {
    const ids = share(values, (v) => TASK_ID.test(parseTaskId(v)));
    const numbers = share(values, (v) => /^\d{1,3}$/.test(normaliseCode(plainToText(v))));
    if (ids < 0.5 && numbers >= 0.8)
      return { field: 'ordinal', score: 0.9, by: 'content', note: '“编号”列是 1、2、3…，按序号读取' };
  }
  return { field: cls.field, score: cls.score, by: cls.by };
}
