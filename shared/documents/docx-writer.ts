// Typesets an official document (./model.ts) as a .docx in the GB/T 9704-2012 layout (./layout.ts),
// with the `docx` library: page and margins, one paragraph style per element (版头, 标题, 主送, 正文,
// 各级标题, 附件说明, 署名, 成文日期, 表格, 页码), tables whose header row repeats on every page and
// is kept with the row after it, charts as PNG bars (./chart-png.ts) with their words as text, and
// "— N —" page numbers outside the text block, odd pages right and even pages left.
//
// The font table is written here rather than by the library, which only writes fonts it embeds: it
// names each font with its fallbacks (w:altName) and its character set (GB2312), so Word and WPS
// substitute sensibly where 仿宋_GB2312 or 方正小标宋简体 is not installed. Nothing is embedded.

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphStyleOptions,
  type IRunOptions,
} from 'docx';
import type { ChartRow, StackedChart } from '../dashboard-charts.ts';
import { drawBar, encodePng } from './chart-png.ts';
import {
  ANNEX_TABLE_PT,
  BODY_PT,
  CHAR_SPACING_TWIPS,
  CHAR_TWIPS,
  DOC_NUMBER_RULE_GAP_PT,
  FIRST_LINE_INDENT_TWIPS,
  FONTS,
  footerDistanceTwips,
  LANDSCAPE_MARGIN_MM,
  LANDSCAPE_TWIPS,
  LINE_TWIPS,
  MARGIN_MM,
  MARK_MAX_PT,
  MARK_MIN_PT,
  MARK_TOP_MM,
  mm,
  PAGE_NUMBER_INDENT_TWIPS,
  PAGE_NUMBER_PT,
  PAGE_TWIPS,
  pt,
  RED,
  RULE_EIGHTHS,
  SIZE_PT,
  TABLE_PT,
  textEms,
  TITLE_PT,
  type FontSpec,
} from './layout.ts';
import type { Block, OfficialDocument, TableColumn } from './model.ts';

/** Paragraph style ids (and the names Word shows). */
export const STYLE = {
  mark: 'GwMark',
  docNumber: 'GwDocNumber',
  title: 'GwTitle',
  addressee: 'GwAddressee',
  body: 'GwBody',
  heading1: 'GwHeading1',
  heading2: 'GwHeading2',
  heading3: 'GwHeading3',
  heading4: 'GwHeading4',
  caption: 'GwCaption',
  attachment: 'GwAttachment',
  signature: 'GwSignature',
  date: 'GwDate',
  annexLabel: 'GwAnnexLabel',
  tableHead: 'GwTableHead',
  tableText: 'GwTableText',
  annexHead: 'GwAnnexHead',
  annexText: 'GwAnnexText',
  chartText: 'GwChartText',
  pageNumber: 'GwPageNumber',
} as const;

const font = (f: FontSpec) => ({ ascii: f.name, eastAsia: f.name, hAnsi: f.name, cs: f.name });
const half = (points: number) => Math.round(points * 2);
const exact = (twips: number) => ({ line: twips, lineRule: LineRuleType.EXACT });

/** Text as XML 1.0 allows it: control characters and lone surrogates (from a clerk's file) dropped. */
export function xmlSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '',
  );
}

/** Runs for text that may hold line breaks (a clerk's progress text). */
function runs(text: string, options: Omit<IRunOptions, 'text' | 'break'> = {}): TextRun[] {
  return xmlSafe(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ ...options, text: line, ...(i ? { break: 1 } : {}) }));
}

