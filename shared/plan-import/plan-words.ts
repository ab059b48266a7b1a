// The words of a plan document, in one table: the task table's column headers and the names other
// plans give them, what a section heading, a sub-plan's title, the document number and the date of
// issue look like, and the cell that says "none". Every reader and the one set of row rules use
// these, so a word added here is understood everywhere at once.

import type { PlanId } from '../model.ts';

/** The task table's columns. */
export const PLAN_COLUMNS = [
  'no',
  'keyTask',
  'measures',
  'deadline',
  'leaders',
  'leadUnits',
  'coUnits',
] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];

/** The 2021 plan's headers, in its order: the seed text must have exactly these. */
export const COLUMN_HEADERS: Readonly<Record<PlanColumn, string>> = {
  no: '序号',
  keyTask: '重点任务',
  measures: '工作措施',
  deadline: '完成时限',
  leaders: '牵头领导',
  leadUnits: '主责单位',
  coUnits: '协办单位',
};

/** Other plans' names for the same columns (compared without spaces). */
const HEADER_SYNONYMS: Readonly<Record<PlanColumn, readonly string[]>> = {
  no: ['序号', '编号'],
  keyTask: ['重点任务', '主要任务', '任务'],
  measures: ['工作措施', '具体措施', '主要措施', '工作任务', '工作内容', '任务措施'],
  deadline: ['完成时限', '完成时间', '时间节点', '时限要求', '完成期限'],
  leaders: ['牵头领导', '责任领导', '分管领导', '主管领导'],
  leadUnits: ['主责单位', '牵头单位', '责任单位', '主责部门', '牵头部门'],
  coUnits: ['协办单位', '配合单位', '协助单位', '协办部门', '配合部门'],
};

/** Columns a task table must have (a plan may leave out 牵头领导 or 协办单位). */
export const REQUIRED_COLUMNS: readonly PlanColumn[] = ['no', 'keyTask', 'measures', 'deadline', 'leadUnits'];

/** The column a header cell names, or undefined. */
export function headerColumn(text: string): PlanColumn | undefined {
  const key = text.replace(/[\s\u3000]+/g, '');
  if (key === '') return undefined;
  return PLAN_COLUMNS.find((c) => HEADER_SYNONYMS[c].includes(key));
}

/** `一、空气质量目标`: a section heading row of a task table. */
export function isSectionHeading(text: string): boolean {
  return /^[一二三四五六七八九十]+、\S/.test(text) && !text.includes('\n');
}

const SUB_PLAN_WORDS: readonly [PlanId, RegExp][] = [
  ['air', /大气污染防治/],
  ['water', /水污染防治/],
  ['soil', /土壤污染防治/],
];

/**
 * The sub-plan a paragraph is the title of (`通州区2021年大气污染防治行动计划`), or undefined. A title
 * is one short line: the covering letter names the sub-plans inside sentences, which never match.
 */
export function subPlanOfTitle(text: string): PlanId | undefined {
  const t = text.replace(/[\s\u3000]+/g, '');
  if (t.length > 40 || !/(计划|方案)$/.test(t) || /[，。；：《》“”]/.test(t)) return undefined;
  const hits = SUB_PLAN_WORDS.filter(([, re]) => re.test(t));
  // 大气污染防治 also contains 气污染防治, never 水污染防治: one hit, or the title is not a sub-plan's.
  return hits.length === 1 ? hits[0]![0] : undefined;
}

/** `通政发〔2021〕2号`, `通政办发〔2022〕15号`. */
export const DOC_NUMBER_RE = /^[\u4e00-\u9fa5]{1,10}〔(\d{4})〕\d+号$/;

/** `2021年2月24日` standing alone (the date of issue). */
export const ISSUE_DATE_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

/** A cell holding only this says "none" (no co-unit, no leader). */
export const NONE_CELL = '——';

/** Is this cell text the "none" marker (`——`, `—`, `-`, `无`)? */
export function isNoneMarker(text: string): boolean {
  return /^(——|—|－|-|无|\/)$/.test(text.trim());
}
