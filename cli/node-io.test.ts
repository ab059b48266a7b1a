// Node's codec against the shared one: the native CRC-32 (when this Node has it) gives the shared
// implementation's value for every input, so containers written by either read with the other.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../shared/zip/crc32.ts';
import { nodeCodec } from './node-io.ts';

const bytesOf = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed + 7) & 0xff);

describe('nodeCodec.crc32', () => {
  it('is there on this Node (20.15 and later)', () => {
    expect(typeof (zlib as { crc32?: unknown }).crc32).toBe('function');
    expect(nodeCodec.crc32).toBeTypeOf('function');
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(0xff)],
    ['ASCII', new TextEncoder().encode('The quick brown fox jumps over the lazy dog')],
    ['seven bytes (below one 8-byte step)', bytesOf(7, 31)],
    ['a megabyte and a bit', bytesOf((1 << 20) + 5, 131)],
    ['UTF-8 text', new TextEncoder().encode('永乐店镇 2021年3月 台账')],
  ])('%s: the shared value, unsigned', (_name, bytes) => {
    const got = nodeCodec.crc32!(bytes);
    expect(got).toBe(crc32(bytes));
    expect(got).toBeGreaterThanOrEqual(0);
  });

  it('the known check value of "123456789"', () => {
    expect(nodeCodec.crc32!(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('nodeCodec.inflate', () => {
  it.each([
    ['empty', 0],
    ['below the smallest chunk', 10],
    ['one 16 KiB chunk exactly', 16 * 1024],
    ['a few MB (one chunk now, many before)', 3 * (1 << 20) + 17],
  ])('%s: the same bytes back', async (_name, n) => {
    const bytes = bytesOf(n, 13);
    const out = await nodeCodec.inflate(new Uint8Array(zlib.deflateRawSync(bytes)), n);
    expect(out.length).toBe(n);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses output larger than the size given (a zip entry that lies about its size)', async () => {
    const bytes = bytesOf(100_000, 3);
    await expect(nodeCodec.inflate(new Uint8Array(zlib.deflateRawSync(bytes)), 50_000)).rejects.toThrow();
  });
});
