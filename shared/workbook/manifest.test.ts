import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../sha256.ts';
import {
  base64Decode,
  base64Encode,
  decodeManifest,
  encodeManifest,
  type ReturnManifest,
} from './manifest.ts';
import { fields } from './test-helpers.ts';

describe('sha256Hex (FIPS 180-4 vectors)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('%#', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });
  it('hashes bytes and ArrayBuffers alike', () => {
    const bytes = new TextEncoder().encode('台账');
    expect(sha256Hex(bytes)).toBe(sha256Hex('台账'));
    expect(sha256Hex(bytes.buffer)).toBe(sha256Hex('台账'));
  });
});

describe('base64', () => {
  it.each([[''], ['f'], ['fo'], ['foo'], ['台账 manifest']])('round-trips %j like btoa', (text) => {
    const bytes = new TextEncoder().encode(text);
    const b64 = base64Encode(bytes);
    expect(b64).toBe(btoa(String.fromCharCode(...bytes)));
    expect(base64Decode(b64)).toEqual(bytes);
  });
  it('rejects bad input', () => {
    expect(base64Decode('abc')).toBeNull();
    expect(base64Decode('ab c')).toBeNull();
  });
});

const manifest = (progress = '已开展'): ReturnManifest => ({
  format: 'taizhang-return',
  version: 1,
  planId: 'tongzhou-2021',
  unit: '永乐店镇',
  period: '2021-03',
  exportId: 'exp-1',
  exportedAt: '2021-03-01T08:00:00.000Z',
  rows: [{ taskId: 'air-03', role: '主责', base: fields({ status: '推进中', percent: 50, progress }) }],
});

describe('manifest encode/decode', () => {
  it('round-trips', () => {
    expect(decodeManifest(encodeManifest(manifest()))).toEqual({ status: 'ok', manifest: manifest() });
  });
  it('splits a long manifest across cells of ≤ 32000 characters', () => {
    const long = manifest('进'.repeat(30_000));
    const cells = encodeManifest(long);
    expect(cells.length).toBeGreaterThan(4);
    expect(cells.every((c) => c.length <= 32000)).toBe(true);
    expect(decodeManifest(cells)).toEqual({ status: 'ok', manifest: long });
  });
  it('an edited chunk fails the checksum', () => {
    const cells = encodeManifest(manifest());
    const edited = encodeManifest(manifest('已完成'));
    expect(decodeManifest([cells[0]!, cells[1]!, cells[2]!, edited[3]!])).toEqual({
      status: 'invalid',
      reason: 'checksum mismatch',
    });
  });
  it.each([
    ['no marker', ['x']],
    ['no checksum', ['taizhang-manifest', 'abc', '1', 'e30=']],
    ['missing chunk', ['taizhang-manifest', `sha256:${'0'.repeat(64)}`, '2', 'e30=']],
  ])('%s → invalid', (_name, cells) => {
    expect(decodeManifest(cells).status).toBe('invalid');
  });
  it('a valid checksum over a wrong shape is still invalid (schema)', () => {
    const bytes = new TextEncoder().encode('{"format":"other"}');
    const cells = ['taizhang-manifest', `sha256:${sha256Hex(bytes)}`, 1, base64Encode(bytes)];
    expect(decodeManifest(cells).status).toBe('invalid');
  });
});
