// What an official document says, before it is typeset: the 通报, the 催报通知 and the 进展情况 annex
// of one month as a neutral list of paragraphs, headings, tables and charts. Every figure is taken
// from the dashboard (shared/dashboard.ts buildDashboard, handed in — the same object the 统计看板
// draws) and the month's rows (shared/period-state.ts); nothing here counts anything the dashboard
// has not counted. The one thing added is the split of the ranking into 街道乡镇 and 区级部门, each
// ranked by the dashboard's own rankUnits. The words come from the coordinator's template
// (./template.ts). shared/documents/docx-writer.ts turns the result into a .docx.

import { rankUnits, doneShare, type Dashboard, type UnitFigures } from '../dashboard.ts';
import { planChart, returnsChart, returnCounts, type StackedChart } from '../dashboard-charts.ts';
import { beijingDate, periodEnd, periodLabel } from '../deadline.ts';
import { dateWords } from '../deadline-words.ts';
import type { DocumentKind, LedgerSettings } from '../ledger.ts';
import { taskLabel, type PlanMeta, type Unit, type UnitKind } from '../model.ts';
import type { PeriodRow, PeriodState } from '../period-state.ts';
import {
  fillPlaceholders,
  parseTemplateBody,
  type BlockName,
  type HeadingLevel,
  type PlaceholderName,
} from './template.ts';
import { templateFor } from './template-text.ts';

export interface DocumentInput {
  kind: DocumentKind;
  /** The month as every view sees it. */
  state: PeriodState;
  /** buildDashboard(state): pass the dashboard's own object where there is one. */
  dashboard: Dashboard;
  /** The unit registry (for each unit's kind: 街道乡镇 or 区级部门). */
  units: readonly Unit[];
  plan: Pick<PlanMeta, 'title' | 'docNumber'>;
  settings: LedgerSettings;
  /** When the document is made: the 成文日期 when settings leave it open. */
  now: Date;
}

export interface TableColumn {
  title: string;
  /**
   * Share of the text block's width; a table's shares add up to 1. Each is wide enough for its
   * heading on one line in 小四 (4.23 mm a character, 2.8 mm of cell padding).
   */
  width: number;
  align: 'left' | 'center';
}

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; level: HeadingLevel; heading: string; rest: string }
  /** 表1 … / 图1 … / an annex unit's name: kept on the page of what follows. */
  | { type: 'caption'; text: string }
  | {
      type: 'table';
      name: BlockName;
      columns: TableColumn[];
      rows: string[][];
      /** Shown in one row across the table when there are no rows. */
      empty: string;
      /** The annex's table is set smaller (layout.ts ANNEX_TABLE_PT). */
      dense: boolean;
    }
  | { type: 'chart'; chart: StackedChart };

export interface OfficialDocument {
  kind: DocumentKind;
  period: string;
  landscape: boolean;
  /** 版头 (7.2): 发文机关标志 and 发文字号; none for the annex. */
  head: { mark: string; number: string } | null;
  /** 8 附件: "附件" at the top left of the annex's first page. */
  annexLabel: string | null;
  /** The title's lines (a line break in the template is where it breaks). */
  title: string[];
  /** 主送机关 with its closing colon. */
  addressee: string | null;
  blocks: Block[];
  /** 附件说明: "附件：…". */
  attachment: string | null;
  /** 发文机关署名 and 成文日期 (7.3.5). */
  signature: { issuer: string; date: string } | null;
  /** Placeholders the template used that have no value (left as written). */
  unknownPlaceholders: string[];
}

export const DOCUMENT_LABELS: Readonly<Record<DocumentKind, string>> = {
  tongbao: '通报',
  cuibao: '催报通知',
  annex: '进展情况附件',
};

/** `通报-2021-03.docx`. */
export function documentFileName(kind: DocumentKind, period: string): string {
  return `${DOCUMENT_LABELS[kind]}-${period}.docx`;
}

/** 通攻坚办〔{年}〕{号}号 with year 2021 and number 3 → 通攻坚办〔2021〕3号 (7.2.5: no 第, no leading zero). */
export function formatDocNumber(pattern: string, year: number, number: number): string {
  return pattern.replaceAll('{年}', String(year)).replaceAll('{号}', String(number));
}

/** 街道乡镇: the streets, towns and the township; every other body ranks among the 区级部门. */
export const TOWN_KINDS: ReadonlySet<UnitKind> = new Set<UnitKind>(['street', 'town', 'township']);

export interface RankingGroups {
  towns: UnitFigures[];
  bodies: UnitFigures[];
}

