// What an evidence file is, by its content: magic bytes at the start (and, for the zip-based
// Office and OFD formats, the names inside the zip), never by its name. A file whose name claims a
// different kind of document than its content is refused ("a type that lies about itself"), except
// within the images (a .png that is really a JPEG is still a photo). Executables, scripts, HTML,
// archives and anything unknown are refused. Pure: reads through RandomAccess, so a 50 MB scan is
// never read whole to be identified.

import { ZipReader, type RandomAccess } from '../zip/zip-reader.ts';

export const EVIDENCE_KINDS = [
  'jpeg',
  'png',
  'gif',
  'webp',
  'bmp',
  'tiff',
  'heic',
  'pdf',
  'ofd',
  'docx',
  'xlsx',
  'pptx',
  'doc',
  'xls',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_KIND_LABELS: Readonly<Record<EvidenceKind, string>> = {
  jpeg: 'JPEG 图片',
  png: 'PNG 图片',
  gif: 'GIF 图片',
  webp: 'WebP 图片',
  bmp: 'BMP 图片',
  tiff: 'TIFF 图片',
  heic: 'HEIC 照片',
  pdf: 'PDF 文档',
  ofd: 'OFD 版式文档',
  docx: 'Word 文档',
  xlsx: 'Excel 表格',
  pptx: 'PowerPoint 演示文稿',
  doc: 'Word 97-2003 文档',
  xls: 'Excel 97-2003 表格',
};

export const EVIDENCE_MIME: Readonly<Record<EvidenceKind, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  heic: 'image/heic',
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

const IMAGE: ReadonlySet<EvidenceKind> = new Set(['jpeg', 'png', 'gif', 'webp', 'bmp', 'tiff', 'heic']);
/** Images a browser draws: these get a thumbnail and a preview. */
const VIEWABLE: ReadonlySet<EvidenceKind> = new Set(['jpeg', 'png', 'gif', 'webp', 'bmp']);

export const isImageKind = (k: EvidenceKind): boolean => IMAGE.has(k);
export const isViewableImage = (k: EvidenceKind): boolean => VIEWABLE.has(k);

/** Which kinds a file name's extension claims (several: `.jpg` may be any photo format). */
const EXTENSION_KINDS: Readonly<Record<string, EvidenceKind>> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
  bmp: 'bmp',
  tif: 'tiff',
  tiff: 'tiff',
  heic: 'heic',
  heif: 'heic',
  pdf: 'pdf',
  ofd: 'ofd',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  doc: 'doc',
  wps: 'doc',
  xls: 'xls',
  et: 'xls',
};

/** The kind a file name claims by its extension, if it names one of ours. */
export function extensionKind(name: string): EvidenceKind | undefined {
  return EXTENSION_KINDS[/\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase() ?? ''];
}

export type SniffResult =
  | { ok: true; kind: EvidenceKind; /** Set when the name claimed another image format. */ note?: string }
  | { ok: false; code: SniffRefusal; message: string; log: string };

export type SniffRefusal = 'executable' | 'lying-name' | 'unsupported' | 'empty' | 'archive' | 'html';

const starts = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, text: string, at = 0) =>
  [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0));

function utf16(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8);
  return out;
}

