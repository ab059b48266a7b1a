import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_SETTINGS, DOCUMENT_KINDS, type DocumentTemplate } from '../ledger.ts';
import {
  BLOCK_NAMES,
  checkDocumentSettings,
  checkTemplate,
  fillPlaceholders,
  headingLevel,
  parseTemplateBody,
  PLACEHOLDER_NAMES,
  placeholdersIn,
} from './template.ts';
import { BLOCK_MEANINGS, DEFAULT_TEMPLATES, PLACEHOLDERS, templateFor } from './template-text.ts';

describe('headings by their numbering (GB/T 9704 7.3.3)', () => {
  it.each([
    ['一、总体进展', 1],
    ['十二、其他', 1],
    ['（一）街道乡镇。完成率较高的是', 2],
    ['(三)区级部门', 2],
    ['1.压实责任', 3],
    ['12．按时报送', 3],
    ['（1）逐项梳理', 4],
    ['(2)按时报送', 4],
    ['1.5万吨以上的企业', null],
    ['2021年3月', null],
    ['截至3月底，', null],
    ['一是压实责任', null],
  ])('%s → %s', (text, level) => {
    expect(headingLevel(text)).toBe(level);
  });

  it('a heading with text after its 。 keeps only the heading part for the heading face', () => {
    expect(parseTemplateBody('（一）街道乡镇。完成率较高的是{街道乡镇前三名}。')).toEqual([
      { type: 'heading', level: 2, heading: '（一）街道乡镇。', rest: '完成率较高的是{街道乡镇前三名}。' },
    ]);
    expect(parseTemplateBody('一、总体进展')).toEqual([
      { type: 'heading', level: 1, heading: '一、总体进展', rest: '' },
    ]);
    expect(parseTemplateBody('（二）按时报送进展。')).toEqual([
      { type: 'heading', level: 2, heading: '（二）按时报送进展。', rest: '' },
    ]);
  });

  it('blank lines are dropped; [[名称]] alone on a line is a block, known or not', () => {
    expect(
      parseTemplateBody(
        '\n  甲段。\r\n\r\n[[总体情况表]]\n[[图：报送情况]]\n[[不存在的表]]\n文中的[[总体情况表]]不算',
      ),
    ).toEqual([
      { type: 'paragraph', text: '甲段。' },
      { type: 'block', name: '总体情况表' },
      { type: 'block', name: '图:报送情况' },
      { type: 'unknown-block', name: '不存在的表' },
      { type: 'paragraph', text: '文中的[[总体情况表]]不算' },
    ]);
  });
});

describe('the placeholder filler', () => {
  const values = new Map([
    ['月份', '2021年3月'],
    ['完成率', '12.5%'],
  ]);

  it.each([
    ['{月份}完成率{完成率}', '2021年3月完成率12.5%', []],
    ['{{月份}} 是占位符的写法', '{月份} 是占位符的写法', []],
    ['{未知}不变', '{未知}不变', ['未知']],
    ['没有右括号 {月份', '没有右括号 {月份', []],
    ['{}', '{}', []],
    // Names are only ever keys of the map: nothing on an object's prototype, nothing evaluated.
    [
      '{constructor}{__proto__}{toString}',
      '{constructor}{__proto__}{toString}',
      ['constructor', '__proto__', 'toString'],
    ],
    [
      '{1+1}{月份.length}{process.exit()}',
      '{1+1}{月份.length}{process.exit()}',
      ['1+1', '月份.length', 'process.exit()'],
    ],
    ['${月份}', '$2021年3月', []],
  ])('%s', (text, filled, unknown) => {
    expect(fillPlaceholders(text, values)).toEqual({ text: filled, unknown });
  });

  it('a value is inserted as text: a filled value never becomes a placeholder or a block', () => {
    const tricky = new Map([['月份', '{完成率}[[总体情况表]]']]);
    expect(fillPlaceholders('{月份}', tricky).text).toBe('{完成率}[[总体情况表]]');
  });

  it('lists the names a text uses', () => {
    expect(placeholdersIn('{月份}{{不算}}{完成率}')).toEqual(['月份', '完成率']);
  });
});