function styles(): IParagraphStyleOptions[] {
  const body = { font: font(FONTS.body), size: half(BODY_PT) };
  const lineExact = { spacing: exact(LINE_TWIPS) };
  const indented = { ...lineExact, indent: { firstLine: FIRST_LINE_INDENT_TWIPS } };
  const table = (size: number, head: boolean) => ({
    run: { font: font(head ? FONTS.hei : FONTS.body), size: half(size), characterSpacing: 0 },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
      indent: { firstLine: 0 },
    },
  });
  const s = (
    id: string,
    name: string,
    run: IParagraphStyleOptions['run'],
    paragraph: IParagraphStyleOptions['paragraph'],
  ): IParagraphStyleOptions => ({
    id,
    name,
    basedOn: 'Normal',
    next: STYLE.body,
    quickFormat: true,
    run,
    paragraph,
  });
  return [
    // 7.2.4: the size is set per document (it depends on the mark's length).
    s(
      STYLE.mark,
      '公文-发文机关标志',
      { font: font(FONTS.title), color: RED },
      {
        alignment: AlignmentType.CENTER,
        spacing: { before: mm(MARK_TOP_MM) },
      },
    ),
    // 7.2.5 / 7.2.7: two lines below the mark, centred, the red rule 4 mm below.
    s(STYLE.docNumber, '公文-发文字号', body, {
      alignment: AlignmentType.CENTER,
      spacing: { ...exact(LINE_TWIPS), before: 2 * LINE_TWIPS },
      border: {
        bottom: { style: BorderStyle.SINGLE, size: RULE_EIGHTHS, color: RED, space: DOC_NUMBER_RULE_GAP_PT },
      },
    }),
    // 7.3.1: 2号小标宋, centred, two lines below the rule.
    s(
      STYLE.title,
      '公文-标题',
      { font: font(FONTS.title), size: half(TITLE_PT) },
      {
        alignment: AlignmentType.CENTER,
        spacing: { ...exact(LINE_TWIPS), before: 2 * LINE_TWIPS },
        keepNext: true,
      },
    ),
    // 7.3.2: one line below the title, flush left.
    s(STYLE.addressee, '公文-主送机关', body, {
      alignment: AlignmentType.JUSTIFIED,
      spacing: { ...exact(LINE_TWIPS), before: LINE_TWIPS },
    }),
    // 7.3.3: 3号仿宋, two characters in.
    s(STYLE.body, '公文-正文', body, { alignment: AlignmentType.JUSTIFIED, ...indented }),
    s(
      STYLE.heading1,
      '公文-一级标题',
      { font: font(FONTS.hei), size: half(BODY_PT) },
      { ...indented, keepNext: true },
    ),
    s(
      STYLE.heading2,
      '公文-二级标题',
      { font: font(FONTS.kai), size: half(BODY_PT) },
      { ...indented, keepNext: true },
    ),
    s(STYLE.heading3, '公文-三级标题', body, { ...indented, keepNext: true }),
    s(STYLE.heading4, '公文-四级标题', body, { ...indented, keepNext: true }),
    // Captions of tables and figures, kept with what follows (our choice: 4号黑体, centred).
    s(
      STYLE.caption,
      '公文-表题',
      { font: font(FONTS.hei), size: half(TABLE_PT), characterSpacing: 0 },
      {
        alignment: AlignmentType.CENTER,
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 60 },
        indent: { firstLine: 0 },
        keepNext: true,
        keepLines: true,
      },
    ),
    // 7.3.4: one line below the body, two characters in; a wrapped name aligns with its first character.
    s(STYLE.attachment, '公文-附件说明', body, {
      spacing: { ...exact(LINE_TWIPS), before: LINE_TWIPS },
      indent: { left: 5 * CHAR_TWIPS, hanging: 3 * CHAR_TWIPS },
    }),
    // 7.3.5.2: right-aligned; the indents are set per document from the texts' widths.
    s(STYLE.signature, '公文-发文机关署名', body, {
      alignment: AlignmentType.RIGHT,
      spacing: { ...exact(LINE_TWIPS), before: LINE_TWIPS },
      keepNext: true,
    }),
    s(STYLE.date, '公文-成文日期', body, { alignment: AlignmentType.RIGHT, ...lineExact }),
    // 8 附件: "附件" in 3号黑体, flush left on the first line.
    s(
      STYLE.annexLabel,
      '公文-附件标识',
      { font: font(FONTS.hei), size: half(BODY_PT) },
      {
        ...lineExact,
        indent: { firstLine: 0 },
        keepNext: true,
      },
    ),
    {
      id: STYLE.tableHead,
      name: '公文-表头',
      basedOn: 'Normal',
      quickFormat: true,
      ...table(TABLE_PT, true),
    },
    {
      id: STYLE.tableText,
      name: '公文-表格',
      basedOn: 'Normal',
      quickFormat: true,
      ...table(TABLE_PT, false),
    },
    {
      id: STYLE.annexHead,
      name: '公文-附件表头',
      basedOn: 'Normal',
      quickFormat: true,
      ...table(ANNEX_TABLE_PT, true),
    },
    {
      id: STYLE.annexText,
      name: '公文-附件表格',
      basedOn: 'Normal',
      quickFormat: true,
      ...table(ANNEX_TABLE_PT, false),
    },
    {
      id: STYLE.chartText,
      name: '公文-图文字',
      basedOn: 'Normal',
      quickFormat: true,
      ...table(SIZE_PT.小四, false),
    },
    // 7.5: 4号 半角 宋体.
    {
      id: STYLE.pageNumber,
      name: '公文-页码',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: font(FONTS.song), size: half(PAGE_NUMBER_PT), characterSpacing: 0 },
      paragraph: { spacing: exact(pt(PAGE_NUMBER_PT)), indent: { firstLine: 0 } },
    },
  ];
}

