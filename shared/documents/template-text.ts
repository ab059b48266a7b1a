// The built-in templates of the official documents, and what each placeholder and block means (the
// reference list 设置 shows beside the editor). Separate from template.ts, whose syntax and checks
// load with the app: these texts load only with the documents and the settings panel.

import type { DocumentKind, DocumentSettings, DocumentTemplate } from '../ledger.ts';
import { BLOCK_NAMES, PLACEHOLDER_NAMES, type BlockName, type PlaceholderName } from './template.ts';

export interface PlaceholderInfo {
  name: PlaceholderName;
  /** What it is filled with, for the list in 设置. */
  meaning: string;
}

/** Every placeholder a template may use; shared/documents/model.ts fills each of them. */
export const PLACEHOLDERS: readonly PlaceholderInfo[] = [
  { name: '年份', meaning: '报告期年份，如 2021' },
  { name: '月', meaning: '报告期月份，如 3' },
  { name: '月份', meaning: '报告期，如 2021年3月' },
  { name: '月末', meaning: '报告期最后一天，如 2021年3月31日' },
  { name: '报送截止日', meaning: '本期报送截止日期，如 2021年3月25日' },
  { name: '截止日', meaning: '每月报送截止日（设置中的日），如 25' },
  { name: '成文日期', meaning: '成文日期，如 2021年4月2日' },
  { name: '发文机关', meaning: '发文机关署名' },
  { name: '发文字号', meaning: '本文的发文字号' },
  { name: '计划名称', meaning: '行动计划名称' },
  { name: '计划文号', meaning: '行动计划文号，如 通政发〔2021〕2号' },
  { name: '任务数', meaning: '有责任单位的重点任务数' },
  { name: '全部完成任务数', meaning: '全部责任单位均已完成的任务数' },
  { name: '任务单位数', meaning: '任务 × 责任单位总数' },
  { name: '已完成', meaning: '已完成（任务 × 单位）' },
  { name: '推进中', meaning: '推进中（任务 × 单位）' },
  { name: '滞后', meaning: '滞后 = 逾期 + 欠进度' },
  { name: '逾期', meaning: '已过完成时限仍未完成' },
  { name: '欠进度', meaning: '未到完成时限但落后于序时进度' },
  { name: '未启动', meaning: '未启动或未填报' },
  { name: '不涉及', meaning: '单位填报不涉及' },
  { name: '完成率', meaning: '总体完成率，如 12.5%' },
  { name: '大气完成率', meaning: '大气污染防治任务完成率' },
  { name: '水完成率', meaning: '水污染防治任务完成率' },
  { name: '土壤完成率', meaning: '土壤污染防治任务完成率' },
  { name: '单位数', meaning: '有任务的单位数' },
  { name: '按时报送单位数', meaning: '截止日前报送的单位数' },
  { name: '逾期报送单位数', meaning: '截止日后报送的单位数' },
  { name: '未报送单位数', meaning: '尚未报送的单位数' },
  { name: '逾期报送单位', meaning: '逾期报送的单位名称，以顿号分隔；没有时为“无”' },
  { name: '未报送单位', meaning: '未报送的单位名称；没有时为“无”' },
  { name: '滞后单位数', meaning: '有逾期或欠进度任务的单位数' },
  { name: '滞后单位', meaning: '有逾期或欠进度任务的单位名称；没有时为“无”' },
  { name: '街道乡镇前三名', meaning: '街道乡镇排名前三的单位（并列的一并列出）' },
  { name: '街道乡镇后三名', meaning: '街道乡镇排名后三的单位（并列的一并列出）' },
  { name: '区级部门前三名', meaning: '区级部门排名前三的单位（并列的一并列出）' },
  { name: '区级部门后三名', meaning: '区级部门排名后三的单位（并列的一并列出）' },
];

export const BLOCK_MEANINGS: Readonly<Record<BlockName, string>> = {
  总体情况表: '大气、水、土壤及合计：任务数、已完成、推进中、逾期、欠进度、未启动、不涉及、完成率',
  '图:类别推进情况': '统计看板的“各类别任务推进情况”图',
  街道乡镇排名表: '街道乡镇排名：名次、任务数、已完成、完成率、逾期、欠进度、报送情况',
  区级部门排名表: '区级部门（含驻区单位）排名，栏目同上',
  滞后单位表: '有逾期或欠进度任务的单位及其任务编号',
  '图:报送情况': '统计看板的“各单位报送情况”图',
  未按时报送单位表: '未报送和逾期报送的单位：报送情况、任务数、未报送任务数',
  进展情况表: '逐单位、逐项任务：完成状态、完成比例、工作进展、序时进度（横排表格）',
};

