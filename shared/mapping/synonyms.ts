// The documented synonym tables for layouts we did not write: which field a unit's own column header
// names, which plan a sheet name or title names, and which month a header or sheet name names.
// docs/design.md §15 lists the tables and the scores; tests (synonyms.test.ts) pin them.
//
// Scores of a header (0–1), and why:
//   1.00 exact    our own workbook's header or one of its accepted spellings (columns.ts)
//   0.90 synonym  a word from the table below, exactly (after width folding, no spaces)
//   0.85 synonym  the same once decorations are taken off: a unit in brackets (`完成比例（%）`),
//                 a month or period (`3月工作进展`, `截至3月底进展情况`), `本月`/`目前`
//   0.70 partial  a header that contains a table word (`各项工作推进落实情况说明`): plausible, not
//                 certain — below the confident score (0.8), so a person confirms it
// Some words name two fields and the column's content decides (content.ts): 完成情况 and 落实情况 are
// a status when most cells are status words, else the progress text; 目前进度 / 进度 are a percentage
// when most cells are numbers, else the progress text.

import { PROGRESS_FIELDS, type PlanId, type ProgressField } from '../model.ts';
import { COLUMNS, headerKey, type PlanColumnKey } from '../workbook/columns.ts';

/** What a column of a foreign layout can hold. */
export type MappedField = 'taskId' | 'ordinal' | 'unit' | 'remark' | PlanColumnKey | ProgressField;

export const MAPPED_FIELD_LABELS: Readonly<Record<MappedField, string>> = {
  taskId: '任务编号',
  ordinal: '序号',
  unit: '责任单位（本行所属单位）',
  remark: '备注',
  category: '类别',
  keyTask: '重点任务',
  measures: '工作措施',
  deadline: '完成时限',
  leaders: '牵头领导',
  leadUnits: '主责单位',
  coUnits: '协办单位',
  role: '本单位角色',
  status: '完成状态',
  percent: '完成比例',
  progress: '工作进展',
  problems: '存在问题',
  nextSteps: '下步计划',
  evidence: '佐证材料',
  reporter: '填报人',
  phone: '联系电话',
  filledOn: '填报日期',
};

/** Every field a column can be mapped to, in the order a person is offered them: what is imported first. */
export const MAPPED_FIELDS: readonly MappedField[] = [
  ...PROGRESS_FIELDS,
  'taskId',
  'ordinal',
  'keyTask',
  'measures',
  'category',
  'unit',
  'remark',
  'deadline',
  'leaders',
  'leadUnits',
  'coUnits',
  'role',
];

export interface Synonym {
  field: MappedField;
  words: readonly string[];
}

/** Header words → field. Words that name two fields are in AMBIGUOUS_WORDS instead. */
export const SYNONYMS: readonly Synonym[] = [
  { field: 'taskId', words: ['编号', '任务编号', '任务id', '编码', '任务编码', '任务代码'] },
  { field: 'ordinal', words: ['序号', '序', '项次', '排序', '序列号', 'no', 'no.', '行号'] },
  { field: 'category', words: ['类别', '分类', '类型', '所属计划', '领域', '专项'] },
  {
    field: 'keyTask',
    words: [
      '重点任务',
      '任务',
      '重点工作',
      '工作任务',
      '任务名称',
      '主要任务',
      '工作要点',
      '重点任务名称',
      '攻坚任务',
    ],
  },
  {
    field: 'measures',
    words: [
      '工作措施',
      '具体措施',
      '主要措施',
      '措施',
      '工作内容',
      '任务内容',
      '具体任务',
      '工作举措',
      '落实措施',
      '具体工作',
      '具体内容',
      '任务措施',
    ],
  },
  {
    field: 'deadline',
    words: ['完成时限', '时限', '完成时间', '时间节点', '完成期限', '截止时间', '时间要求'],
  },
  { field: 'leaders', words: ['牵头领导', '责任领导', '分管领导', '主管领导', '包联领导'] },
  { field: 'leadUnits', words: ['主责单位', '牵头单位', '责任单位', '责任部门', '牵头部门', '主责部门'] },
  { field: 'coUnits', words: ['协办单位', '配合单位', '协同单位', '配合部门', '协办部门'] },
  { field: 'role', words: ['本单位角色', '角色'] },
  {
    field: 'status',
    words: ['完成状态', '状态', '推进状态', '进展状态', '完成状况', '是否完成', '办理状态'],
  },
  {
    field: 'percent',
    words: [
      '完成比例',
      '完成进度',
      '完成百分比',
      '完成率',
      '完成进度(%)',
      '进度(%)',
      '完成比例(%)',
      '百分比',
    ],
  },
  {
    field: 'progress',
    words: [
      '工作进展',
      '进展情况',
      '工作进展情况',
      '推进情况',
      '工作推进情况',
      '工作开展情况',
      '开展情况',
      '进展',
      '工作完成情况',
      '当前进展',
      '具体进展',
      '工作进度情况',
      '任务进展',
      '进展及成效',
      '工作成效',
    ],
  },
  {
    field: 'problems',
    words: [
      '存在问题',
      '存在的问题',
      '问题',
      '困难问题',
      '存在困难',
      '问题及困难',
      '存在问题及困难',
      '困难和问题',
      '存在的困难和问题',
    ],
  },
  {
    field: 'nextSteps',
    words: [
      '下步计划',
      '下一步计划',
      '下步工作计划',
      '下一步工作计划',
      '下步打算',
      '下一步打算',
      '下步工作',
      '下一步工作',
      '下步措施',
      '下一步措施',
      '下步工作安排',
      '下一步工作安排',
    ],
  },
  { field: 'evidence', words: ['佐证材料', '佐证资料', '证明材料', '佐证', '支撑材料', '附件', '相关材料'] },
  { field: 'reporter', words: ['填报人', '联系人', '填表人', '经办人', '责任人'] },
  { field: 'phone', words: ['联系电话', '电话', '联系方式', '手机', '手机号'] },
  { field: 'filledOn', words: ['填报日期', '填报时间', '日期', '填表日期', '更新日期', '报送日期'] },
  { field: 'remark', words: ['备注', '说明', '其他', '备考'] },
];