/** 7.2.4: the mark's size — up to 小初 while it fits one line, never below 2号 (then condensed). */
export function markSize(mark: string, widthTwips: number): { points: number; scale: number } {
  const ems = Math.max(1, textEms(mark));
  const fit = Math.floor(widthTwips / ems / 20);
  const points = Math.max(MARK_MIN_PT, Math.min(MARK_MAX_PT, fit));
  const scale = Math.min(100, Math.floor((widthTwips / (ems * points * 20)) * 100));
  return { points, scale };
}

/**
 * 7.3.5.2 (不加盖印章): the issuer two characters from the right; the date on the next line, its
 * first character two characters right of the issuer's; a date longer than that moves the issuer
 * right instead, so the date keeps its two characters. Returns right indents in twips.
 */
export function signatureIndents(issuer: string, date: string): { issuer: number; date: number } {
  const wN = textEms(issuer);
  const wD = textEms(date);
  let rN = 2;
  let rD = wN - wD;
  if (rD < 2) {
    rD = 2;
    rN = wD - wN + 4;
  }
  return { issuer: Math.round(rN * CHAR_TWIPS), date: Math.round(rD * CHAR_TWIPS) };
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
/** Cell padding, set once per table (w:tblCellMar) rather than on each of thousands of cells. */
const CELL_MARGINS = { left: 80, right: 80, top: 30, bottom: 30 };

/** Rows taller than this share of the page may break across pages; shorter ones never do. */
const SPLIT_AT = 0.3;

function estimatedLines(text: string, widthTwips: number, points: number): number {
  const perLine = Math.max(1, Math.floor(widthTwips / (points * 20)));
  return xmlSafe(text)
    .split(/\r\n|\r|\n/)
    .reduce((n, line) => n + Math.max(1, Math.ceil(textEms(line) / perLine)), 0);
}

function table(block: Extract<Block, { type: 'table' }>, widthTwips: number, pageHeightTwips: number): Table {
  const widths = block.columns.map((c) => Math.round(c.width * widthTwips));
  const points = block.dense ? ANNEX_TABLE_PT : TABLE_PT;
  const textStyle = block.dense ? STYLE.annexText : STYLE.tableText;
  const cell = (text: string, width: number, c: TableColumn | null, style: string, columnSpan?: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      ...(columnSpan ? { columnSpan } : {}),
      children: [
        new Paragraph({
          style,
          ...(c?.align === 'left' ? { alignment: AlignmentType.LEFT } : {}),
          children: runs(text),
        }),
      ],
    });
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    keepNext: true,
    children: block.columns.map((c, i) =>
      cell(c.title, widths[i] as number, null, block.dense ? STYLE.annexHead : STYLE.tableHead),
    ),
  });
  const lineTwips = points * 20 * 1.3;
  const body = block.rows.length
    ? block.rows.map((row) => {
        const lines = Math.max(
          ...row.map((text, i) => estimatedLines(text, (widths[i] as number) - 160, points)),
        );
        return new TableRow({
          cantSplit: lines * lineTwips < SPLIT_AT * pageHeightTwips,
          children: row.map((text, i) =>
            cell(text, widths[i] as number, block.columns[i] as TableColumn, textStyle),
          ),
        });
      })
    : [
        new TableRow({
          cantSplit: true,
          children: [cell(block.empty, widthTwips, null, textStyle, block.columns.length)],
        }),
      ];
  return new Table({
    width: { size: widthTwips, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    margins: CELL_MARGINS,
    borders: {
      top: THIN,
      bottom: THIN,
      left: THIN,
      right: THIN,
      insideHorizontal: THIN,
      insideVertical: THIN,
    },
    rows: [head, ...body],
  });
}