/** The dashboard's units split into 街道乡镇 and 区级部门, each ranked on its own by rankUnits. */
export function rankingGroups(d: Dashboard, units: readonly Unit[]): RankingGroups {
  const kind = new Map(units.map((u) => [u.name, u.kind]));
  const isTown = (u: UnitFigures) => TOWN_KINDS.has(kind.get(u.unit) as UnitKind);
  return { towns: rankUnits(d.units.filter(isTown)), bodies: rankUnits(d.units.filter((u) => !isTown(u))) };
}

const LIST_MAX = 6;

/** 西集镇（3.3%）、永乐店镇（2.2%）; more than six as 北苑街道（0%）…等N个单位. */
function shareList(units: readonly UnitFigures[]): string {
  if (!units.length) return '无';
  const names = units.map((u) => `${u.unit}（${u.doneShare}%）`);
  return names.length > LIST_MAX
    ? `${names.slice(0, LIST_MAX).join('、')}等${names.length}个单位`
    : names.join('、');
}

/** The best three ranks (ties included); all tied reads as such. */
function topThree(ranked: readonly UnitFigures[]): string {
  if (!ranked.length) return '无';
  if (ranked.every((u) => u.rank === 1))
    return `各单位并列（完成率均为${(ranked[0] as UnitFigures).doneShare}%）`;
  return shareList(ranked.filter((u) => u.rank <= 3));
}

/** The last three ranks (ties included). */
function bottomThree(ranked: readonly UnitFigures[]): string {
  if (!ranked.length) return '无';
  if (ranked.every((u) => u.rank === 1))
    return `各单位并列（完成率均为${(ranked[0] as UnitFigures).doneShare}%）`;
  const cut = (ranked[Math.max(0, ranked.length - 3)] as UnitFigures).rank;
  return shareList(ranked.filter((u) => u.rank >= cut).reverse());
}

const names = (list: readonly string[]) => (list.length ? list.join('、') : '无');

function groupRows(rows: readonly PeriodRow[]): Map<string, PeriodRow[]> {
  const out = new Map<string, PeriodRow[]>();
  for (const r of rows) {
    const list = out.get(r.unit);
    if (list) list.push(r);
    else out.set(r.unit, [r]);
  }
  return out;
}

/** Everything the documents need, derived once. */
interface Figures {
  d: Dashboard;
  rowsByUnit: Map<string, PeriodRow[]>;
  groups: RankingGroups;
}

function issuedOn(input: DocumentInput): string {
  return input.settings.documents.issuedOn ?? beijingDate(input.now.toISOString());
}