/** Words that name either of two fields: the column's content decides (content.ts). */
export const AMBIGUOUS_WORDS: readonly { words: readonly string[]; fields: readonly MappedField[] }[] = [
  { words: ['完成情况', '落实情况', '完成落实情况', '任务完成情况'], fields: ['status', 'progress'] },
  { words: ['目前进度', '进度', '当前进度', '工作进度', '推进进度'], fields: ['percent', 'progress'] },
];

/** In the district's master ledger a unit column names whose row it is, not the plan's lead units. */
export const HISTORY_UNIT_WORDS: readonly string[] = [
  '责任单位',
  '单位',
  '责任主体',
  '填报单位',
  '单位名称',
  '责任部门',
  '街道乡镇',
  '主责单位',
];

export type HeaderMatchBy = 'exact' | 'synonym' | 'partial';

export interface HeaderClass {
  /** The field, or for an ambiguous word the first of its fields (content decides). */
  field: MappedField;
  /** More than one when content must decide. */
  fields: readonly MappedField[];
  score: number;
  by: HeaderMatchBy;
}

export const SCORE_EXACT = 1;
export const SCORE_SYNONYM = 0.9;
export const SCORE_UNDECORATED = 0.85;
export const SCORE_PARTIAL = 0.7;

/** Longest a header may be for a "contains" match: longer cells are data or notes, not headers. */
const MAX_PARTIAL_HEADER = 20;

interface Entry {
  fields: readonly MappedField[];
}

function buildLookup(mode: 'return' | 'history'): {
  ours: Map<string, MappedField>;
  words: Map<string, Entry>;
  byLength: [string, Entry][];
} {
  const ours = new Map<string, MappedField>();
  // Our own columns that a mapping can carry (the review and extension columns are read only from
  // our workbook, through its manifest, never mapped from a layout we did not write).
  for (const c of COLUMNS)
    if (c.key in MAPPED_FIELD_LABELS)
      for (const h of [c.header, ...c.aliases]) ours.set(headerKey(h), c.key as MappedField);
  const words = new Map<string, Entry>();
  for (const s of SYNONYMS) for (const w of s.words) words.set(headerKey(w), { fields: [s.field] });
  for (const a of AMBIGUOUS_WORDS) for (const w of a.words) words.set(headerKey(w), { fields: a.fields });
  if (mode === 'history') {
    for (const w of HISTORY_UNIT_WORDS) {
      words.set(headerKey(w), { fields: ['unit'] });
      ours.delete(headerKey(w));
    }
  }
  // Ambiguous words are never settled by our own table's alias (完成进度 is ours, 进度 is not).
  const byLength = [...words.entries()]
    .filter(([w]) => w.length >= 2)
    .sort((a, b) => b[0].length - a[0].length);
  return { ours, words, byLength };
}

const LOOKUPS = { return: buildLookup('return'), history: buildLookup('history') };

/** A month or period, brackets with a unit, 本月/目前/截至…: what decorates a header word. */
const DECORATION =
  /\(.*?\)|\[.*?\]|【.*?】|(?:\d{4}年)?\d{1,2}月(?:份|底|末)?|\d{4}[-./]\d{1,2}|截至|截止|本月|当月|目前|当前|本期|情况说明$/g;

