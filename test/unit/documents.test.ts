// The official documents read back from their XML: page setup, styles and fonts of GB/T 9704-2012,
// and every figure equal to the dashboard's for the hand-built October ledger
// (test/support/october-ledger.ts, whose figures are worked out by hand).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, doneShare, type Dashboard } from '../../shared/dashboard.ts';
import { markSize, signatureIndents, xmlSafe } from '../../shared/documents/docx-writer.ts';
import { buildOfficialDocument, type MadeDocument } from '../../shared/documents/index.ts';
import { CHAR_TWIPS, PAGE_TWIPS, TEXT_WIDTH_TWIPS, textEms } from '../../shared/documents/layout.ts';
import {
  formatDocNumber,
  placeholderValues,
  rankingGroups,
  TOWN_KINDS,
} from '../../shared/documents/model.ts';
import { PLACEHOLDER_NAMES } from '../../shared/documents/template.ts';
import { DEFAULT_TEMPLATES } from '../../shared/documents/template-text.ts';
import { periodStateOf } from '../../shared/engine/ledger-period.ts';
import type { DocumentKind, Ledger } from '../../shared/ledger.ts';
import type { PeriodState } from '../../shared/period-state.ts';
import { readDocx, paragraphs, tables, bodyOrder, styleXml, type DocxParts } from '../support/docx-read.ts';
import { octoberLedger } from '../support/october-ledger.ts';

let ledger: Ledger;
let state: PeriodState;
let d: Dashboard;
const made = {} as Record<DocumentKind, MadeDocument & { parts: DocxParts }>;

async function make(kind: DocumentKind, l: Ledger = ledger, s: PeriodState = state, dash: Dashboard = d) {
  const doc = await buildOfficialDocument({
    kind,
    state: s,
    dashboard: dash,
    units: l.units,
    plan: l.plan,
    settings: l.settings,
    now: new Date('2021-11-05T01:00:00Z'),
  });
  return { ...doc, parts: await readDocx(doc.bytes) };
}

beforeAll(async () => {
  ledger = await octoberLedger().done();
  ledger.settings.documents = {
    ...ledger.settings.documents,
    numbers: { tongbao: 3, cuibao: 4 },
    issuedOn: '2021-11-02',
  };
  state = await periodStateOf(ledger, '2021-10');
  d = buildDashboard(state);
  for (const kind of ['tongbao', 'cuibao', 'annex'] as const) made[kind] = await make(kind);
});

