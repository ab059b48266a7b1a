import { describe, expect, it } from 'vitest';
import { InvalidCell, type PlainValue } from '../../shared/workbook/normalise-cell.ts';
import { normaliseCell } from '../support/exceljs-cell.ts';

// The oracle the differential reader tests compare against must itself follow the rules.
describe('normaliseCell', () => {
  const cases: [string, unknown, PlainValue][] = [
    ['null', null, null],
    ['undefined', undefined, null],
    ['empty string → null (LibreOffice drops "")', '', null],
    ['spaces only → null', ' \u3000\u00a0 ', null],
    ['plain text', '推进中', '推进中'],
    ['trims ASCII, ideographic, NBSP and zero-width spaces', '\u3000 \u00a0推进中\u200b ', '推进中'],
    ['keeps inner spaces and full-width punctuation', ' 已完成，共 3 处 ', '已完成，共 3 处'],
    ['CRLF → LF', '第一段\r\n第二段\r第三段', '第一段\n第二段\n第三段'],
    ['number', 80, 80],
    ['NaN → invalid, never blank', Number.NaN, new InvalidCell('NaN')],
    ['1e999 → invalid', Number.POSITIVE_INFINITY, new InvalidCell('Infinity')],
    ['boolean', true, true],
    ['date at UTC midnight', new Date(Date.UTC(2021, 2, 5)), '2021-03-05'],
    ['date with a time: UTC date', new Date(Date.UTC(2021, 2, 5, 23, 30)), '2021-03-05'],
    ['invalid date → invalid', new Date(Number.NaN), new InvalidCell('无效日期')],
    [
      'serial 60 (Excel’s 1900-02-29, which exceljs reads as 02-28) → invalid',
      new Date(Date.UTC(1900, 1, 28)),
      new InvalidCell('1900-02-29'),
    ],
    ['a date past 9999 → invalid', new Date(Date.UTC(10113, 8, 19)), new InvalidCell('+010113-09-19')],
    [
      'rich-text runs joined (LibreOffice: 计划1)',
      { richText: [{ text: '计划' }, { text: '1', font: { bold: true } }] },
      '计划1',
    ],
    ['rich text trimmed', { richText: [{ text: ' 推进' }, { text: '中 ' }] }, '推进中'],
    ['formula → cached number', { formula: 'A1*2', result: 80 }, 80],
    ['formula → cached text', { formula: 'IF(1,"推进中")', result: '推进中' }, '推进中'],
    ['formula without result → null (never evaluated)', { formula: '1+1' }, null],
    [
      'formula with error result → invalid',
      { formula: '1/0', result: { error: '#DIV/0!' } },
      new InvalidCell('#DIV/0!'),
    ],
    [
      'formula with date result',
      { formula: 'TODAY()', result: new Date(Date.UTC(2021, 2, 5)) },
      '2021-03-05',
    ],
    ['shared formula → cached result', { sharedFormula: 'K3', result: 50 }, 50],
    ['hyperlink → text', { text: '佐证材料.pdf', hyperlink: 'file:///x.pdf' }, '佐证材料.pdf'],
    [
      'hyperlink with rich text',
      { text: { richText: [{ text: '链' }, { text: '接' }] }, hyperlink: 'http://x' },
      '链接',
    ],
    ['error value → invalid', { error: '#N/A' }, new InvalidCell('#N/A')],
    ['unknown object → null', { foo: 1 }, null],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(normaliseCell(input)).toEqual(expected);
  });
});
