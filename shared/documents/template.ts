// The coordinator's templates for the official documents, and the one way their text is filled.
//
// A template is plain text the coordinator edits in 设置:
//  - {月份}, {完成率}, … are placeholders, filled from the month's figures (PLACEHOLDER_NAMES lists
//    them all; template-text.ts says what each means). The filler looks a name up in a table of strings and nothing else: no expression, no
//    property path, no code is ever evaluated. A name it does not know is left as written (and
//    checkTemplate refuses to save it). {{ and }} stand for literal braces.
//  - A line holding only [[名称]] places a table or chart there (BLOCK_NAMES lists them).
//  - Every other line is a paragraph. A line opening with 一、 / （一） / 1. / （1） is a heading of
//    level 1–4 (GB/T 9704-2012 7.3.3: 黑体, 楷体, then 仿宋); when the heading ends in 。 and text
//    follows on the same line, only the part up to the 。 takes the heading's face.
// Templates are parsed before they are filled, so a figure can never turn into a heading or a block.
// This module is the syntax and the checks only — light enough for the use case updateSettings to
// load with the app; the built-in texts and the placeholders' meanings are in template-text.ts.

import {
  DOCUMENT_KINDS,
  DOCUMENT_TEXT_LIMITS,
  type DocumentKind,
  type DocumentSettings,
  type DocumentTemplate,
} from '../ledger.ts';

/** Every placeholder a template may use (template-text.ts says what each means; model.ts fills them). */
export const PLACEHOLDER_NAMES = [
  '年份',
  '月',
  '月份',
  '月末',
  '报送截止日',
  '截止日',
  '成文日期',
  '发文机关',
  '发文字号',
  '计划名称',
  '计划文号',
  '任务数',
  '全部完成任务数',
  '任务单位数',
  '已完成',
  '推进中',
  '滞后',
  '逾期',
  '欠进度',
  '未启动',
  '不涉及',
  '完成率',
  '大气完成率',
  '水完成率',
  '土壤完成率',
  '单位数',
  '按时报送单位数',
  '逾期报送单位数',
  '未报送单位数',
  '逾期报送单位',
  '未报送单位',
  '滞后单位数',
  '滞后单位',
  '街道乡镇前三名',
  '街道乡镇后三名',
  '区级部门前三名',
  '区级部门后三名',
] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

export const BLOCK_NAMES = [
  '总体情况表',
  '图:类别推进情况',
  '街道乡镇排名表',
  '区级部门排名表',
  '滞后单位表',
  '图:报送情况',
  '未按时报送单位表',
  '进展情况表',
] as const;
export type BlockName = (typeof BLOCK_NAMES)[number];

const BLOCK_SET: ReadonlySet<string> = new Set(BLOCK_NAMES);
const PLACEHOLDER_SET: ReadonlySet<string> = new Set(PLACEHOLDER_NAMES);

export type HeadingLevel = 1 | 2 | 3 | 4;

export type TemplateLine =
  | { type: 'block'; name: BlockName }
  | { type: 'unknown-block'; name: string }
  | { type: 'heading'; level: HeadingLevel; heading: string; rest: string }
  | { type: 'paragraph'; text: string };

const HEADING_PATTERNS: readonly [HeadingLevel, RegExp][] = [
  [1, /^[一二三四五六七八九十百]+、/],
  [2, /^[（(][一二三四五六七八九十百]+[）)]/],
  [3, /^\d{1,3}[.．](?!\d)/],
  [4, /^[（(]\d{1,3}[）)]/],
];

/** The heading level a paragraph's numbering gives it (7.3.3), or null for a plain paragraph. */
export function headingLevel(text: string): HeadingLevel | null {
  for (const [level, re] of HEADING_PATTERNS) if (re.test(text)) return level;
  return null;
}

/** Split a template body into its lines: blocks, headings and paragraphs (blank lines dropped). */
export function parseTemplateBody(body: string): TemplateLine[] {
  const out: TemplateLine[] = [];
  for (const raw of body.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const block = /^\[\[(.+)\]\]$/.exec(line);
    if (block) {
      const name = (block[1] as string).trim().replace('：', ':');
      out.push(
        BLOCK_SET.has(name) ? { type: 'block', name: name as BlockName } : { type: 'unknown-block', name },
      );
      continue;
    }
    const level = headingLevel(line);
    if (level) {
      const stop = line.indexOf('。');
      const split = stop >= 0 && stop < line.length - 1;
      out.push({
        type: 'heading',
        level,
        heading: split ? line.slice(0, stop + 1) : line,
        rest: split ? line.slice(stop + 1) : '',
      });
      continue;
    }
    out.push({ type: 'paragraph', text: line });
  }
  return out;
}

const PLACEHOLDER = /\{\{|\}\}|\{([^{}\r\n]{1,30})\}/g;

/** The placeholder names a text uses, in order (escaped braces aside). */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (m[1] !== undefined) names.push(m[1]);
  return names;
}

/**
 * Fill a text's placeholders from `values`. A name not in `values` is left as written and reported;
 * nothing is evaluated — the name is only ever a key of the map.
 */