const attr = (xml: string, el: string, name: string) =>
  new RegExp(`<${el}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml)?.[1];

describe('page setup (GB/T 9704-2012 5.1, 5.2.1; 8 for the landscape annex)', () => {
  it('A4 portrait, 天头 37 mm, 订口 28 mm, text block 156 × 225 mm', () => {
    const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(made.tongbao.parts.document)?.[0] as string;
    expect(attr(sect, 'w:pgSz', 'w:w')).toBe('11906');
    expect(attr(sect, 'w:pgSz', 'w:h')).toBe('16838');
    expect(attr(sect, 'w:pgSz', 'w:orient')).toBe('portrait');
    const m = (n: string) => Number(attr(sect, 'w:pgMar', n));
    expect([m('w:top'), m('w:right'), m('w:bottom'), m('w:left')]).toEqual([2098, 1474, 1984, 1587]);
    const mmOf = (twips: number) => (twips / 1440) * 25.4;
    expect(mmOf(11906 - m('w:left') - m('w:right'))).toBeCloseTo(156, 0);
    expect(mmOf(16838 - m('w:top') - m('w:bottom'))).toBeCloseTo(225, 0);
    // 7.5: the page number's dashes 7 mm below the block: footer bottom = 35 − 7 mm − half a 4号 em.
    expect(m('w:footer')).toBe(Math.round((28 / 25.4) * 1440) - 140);
  });

  it('the annex is the same sheet turned: 297 × 210 mm, binding edge (28 mm) at the top', () => {
    const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(made.annex.parts.document)?.[0] as string;
    expect(attr(sect, 'w:pgSz', 'w:w')).toBe('16838');
    expect(attr(sect, 'w:pgSz', 'w:h')).toBe('11906');
    expect(attr(sect, 'w:pgSz', 'w:orient')).toBe('landscape');
    const m = (n: string) => Number(attr(sect, 'w:pgMar', n));
    expect([m('w:top'), m('w:right'), m('w:bottom'), m('w:left')]).toEqual([1587, 2098, 1474, 1984]);
  });

  it('page numbers "— N —" in 宋体 4号: odd pages right, one character in; even pages left (7.5)', () => {
    for (const kind of ['tongbao', 'annex'] as const) {
      const { parts, bytes } = made[kind];
      expect(bytes.length).toBeGreaterThan(0);
      expect(parts.settings).toContain('<w:evenAndOddHeaders/>');
      const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(parts.document)?.[0] as string;
      expect(sect).toMatch(/<w:footerReference w:type="default"/);
      expect(sect).toMatch(/<w:footerReference w:type="even"/);
      expect(parts.footers).toHaveLength(2);
      const sides = parts.footers.map((f) => {
        expect(f).toContain('— ');
        expect(f).toContain(' —');
        expect(f).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
        expect(f).toContain('<w:pStyle w:val="GwPageNumber"/>');
        return `${attr(f, 'w:jc', 'w:val')} ${attr(f, 'w:ind', 'w:right') ?? ''}${attr(f, 'w:ind', 'w:left') ?? ''}`;
      });
      expect(sides.sort()).toEqual(['left 280', 'right 280']);
    }
  });
});

describe('styles: fonts and sizes per element (5.2.2, 7.2.4, 7.3.1, 7.3.3, 7.5, 8)', () => {
  it.each([
    // style, East Asian font, size in half-points (null: inherits), what else
    ['GwMark', '方正小标宋简体', null, 'w:color w:val="FF0000"'],
    ['GwDocNumber', '仿宋_GB2312', '32', 'w:color="FF0000"'],
    ['GwTitle', '方正小标宋简体', '44', 'w:jc w:val="center"'],
    ['GwAddressee', '仿宋_GB2312', '32', 'w:line="579" w:lineRule="exact"'],
    ['GwBody', '仿宋_GB2312', '32', `w:firstLine="${2 * CHAR_TWIPS}"`],
    ['GwHeading1', '黑体', '32', '<w:keepNext/>'],
    ['GwHeading2', '楷体_GB2312', '32', '<w:keepNext/>'],
    ['GwHeading3', '仿宋_GB2312', '32', '<w:keepNext/>'],
    ['GwHeading4', '仿宋_GB2312', '32', '<w:keepNext/>'],
    ['GwAttachment', '仿宋_GB2312', '32', `w:hanging="${3 * CHAR_TWIPS}"`],
    ['GwSignature', '仿宋_GB2312', '32', 'w:jc w:val="right"'],
    ['GwDate', '仿宋_GB2312', '32', 'w:jc w:val="right"'],
    ['GwAnnexLabel', '黑体', '32', 'w:firstLine="0"'],
    ['GwCaption', '黑体', '24', '<w:keepNext/>'],
    ['GwTableHead', '黑体', '24', 'w:jc w:val="center"'],
    ['GwTableText', '仿宋_GB2312', '24', 'w:lineRule="auto"'],
    ['GwAnnexText', '仿宋_GB2312', '24', 'w:lineRule="auto"'],
    ['GwPageNumber', '宋体', '28', 'w:line="280" w:lineRule="exact"'],
  ])('%s: %s, size %s', (id, eastAsia, size, extra) => {
    const xml = styleXml(made.tongbao.parts.styles, id);
    expect(attr(xml, 'w:rFonts', 'w:eastAsia')).toBe(eastAsia);
    expect(attr(xml, 'w:rFonts', 'w:ascii')).toBe(eastAsia);
    if (size) expect(attr(xml, 'w:sz', 'w:val')).toBe(size);
    expect(xml).toContain(extra);
  });

  it('the document default is 3号仿宋 condensed 0.25 pt on 28.95 pt lines: 22 lines of 28 characters (5.2.3)', () => {
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(
      made.tongbao.parts.styles,
    )?.[0] as string;
    expect(attr(defaults, 'w:rFonts', 'w:eastAsia')).toBe('仿宋_GB2312');
    expect(attr(defaults, 'w:sz', 'w:val')).toBe('32');
    expect(defaults).toContain('<w:spacing w:val="-5"/>');
    // Chinese for Chinese text; digits and Latin as English, so no layout breaks a number across
    // lines (数字不回行) — LibreOffice breaks "25" into "2" / "5" when they are marked Chinese.
    expect(defaults).toContain('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>');
    expect(defaults).toContain('w:line="579" w:lineRule="exact"');
    expect(22 * 579).toBeLessThanOrEqual(PAGE_TWIPS.height - PAGE_TWIPS.top - PAGE_TWIPS.bottom);
    expect(28 * (320 - 5)).toBeLessThanOrEqual(TEXT_WIDTH_TWIPS);
    expect(29 * (320 - 5)).toBeGreaterThan(TEXT_WIDTH_TWIPS);
  });

  it('the font table names each font with its fallbacks and the GB2312 character set; nothing is embedded', () => {
    const fonts = made.tongbao.parts.fontTable;
    for (const [name, alt] of [
      ['仿宋_GB2312', '仿宋,FangSong'],
      ['方正小标宋简体', '华文中宋,STZhongsong,宋体'],
      ['楷体_GB2312', '楷体,KaiTi'],
      ['黑体', 'SimHei'],
      ['宋体', 'SimSun'],
    ]) {
      const font = new RegExp(`<w:font w:name="${name}">[\\s\\S]*?</w:font>`).exec(fonts)?.[0] ?? '';
      expect(font, name).toContain(`<w:altName w:val="${alt}"/>`);
      expect(font, name).toContain('<w:charset w:val="86"/>');
    }
    expect(made.tongbao.parts.files.some((f) => f.startsWith('word/fonts/'))).toBe(false);
  });

  it('each element of the 通报 has its style, in the order of the standard', () => {
    const p = paragraphs(made.tongbao.parts.document);
    expect(p.slice(0, 5).map((x) => [x.style, x.text])).toEqual([
      ['GwMark', '通州区污染防治攻坚战领导小组办公室文件'],
      ['GwDocNumber', '通攻坚办〔2021〕3号'],
      ['GwTitle', '关于2021年10月污染防治\n攻坚战重点任务推进情况的通报'],
      ['GwAddressee', '各街道办事处、乡镇人民政府，区各有关部门和单位：'],
      ['GwBody', expect.stringContaining('现将2021年10月重点任务推进情况通报如下。')],
    ]);
    expect(p.slice(-3).map((x) => [x.style, x.text])).toEqual([
      ['GwAttachment', '附件：2021年10月各单位重点任务进展情况'],
      ['GwSignature', '通州区污染防治攻坚战领导小组办公室'],
      ['GwDate', '2021年11月2日'],
    ]);
    const headings = p.filter((x) => x.style === 'GwHeading1').map((x) => x.text);
    expect(headings).toEqual([
      '一、总体进展',
      '二、各单位推进情况排名',
      '三、逾期和欠进度任务',
      '四、报送情况',
      '五、下步工作要求',
    ]);
    // 7.2.4: the mark fits one line of the block at the largest size that does (here 23 pt).
    expect(p[0]?.xml).toContain('<w:sz w:val="46"/>');
    // A level-2 heading with text after it: the heading in 楷体, the rest back in 仿宋.
    const h2 = p.find((x) => x.text.startsWith('（一）街道乡镇。')) as (typeof p)[number];
    expect(h2.style).toBe('GwHeading2');
    expect(h2.xml).toMatch(
      /<w:t[^>]*>（一）街道乡镇。<\/w:t>[\s\S]*w:eastAsia="仿宋_GB2312"[\s\S]*完成率较高的是/,
    );
  });
});

describe('figures equal the dashboard’s', () => {
  const town = (unit: string) => TOWN_KINDS.has(ledger.units.find((u) => u.name === unit)?.kind as never);

  it('the narrative carries the hand-computed totals', () => {
    const body = paragraphs(made.tongbao.parts.document)
      .map((p) => p.text)
      .join('\n');
    for (const words of [
      '134项重点任务分解到各责任单位共2498项',
      '已完成5项，推进中0项，滞后23项（其中逾期23项、欠进度0项），未启动2470项，不涉及0项',
      `总体完成率${doneShare(d.totals)}%`,
      '大气污染防治任务完成率0.7%',
      '本期应报送单位54个，按时报送1个；逾期报送1个：西集镇；未报送52个：',
      '完成率较高的是西集镇（3.3%）、永乐店镇（2.2%）、北苑街道（0%）',
      '须于每月25日前报送',
    ])
      expect(body).toContain(words);
  });

  it('the overall table is the dashboard’s plans and totals', () => {
    const overall = tables(made.tongbao.parts.document)[0] as string[][];
    expect(overall[0]).toEqual([
      '类别',
      '任务数',
      '单位任务',
      '已完成',
      '推进中',
      '逾期',
      '欠进度',
      '未启动',
      '不涉及',
      '完成率',
    ]);
    const row = (label: string, tasks: number, c: Dashboard['totals']) =>
      [label, tasks, c.total, c.done, c.inProgress, c.overdue, c.behind, c.notStarted, c.na]
        .map(String)
        .concat(`${doneShare(c)}%`);
    expect(overall.slice(1)).toEqual([
      ...d.plans.map((p) => row(p.name, p.tasks, p.counts)),
      row('合计', d.tasks.length, d.totals),
    ]);
    // and, by hand:
    expect(overall[1]).toEqual(['大气', '56', '698', '5', '0', '23', '0', '670', '0', '0.7%']);
    expect(overall[4]).toEqual(['合计', '134', '2498', '5', '0', '23', '0', '2470', '0', '0.2%']);
  });

  it('the two rankings keep the dashboard’s order, each ranked on its own, and hold every unit once', () => {
    const all = tables(made.tongbao.parts.document);
    const towns = all.find((t) => t[0]?.[0] === '名次' && t[1]?.[1] === '西集镇') as string[][];
    const bodies = all.filter((t) => t[0]?.[0] === '名次').find((t) => t !== towns) as string[][];
    expect(towns.slice(1).map((r) => r[1])).toEqual(d.ranking.filter((u) => town(u.unit)).map((u) => u.unit));
    expect(bodies.slice(1).map((r) => r[1])).toEqual(
      d.ranking.filter((u) => !town(u.unit)).map((u) => u.unit),
    );
    expect(towns).toHaveLength(1 + 22);
    expect([...towns.slice(1), ...bodies.slice(1)].map((r) => r[1]).sort()).toEqual(
      d.units.map((u) => u.unit).sort(),
    );
    // By hand: 西集镇 first, 永乐店镇 second, the other 20 towns tied third.
    expect(towns[1]).toEqual(['1', '西集镇', '91', '3', '3.3%', '0', '0', '逾期报送（10月28日）']);
    expect(towns[2]).toEqual(['2', '永乐店镇', '91', '2', '2.2%', '1', '0', '按时报送']);
    expect(new Set(towns.slice(3).map((r) => r[0]))).toEqual(new Set(['3']));
    // Each figure is the dashboard's own.
    const groups = rankingGroups(d, ledger.units);
    for (const [table, ranked] of [
      [towns, groups.towns],
      [bodies, groups.bodies],
    ] as const)
      ranked.forEach((u, i) =>
        expect(table[i + 1]?.slice(0, 7)).toEqual(
          [u.rank, u.unit, u.counts.total, u.counts.done, `${u.doneShare}%`, u.overdue, u.counts.behind].map(
            String,
          ),
        ),
      );
  });

  it('the late units are those the dashboard counts late, with their tasks', () => {
    const late = tables(made.tongbao.parts.document).find(
      (t) => t[0]?.[4] === '逾期和欠进度任务',
    ) as string[][];
    const expected = d.units.filter((u) => u.counts.late > 0);
    expect(late.slice(1).map((r) => r[1])).toEqual(expected.map((u) => u.unit));
    // By hand: air-33's 23 overdue rows are 23 units — 区生态环境局, 区商务局 and 21 towns (not 西集镇) —
    // in registry order, so 永乐店镇, the last town, is 23rd.
    expect(late).toHaveLength(1 + 23);
    expect(late.find((r) => r[1] === '永乐店镇')).toEqual(['23', '永乐店镇', '1', '0', '逾期：大气-33']);
    expect(late.some((r) => r[1] === '西集镇')).toBe(false);
  });

  it('the 催报通知 lists the dashboard’s reminder list with task counts', () => {
    const t = tables(made.cuibao.parts.document)[0] as string[][];
    expect(t[0]).toEqual(['序号', '单位', '报送情况', '任务数', '未报送任务数']);
    expect(t.slice(1).map((r) => r[1])).toEqual(d.reminders.map((r) => r.unit));
    expect(t).toHaveLength(1 + 53);
    expect(t.find((r) => r[1] === '西集镇')?.slice(2)).toEqual(['逾期报送（10月28日）', '91', '88']);
    expect(t.find((r) => r[1] === '区水务局')?.slice(2)).toEqual(['未报送', '53', '53']);
    const p = paragraphs(made.cuibao.parts.document);
    expect(p[1]?.text).toBe('通攻坚办〔2021〕4号');
    expect(p.map((x) => x.text).join('')).toContain('仍有52个单位未报送，1个单位逾期报送');
  });

  it('the annex has every task × unit row, per unit, with status, percent, progress and 序时', () => {
    const p = paragraphs(made.annex.parts.document);
    expect(p.slice(0, 2).map((x) => [x.style, x.text])).toEqual([
      ['GwAnnexLabel', '附件'],
      ['GwTitle', '2021年10月各单位重点任务进展情况'],
    ]);
    const t = tables(made.annex.parts.document);
    expect(t).toHaveLength(54);
    expect(t.reduce((n, x) => n + x.length - 1, 0)).toBe(state.rows.length);
    expect(state.rows.length).toBe(2498);
    const captions = p.filter((x) => x.style === 'GwCaption').map((x) => x.text);
    expect(captions).toHaveLength(54);
    expect(captions.map((c) => c.replace(/^\d+\. /, '').replace(/（\d+项）$/, ''))).toEqual(
      d.units.map((u) => u.unit),
    );
    const yld = t[captions.findIndex((c) => c.includes('永乐店镇'))] as string[][];
    expect(yld[0]).toEqual([
      '序号',
      '编号',
      '重点任务',
      '完成时限',
      '完成状态',
      '完成比例',
      '工作进展',
      '序时进度',
    ]);
    const row = state.rows.find((r) => r.unit === '永乐店镇' && r.task.id === 'air-33');
    expect(yld.find((r) => r[1] === '大气-33')?.slice(4)).toEqual(['推进中', '50%', '', row?.judgement]);
    expect(row?.judgement).toBe('已逾期');
  });

  it('every placeholder has its value', () => {
    const values = placeholderValues(
      {
        kind: 'tongbao',
        state,
        dashboard: d,
        units: ledger.units,
        plan: ledger.plan,
        settings: ledger.settings,
        now: new Date(),
      },
      rankingGroups(d, ledger.units),
    );
    expect([...values.keys()].sort()).toEqual([...PLACEHOLDER_NAMES].sort());
    expect(values.get('发文字号')).toBe('通攻坚办〔2021〕3号');
    expect(values.get('未报送单位数')).toBe('52');
  });
});

describe('tables', () => {
  it('every table fills the text block and each heading fits one line in 小四', () => {
    for (const kind of ['tongbao', 'cuibao', 'annex'] as const) {
      const blockMm = kind === 'annex' ? 225 : 156;
      for (const b of made[kind].model.blocks) {
        if (b.type !== 'table') continue;
        expect(
          b.columns.reduce((n, c) => n + c.width, 0),
          b.name,
        ).toBeCloseTo(1, 9);
        for (const c of b.columns)
          expect(textEms(c.title) * (12 / 72) * 25.4 + 2.83, `${b.name} ${c.title}`).toBeLessThanOrEqual(
            c.width * blockMm,
          );
      }
    }
  });

  it('the header row repeats on each page and is kept with the row after it; short rows never split', () => {
    const first = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(made.annex.parts.document)?.[0] as string;
    const rows = [...first.matchAll(/<w:tr(?:\s[^>]*)?>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows[0]).toMatch(/<w:trPr>(?=[\s\S]*<w:tblHeader\/>)(?=[\s\S]*<w:cantSplit\/>)/);
    expect(rows[0]).toContain('<w:keepNext/>');
    expect(rows.slice(1).every((r) => r.includes('<w:cantSplit/>') && !r.includes('<w:tblHeader'))).toBe(
      true,
    );
  });
});

describe('charts (the dashboard’s bars as PNG)', () => {
  it('places the two charts where the template asks, each bar an image with its words as text', () => {
    const { parts } = made.tongbao;
    expect([...parts.media.keys()]).toHaveLength(4); // 大气, 水, 土壤 + the returns bar
    for (const png of parts.media.values()) expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const order = bodyOrder(parts.document);
    const at = order.findIndex((x) => x.text === '图1 2021年10月 各类别任务推进情况（按任务 × 责任单位计）');
    expect(at).toBeGreaterThan(0);
    expect(order[at + 1]?.text).toBe('■ 已完成\u3000■ 推进中\u3000■ 滞后\u3000■ 未启动\u3000■ 不涉及');
    expect(order[at + 2]?.kind).toBe('tbl');
    expect((order[at + 2]?.xml.match(/<w:drawing>/g) ?? []).length).toBe(3);
    expect(order[at + 2]?.xml).toContain('descr="大气：已完成5，推进中0，滞后23，未启动670，不涉及0"');
    // the chart follows the overall table, as in the template
    expect(order[at - 1]?.kind).toBe('tbl');
    expect(order.findIndex((x) => x.text.startsWith('图2 2021年10月 各单位报送情况'))).toBeGreaterThan(at);
    const returns = order.find((x) => x.xml.includes('descr="单位：'))?.xml ?? '';
    expect(returns).toContain('descr="单位：按时报送1，逾期报送1，未报送52"');
  });

  it('a template without charts has no images', async () => {
    expect(made.cuibao.parts.media.size).toBe(0);
  });
});

describe('layout rules as functions', () => {
  it.each([
    // issuer, date, issuer's right indent and date's (in characters)
    ['通州区污染防治攻坚战领导小组办公室', '2021年11月2日', 2, 17 - 6.5],
    ['攻坚办', '2021年11月12日', 2 + 4 - 3 + 7 - 2, 2], // date longer: the issuer moves right
  ])('7.3.5.2: %s over %s', (issuer, date, rN, rD) => {
    expect(signatureIndents(issuer, date)).toEqual({
      issuer: Math.round(rN * CHAR_TWIPS),
      date: Math.round(rD * CHAR_TWIPS),
    });
  });

  it.each([
    ['通州区文件', 36, 100],
    ['通州区污染防治攻坚战领导小组办公室文件', 23, 100],
    // 29 characters: 2号 would need 29 × 22 pt = 638 pt of the block's 442 pt, so 442 / 638 = 69%.
    ['北京市通州区污染防治攻坚战领导小组办公室关于重点任务的文件', 22, 69],
  ])('7.2.4: the mark %s is set at %i pt and %i percent of its width', (mark, points, scale) => {
    expect(markSize(mark, TEXT_WIDTH_TWIPS)).toEqual({ points, scale });
  });

  it('7.2.5: the number has the full year, no 第 and no leading zero', () => {
    expect(formatDocNumber('通攻坚办〔{年}〕{号}号', 2021, 3)).toBe('通攻坚办〔2021〕3号');
  });
});

describe('hostile text and edited templates', () => {
  it('a clerk’s text with control characters, markup and broken surrogates stays text', async () => {
    const builder = octoberLedger();
    builder.edit(
      '永乐店镇',
      'air-02',
      '2021-10',
      { progress: '完成<script>alert(1)</script> & 检查\u0001\u000b12次\n整改3项\ud800。' },
      '2021-10-21T02:00:00Z',
    );
    const l = await builder.done();
    const s = await periodStateOf(l, '2021-10');
    const annex = await make('annex', l, s, buildDashboard(s));
    // eslint-disable-next-line no-control-regex -- looking for control characters XML 1.0 forbids
    expect(annex.parts.document).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(annex.parts.document).toContain('完成&lt;script&gt;alert(1)&lt;/script&gt; &amp; 检查12次');
    const row = tables(annex.parts.document)
      .flat()
      .find((r) => r[1] === '大气-02' && r[6]?.startsWith('完成<script>'));
    expect(row?.[6]).toBe('完成<script>alert(1)</script> & 检查12次\n整改3项。');
    expect(xmlSafe('a\u0000b\ud800c\udc00d\ud83d\ude00')).toBe('abcd\ud83d\ude00');
  });

  it('the annex marks values carried from an earlier month, as the grid shows them', async () => {
    const builder = octoberLedger();
    builder.edit('永乐店镇', 'air-01', '2021-09', { status: '推进中', percent: 60 }, '2021-09-20T02:00:00Z');
    const l = await builder.done();
    const s = await periodStateOf(l, '2021-10');
    const row = s.rows.find((r) => r.unit === '永乐店镇' && r.task.id === 'air-01');
    expect(row?.carried).toBe(true);
    const annex = await make('annex', l, s, buildDashboard(s));
    const cells = tables(annex.parts.document)
      .flat()
      .find((r) => r[1] === '大气-01' && r[4]?.includes('沿用'));
    expect(cells?.slice(4, 6)).toEqual(['推进中（沿用上期）', '60%']);
  });

  it('an edited template: four heading levels, a block moved, an unknown name kept as written', async () => {
    const l = structuredClone(ledger);
    l.settings.documents.templates.tongbao = {
      ...DEFAULT_TEMPLATES.tongbao,
      title: '{月份}通报',
      addressee: '各有关单位：',
      body: [
        '一、甲',
        '（一）乙',
        '1.丙。丙的正文',
        '（1）丁',
        '[[未按时报送单位表]]',
        '截至{月末}，{不认识}。',
      ].join('\n'),
      attachment: '',
    };
    const doc = await make('tongbao', l);
    const p = paragraphs(doc.parts.document);
    expect(p.slice(2, 9).map((x) => [x.style, x.text])).toEqual([
      ['GwTitle', '2021年10月通报'],
      ['GwAddressee', '各有关单位：'],
      ['GwHeading1', '一、甲'],
      ['GwHeading2', '（一）乙'],
      ['GwHeading3', '1.丙。丙的正文'],
      ['GwHeading4', '（1）丁'],
      ['GwCaption', '表1 未按时报送2021年10月进展情况的单位'],
    ]);
    expect(p.find((x) => x.text.startsWith('截至'))?.text).toBe('截至2021年10月31日，{不认识}。');
    expect(doc.model.unknownPlaceholders).toEqual(['不认识']);
    expect(p.some((x) => x.style === 'GwAttachment')).toBe(false);
    expect(tables(doc.parts.document)).toHaveLength(1);
  });
});
