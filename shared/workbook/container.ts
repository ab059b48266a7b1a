// Byte-level checks on a returned file before any parser sees it, and which reader it goes to.
// Everything here is decided from the bytes alone, without inflating or parsing anything:
//  - the size (MAX_FILE_BYTES) and, for zips, the central directory's declared sizes, entry count and
//    compression ratio (zip bombs); the zip central directory is parsed here by hand (it is a flat
//    table at the end of the file) so the declared sizes are known without decompressing a byte.
//    Because a central directory can lie, `verifyInflatedSizes` also inflates each entry through a
//    counting stream before a reader sees the file, aborting as soon as more comes out than was
//    declared or the total passes the limit;
//  - the format, which routes the file to its reader (open-workbook.ts): an .xlsx zip (our own grid
//    reader), an OpenDocument zip (.ods), an OLE compound file holding a BIFF workbook (.xls, WPS .et),
//    an OLE compound file holding an encrypted OOXML package (a password-protected .xlsx: Excel
//    "Encrypt with password", WPS 文档加密 — told apart by its `EncryptionInfo`/`EncryptedPackage`
//    stream names, stored UTF-16LE in the OLE directory), or delimited text (CSV). Word documents,
//    HTML saved as .xls, other zips and binary noise are refused with a message saying what they are.
// A password-protected .xls is an OLE workbook like any other here: its FILEPASS record is found by
// the BIFF reader (sheetjs-grid.ts), which reports it as encrypted.

import { issue, type FileErrorCode, type Issue } from './issues.ts';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
export const MAX_RATIO = 200;
export const MAX_ENTRIES = 10_000;
/**
 * Most rows a sheet of a return may have: a unit has at most 134 tasks (one row each), plus title,
 * header, blank and note rows. Far beyond any real return, far below what would make reading slow.
 */
export const MAX_SHEET_ROWS = 2_000;
/** The most raw deflate can expand its input (a 258-byte match per ≥2 bits, plus block overhead). */
export const DEFLATE_MAX_RATIO = 1032;
/** Files that cannot inflate past this (≈ 48 KB and smaller) skip the bounded streaming check. */
export const UNVERIFIED_INFLATE_BUDGET = 50 * 1024 * 1024;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** 0 stored, 8 deflate; nothing else occurs in an .xlsx. */
  method: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

/** Which reader a file goes to. */
export type ContainerFormat = 'xlsx' | 'ods' | 'xls' | 'encrypted-ooxml' | 'csv';

export type ContainerCheck =
  | { ok: true; format: 'xlsx' | 'ods'; entries: ZipEntryInfo[] }
  | { ok: true; format: 'xls' | 'encrypted-ooxml' | 'csv' }
  | { ok: false; error: Issue<FileErrorCode> };

/** What verifyInflatedSizes answers: the entries, bounded, or why not. */
export type InflateCheck = { ok: true; entries: ZipEntryInfo[] } | { ok: false; error: Issue<FileErrorCode> };

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

function utf16le(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8);
  return out;
}