/** Which field a header cell names, with a score; null when it names none. */
export function classifyHeader(text: string, mode: 'return' | 'history' = 'return'): HeaderClass | null {
  const { ours, words, byLength } = LOOKUPS[mode];
  const key = headerKey(text);
  if (key === '') return null;
  const own = ours.get(key);
  if (own && !words.get(key)?.fields.some((f) => f !== own))
    return { field: own, fields: [own], score: SCORE_EXACT, by: 'exact' };
  const word = words.get(key);
  if (word) return { field: word.fields[0]!, fields: word.fields, score: SCORE_SYNONYM, by: 'synonym' };
  const bare = key.replace(DECORATION, '');
  if (bare !== key && bare !== '') {
    const o = ours.get(bare);
    const w = words.get(bare);
    if (w) return { field: w.fields[0]!, fields: w.fields, score: SCORE_UNDECORATED, by: 'synonym' };
    if (o) return { field: o, fields: [o], score: SCORE_UNDECORATED, by: 'synonym' };
  }
  if (key.length <= MAX_PARTIAL_HEADER) {
    for (const [w, entry] of byLength) {
      if (key.includes(w) || bare.includes(w))
        return { field: entry.fields[0]!, fields: entry.fields, score: SCORE_PARTIAL, by: 'partial' };
    }
  }
  return null;
}

// --- plans -------------------------------------------------------------------------------------

/** Words in a sheet name or title that name a plan (longest first when matching). */
export const PLAN_WORDS: Readonly<Record<PlanId, readonly string[]>> = {
  air: ['大气污染防治', '大气污染', '大气', '空气质量', '空气', '蓝天保卫战', '蓝天'],
  water: ['水污染防治', '水污染', '水环境', '水生态', '碧水保卫战', '碧水', '水'],
  soil: ['土壤污染防治', '土壤污染', '土壤', '净土保卫战', '净土', '土'],
};

/** What is left of a sheet name once the generic words are gone: `大气污染防治台账` → `大气`. */
function planNameCore(text: string): string {
  return headerKey(text)
    .replace(/\d{4}年?|\d{1,2}月份?|sheet\d*/g, '')
    .replace(/污染防治|攻坚战|行动计划|工作台账|台账|工作|任务|清单|进展|情况|表|计划|专项|防治|保卫战/g, '');
}

export interface PlanNameMatch {
  plan: PlanId;
  score: number;
}

/**
 * Which plan a sheet name or a title names. Exact (the name is the plan's word once generic words are
 * taken off: 大气 / 大气污染防治台账 / 水) → 0.9; the name contains a plan word of two or more
 * characters (通州区大气污染防治工作推进表) → 0.75; one-character words (水, 土) only count exactly.
 * Two plans named → none (a sheet of all three plans).
 */
export function planNamedIn(text: string): PlanNameMatch | null {
  const core = planNameCore(text);
  const key = headerKey(text);
  for (const plan of ['air', 'water', 'soil'] as const) {
    if (PLAN_WORDS[plan].some((w) => headerKey(w) === core && core !== '')) return { plan, score: 0.9 };
  }
  const found = (['air', 'water', 'soil'] as const).filter((plan) =>
    PLAN_WORDS[plan].some((w) => w.length >= 2 && key.includes(w)),
  );
  return found.length === 1 ? { plan: found[0]!, score: 0.75 } : null;
}

// --- months ------------------------------------------------------------------------------------

const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};

/**
 * The month a header or sheet name names: `2021年3月`, `2021-03`, `2021.3`, `3月`, `3月份`, `三月`
 * (a month without a year is in `year`). null when none, or more than one.
 */
export function monthNamedIn(text: string, year: number): string | null {
  const t = headerKey(text);
  // A range (1-3月, 1至3月) is not one month.
  if (/\d{1,2}(?:月)?[-~～至到—]+\d{1,2}月/.test(t)) return null;
  const found = new Set<string>();
  const add = (y: number, m: number) => {
    if (m >= 1 && m <= 12 && y >= 2000 && y <= 2100) found.add(`${y}-${String(m).padStart(2, '0')}`);
  };
  let rest = t;
  for (const m of t.matchAll(/(\d{4})(?:年|[-./])(\d{1,2})(?!\d)/g)) {
    add(Number(m[1]), Number(m[2]));
    rest = rest.replace(m[0], ' ');
  }
  for (const m of rest.matchAll(/(?<!\d)(\d{1,2})月/g)) add(year, Number(m[1]));
  for (const m of rest.matchAll(/(十[一二]|[一二三四五六七八九十])月/g)) add(year, CN_DIGITS[m[1]!]!);
  return found.size === 1 ? [...found][0]! : null;
}
