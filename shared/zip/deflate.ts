// Raw deflate for zip entries, behind one small interface so each platform can use its native zlib
// (the browser's CompressionStream, Node's zlib) while shared code and tests run on fflate, a
// well-kept pure-JavaScript implementation. Inflating is always bounded by the size the zip
// directory declares: nothing past it is produced.

import { deflateSync, inflateSync } from 'fflate';
import type { Inflate } from './zip-reader.ts';

export interface DeflateCodec {
  deflate(bytes: Uint8Array): Promise<Uint8Array>;
  inflate: Inflate;
  /** The platform's CRC-32 where it has one (Node's zlib); shared/zip/crc32.ts otherwise. */
  crc32?: (bytes: Uint8Array) => number;
}

/** fflate, level 1: ledger segments are repetitive JSON, so the fastest level compresses about 30:1. */
export const fflateCodec: DeflateCodec = {
  deflate: async (bytes) => deflateSync(bytes, { level: 1 }),
  inflate: async (compressed, maxSize) => inflateSync(compressed, { out: new Uint8Array(maxSize) }),
};

/** Where the platform has CompressionStream('deflate-raw') (Chromium 103+, Node 21): native zlib. */
export function streamCodec(): DeflateCodec | null {
  if (typeof CompressionStream !== 'function' || typeof DecompressionStream !== 'function') return null;
  try {
    new CompressionStream('deflate-raw');
  } catch {
    return null;
  }
  const run = async (bytes: Uint8Array, stream: CompressionStream | DecompressionStream, max: number) => {
    const reader = (new Blob([bytes as Uint8Array<ArrayBuffer>]).stream() as ReadableStream<Uint8Array>)
      .pipeThrough(stream as unknown as TransformStream<Uint8Array, Uint8Array>)
      .getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        await reader.cancel();
        throw new Error('inflated data exceeds the declared size');
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };
  return {
    deflate: (bytes) => run(bytes, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER),
    inflate: (compressed, maxSize) => run(compressed, new DecompressionStream('deflate-raw'), maxSize),
  };
}
