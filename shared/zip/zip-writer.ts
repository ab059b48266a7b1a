// A zip writer that never holds the archive: it emits the archive as a list of parts (byte arrays
// and, in the browser, Blobs that stay on disk) for the caller to write or to wrap in one Blob.
// Entries arrive already compressed (raw deflate) or stored, with their CRC-32 and sizes, so a
// segment compressed once can be copied into every later archive without touching its bytes.
// ZIP64 records are written when an archive passes 65,535 entries or 4 GiB, so ten years of
// reports and photos fit. Names are UTF-8 (flag bit 11).

export type ZipData = Uint8Array | Blob;

export interface ZipEntry {
  name: string;
  /** 0: stored, 8: raw deflate. */
  method: 0 | 8;
  crc: number;
  /** Uncompressed size. */
  size: number;
  /** The entry's bytes as written: compressed for method 8. */
  data: ZipData;
  /** Modification time; defaults to 1980-01-01 (the zip epoch) so identical content gives identical bytes. */
  modified?: Date;
}

const U32 = 0xffffffff;
const U16 = 0xffff;

function dataLength(d: ZipData): number {
  return d instanceof Uint8Array ? d.length : d.size;
}

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const utf8 = new TextEncoder();

class Bytes {
  private readonly view: DataView;
  readonly buf: Uint8Array;
  private at = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  u16(v: number): this {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(v: number): this {
    this.view.setUint32(this.at, v % 0x100000000, true);
    this.view.setUint32(this.at + 4, Math.floor(v / 0x100000000), true);
    this.at += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.buf.set(b, this.at);
    this.at += b.length;
    return this;
  }
}

interface Written {
  name: Uint8Array;
  entry: ZipEntry;
  compressedSize: number;
  offset: number;
  dos: { time: number; date: number };
}

export class ZipWriter {
  private readonly parts: ZipData[] = [];
  private readonly written: Written[] = [];
  private offset = 0;
  private readonly names = new Set<string>();

  private push(part: ZipData): void {
    this.parts.push(part);
    this.offset += dataLength(part);
  }

  add(entry: ZipEntry): void {
    if (this.names.has(entry.name)) throw new Error(`zip: duplicate entry ${entry.name}`);
    this.names.add(entry.name);
    const name = utf8.encode(entry.name);
    const compressedSize = dataLength(entry.data);
    const dos = dosTime(entry.modified ?? new Date(Date.UTC(1980, 0, 1)));
    const big = entry.size >= U32 || compressedSize >= U32;
    const extraLen = big ? 20 : 0;
    const h = new Bytes(30 + name.length + extraLen)
      .u32(0x04034b50)
      .u16(big ? 45 : 20)
      .u16(0x0800)
      .u16(entry.method)
      .u16(dos.time)
      .u16(dos.date)
      .u32(entry.crc)
      .u32(big ? U32 : compressedSize)
      .u32(big ? U32 : entry.size)
      .u16(name.length)
      .u16(extraLen)
      .bytes(name);
    if (big) h.u16(0x0001).u16(16).u64(entry.size).u64(compressedSize);
    this.written.push({ name, entry, compressedSize, offset: this.offset, dos });
    this.push(h.buf);
    this.push(entry.data);
  }

  /** Write the central directory and return every part of the archive, in order. */
  finish(): ZipData[] {
    const cdStart = this.offset;
    for (const w of this.written) {
      const needs64 = w.entry.size >= U32 || w.compressedSize >= U32 || w.offset >= U32;
      const extra = needs64 ? 4 + 24 : 0;
      const h = new Bytes(46 + w.name.length + extra)
        .u32(0x02014b50)
        .u16(needs64 ? 45 : 20)
        .u16(needs64 ? 45 : 20)
        .u16(0x0800)
        .u16(w.entry.method)
        .u16(w.dos.time)
        .u16(w.dos.date)
        .u32(w.entry.crc)
        .u32(needs64 ? U32 : w.compressedSize)
        .u32(needs64 ? U32 : w.entry.size)
        .u16(w.name.length)
        .u16(extra)
        .u16(0)
        .u16(0)
        .u16(0)
        .u32(0)
        .u32(needs64 ? U32 : w.offset)
        .bytes(w.name);
      if (needs64) h.u16(0x0001).u16(24).u64(w.entry.size).u64(w.compressedSize).u64(w.offset);
      this.push(h.buf);
    }
    const cdSize = this.offset - cdStart;
    const count = this.written.length;
    if (count >= U16 || cdStart >= U32 || cdSize >= U32) {
      const z64At = this.offset;
      this.push(
        new Bytes(56)
          .u32(0x06064b50)
          .u64(44)
          .u16(45)
          .u16(45)
          .u32(0)
          .u32(0)
          .u64(count)
          .u64(count)
          .u64(cdSize)
          .u64(cdStart).buf,
      );
      this.push(new Bytes(20).u32(0x07064b50).u32(0).u64(z64At).u32(1).buf);
    }
    this.push(
      new Bytes(22)
        .u32(0x06054b50)
        .u16(0)
        .u16(0)
        .u16(Math.min(count, U16))
        .u16(Math.min(count, U16))
        .u32(Math.min(cdSize, U32))
        .u32(Math.min(cdStart, U32))
        .u16(0).buf,
    );
    return this.parts;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.offset;
  }
}