/** The values of every placeholder (template.ts PLACEHOLDERS), as text. */
export function placeholderValues(input: DocumentInput, groups: RankingGroups): Map<string, string> {
  const { dashboard: d, settings } = input;
  const doc = settings.documents;
  const [year, month] = d.period.split('-').map(Number) as [number, number];
  const date = issuedOn(input);
  const t = d.totals;
  const returns = returnCounts(d);
  const planShare = (name: string) => {
    const p = d.plans.find((x) => x.name === name);
    return p ? `${doneShare(p.counts)}%` : '无';
  };
  const number =
    input.kind === 'annex'
      ? ''
      : formatDocNumber(doc.docNumberPattern, Number(date.slice(0, 4)), doc.numbers[input.kind]);
  const lateReturns = d.units.filter((u) => u.returned.received && u.returned.late).map((u) => u.unit);
  const missing = d.units.filter((u) => !u.returned.received).map((u) => u.unit);
  const lagging = d.units.filter((u) => u.counts.late > 0).map((u) => u.unit);
  // A record of every name: the compiler refuses a placeholder without its value.
  const values: Record<PlaceholderName, string | number> = {
    年份: year,
    月: month,
    月份: periodLabel(d.period),
    月末: dateWords(periodEnd(d.period)),
    报送截止日: dateWords(d.dueDate),
    截止日: settings.returnDueDay,
    成文日期: dateWords(date),
    发文机关: doc.issuer,
    发文字号: number,
    计划名称: input.plan.title,
    计划文号: input.plan.docNumber,
    任务数: d.tasks.length,
    全部完成任务数: d.tasks.filter((x) => x.allDone).length,
    任务单位数: t.total,
    已完成: t.done,
    推进中: t.inProgress,
    滞后: t.late,
    逾期: t.overdue,
    欠进度: t.behind,
    未启动: t.notStarted,
    不涉及: t.na,
    完成率: `${doneShare(t)}%`,
    大气完成率: planShare('大气'),
    水完成率: planShare('水'),
    土壤完成率: planShare('土壤'),
    单位数: d.units.length,
    按时报送单位数: returns.onTime,
    逾期报送单位数: returns.late,
    未报送单位数: returns.missing,
    逾期报送单位: names(lateReturns),
    未报送单位: names(missing),
    滞后单位数: lagging.length,
    滞后单位: names(lagging),
    街道乡镇前三名: topThree(groups.towns),
    街道乡镇后三名: bottomThree(groups.towns),
    区级部门前三名: topThree(groups.bodies),
    区级部门后三名: bottomThree(groups.bodies),
  };
  return new Map(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

const RETURN_WORDS = (u: UnitFigures): string =>
  !u.returned.received
    ? '未报送'
    : u.returned.late
      ? `逾期报送（${shortDate(u.returned.receivedOn)}）`
      : '按时报送';

/** `2021-10-28` → `10月28日`. */
function shortDate(ymd: string | null): string {
  if (!ymd) return '';
  const [, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return `${m}月${d}日`;
}

const col = (title: string, width: number, align: TableColumn['align'] = 'center'): TableColumn => ({
  title,
  width,
  align,
});

function rankingTable(name: BlockName, ranked: readonly UnitFigures[]): Block {
  return {
    type: 'table',
    name,
    columns: [
      col('名次', 0.08),
      col('单位', 0.24, 'left'),
      col('任务数', 0.1),
      col('已完成', 0.1),
      col('完成率', 0.11),
      col('逾期', 0.08),
      col('欠进度', 0.1),
      col('报送情况', 0.19),
    ],
    rows: ranked.map((u) => [
      String(u.rank),
      u.unit,
      String(u.counts.total),
      String(u.counts.done),
      `${u.doneShare}%`,
      String(u.overdue),
      String(u.counts.behind),
      RETURN_WORDS(u),
    ]),
    empty: '无',
    dense: false,
  };
}

const CAPTIONS: Partial<Record<BlockName, (f: Figures) => string>> = {
  总体情况表: (f) => `${periodLabel(f.d.period)}各类别重点任务推进情况`,
  街道乡镇排名表: () => '街道乡镇推进情况排名',
  区级部门排名表: () => '区级部门推进情况排名',
  滞后单位表: () => '有逾期或欠进度任务的单位',
  未按时报送单位表: (f) => `未按时报送${periodLabel(f.d.period)}进展情况的单位`,
};

/** The blocks a [[名称]] line stands for. */
function blockFor(name: BlockName, f: Figures): Block[] {
  const { d } = f;
  switch (name) {
    case '总体情况表': {
      const row = (label: string, tasks: number, c: Dashboard['totals']) => [
        label,
        String(tasks),
        String(c.total),
        String(c.done),
        String(c.inProgress),
        String(c.overdue),
        String(c.behind),
        String(c.notStarted),
        String(c.na),
        `${doneShare(c)}%`,
      ];
      return [
        {
          type: 'table',
          name,
          columns: [
            col('类别', 0.075),
            col('任务数', 0.1),
            // 任务 × 责任单位, as the narrative counts them (the dashboard's 任务×单位).
            col('单位任务', 0.13),
            col('已完成', 0.1),
            col('推进中', 0.1),
            col('逾期', 0.075),
            col('欠进度', 0.1),
            col('未启动', 0.1),
            col('不涉及', 0.1),
            col('完成率', 0.12),
          ],
          rows: [
            ...d.plans.map((p) => row(p.name, p.tasks, p.counts)),
            row('合计', d.tasks.length, d.totals),
          ],
          empty: '无',
          dense: false,
        },
      ];
    }
    case '图:类别推进情况':
      return [{ type: 'chart', chart: planChart(d) }];
    case '图:报送情况':
      return [{ type: 'chart', chart: returnsChart(d) }];
    case '街道乡镇排名表':
      return [rankingTable(name, f.groups.towns)];
    case '区级部门排名表':
      return [rankingTable(name, f.groups.bodies)];
    case '滞后单位表': {
      const lagging = d.units.filter((u) => u.counts.late > 0);
      return [
        {
          type: 'table',
          name,
          columns: [
            col('序号', 0.08),
            col('单位', 0.24, 'left'),
            col('逾期', 0.08),
            col('欠进度', 0.1),
            col('逾期和欠进度任务', 0.5, 'left'),
          ],
          rows: lagging.map((u, i) => {
            const late = (f.rowsByUnit.get(u.unit) ?? []).filter((r) => r.category === 'late');
            const overdue = late
              .filter((r) => r.deadlineState === 'overdue')
              .map((r) => taskLabel(r.task.id));
            const behind = late.filter((r) => r.deadlineState !== 'overdue').map((r) => taskLabel(r.task.id));
            const parts = [
              overdue.length ? `逾期：${overdue.join('、')}` : '',
              behind.length ? `欠进度：${behind.join('、')}` : '',
            ].filter(Boolean);
            return [String(i + 1), u.unit, String(u.overdue), String(u.counts.behind), parts.join('；')];
          }),
          empty: '本期无逾期或欠进度任务',
          dense: false,
        },
      ];
    }
    case '未按时报送单位表': {
      const byUnit = new Map(d.units.map((u) => [u.unit, u]));
      return [
        {
          type: 'table',
          name,
          columns: [
            col('序号', 0.08),
            col('单位', 0.34, 'left'),
            col('报送情况', 0.24),
            col('任务数', 0.14),
            col('未报送任务数', 0.2),
          ],
          rows: d.reminders.map((r, i) => [
            String(i + 1),
            r.unit,
            r.reason === 'missing' ? '未报送' : `逾期报送（${shortDate(r.receivedOn)}）`,
            String(byUnit.get(r.unit)?.counts.total ?? 0),
            String(r.tasks.length),
          ]),
          empty: '本期各单位均已按时报送',
          dense: false,
        },
      ];
    }
    case '进展情况表':
      return annexTables(f);
  }
}

function annexTables(f: Figures): Block[] {
  const out: Block[] = [];
  let n = 0;
  for (const u of f.d.units) {
    const rows = f.rowsByUnit.get(u.unit) ?? [];
    if (!rows.length) continue;
    n++;
    out.push({ type: 'caption', text: `${n}. ${u.unit}（${rows.length}项）` });
    out.push({
      type: 'table',
      name: '进展情况表',
      columns: [
        col('序号', 0.06),
        col('编号', 0.08),
        col('重点任务', 0.18, 'left'),
        col('完成时限', 0.09),
        col('完成状态', 0.09),
        col('完成比例', 0.09),
        col('工作进展', 0.32, 'left'),
        col('序时进度', 0.09),
      ],
      rows: rows.map((r, i) => [
        String(i + 1),
        taskLabel(r.task.id),
        r.task.keyTask,
        r.task.deadline.raw.replace(/\s+/g, ''),
        `${r.progress.status ?? '未填报'}${r.carried ? '（沿用上期）' : ''}`,
        r.progress.percent === null ? '' : `${r.progress.percent}%`,
        r.progress.progress,
        r.judgement,
      ]),
      empty: '无',
      dense: true,
    });
  }
  return out;
}

/** The document of `input.kind` for the month, as paragraphs, tables and charts. */
export function buildDocumentModel(input: DocumentInput): OfficialDocument {
  const { kind, dashboard: d, state } = input;
  const groups = rankingGroups(d, input.units);
  const values = placeholderValues(input, groups);
  const f: Figures = { d, rowsByUnit: groupRows(state.rows), groups };
  const template = templateFor(input.settings.documents, kind);
  const unknown: string[] = [];
  const fill = (text: string) => {
    const r = fillPlaceholders(text, values);
    unknown.push(...r.unknown);
    return r.text;
  };
  const blocks: Block[] = [];
  let tables = 0;
  let figures = 0;
  for (const line of parseTemplateBody(template.body)) {
    if (line.type === 'paragraph') blocks.push({ type: 'paragraph', text: fill(line.text) });
    else if (line.type === 'heading')
      blocks.push({ type: 'heading', level: line.level, heading: fill(line.heading), rest: fill(line.rest) });
    else if (line.type === 'unknown-block') blocks.push({ type: 'paragraph', text: `[[${line.name}]]` });
    else {
      const made = blockFor(line.name, f);
      const caption = CAPTIONS[line.name];
      if (made[0]?.type === 'chart')
        blocks.push({ type: 'caption', text: `图${++figures} ${made[0].chart.title}` });
      else if (caption) blocks.push({ type: 'caption', text: `表${++tables} ${caption(f)}` });
      blocks.push(...made);
    }
  }
  const annex = kind === 'annex';
  const doc = input.settings.documents;
  const attachment = annex ? '' : fill(template.attachment).trim();
  const addressee = fill(template.addressee)
    .trim()
    .replace(/[:：]+$/, '');
  return {
    kind,
    period: d.period,
    landscape: annex,
    head: annex ? null : { mark: doc.issuerMark, number: values.get('发文字号') as string },
    annexLabel: annex ? '附件' : null,
    title: template.title
      .split(/\r\n|\r|\n/)
      .map((l) => fill(l).trim())
      .filter(Boolean),
    addressee: annex || !addressee ? null : `${addressee}：`,
    blocks,
    attachment: attachment ? `附件：${attachment}` : null,
    signature: annex ? null : { issuer: doc.issuer, date: values.get('成文日期') as string },
    unknownPlaceholders: [...new Set(unknown)],
  };
}
