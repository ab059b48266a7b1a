import { describe, expect, it } from 'vitest';
import { cleanAddedAt, cleanAddedBy, MAX_ADDED_BY } from './model.ts';

describe('who attached a file and when, as a package from elsewhere says', () => {
  it.each([
    ['镇里小李', '镇里小李'],
    ['  镇里小李 ', '镇里小李'],
    ['小\u202e李', '小李'],
    ['小\u001b[31m李', '小[31m李'],
    ['\u0085\u200f', null],
    ['', null],
    [42, null],
    [undefined, null],
    ['李'.repeat(500), '李'.repeat(MAX_ADDED_BY)],
  ])('%j → %j', (given, kept) => {
    expect(cleanAddedBy(given)).toBe(kept);
  });

  it.each([
    ['2021-03-05T02:00:00Z', '2021-03-05T02:00:00.000Z'],
    ['2021-03-05T02:00:00.123Z', '2021-03-05T02:00:00.123Z'],
    ['2025-13-01T00:00:00Z', null],
    ['2021-02-30T00:00:00Z', null],
    ['2021-03-05T25:00:00Z', null],
    ['2021-03-05 02:00:00', null],
    ['2021-03-05T02:00:00+08:00', null],
    ['昨天', null],
    [null, null],
  ])('%j → %j', (given, kept) => {
    expect(cleanAddedAt(given)).toBe(kept);
  });
});
