// Reads a zip archive by random access (a Blob in the browser, a file handle in Node, bytes in
// tests): the central directory first (ZIP64 understood), then one entry at a time — so a ledger
// with years of reports and gigabytes of photos is never held whole. Every entry is bounded before
// a byte is inflated: declared sizes against the caller's limits, the compression ratio, entries
// that overlap or point outside the file; after inflating, the size and CRC-32 must match what
// the directory declared. Only stored (0) and deflate (8) entries are read.

import { crc32 } from './crc32.ts';

export interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * The same bytes as a Blob, where the platform has one that stays on disk (a dropped File, a
   * Blob from IndexedDB, Node's fs.openAsBlob): slices of it are kept instead of copies.
   */
  blob?: Blob;
}

export function bytesSource(bytes: Uint8Array): RandomAccess {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export function blobSource(blob: Blob): RandomAccess {
  return {
    size: blob.size,
    blob,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

export interface ZipDirEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipError extends Error {
  constructor(
    readonly code: 'not-zip' | 'corrupt' | 'too-large' | 'unsupported' | 'checksum',
    message: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipLimits {
  /** Largest uncompressed entry accepted. */
  maxEntrySize: number;
  /** Most entries accepted. */
  maxEntries: number;
  /** Highest compressed : uncompressed ratio accepted for an entry over 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntrySize: 512 * 1024 * 1024,
  maxEntries: 2_000_000,
  maxRatio: 1100,
};

/** Inflates raw deflate into at most `maxSize` bytes (throws past it). Platforms inject a native one. */
export type Inflate = (compressed: Uint8Array, maxSize: number) => Promise<Uint8Array>;

const utf8 = new TextDecoder('utf-8', { fatal: false });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
let gbk: { decode(bytes: Uint8Array): string } | null | undefined;

/**
 * An entry name: UTF-8 when the zip says so (flag bit 11) or when the bytes are valid UTF-8 (many
 * tools write UTF-8 without the flag); otherwise GB18030/GBK — what the compressed folders of
 * Chinese Windows and several archivers write for 佐证材料/大气-01/… without any flag.
 */
export function decodeEntryName(bytes: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag || bytes.every((b) => b < 0x80)) return utf8.decode(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    if (gbk === undefined) {
      try {
        gbk = new TextDecoder('gb18030');
      } catch {
        gbk = null;
      }
    }
    return (gbk ?? utf8).decode(bytes);
  }
}

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 0x100000000;
}

export class ZipReader {
  private constructor(
    private readonly source: RandomAccess,
    readonly entries: ZipDirEntry[],
    private readonly limits: ZipLimits,
    private readonly inflate: Inflate,
    private readonly checksum: (bytes: Uint8Array) => number,
  ) {}

  static async open(
    source: RandomAccess,
    inflate: Inflate,
    limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    checksum: (bytes: Uint8Array) => number = crc32,
  ): Promise<ZipReader> {
    if (source.size < 22) throw new ZipError('not-zip', 'too short to be a zip archive');
    const tailLength = Math.min(source.size, 22 + 0xffff + 20);
    const tailStart = source.size - tailLength;
    const tail = await source.read(tailStart, tailLength);
    const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tv.getUint32(i, true) === 0x06054b50 && i + 22 + tv.getUint16(i + 20, true) === tail.length) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError('not-zip', 'no end of central directory record');
    let count = tv.getUint16(eocd + 10, true);
    let cdSize = tv.getUint32(eocd + 12, true);
    let cdStart = tv.getUint32(eocd + 16, true);
    let cdEndExpected = tailStart + eocd;
    if (eocd >= 20 && tv.getUint32(eocd - 20, true) === 0x07064b50) {
      const z64At = u64(tv, eocd - 20 + 8);
      if (z64At + 56 > source.size) throw new ZipError('corrupt', 'ZIP64 record outside the file');
      const z = await source.read(z64At, 56);
      const zv = new DataView(z.buffer, z.byteOffset, z.byteLength);
      if (zv.getUint32(0, true) !== 0x06064b50) throw new ZipError('corrupt', 'bad ZIP64 end record');
      count = u64(zv, 32);
      cdSize = u64(zv, 40);
      cdStart = u64(zv, 48);
      cdEndExpected = z64At;
    }
    if (count > limits.maxEntries) throw new ZipError('too-large', `${count} entries exceed the limit`);
    // No gap is allowed between the directory and the end records (a hidden second directory).
    if (cdStart + cdSize !== cdEndExpected)
      throw new ZipError('corrupt', 'central directory does not end at the end record');
    const cd = await source.read(cdStart, cdSize);
    const cv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
    const entries: ZipDirEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > cd.length || cv.getUint32(at, true) !== 0x02014b50)
        throw new ZipError('corrupt', `bad central directory entry ${n}`);
      const flags = cv.getUint16(at + 8, true);
      const method = cv.getUint16(at + 10, true);
      const crc = cv.getUint32(at + 16, true);
      let compressedSize = cv.getUint32(at + 20, true);
      let size = cv.getUint32(at + 24, true);
      const nameLen = cv.getUint16(at + 28, true);
      const extraLen = cv.getUint16(at + 30, true);
      const commentLen = cv.getUint16(at + 32, true);
      let localOffset = cv.getUint32(at + 42, true);
      if (flags & 1) throw new ZipError('unsupported', 'encrypted zip entries are not supported');
      const name = decodeEntryName(cd.subarray(at + 46, at + 46 + nameLen), (flags & 0x0800) !== 0);
      let x = at + 46 + nameLen;
      const extraEnd = x + extraLen;
      while (x + 4 <= extraEnd) {
        const id = cv.getUint16(x, true);
        const len = cv.getUint16(x + 2, true);
        if (id === 0x0001) {
          let y = x + 4;
          if (size === 0xffffffff) {
            size = u64(cv, y);
            y += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(cv, y);
            y += 8;
          }
          if (localOffset === 0xffffffff) localOffset = u64(cv, y);
        }
        x += 4 + len;
      }
      at = extraEnd + commentLen;
      entries.push({ name, method, crc, compressedSize, size, localOffset });
    }
    // Entries may not overlap (a small file replaying one entry many times) or leave the file.
    const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i] as ZipDirEntry;
      const next = (sorted[i + 1] as ZipDirEntry | undefined)?.localOffset ?? cdStart;
      if (e.localOffset + 30 + e.compressedSize > next)
        throw new ZipError('corrupt', `entry ${e.name} overlaps the next one or the directory`);
    }
    return new ZipReader(source, entries, limits, inflate, checksum);
  }

  find(name: string): ZipDirEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** Where an entry's data starts (after its local header), checked to lie inside the file. */
  async dataStart(entry: ZipDirEntry): Promise<number> {
    const head = await this.source.read(entry.localOffset, 30);
    const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
    if (head.length < 30 || hv.getUint32(0, true) !== 0x04034b50)
      throw new ZipError('corrupt', `${entry.name}: bad local header`);
    const dataAt = entry.localOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
    if (dataAt + entry.compressedSize > this.source.size)
      throw new ZipError('corrupt', `${entry.name}: data runs past the end of the file`);
    return dataAt;
  }

  /**
   * The entry's bytes as stored (compressed), unchecked: for copying an entry into another archive
   * after `read` has checked it.
   */
  async readStored(entry: ZipDirEntry): Promise<Uint8Array> {
    return this.source.read(await this.dataStart(entry), entry.compressedSize);
  }

  /** Bounds check an entry against the limits, before anything of it is read. */
  checkLimits(entry: ZipDirEntry): void {
    if (entry.size > this.limits.maxEntrySize)
      throw new ZipError('too-large', `${entry.name}: ${entry.size} bytes exceed the entry limit`);
    if (entry.size > 1024 * 1024 && entry.size / Math.max(entry.compressedSize, 1) > this.limits.maxRatio)
      throw new ZipError('too-large', `${entry.name}: compression ratio too high`);
  }

  /** The entry's uncompressed bytes, checked against its declared size and CRC-32. */
  async read(entry: ZipDirEntry): Promise<Uint8Array> {
    this.checkLimits(entry);
    const dataAt = await this.dataStart(entry);
    const raw = await this.source.read(dataAt, entry.compressedSize);
    let out: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size)
        throw new ZipError('corrupt', `${entry.name}: stored sizes differ`);
      out = raw;
    } else if (entry.method === 8) {
      try {
        out = await this.inflate(raw, entry.size);
      } catch (err) {
        throw new ZipError('corrupt', `${entry.name}: cannot inflate (${(err as Error).message})`);
      }
    } else throw new ZipError('unsupported', `${entry.name}: compression method ${entry.method}`);
    if (out.length !== entry.size)
      throw new ZipError('corrupt', `${entry.name}: size differs from the directory`);
    if (this.checksum(out) !== entry.crc) throw new ZipError('checksum', `${entry.name}: CRC-32 mismatch`);
    return out;
  }
}