function includes(hay: Uint8Array, needle: readonly number[]): boolean {
  const first = needle[0] as number;
  for (
    let i = hay.indexOf(first);
    i !== -1 && i <= hay.length - needle.length;
    i = hay.indexOf(first, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

/** What the first bytes say, before looking inside zips; null when nothing known matches. */
function byMagic(head: Uint8Array): EvidenceKind | 'zip' | 'ole' | SniffRefusal | null {
  if (head.length === 0) return 'empty';
  if (starts(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return 'gif';
  if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return 'webp';
  if (
    ascii(head, 'BM') &&
    head.length >= 26 &&
    head[14] !== undefined &&
    [12, 40, 52, 56, 108, 124].includes(head[14])
  )
    return 'bmp';
  if (starts(head, [0x49, 0x49, 0x2a, 0x00]) || starts(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (
    ascii(head, 'ftyp', 4) &&
    /^(heic|heix|hevc|hevx|mif1|msf1|heim|heis)$/.test(String.fromCharCode(...head.subarray(8, 12)))
  )
    return 'heic';
  // A PDF may have a few bytes of junk before its header (the spec allows up to 1024).
  const pdfAt = indexOfAscii(head.subarray(0, 1024), '%PDF-');
  if (pdfAt >= 0) return 'pdf';
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  // Programs and scripts, whatever they are called.
  if (ascii(head, 'MZ')) return 'executable'; // Windows .exe, .dll, .scr, .com
  if (starts(head, [0x7f, 0x45, 0x4c, 0x46])) return 'executable'; // ELF
  if (
    starts(head, [0xfe, 0xed, 0xfa, 0xce]) ||
    starts(head, [0xfe, 0xed, 0xfa, 0xcf]) ||
    starts(head, [0xcf, 0xfa, 0xed, 0xfe]) ||
    starts(head, [0xce, 0xfa, 0xed, 0xfe]) ||
    starts(head, [0xca, 0xfe, 0xba, 0xbe])
  )
    return 'executable'; // Mach-O, Java class
  if (ascii(head, '#!')) return 'executable';
  if (ascii(head, 'Rar!') || starts(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || starts(head, [0x1f, 0x8b]))
    return 'archive';
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 512))
    .trimStart()
    .toLowerCase();
  if (/^(<!doctype|<html|<script|<svg|<\?xml)/.test(text)) return 'html';
  return null;
}

function indexOfAscii(b: Uint8Array, text: string): number {
  const needle = [...text].map((c) => c.charCodeAt(0));
  for (let i = b.indexOf(needle[0] as number); i !== -1; i = b.indexOf(needle[0] as number, i + 1)) {
    if (needle.every((x, j) => b[i + j] === x)) return i;
  }
  return -1;
}

const NOOP_INFLATE = async (): Promise<Uint8Array> => {
  throw new Error('not inflating while sniffing');
};

/** A zip's kind by the names it holds (its central directory only; nothing is inflated). */
async function zipKind(source: RandomAccess): Promise<EvidenceKind | 'archive'> {
  let names: string[];
  try {
    const zip = await ZipReader.open(source, NOOP_INFLATE, {
      maxEntries: 100_000,
      maxEntrySize: Infinity,
      maxRatio: Infinity,
    });
    names = zip.entries.map((e) => e.name);
  } catch {
    return 'archive';
  }
  const has = (n: string) => names.includes(n);
  if (has('[Content_Types].xml') && has('word/document.xml')) return 'docx';
  if (has('[Content_Types].xml') && has('xl/workbook.xml')) return 'xlsx';
  if (has('[Content_Types].xml') && has('ppt/presentation.xml')) return 'pptx';
  if (has('OFD.xml')) return 'ofd';
  return 'archive';
}

function oleKind(head: Uint8Array): EvidenceKind | 'unsupported' {
  if (includes(head, utf16('WordDocument'))) return 'doc';
  if (includes(head, utf16('Workbook')) || includes(head, utf16('Book'))) return 'xls';
  return 'unsupported';
}

const HEAD_BYTES = 64 * 1024;

/** Identify an evidence file by its content; `name` only serves to catch a name that lies. */
export async function sniffEvidence(source: RandomAccess, name: string): Promise<SniffResult> {
  const head = await source.read(0, Math.min(HEAD_BYTES, source.size));
  const magic = byMagic(head);
  let kind: EvidenceKind | SniffRefusal | 'unsupported';
  if (magic === 'zip') {
    const z = await zipKind(source);
    kind = z;
  } else if (magic === 'ole') kind = oleKind(head);
  else kind = magic ?? 'unsupported';
  const claimed = extensionKind(name);
  switch (kind) {
    case 'empty':
      return { ok: false, code: 'empty', message: '文件是空的（0 字节）', log: 'empty file' };
    case 'executable':
      return {
        ok: false,
        code: 'executable',
        message: claimed
          ? `文件名是“${name}”，但内容是可执行程序，已拒绝`
          : '文件是可执行程序或脚本，不能作为佐证材料',
        log: `executable content${claimed ? ` named as ${claimed}` : ''}`,
      };
    case 'html':
      return {
        ok: false,
        code: 'html',
        message: '文件是网页/脚本（HTML、SVG 或 XML），不能作为佐证材料',
        log: 'HTML/SVG/XML text',
      };
    case 'archive':
      return {
        ok: false,
        code: 'archive',
        message: '压缩包不能作为佐证材料，请解压后附上其中的文件',
        log: 'archive',
      };
    case 'unsupported':
    case 'lying-name':
      return {
        ok: false,
        code: 'unsupported',
        message: '无法识别的文件类型；佐证材料可以是照片、扫描件、PDF、OFD、Word、Excel 或 PowerPoint 文件',
        log: 'unknown content',
      };
  }
  if (claimed && claimed !== kind) {
    const bothImages = isImageKind(claimed) && isImageKind(kind);
    const legacyPair =
      (claimed === 'doc' && kind === 'docx') ||
      (claimed === 'docx' && kind === 'doc') ||
      (claimed === 'xls' && kind === 'xlsx') ||
      (claimed === 'xlsx' && kind === 'xls');
    if (!bothImages && !legacyPair)
      return {
        ok: false,
        code: 'lying-name',
        message: `文件名是“${name}”（${EVIDENCE_KIND_LABELS[claimed]}），但内容是${EVIDENCE_KIND_LABELS[kind]}，与文件名不符，已拒绝`,
        log: `name claims ${claimed}, content is ${kind}`,
      };
    return { ok: true, kind, note: `按内容识别为${EVIDENCE_KIND_LABELS[kind]}` };
  }
  return { ok: true, kind };
}
