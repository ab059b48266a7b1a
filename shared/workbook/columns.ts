// The columns of the return workbook's 填报 sheet: what each is called, how wide it is, whether a
// clerk may edit it, and which other header spellings the reader accepts (hand-made sheets and
// older templates say 牵头单位 for 主责单位, 下一步计划 for 下步计划, …). Export writes `header`;
// import matches by name only — never by position.

import {
  PROGRESS_FIELD_LABELS,
  UNIT_ROLES,
  planName,
  type ProgressField,
  type Task,
  type UnitRole,
} from '../model.ts';
import { normaliseCode } from './normalise-cell.ts';

export type Role = UnitRole;
export const ROLES: readonly Role[] = UNIT_ROLES;

export type PlanColumnKey =
  'category' | 'keyTask' | 'measures' | 'deadline' | 'leaders' | 'leadUnits' | 'coUnits' | 'role';

/**
 * The unit's deadline-extension request (two cells it fills) and the district's opinion (locked):
 * the review state with its comment and the extension's decision, as the unit must read them.
 */
export type RequestColumnKey = 'extensionUntil' | 'extensionReason' | 'opinion';

export type ColumnKey = 'taskId' | PlanColumnKey | ProgressField | RequestColumnKey;

export interface ColumnDef {
  key: ColumnKey;
  header: string;
  /** Other header texts accepted on import (compared after `headerKey` normalisation). */
  aliases: string[];
  width: number;
  editable: boolean;
  /** Written with the Text number format (`@`), so a typed `=…` stays text. */
  text: boolean;
}

export const PLAN_COLUMN_KEYS: readonly PlanColumnKey[] = [
  'category',
  'keyTask',
  'measures',
  'deadline',
  'leaders',
  'leadUnits',
  'coUnits',
  'role',
];

export const COLUMNS: readonly ColumnDef[] = [
  {
    key: 'taskId',
    header: '编号',
    aliases: ['任务编号', 'id', '任务id'],
    width: 10,
    editable: false,
    text: true,
  },
  { key: 'category', header: '类别', aliases: ['分类'], width: 7, editable: false, text: true },
  { key: 'keyTask', header: '重点任务', aliases: [], width: 24, editable: false, text: true },
  {
    key: 'measures',
    header: '工作措施',
    aliases: ['具体措施', '主要措施'],
    width: 50,
    editable: false,
    text: true,
  },
  {
    key: 'deadline',
    header: '完成时限',
    aliases: ['时限', '完成时间'],
    width: 12,
    editable: false,
    text: true,
  },
  { key: 'leaders', header: '牵头领导', aliases: ['责任领导'], width: 10, editable: false, text: true },
  {
    key: 'leadUnits',
    header: '主责单位',
    aliases: ['牵头单位', '责任单位'],
    width: 18,
    editable: false,
    text: true,
  },
  { key: 'coUnits', header: '协办单位', aliases: ['配合单位'], width: 18, editable: false, text: true },
  { key: 'role', header: '本单位角色', aliases: ['角色'], width: 8, editable: false, text: true },
  {
    key: 'status',
    header: PROGRESS_FIELD_LABELS.status,
    aliases: ['状态'],
    width: 10,
    editable: true,
    text: true,
  },
  {
    key: 'percent',
    header: PROGRESS_FIELD_LABELS.percent,
    aliases: ['完成比例', '完成进度(%)', '完成进度', '完成百分比', '进度(%)'],
    width: 9,
    editable: true,
    text: false,
  },
  {
    key: 'progress',
    header: PROGRESS_FIELD_LABELS.progress,
    aliases: ['工作进展情况', '进展情况'],
    width: 40,
    editable: true,
    text: true,
  },
  {
    key: 'problems',
    header: PROGRESS_FIELD_LABELS.problems,
    aliases: ['存在的问题'],
    width: 24,
    editable: true,
    text: true,
  },
  {
    key: 'nextSteps',
    header: PROGRESS_FIELD_LABELS.nextSteps,
    aliases: ['下一步计划', '下步工作计划', '下一步工作计划'],
    width: 24,
    editable: true,
    text: true,
  },
  {
    key: 'evidence',
    header: PROGRESS_FIELD_LABELS.evidence,
    aliases: [],
    width: 16,
    editable: true,
    text: true,
  },
  {
    key: 'reporter',
    header: PROGRESS_FIELD_LABELS.reporter,
    aliases: [],
    width: 9,
    editable: true,
    text: true,
  },
  {
    key: 'phone',
    header: PROGRESS_FIELD_LABELS.phone,
    aliases: ['电话'],
    width: 14,
    editable: true,
    text: true,
  },
  {
    key: 'filledOn',
    header: PROGRESS_FIELD_LABELS.filledOn,
    aliases: ['填报时间'],
    width: 12,
    editable: true,
    text: false,
  },
  {
    key: 'extensionUntil',
    header: '申请延期至',
    aliases: ['申请延期', '延期至', '申请延期日期'],
    width: 12,
    editable: true,
    text: false,
  },
  {
    key: 'extensionReason',
    header: '延期理由',
    aliases: ['延期原因', '申请延期理由'],
    width: 24,
    editable: true,
    text: true,
  },
  {
    key: 'opinion',
    header: '区里意见',
    aliases: ['审核意见', '区级意见'],
    width: 30,
    editable: false,
    text: true,
  },
];

/** The request columns, in sheet order. */
export const REQUEST_COLUMN_KEYS: readonly RequestColumnKey[] = [
  'extensionUntil',
  'extensionReason',
  'opinion',
];

/** Header text as compared on import: full-width folded, all whitespace removed, lower case. */
export function headerKey(text: string): string {
  return normaliseCode(text).replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')').toLowerCase();
}

const HEADER_LOOKUP: ReadonlyMap<string, ColumnKey> = new Map(
  COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [headerKey(h), c.key] as const)),
);

/** Which column a header cell names, or null. */
export function columnForHeader(text: string): ColumnKey | null {
  return HEADER_LOOKUP.get(headerKey(text)) ?? null;
}

/** The plan columns' texts for one task, as written to the sheet (and compared on import). */
export function planCellTexts(task: Task, role: Role): Record<PlanColumnKey, string> {
  return {
    category: planName(task.plan),
    keyTask: task.keyTask,
    measures: task.measures,
    deadline: task.deadline.raw,
    leaders: task.leaders.join('、'),
    leadUnits: task.leadUnits.join('、'),
    coUnits: task.coUnits.join('、'),
    role,
  };
}

/**
 * Plan text as compared for "did the clerk edit it": width-folded, whitespace removed. Excel,
 * WPS and LibreOffice may rewrap or re-space text; that is not an edit.
 */
export function planTextKey(text: string): string {
  return normaliseCode(text).replace(/\s+/g, '');
}