/** The built-in templates: what a coordinator gets until she edits one (and after 恢复默认). */
export const DEFAULT_TEMPLATES: Readonly<Record<DocumentKind, DocumentTemplate>> = {
  tongbao: {
    title: '关于{月份}污染防治\n攻坚战重点任务推进情况的通报',
    addressee: '各街道办事处、乡镇人民政府，区各有关部门和单位',
    body: [
      '为推动《{计划名称}》（{计划文号}）各项重点任务落实，现将{月份}重点任务推进情况通报如下。',
      '一、总体进展',
      '截至{月末}，{任务数}项重点任务分解到各责任单位共{任务单位数}项（按任务×责任单位计），已完成{已完成}项，推进中{推进中}项，滞后{滞后}项（其中逾期{逾期}项、欠进度{欠进度}项），未启动{未启动}项，不涉及{不涉及}项，总体完成率{完成率}。其中，大气污染防治任务完成率{大气完成率}，水污染防治任务完成率{水完成率}，土壤污染防治任务完成率{土壤完成率}；全部责任单位均已完成的任务{全部完成任务数}项。',
      '[[总体情况表]]',
      '[[图:类别推进情况]]',
      '二、各单位推进情况排名',
      '按完成率从高到低排名，完成率相同时逾期任务少者在前；完成率＝已完成÷（任务数－不涉及）。',
      '（一）街道乡镇。完成率较高的是{街道乡镇前三名}；较低的是{街道乡镇后三名}。',
      '[[街道乡镇排名表]]',
      '（二）区级部门。完成率较高的是{区级部门前三名}；较低的是{区级部门后三名}。',
      '[[区级部门排名表]]',
      '三、逾期和欠进度任务',
      '{滞后单位数}个单位有逾期或欠进度任务，请相关单位逐项分析原因，明确整改措施和完成时限，确保按期完成。',
      '[[滞后单位表]]',
      '四、报送情况',
      '本期应报送单位{单位数}个，按时报送{按时报送单位数}个；逾期报送{逾期报送单位数}个：{逾期报送单位}；未报送{未报送单位数}个：{未报送单位}。',
      '[[图:报送情况]]',
      '五、下步工作要求',
      '（一）压实工作责任。各单位要对照任务清单逐项梳理进展，对逾期和欠进度任务明确整改时限，确保按期完成。',
      '（二）按时报送进展。各单位须于每月{截止日}日前报送当月进展情况，逾期未报的将在下期通报中予以说明。',
    ].join('\n'),
    attachment: '{月份}各单位重点任务进展情况',
  },
  cuibao: {
    title: '关于催报{月份}污染防治\n攻坚战重点任务进展情况的通知',
    addressee: '各有关单位',
    body: [
      '按照《{计划名称}》（{计划文号}）工作要求，各单位应于{报送截止日}前报送{月份}重点任务进展情况。截至{报送截止日}，仍有{未报送单位数}个单位未报送，{逾期报送单位数}个单位逾期报送，具体如下：',
      '[[未按时报送单位表]]',
      '请未报送的单位于收到本通知后3个工作日内报送{月份}进展情况；逾期报送的单位请于今后每月{截止日}日前按时报送。逾期仍未报送的，将在{月份}重点任务推进情况通报中予以说明。',
    ].join('\n'),
    attachment: '',
  },
  annex: {
    title: '{月份}各单位重点任务进展情况',
    addressee: '',
    body: '[[进展情况表]]',
    attachment: '',
  },
};

/** The template a document is made from: the coordinator's edited one, else the built-in one. */
export function templateFor(settings: DocumentSettings, kind: DocumentKind): DocumentTemplate {
  return settings.templates[kind] ?? DEFAULT_TEMPLATES[kind];
}

/** Every placeholder and block name has its meaning here (checked once, at load). */
for (const n of PLACEHOLDER_NAMES)
  if (!PLACEHOLDERS.some((p) => p.name === n)) throw new Error(`placeholder ${n} has no meaning`);
for (const n of BLOCK_NAMES) if (!BLOCK_MEANINGS[n]) throw new Error(`block ${n} has no meaning`);