/** Display size of a chart bar (px at 96 dpi, as docx takes them) and the raster's scale over it. */
const BAR_HEIGHT_PX = 22;
const BAR_RASTER_SCALE = 3;

/** PNG bars of a chart, one per row: what the chart block embeds. */
function chartImages(chart: StackedChart, barWidthPx: number): { row: ChartRow; png: Uint8Array }[] {
  return chart.rows.map((row) => ({
    row,
    png: encodePng(drawBar(row, barWidthPx * BAR_RASTER_SCALE, BAR_HEIGHT_PX * BAR_RASTER_SCALE)),
  }));
}

function chart(c: StackedChart, widthTwips: number): (Paragraph | Table)[] {
  const legend = new Paragraph({
    style: STYLE.chartText,
    keepNext: true,
    children: (c.rows[0]?.segments ?? []).flatMap((s, i) => [
      new TextRun({ text: `${i ? '\u3000' : ''}■`, color: s.color.slice(1) }),
      new TextRun({ text: ` ${s.label}` }),
    ]),
  });
  const labelW = Math.round(widthTwips * 0.12);
  const totalW = Math.round(widthTwips * 0.12);
  const barW = widthTwips - labelW - totalW;
  const barPx = Math.floor(barW / 15) - 8;
  const images = chartImages(c, barPx);
  const text = (t: string, w: number, align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new TableCell({
      width: { size: w, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [new Paragraph({ style: STYLE.chartText, alignment: align, children: runs(t) })],
    });
  const rows = images.map(
    ({ row, png }, i) =>
      new TableRow({
        cantSplit: true,
        keepNext: i < images.length - 1,
        children: [
          text(row.label, labelW, AlignmentType.RIGHT),
          new TableCell({
            width: { size: barW, type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
            children: [
              new Paragraph({
                style: STYLE.chartText,
                children: [
                  new ImageRun({
                    type: 'png',
                    data: png,
                    transformation: { width: barPx, height: BAR_HEIGHT_PX },
                    altText: {
                      name: row.label,
                      title: row.label,
                      description: `${row.label}：${row.segments.map((s) => `${s.label}${s.value}`).join('，')}`,
                    },
                  }),
                ],
              }),
            ],
          }),
          text(String(row.segments.reduce((n, s) => n + s.value, 0)), totalW, AlignmentType.LEFT),
        ],
      }),
  );
  return [
    legend,
    new Table({
      width: { size: widthTwips, type: WidthType.DXA },
      columnWidths: [labelW, barW, totalW],
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      borders: {
        top: NONE,
        bottom: NONE,
        left: NONE,
        right: NONE,
        insideHorizontal: NONE,
        insideVertical: NONE,
      },
      rows,
    }),
  ];
}

function body(doc: OfficialDocument, widthTwips: number, pageHeightTwips: number): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  if (doc.head) {
    const size = markSize(doc.head.mark, widthTwips);
    out.push(
      new Paragraph({
        style: STYLE.mark,
        spacing: { ...exact(Math.round(size.points * 20 * 1.25)), before: mm(MARK_TOP_MM) },
        children: runs(doc.head.mark, {
          size: half(size.points),
          ...(size.scale < 100 ? { scale: size.scale } : {}),
        }),
      }),
      new Paragraph({ style: STYLE.docNumber, children: runs(doc.head.number) }),
    );
  }
  if (doc.annexLabel) out.push(new Paragraph({ style: STYLE.annexLabel, children: runs(doc.annexLabel) }));
  out.push(
    new Paragraph({
      style: STYLE.title,
      // 7.3.1 two lines below the rule; 8: the annex's title on the text block's third line.
      spacing: { ...exact(LINE_TWIPS), before: doc.head ? 2 * LINE_TWIPS : LINE_TWIPS },
      children: doc.title.map((line, i) => new TextRun({ text: xmlSafe(line), ...(i ? { break: 1 } : {}) })),
    }),
  );
  if (doc.addressee) out.push(new Paragraph({ style: STYLE.addressee, children: runs(doc.addressee) }));
  const headingStyles = [STYLE.heading1, STYLE.heading2, STYLE.heading3, STYLE.heading4] as const;
  for (const b of doc.blocks) {
    switch (b.type) {
      case 'paragraph':
        out.push(new Paragraph({ style: STYLE.body, children: runs(b.text) }));
        break;
      case 'heading':
        out.push(
          new Paragraph({
            style: headingStyles[b.level - 1],
            // A heading with text after it on the same line is a paragraph: it need not keep with the next.
            ...(b.rest ? { keepNext: false } : {}),
            children: [...runs(b.heading), ...(b.rest ? runs(b.rest, { font: font(FONTS.body) }) : [])],
          }),
        );
        break;
      case 'caption':
        out.push(new Paragraph({ style: STYLE.caption, children: runs(b.text) }));
        break;
      case 'table':
        out.push(table(b, widthTwips, pageHeightTwips));
        break;
      case 'chart':
        out.push(...chart(b.chart, widthTwips));
        break;
    }
  }
  if (doc.attachment) out.push(new Paragraph({ style: STYLE.attachment, children: runs(doc.attachment) }));
  if (doc.signature) {
    const indents = signatureIndents(doc.signature.issuer, doc.signature.date);
    out.push(
      new Paragraph({
        style: STYLE.signature,
        indent: { right: indents.issuer },
        children: runs(doc.signature.issuer),
      }),
      new Paragraph({
        style: STYLE.date,
        indent: { right: indents.date },
        children: runs(doc.signature.date),
      }),
    );
  }
  return out;
}

function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.pageNumber,
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: PAGE_NUMBER_INDENT_TWIPS } : { left: PAGE_NUMBER_INDENT_TWIPS },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

/** word/fontTable.xml: each font with its fallbacks and the GB2312 character set. */
export function fontTableXml(): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const fonts = Object.values(FONTS)
    .map(
      (f: FontSpec) =>
        `<w:font w:name="${esc(f.name)}"><w:altName w:val="${esc(f.alt.join(','))}"/><w:charset w:val="86"/>` +
        `<w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    fonts +
    '</w:fonts>'
  );
}

/** The document as .docx bytes. */
export async function writeDocx(doc: OfficialDocument): Promise<Uint8Array> {
  const page = doc.landscape ? LANDSCAPE_TWIPS : PAGE_TWIPS;
  const bottomMm = doc.landscape ? LANDSCAPE_MARGIN_MM.bottom : MARGIN_MM.bottom;
  const width = page.width - page.left - page.right;
  const height = page.height - page.top - page.bottom;
  const file = new Document({
    title: doc.title.join(''),
    creator: '台账 taizhang',
    description: `${doc.period} ${doc.kind}`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: font(FONTS.body),
            size: half(BODY_PT),
            characterSpacing: CHAR_SPACING_TWIPS,
            language: { value: 'en-US', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: exact(LINE_TWIPS) },
        },
      },
      paragraphStyles: styles(),
    },
    sections: [
      {
        properties: {
          page: {
            // docx swaps width and height for landscape itself: give the portrait sheet.
            size: {
              width: doc.landscape ? page.height : page.width,
              height: doc.landscape ? page.width : page.height,
              orientation: doc.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: {
              top: page.top,
              right: page.right,
              bottom: page.bottom,
              left: page.left,
              header: mm(15),
              footer: footerDistanceTwips(bottomMm),
            },
            pageNumbers: { start: 1 },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: body(doc, width, height),
      },
    ],
  });
  const bytes = await Packer.toArrayBuffer(file, false, [
    { path: 'word/fontTable.xml', data: fontTableXml() },
  ]);
  return new Uint8Array(bytes);
}