const valid = (patch: Partial<DocumentTemplate> = {}): DocumentTemplate => ({
  ...DEFAULT_TEMPLATES.tongbao,
  ...patch,
});

describe('template checks', () => {
  it('the built-in templates pass, use only known names, and every name and block has its meaning', () => {
    for (const kind of DOCUMENT_KINDS) expect(checkTemplate(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
    expect(PLACEHOLDERS.map((p) => p.name).sort()).toEqual([...PLACEHOLDER_NAMES].sort());
    expect(Object.keys(BLOCK_MEANINGS).sort()).toEqual([...BLOCK_NAMES].sort());
  });

  it.each([
    ['an empty title', valid({ title: '  ' }), '标题不能为空。'],
    ['an empty addressee', valid({ addressee: '' }), '主送机关不能为空。'],
    ['an empty body', valid({ body: '\n\n' }), '正文不能为空。'],
    ['an unknown placeholder', valid({ body: '截至{月底}。' }), '正文中有未知的占位符：{月底}。'],
    ['an unknown block', valid({ body: '[[排名图]]' }), '正文中有未知的表格或图：[[排名图]]。'],
    [
      'a block in the title',
      valid({ title: '通报[[总体情况表]]' }),
      '表格和图（[[…]]）只能单独成行写在正文中。',
    ],
    ['a body too long', valid({ body: '字'.repeat(20_001) }), '正文过长（不超过 20000 字）。'],
  ])('refuses %s', (_what, template, message) => {
    expect(checkTemplate('tongbao', template).map((i) => i.message)).toContain(message);
  });

  it('the annex needs no addressee', () => {
    expect(checkTemplate('annex', { ...DEFAULT_TEMPLATES.annex, addressee: '' })).toEqual([]);
  });
});

describe('document settings checks', () => {
  const d = DEFAULT_DOCUMENT_SETTINGS;
  it('the defaults pass', () => {
    expect(checkDocumentSettings(d)).toEqual([]);
  });

  it.each([
    ['issuer', { ...d, issuer: '' }, '发文机关署名不能为空。'],
    ['issuerMark', { ...d, issuerMark: ' ' }, '发文机关标志不能为空。'],
    ['issuerMark', { ...d, issuerMark: '字'.repeat(61) }, '发文机关标志过长（不超过 60 字）。'],
    [
      'docNumberPattern',
      { ...d, docNumberPattern: '通攻坚办〔{年}〕' },
      '发文字号格式须含 {号}，如 通攻坚办〔{年}〕{号}号。',
    ],
    [
      'docNumberPattern',
      { ...d, docNumberPattern: '{单位}〔{年}〕{号}号' },
      '发文字号格式只能使用 {年} 和 {号}，不能使用 {单位}。',
    ],
    [
      'numbers.tongbao',
      { ...d, numbers: { tongbao: 0, cuibao: 2 } },
      '通报的发文顺序号须为 1 到 99999 之间的整数。',
    ],
    [
      'numbers.cuibao',
      { ...d, numbers: { tongbao: 1, cuibao: 2.5 } },
      '催报通知的发文顺序号须为 1 到 99999 之间的整数。',
    ],
    [
      'numbers.cuibao',
      { ...d, numbers: { tongbao: 1, cuibao: NaN } },
      '催报通知的发文顺序号须为 1 到 99999 之间的整数。',
    ],
    ['issuedOn', { ...d, issuedOn: '2021-02-30' }, '成文日期不是有效的日期。'],
    [
      'templates.cuibao.body',
      { ...d, templates: { cuibao: { ...DEFAULT_TEMPLATES.cuibao, body: '{哈}' } } },
      '正文中有未知的占位符：{哈}。',
    ],
  ])('%s: %s', (field, settings, message) => {
    expect(checkDocumentSettings(settings)).toContainEqual({ field, message });
  });

  it('an edited template is used in place of the built-in one', () => {
    const edited = { ...DEFAULT_TEMPLATES.cuibao, title: '催报' };
    expect(templateFor({ ...d, templates: { cuibao: edited } }, 'cuibao')).toBe(edited);
    expect(templateFor(d, 'cuibao')).toBe(DEFAULT_TEMPLATES.cuibao);
  });
});
