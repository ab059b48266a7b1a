// The page and type of an official document (公文), after GB/T 9704-2012 《党政机关公文格式》. Every
// value carries the clause it comes from, or says plainly that it is our choice where the standard
// leaves one open. Word measures in twips (1/20 pt, 1/1440 inch) and half-points; the standard in
// millimetres and 号 sizes, so the conversions live here and nowhere else.

/** Millimetres → twips (1 inch = 25.4 mm = 1440 twips), rounded to the nearest twip. */
export function mm(value: number): number {
  return Math.round((value / 25.4) * 1440);
}

/** Points → twips. */
export const pt = (value: number): number => Math.round(value * 20);

/** Chinese type sizes (字号) in points, as Word and WPS define them. */
export const SIZE_PT = {
  小初: 36,
  一号: 26,
  二号: 22,
  三号: 16,
  四号: 14,
  小四: 12,
  五号: 10.5,
} as const;

/** 5.1 幅面尺寸: A4, 210 mm × 297 mm. */
export const PAGE = { widthMm: 210, heightMm: 297 } as const;

/**
 * 5.2.1 页边与版心尺寸: 天头 (top) 37 mm, 订口 (left, the binding side) 28 mm, 版心 (text block)
 * 156 mm × 225 mm — so the bottom margin is 297 − 37 − 225 = 35 mm and the right 210 − 28 − 156 = 26 mm.
 */
export const MARGIN_MM = { top: 37, left: 28, bottom: 35, right: 26 } as const;
export const TEXT_BLOCK_MM = { width: 156, height: 225 } as const;

/** The page in twips: A4 is 11906 × 16838, Word's own figures for it. */
export const PAGE_TWIPS = {
  width: mm(PAGE.widthMm),
  height: mm(PAGE.heightMm),
  top: mm(MARGIN_MM.top),
  left: mm(MARGIN_MM.left),
  bottom: mm(MARGIN_MM.bottom),
  right: mm(MARGIN_MM.right),
} as const;

/** The text block's width in twips as Word computes it (page less margins): 8845 ≈ 156 mm. */
export const TEXT_WIDTH_TWIPS = PAGE_TWIPS.width - PAGE_TWIPS.left - PAGE_TWIPS.right;
/** 12756 ≈ 225 mm. */
export const TEXT_HEIGHT_TWIPS = PAGE_TWIPS.height - PAGE_TWIPS.top - PAGE_TWIPS.bottom;

/** 5.2.3 行数和字数: 22 lines of 28 characters a page, filling the text block (撑满版心). */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/**
 * The line pitch: 225 mm / 22 = 28.95 pt. Rounded down to 579 twips so 22 lines fit (22 × 580 would
 * overrun the block by 4 twips). Set as exact line spacing, so Word, WPS and LibreOffice agree.
 */
export const LINE_TWIPS = Math.floor(TEXT_HEIGHT_TWIPS / LINES_PER_PAGE);

/** 5.2.2 字体和字号: the body is 3号 (16 pt). */
export const BODY_PT = SIZE_PT.三号;

/**
 * 28 characters of 3号 are 28 × 16 pt = 448 pt, wider than the 442 pt block, so each character is
 * condensed by 0.25 pt (Word's 字符间距 紧缩 0.25 磅): 28 × 15.75 pt fits, 29 do not. A run property,
 * because LibreOffice does not lay out Word's character grid (docGrid linesAndChars) the way Word does.
 */
export const CHAR_SPACING_TWIPS = -5;
/** One character of body text (一字, 3.1) in twips: 16 pt − 0.25 pt = 315. */
export const CHAR_TWIPS = pt(BODY_PT) + CHAR_SPACING_TWIPS;

/** 7.3.3 正文: each paragraph starts two characters in (左空二字). */
export const FIRST_LINE_INDENT_TWIPS = 2 * CHAR_TWIPS;

/**
 * Fonts by role, each with the fallbacks Word and WPS try when it is missing (written to the font
 * table as w:altName; the document names fonts, it does not embed them).
 *  - 7.3.1 标题 and 7.2.4 发文机关标志: 小标宋 (方正小标宋简体; 华文中宋, then 宋体);
 *  - 5.2.2 / 7.3.3 正文: 仿宋 (仿宋_GB2312; 仿宋 / FangSong on Windows since Vista);
 *  - 7.3.3 结构层次: 一、 in 黑体, （一） in 楷体 (楷体_GB2312; 楷体 / KaiTi), 1. and （1） in 仿宋;
 *  - 8 附件 label ("附件" 二字) in 黑体;
 *  - 7.5 页码 in 宋体.
 */