function contains(bytes: Uint8Array, needle: readonly number[]): boolean {
  const first = needle[0];
  outer: for (
    let i = bytes.indexOf(first!);
    i !== -1 && i <= bytes.length - needle.length;
    i = bytes.indexOf(first!, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function mb(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

function fail(code: FileErrorCode, message: string, log: string): { ok: false; error: Issue<FileErrorCode> } {
  return { ok: false, error: issue(code, message, log) };
}

function checkOle(bytes: Uint8Array): ContainerCheck {
  if (contains(bytes, utf16le('EncryptionInfo')) || contains(bytes, utf16le('EncryptedPackage')))
    return { ok: true, format: 'encrypted-ooxml' };
  if (contains(bytes, utf16le('WordDocument'))) {
    return fail(
      'not-xlsx',
      '这是 Word 文档（.doc），不是 Excel 工作簿。',
      'OLE compound file with a WordDocument stream',
    );
  }
  // `Workbook` (BIFF8: Excel 97–2003, LibreOffice, WPS .et) or `Book` (BIFF5).
  if (contains(bytes, utf16le('Workbook')) || contains(bytes, utf16le('Book')))
    return { ok: true, format: 'xls' };
  return fail(
    'not-xlsx',
    '这是 Office 旧格式文件，但不是 Excel 工作簿（.xls），无法读取。',
    'OLE compound file without a Workbook/Book stream',
  );
}

function checkText(bytes: Uint8Array): ContainerCheck {
  const head = bytes.subarray(0, 8192);
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder('utf-16le').decode(head.subarray(2));
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder('utf-16be').decode(head.subarray(2));
  else {
    let controls = 0;
    for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) controls++;
    if (controls > head.length / 100) {
      return fail(
        'not-xlsx',
        '无法识别的文件，不是 Excel/WPS 工作簿（.xlsx、.xls、.et、.ods）或 CSV 表格。',
        'unknown binary content',
      );
    }
    text = new TextDecoder('utf-8').decode(head); // GB18030 text still decodes to something ASCII-readable
  }
  const lower = text.toLowerCase();
  if (/<(html|table|!doctype|\?xml|meta)\b/.test(lower)) {
    return fail(
      'not-xlsx',
      '这是网页/XML 格式的文件（扩展名可能是 .xls），不是真正的 Excel 工作簿。请用 Excel/WPS 打开后“另存为” .xlsx 再导入。',
      'HTML/XML text disguised as a spreadsheet',
    );
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length > 0 && lines.slice(0, 5).some((l) => /[,\t;，]/.test(l)))
    return { ok: true, format: 'csv' };
  return fail('not-xlsx', '这是纯文本文件，不是 Excel 工作簿或 CSV 表格。', 'plain text');
}

function corrupt(log: string): { ok: false; error: Issue<FileErrorCode> } {
  return fail(
    'corrupt',
    '文件已损坏或不完整（压缩包结构错误），请重新保存或重新发送。',
    `zip structure: ${log}`,
  );
}

/** Parse the zip central directory without inflating anything. */
function readCentralDirectory(bytes: Uint8Array): ZipEntryInfo[] | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (p: number): number => view.getUint16(p, true);
  const u32 = (p: number): number => view.getUint32(p, true);
  const u64 = (p: number): number => view.getUint32(p + 4, true) * 0x100000000 + view.getUint32(p, true);

  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (u32(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) return 'end of central directory not found';
  let total = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  // Where the directory must end: at the end record, or at the zip64 end record when there is one.
  let directoryEnd = eocd;
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== 0x07064b50) return 'zip64 locator missing';
    const z64 = u64(loc + 8);
    if (z64 + 56 > bytes.length || u32(z64) !== 0x06064b50) return 'zip64 end record missing';
    total = u64(z64 + 32);
    cdSize = u64(z64 + 40);
    cdOffset = u64(z64 + 48);
    directoryEnd = z64;
  }
  // A gap makes zip readers (JSZip, inside exceljs) assume "prepended data" and shift every offset,
  // so a second, real directory could hide behind the one checked here. Workbooks have no gap.
  if (cdOffset + cdSize !== directoryEnd) {
    return `central directory ends at ${cdOffset + cdSize}, not at the end record (${directoryEnd})`;
  }
  if (total > MAX_ENTRIES) return `too many entries (${total})`;
  if (cdOffset + cdSize > bytes.length) return 'central directory outside the file';

  const entries: ZipEntryInfo[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let i = 0; i < total; i++) {
    if (p + 46 > bytes.length || u32(p) !== 0x02014b50) return `bad central directory entry ${i}`;
    const method = u16(p + 10);
    let compressedSize = u32(p + 20);
    let uncompressedSize = u32(p + 24);
    let localOffset = u32(p + 42);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > bytes.length) return `entry ${i} runs past the end`;
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff) {
      // ZIP64 extended information extra field (id 0x0001): the 64-bit sizes, in this order.
      let q = p + 46 + nameLen;
      const end = q + extraLen;
      let found = false;
      while (q + 4 <= end) {
        const id = u16(q);
        const size = u16(q + 2);
        if (id === 0x0001) {
          let r = q + 4;
          if (uncompressedSize === 0xffffffff && r + 8 <= q + 4 + size) {
            uncompressedSize = u64(r);
            r += 8;
          }
          if (compressedSize === 0xffffffff && r + 8 <= q + 4 + size) {
            compressedSize = u64(r);
            r += 8;
          }
          if (localOffset === 0xffffffff && r + 8 <= q + 4 + size) localOffset = u64(r);
          found = true;
          break;
        }
        q += 4 + size;
      }
      if (!found) return `entry ${i}: zip64 sizes missing`;
    }
    entries.push({ name, compressedSize, uncompressedSize, method, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function zipBomb(log: string): { ok: false; error: Issue<FileErrorCode> } {
  return fail(
    'zip-bomb',
    '文件解压后体积异常大（疑似“压缩炸弹”），已拒绝读取。请确认文件来源。',
    `zip bomb suspected: ${log}`,
  );
}

/** Everything that can be decided from the bytes without inflating them. */
export function checkContainer(bytes: Uint8Array): ContainerCheck {
  if (bytes.length === 0) return fail('empty', '文件是空的（0 字节）。', 'empty file');
  if (bytes.length > MAX_FILE_BYTES) {
    return fail(
      'too-large',
      `文件过大（${mb(bytes.length)}），超过 ${mb(MAX_FILE_BYTES)} 的上限。填报表通常只有几十 KB，请检查是否插入了大图片。`,
      `file is ${bytes.length} bytes, limit ${MAX_FILE_BYTES}`,
    );
  }
  if (startsWith(bytes, OLE_SIGNATURE)) return checkOle(bytes);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)))
    return checkText(bytes);

  const entries = readCentralDirectory(bytes);
  if (typeof entries === 'string') return corrupt(entries);
  const totalUncompressed = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (totalUncompressed > MAX_UNCOMPRESSED_BYTES) {
    return zipBomb(`declared uncompressed size ${totalUncompressed} > ${MAX_UNCOMPRESSED_BYTES}`);
  }
  if (totalUncompressed / bytes.length > MAX_RATIO) {
    return zipBomb(`compression ratio ${Math.round(totalUncompressed / bytes.length)} > ${MAX_RATIO}`);
  }
  const names = new Set(entries.map((e) => e.name));
  if (names.has('xl/workbook.xml') && names.has('[Content_Types].xml'))
    return { ok: true, format: 'xlsx', entries };
  if (names.has('mimetype') && names.has('content.xml')) return { ok: true, format: 'ods', entries };
  if (names.has('word/document.xml')) {
    return fail(
      'not-xlsx',
      '这是 Word 文档（.docx），不是 Excel 工作簿。',
      'zip with word/document.xml (docx)',
    );
  }
  return fail(
    'not-xlsx',
    '这是压缩包，但不是 Excel 工作簿（.xlsx）或 OpenDocument 表格（.ods）。',
    'zip without xl/workbook.xml or content.xml',
  );
}

