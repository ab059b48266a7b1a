import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSha256Hex, sha256Hex, sha256Stream } from './sha256.ts';
import * as nodeVariant from '../cli/sha256-node.ts';

describe('sha256 (@noble/hashes) and the CLI bundle variant (node:crypto) agree with the standard', () => {
  const cases: [string, Uint8Array | string][] = [
    ['empty', ''],
    ['abc', 'abc'],
    ['CJK text', '永乐店镇 佐证材料'],
    ['two blocks', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'],
    ['1 MiB of bytes', Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 31) & 0xff)],
  ];
  it.each(cases)('%s', (_name, input) => {
    const expected = createHash('sha256').update(input).digest('hex');
    expect(sha256Hex(input)).toBe(expected);
    expect(nodeVariant.sha256Hex(input)).toBe(expected);
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    for (const make of [sha256Stream, nodeVariant.sha256Stream]) {
      const s = make();
      for (let at = 0; at < bytes.length; at += 7777) s.update(bytes.subarray(at, at + 7777));
      expect(s.hex()).toBe(expected);
    }
  });
  it('knows a hash when it sees one', () => {
    expect(isSha256Hex(sha256Hex('x'))).toBe(true);
    expect(isSha256Hex('A'.repeat(64))).toBe(false);
    expect(isSha256Hex('0'.repeat(63))).toBe(false);
  });
});