export interface FontSpec {
  name: string;
  /** Fallbacks, in order. */
  alt: readonly string[];
  /** w:family / w:pitch of the font table. */
  family: 'auto' | 'modern' | 'roman';
  pitch: 'fixed' | 'variable';
}

export const FONTS = {
  title: {
    name: '方正小标宋简体',
    alt: ['华文中宋', 'STZhongsong', '宋体'],
    family: 'auto',
    pitch: 'variable',
  },
  body: { name: '仿宋_GB2312', alt: ['仿宋', 'FangSong'], family: 'modern', pitch: 'fixed' },
  hei: { name: '黑体', alt: ['SimHei'], family: 'modern', pitch: 'fixed' },
  kai: { name: '楷体_GB2312', alt: ['楷体', 'KaiTi'], family: 'modern', pitch: 'fixed' },
  song: { name: '宋体', alt: ['SimSun'], family: 'auto', pitch: 'variable' },
} as const satisfies Record<string, FontSpec>;

/** 7.3.1 标题: 2号小标宋, centred, two lines below the red rule. */
export const TITLE_PT = SIZE_PT.二号;

/**
 * 7.2.4 发文机关标志: centred, red, 小标宋, its top 35 mm below the top of the text block; its size
 * is left to the issuing office. Ours: as large as 小初 (36 pt) while the mark fits one line, else
 * the size at which it does, condensed (w:w) when even 2号 would not fit.
 */
export const MARK_TOP_MM = 35;
export const MARK_MAX_PT = SIZE_PT.小初;
export const MARK_MIN_PT = SIZE_PT.二号;
/** 7.2.4 / 7.2.7: the mark and the rule are red. */
export const RED = 'FF0000';

/** 7.2.5 发文字号: two lines below the mark, centred. 7.2.7: a red rule as wide as the block, 4 mm below it. */
export const DOC_NUMBER_RULE_GAP_PT = Math.round((4 / 25.4) * 72);
/** The rule's weight is not fixed by the standard; ours is 1.5 pt (w:sz is in eighths of a point). */
export const RULE_EIGHTHS = 12;

/**
 * 7.5 页码: 4号 半角 宋体 digits between two 一字线 ("— 1 —"), below the text block with the dashes
 * 7 mm under its lower edge; odd pages right, one character in (单页码居右空一字), even pages left,
 * one character in (双页码居左空一字).
 */
export const PAGE_NUMBER_PT = SIZE_PT.四号;
export const PAGE_NUMBER_GAP_MM = 7;
/** One 4号 character (the 空一字 of the page number), in twips. */
export const PAGE_NUMBER_INDENT_TWIPS = pt(PAGE_NUMBER_PT);

/**
 * Where the footer sits (Word's w:footer: page bottom edge to the footer's bottom). The footer is one
 * line of exactly one 4号 em; the dash sits at the middle of its em box, so the footer's bottom is
 * half an em below the dash: bottom margin − 7 mm − 7 pt.
 */
export function footerDistanceTwips(bottomMarginMm: number): number {
  return mm(bottomMarginMm - PAGE_NUMBER_GAP_MM) - pt(PAGE_NUMBER_PT) / 2;
}

/**
 * 8 公文中的横排表格 (A4 turned for a wide table): the same sheet and text block turned a quarter
 * clockwise, so the binding edge (订口, 28 mm) is at the top of a landscape page — where an odd page's
 * table header belongs — and the 切口 (26 mm) at its foot. The standard keeps the page number where
 * portrait pages have it; ours sits at the landscape page's foot, 7 mm below the block (a number
 * turned in the side margin needs a text frame that Word, WPS and LibreOffice each place differently),
 * and even pages are not mirrored.
 */
export const LANDSCAPE_MARGIN_MM = { top: 28, right: 37, bottom: 26, left: 35 } as const;

export const LANDSCAPE_TWIPS = {
  width: mm(PAGE.heightMm),
  height: mm(PAGE.widthMm),
  top: mm(LANDSCAPE_MARGIN_MM.top),
  right: mm(LANDSCAPE_MARGIN_MM.right),
  bottom: mm(LANDSCAPE_MARGIN_MM.bottom),
  left: mm(LANDSCAPE_MARGIN_MM.left),
} as const;

/** Tables are not sized by the standard (5.2.2 allows 适当调整); ours: 小四, so 4-character headings fit. */
export const TABLE_PT = SIZE_PT.小四;
export const ANNEX_TABLE_PT = SIZE_PT.小四;

/** Width of text in 3号 characters (一字): CJK and full-width forms count 1, everything else ½. */
export function textEms(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2026]/.test(ch) ? 1 : 0.5;
  return n;
}
