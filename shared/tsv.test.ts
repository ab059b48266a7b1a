import { describe, expect, it } from 'vitest';
import { parseTsv, tileToSelection, toTsv } from './tsv.ts';

describe('parseTsv', () => {
  const cases: [string, string, string[][]][] = [
    ['empty', '', []],
    ['one cell', 'a', [['a']]],
    ['one row', 'a\tb\tc', [['a', 'b', 'c']]],
    ['trailing newline', 'a\tb\n', [['a', 'b']]],
    [
      'CRLF rows, trailing CRLF',
      'a\tb\r\nc\td\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'empty cells kept',
      'a\t\tc\r\n\t\t\r\n',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    ['quoted cell with tab and newline', '"x\ty\nz"\tb\r\n', [['x\ty\nz', 'b']]],
    ['doubled quotes', '"he said ""hi"""\tb', [['he said "hi"', 'b']]],
    ['quote inside unquoted cell', 'a"b\tc', [['a"b', 'c']]],
    ['unterminated quote is text', '"abc\tdef', [['"abc', 'def']]],
    [
      'Chinese text',
      '推进中\t50\t已部署\r\n已完成\t100\t已验收\r\n',
      [
        ['推进中', '50', '已部署'],
        ['已完成', '100', '已验收'],
      ],
    ],
    ['blank line in the middle', 'a\n\nb\n', [['a'], [''], ['b']]],
    ['lone CR rows', 'a\rb', [['a'], ['b']]],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(parseTsv(text)).toEqual(expected);
  });
});

describe('toTsv', () => {
  it('quotes cells with tabs, newlines and quotes and round-trips', () => {
    const rows = [
      ['a', 'b\tc', 'line1\nline2'],
      ['say "hi"', '', '进展'],
    ];
    const text = toTsv(rows);
    expect(text).toBe('a\t"b\tc"\t"line1\nline2"\r\n"say ""hi"""\t\t进展\r\n');
    expect(parseTsv(text)).toEqual(rows);
  });
});

describe('tileToSelection (paste into a larger selection, as Excel does)', () => {
  it.each([
    [
      'one cell fills the selection',
      [['推进中']],
      3,
      2,
      [
        ['推进中', '推进中'],
        ['推进中', '推进中'],
        ['推进中', '推进中'],
      ],
    ],
    [
      'a row repeats down',
      [['推进中', '50']],
      3,
      2,
      [
        ['推进中', '50'],
        ['推进中', '50'],
        ['推进中', '50'],
      ],
    ],
    ['a 2×1 block repeats over 4×1', [['a'], ['b']], 4, 1, [['a'], ['b'], ['a'], ['b']]],
    ['a block that does not divide the selection pastes as it is', [['a'], ['b']], 3, 1, [['a'], ['b']]],
    [
      'a selection smaller than the data pastes the data',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      1,
      1,
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['ragged data is not tiled', [['a', 'b'], ['c']], 4, 2, [['a', 'b'], ['c']]],
    ['nothing to paste', [], 3, 3, []],
  ] as const)('%s', (_name, data, rows, cols, out) => {
    expect(tileToSelection(data, rows, cols)).toEqual(out);
  });
});
