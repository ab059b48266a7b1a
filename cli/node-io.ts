// Node's side of the ledger container: zlib as the deflate codec, and a file handle as the random
// access source the zip reader reads from (one part at a time, never the whole file).

import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import type { DeflateCodec } from '../shared/zip/deflate.ts';
import type { RandomAccess } from '../shared/zip/zip-reader.ts';

// zlib.crc32 came with Node 20.15 and 22.2: about five times the shared slice-by-8 table's speed, which a
// dry-run import spends ~40 ms in. An older Node leaves it out and the shared one is used.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * Output chunk for an inflate of `maxSize` bytes: the whole output in one chunk, one byte to spare
 * so zlib ends the stream without asking for another, instead of 16 KiB chunks joined at the end
 * (~2× slower on a month's segment of a few MB). The chunk is allocated before a byte is inflated,
 * so `maxSize` must already be bounded by the caller — the zip reader checks declared sizes and
 * ratios against its limits, the workbook reader caps each part at 50 MiB — and the cap keeps even
 * a lying size to one sane allocation.
 */
const inflateChunk = (maxSize: number) => Math.min(Math.max(maxSize + 1, 64), 256 * 2 ** 20);

/** Node's zlib: native raw deflate and CRC-32, inflate bounded by the size the zip declares. */
export const nodeCodec: DeflateCodec = {
  deflate: async (bytes) => new Uint8Array(zlib.deflateRawSync(bytes, { level: 1 })),
  inflate: async (compressed, maxSize) =>
    new Uint8Array(
      zlib.inflateRawSync(compressed, {
        maxOutputLength: Math.max(maxSize, 1),
        chunkSize: inflateChunk(maxSize),
      }),
    ),
  ...(nativeCrc32 && { crc32: (bytes: Uint8Array) => nativeCrc32(bytes) >>> 0 }),
};

export function fileSource(handle: FileHandle, size: number): RandomAccess {
  return {
    size,
    read: async (offset, length) => {
      const buf = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
  };
}
