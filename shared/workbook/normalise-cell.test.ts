import { describe, expect, it } from 'vitest';
import {
  cleanText,
  excelSerialToIso,
  foldWidth,
  parseBooleanish,
  type PlainValue,
} from './normalise-cell.ts';

describe('foldWidth', () => {
  it.each([
    ['８０', '80'],
    ['８０％', '80%'],
    ['ａｉｒ－０３', 'air-03'],
    ['（％）', '(%)'],
    ['推进中', '推进中'],
    ['a\u3000b', 'a b'],
  ])('%s → %s', (input, expected) => {
    expect(foldWidth(input)).toBe(expected);
  });
});

describe('excelSerialToIso', () => {
  it.each([
    [44260, '2021-03-05'],
    [44260.75, '2021-03-05'],
    [44561, '2021-12-31'],
    [61, '1900-03-01'],
    [60, null], // Excel's phantom 1900-02-29
    [Number.NaN, null],
  ])('%s → %s', (serial, expected) => {
    expect(excelSerialToIso(serial)).toBe(expected);
  });
});

describe('parseBooleanish', () => {
  it.each([
    [true, true],
    ['true', true],
    ['TRUE', true],
    [' false ', false],
    [1, true],
    [0, false],
    ['是', true],
    ['否', false],
    ['maybe', null],
    [null, null],
  ] as [PlainValue, boolean | null][])('%s → %s', (input, expected) => {
    expect(parseBooleanish(input)).toBe(expected);
  });
});

it('cleanText leaves inner newlines', () => {
  expect(cleanText('\n a\nb \n')).toBe('a\nb');
});
