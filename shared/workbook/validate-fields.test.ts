import { describe, expect, it } from 'vitest';
import type { PlainValue } from './normalise-cell.ts';
import {
  parseDate,
  parsePercent,
  parsePhone,
  parseProgressCells,
  parseStatus,
  parseTaskId,
} from './validate-fields.ts';

describe('parseStatus', () => {
  it.each([
    [null, null],
    ['推进中', '推进中'],
    [' 已完成\u3000', '已完成'],
    ['推 进 中', '推进中'],
    ['未启动', '未启动'],
    ['不涉及', '不涉及'],
  ] as [PlainValue, string | null][])('%s → %s', (input, expected) => {
    expect(parseStatus(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['进行中', '完成', '100', 'done'])('rejects %s with the list of choices', (input) => {
    const r = parseStatus(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('invalid-status');
      expect(r.message).toBe(`完成状态"${input}"无效，应为：未启动、推进中、已完成、不涉及`);
    }
  });
});

describe('parsePercent', () => {
  it.each([
    [null, undefined, null],
    [80, undefined, 80],
    [0, undefined, 0],
    [100, undefined, 100],
    [12.5, undefined, 12.5],
    ['80', undefined, 80],
    ['80%', undefined, 80],
    ['８０', undefined, 80],
    ['８０％', undefined, 80],
    [' 80 % ', undefined, 80],
    [0.8, '0%', 80], // typed "80%" into a General cell: Excel stores 0.8 with format 0%
    [0.125, '0.0%', 12.5],
    [1, '0%', 100],
    [0.8, undefined, 0.8], // a bare 0.8 in a General cell is 0.8 %
    [80, '0"%"', 80], // a quoted % is only displayed: the cell holds 80
    [0.5, '0.0"%"', 0.5],
    [80, '0\\%', 80], // an escaped % likewise
    [0.8, '[Red]0.0%', 80],
    ['', undefined, null],
  ] as [PlainValue, string | undefined, number | null][])('%s (format %s) → %s', (input, fmt, expected) => {
    expect(parsePercent(input, fmt)).toEqual({ ok: true, value: expected });
  });
  it.each([[120], [-1], ['约80'], ['80%%'], ['百分之八十'], [true], [1.5, '0%']] as [PlainValue, string?][])(
    'rejects %s',
    (input, fmt) => {
      const r = parsePercent(input, fmt);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^完成比例".*"无效，应为0到100之间的数字$/);
    },
  );
});

describe('parseDate', () => {
  it.each([
    [null, null],
    ['2021-03-05', '2021-03-05'],
    ['2021/3/5', '2021-03-05'],
    ['2021.3.5', '2021-03-05'],
    ['2021年3月5日', '2021-03-05'],
    ['2021 年 3 月 5 日', '2021-03-05'],
    ['２０２１年３月５日', '2021-03-05'],
    ['2021-03-05 14:30', '2021-03-05'],
    ['2021-03-05T00:00:00Z', '2021-03-05'],
    ['20210305', '2021-03-05'],
    [20210305, '2021-03-05'],
    [44260, '2021-03-05'], // serial in a General cell
    ['', null],
  ] as [PlainValue, string | null][])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toEqual({ ok: true, value: expected });
  });
  it.each([['2021-02-30'], ['2021-13-01'], ['3月5日'], ['昨天'], [5], [true], ['21/3/5']] as [PlainValue][])(
    'rejects %s',
    (input) => {
      const r = parseDate(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('invalid-date');
    },
  );
});

describe('parsePhone', () => {
  it.each([
    [13800138000, '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    [' 010-6954 1234 ', '010-6954 1234'],
    [null, ''],
  ] as [PlainValue, string][])('%s → %s', (input, expected) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: expected });
  });
});

describe('parseTaskId', () => {
  it.each([
    ['air-03', 'air-03'],
    ['AIR-3', 'air-03'],
    ['ａｉｒ－０３', 'air-03'],
    [' air-03\u3000', 'air-03'],
    ['大气-03', 'air-03'],
    ['大气03', 'air-03'],
    ['大气－１２', 'air-12'],
    ['大气１２', 'air-12'],
    ['大气—01', 'air-01'],
    [' 水 - 12 ', 'water-12'],
    ['水－１２', 'water-12'],
    ['土壤-05', 'soil-05'],
    ['土壤_5', 'soil-05'],
    ['ａｉｒ-01', 'air-01'],
    ['Water12', 'water-12'],
    ['水5', 'water-05'],
    ['土壤-035', 'soil-35'],
    ['soil-100', 'soil-100'],
    ['xyz', 'xyz'],
    ['大气', '大气'],
    ['大气-', '大气-'],
    ['空气-01', '空气-01'],
    [null, ''],
  ] as [PlainValue, string][])('%s → %s', (input, expected) => {
    expect(parseTaskId(input)).toBe(expected);
  });
});

describe('parseProgressCells', () => {
  it('keeps valid fields, lists invalid ones, leaves absent columns out', () => {
    const r = parseProgressCells({
      status: { value: '进行中' },
      percent: { value: '８０' },
      progress: { value: 123 },
      filledOn: { value: '2021年3月5日' },
    });
    expect(r.fields).toEqual({ percent: 80, progress: '123', filledOn: '2021-03-05' });
    expect(r.errors).toEqual([
      { field: 'status', code: 'invalid-status', message: expect.stringContaining('进行中'), raw: '进行中' },
    ]);
  });
});
