import { describe, expect, it } from 'vitest';
import { plainEqual } from './plain-equal.ts';

const shared = { id: 'air-01', text: '措施' };

describe('plainEqual', () => {
  it.each([
    ['same number', 1, 1, true],
    ['NaN and NaN', NaN, NaN, true],
    ['0 and -0 differ (a figure drawn as 0 either way is still redrawn)', 0, -0, false],
    ['number and its text', 1, '1', false],
    ['null and undefined', null, undefined, false],
    ['null and an object', null, {}, false],
    ['equal objects, keys in another order', { a: 1, b: 'x' }, { b: 'x', a: 1 }, true],
    [
      'one value differs deep down',
      { c: { done: 3, late: [1, 2] } },
      { c: { done: 3, late: [1, 3] } },
      false,
    ],
    ['a key missing', { a: 1, b: undefined }, { a: 1, c: undefined }, false],
    ['a key more', { a: 1 }, { a: 1, b: 2 }, false],
    ['arrays of other lengths', [1, 2], [1, 2, 3], false],
    // eslint-disable-next-line no-sparse-arrays -- a hole is the case
    ['a hole against a value', [, 1], [5, 1], false],
    // eslint-disable-next-line no-sparse-arrays -- a hole is the case
    ['a hole against undefined', [, 1], [undefined, 1], true],
    ['an empty array and an object with a length', [], { length: 0 }, false],
    ['the same object twice (identity)', shared, shared, true],
    ['equal rows sharing one task object', { task: shared, n: 2 }, { task: shared, n: 2 }, true],
    ['a Map is compared by identity only', new Map([[1, 1]]), new Map([[1, 1]]), false],
    ['a Date is compared by identity only', new Date(0), new Date(0), false],
  ])('%s', (_name, a, b, equal) => {
    expect(plainEqual(a, b)).toBe(equal);
    expect(plainEqual(b, a)).toBe(equal);
  });
});
