import { describe, expect, it } from 'vitest';
import { remembered } from './remembered.ts';

describe('remembered', () => {
  it('computes each key once while it is remembered, and gives the same answer again', () => {
    const asked: string[] = [];
    const length = remembered((key) => (asked.push(key), key.length), 10);
    expect([length('a'), length('bb'), length('a'), length('bb')]).toEqual([1, 2, 1, 2]);
    expect(asked).toEqual(['a', 'bb']);
  });

  it('past its bound it starts again: answers stay right, and it never holds more than the bound', () => {
    const asked: string[] = [];
    const upper = remembered((key) => (asked.push(key), key.toUpperCase()), 3);
    for (const k of ['a', 'b', 'c']) upper(k);
    expect(upper('d')).toBe('D'); // the fourth key: memory cleared, then 'd' kept
    expect(upper('a')).toBe('A'); // forgotten, so computed again
    expect(asked).toEqual(['a', 'b', 'c', 'd', 'a']);
    expect(upper('d')).toBe('D');
    expect(asked).toHaveLength(5); // 'd' was still remembered
  });

  it('remembers an answer that is undefined or null too', () => {
    let calls = 0;
    const none = remembered(() => (calls++, undefined), 4);
    none('x');
    none('x');
    expect(calls).toBe(1);
  });
});