/**
 * Check that every entry's local header is where the directory says and that the entries' data
 * ranges lie inside the file without overlapping (overlapping entries are how a "non-recursive"
 * zip bomb multiplies one compressed run). Returns an error text, or nothing.
 */
function entryLayout(view: DataView, entries: readonly ZipEntryInfo[]): string | undefined {
  const ranges: [number, number, string][] = [];
  for (const entry of entries) {
    const p = entry.localOffset;
    if (p + 30 > view.byteLength || view.getUint32(p, true) !== 0x04034b50)
      return `bad local header for ${entry.name}`;
    const end = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true) + entry.compressedSize;
    if (end > view.byteLength) return `entry ${entry.name} runs past the end`;
    ranges.push([p, end, entry.name]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    const [start, , name] = ranges[i] as [number, number, string];
    if (start < (ranges[i - 1] as [number, number, string])[1]) return `overlapping entries at ${name}`;
  }
  return undefined;
}

/**
 * Inflate every entry through a counting stream, discarding the output, and stop at the first
 * entry that yields more than it declared or once the total passes MAX_UNCOMPRESSED_BYTES. Memory
 * stays at one chunk; a lying central directory cannot make us hold a bomb in memory. Uses the
 * platform's native inflater (DecompressionStream, in Node 20 and every Chromium we ship), which
 * costs a fraction of what parsing the workbook does.
 */
export async function verifyInflatedSizes(
  bytes: Uint8Array,
  entries: readonly ZipEntryInfo[],
): Promise<InflateCheck> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const layout = entryLayout(view, entries);
  if (typeof layout === 'string') return layout.startsWith('overlap') ? zipBomb(layout) : corrupt(layout);
  // Deflate cannot expand data more than DEFLATE_MAX_RATIO times. With disjoint entries the whole
  // file inflates to at most bytes.length × that ratio: when that is small, no inflating is needed to
  // bound it (a size the directory lies about is still caught by the zip reader, which compares what
  // it inflated with what was declared — after inflating, hence the small budget). Return workbooks
  // are ~30 KB: this is them.
  if (bytes.length * DEFLATE_MAX_RATIO <= UNVERIFIED_INFLATE_BUDGET)
    return { ok: true, entries: [...entries] };
  let total = 0;
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const p = entry.localOffset;
    if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) {
      return corrupt(`bad local header for ${entry.name}`);
    }
    const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    const end = start + entry.compressedSize;
    if (end > bytes.length) return corrupt(`entry ${entry.name} runs past the end`);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize)
        return corrupt(`stored entry ${entry.name} sizes differ`);
      total += entry.compressedSize;
      if (total > MAX_UNCOMPRESSED_BYTES)
        return zipBomb(`inflated total passes ${MAX_UNCOMPRESSED_BYTES} bytes`);
      continue;
    }
    if (entry.method !== 8) return corrupt(`entry ${entry.name} uses compression method ${entry.method}`);
    const reader = new Blob([bytes.slice(start, end)])
      .stream()
      .pipeThrough(new DecompressionStream('deflate-raw'))
      .getReader();
    let seen = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value.length;
        total += value.length;
        if (seen > entry.uncompressedSize) {
          await reader.cancel();
          return zipBomb(`entry ${entry.name} inflates past its declared ${entry.uncompressedSize} bytes`);
        }
        if (total > MAX_UNCOMPRESSED_BYTES) {
          await reader.cancel();
          return zipBomb(`inflated total passes ${MAX_UNCOMPRESSED_BYTES} bytes`);
        }
      }
    } catch (e) {
      return corrupt(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { ok: true, entries: [...entries] };
}