export function fillPlaceholders(
  text: string,
  values: ReadonlyMap<string, string>,
): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const filled = text.replace(PLACEHOLDER, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const value = values.get(name as string);
    if (value === undefined) {
      unknown.push(name as string);
      return whole;
    }
    return value;
  });
  return { text: filled, unknown };
}

export interface TemplateIssue {
  field: keyof DocumentTemplate;
  /** Chinese, for people. */
  message: string;
}

const FIELD_LABELS: Readonly<Record<keyof DocumentTemplate, string>> = {
  title: '标题',
  addressee: '主送机关',
  body: '正文',
  attachment: '附件说明',
};

/** What is wrong with a template, in words a coordinator can act on; empty when it can be saved. */
export function checkTemplate(kind: DocumentKind, t: DocumentTemplate): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const fields: (keyof DocumentTemplate)[] = ['title', 'addressee', 'body', 'attachment'];
  for (const field of fields) {
    const text = t[field];
    const label = FIELD_LABELS[field];
    if (typeof text !== 'string') {
      issues.push({ field, message: `${label}缺失。` });
      continue;
    }
    if (text.length > DOCUMENT_TEXT_LIMITS[field])
      issues.push({ field, message: `${label}过长（不超过 ${DOCUMENT_TEXT_LIMITS[field]} 字）。` });
    const unknown = [...new Set(placeholdersIn(text).filter((n) => !PLACEHOLDER_SET.has(n)))];
    if (unknown.length)
      issues.push({
        field,
        message: `${label}中有未知的占位符：${unknown.map((n) => `{${n}}`).join('、')}。`,
      });
  }
  if (!t.title.trim()) issues.push({ field: 'title', message: '标题不能为空。' });
  if (kind !== 'annex' && !t.addressee.trim())
    issues.push({ field: 'addressee', message: '主送机关不能为空。' });
  const lines = parseTemplateBody(t.body);
  if (lines.length === 0) issues.push({ field: 'body', message: '正文不能为空。' });
  const badBlocks = lines.filter((l) => l.type === 'unknown-block').map((l) => `[[${l.name}]]`);
  if (badBlocks.length)
    issues.push({
      field: 'body',
      message: `正文中有未知的表格或图：${[...new Set(badBlocks)].join('、')}。`,
    });
  if (/\[\[|\]\]/.test(t.title) || /\[\[|\]\]/.test(t.addressee) || /\[\[|\]\]/.test(t.attachment))
    issues.push({ field: 'title', message: '表格和图（[[…]]）只能单独成行写在正文中。' });
  return issues;
}

export interface SettingsIssue {
  /** issuerMark, issuer, docNumberPattern, numbers.tongbao, issuedOn, templates.cuibao.body, … */
  field: string;
  /** Chinese, for people. */
  message: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(s: string): boolean {
  if (!ISO_DAY.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Everything wrong with document settings (what 设置 shows, and why updateSettings refuses). */
export function checkDocumentSettings(s: DocumentSettings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const text = (field: 'issuerMark' | 'issuer' | 'docNumberPattern', label: string) => {
    const v = s[field];
    if (typeof v !== 'string' || !v.trim()) issues.push({ field, message: `${label}不能为空。` });
    else if (v.length > DOCUMENT_TEXT_LIMITS[field])
      issues.push({ field, message: `${label}过长（不超过 ${DOCUMENT_TEXT_LIMITS[field]} 字）。` });
  };
  text('issuerMark', '发文机关标志');
  text('issuer', '发文机关署名');
  text('docNumberPattern', '发文字号格式');
  if (typeof s.docNumberPattern === 'string' && !s.docNumberPattern.includes('{号}'))
    issues.push({ field: 'docNumberPattern', message: '发文字号格式须含 {号}，如 通攻坚办〔{年}〕{号}号。' });
  const others = placeholdersIn(s.docNumberPattern ?? '').filter((n) => n !== '年' && n !== '号');
  if (others.length)
    issues.push({
      field: 'docNumberPattern',
      message: `发文字号格式只能使用 {年} 和 {号}，不能使用 ${others.map((n) => `{${n}}`).join('、')}。`,
    });
  for (const [kind, label] of [
    ['tongbao', '通报'],
    ['cuibao', '催报通知'],
  ] as const) {
    const n = s.numbers?.[kind];
    if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 99_999)
      issues.push({ field: `numbers.${kind}`, message: `${label}的发文顺序号须为 1 到 99999 之间的整数。` });
  }
  if (s.issuedOn !== null && (typeof s.issuedOn !== 'string' || !isCalendarDay(s.issuedOn)))
    issues.push({ field: 'issuedOn', message: '成文日期不是有效的日期。' });
  for (const [kind, t] of Object.entries(s.templates ?? {}) as [
    DocumentKind,
    DocumentTemplate | undefined,
  ][]) {
    if (!t) continue;
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) {
      issues.push({ field: `templates.${kind}`, message: `未知的文种：${kind}。` });
      continue;
    }
    for (const issue of checkTemplate(kind, t))
      issues.push({ field: `templates.${kind}.${issue.field}`, message: issue.message });
  }
  return issues;
}
