// The ledger as a container file (`.taizhang`, a zip): the same taizhang-ledger document as the JSON
// file, cut into parts that can be written and read one at a time, plus the evidence files' bytes.
//
//   taizhang.json              the header: format, version, plan, units, resolutions, settings, the
//                              clerk's district bases, and the list of segments below with their counts
//   reports/2021-03.jsonl      one report per line, for each month that has any
//   audit/2021-03.jsonl        that month's audit entries
//   imports/2021-03.jsonl      that month's import batches (with their before-images)
//   attachments/2021-03.jsonl  (container v2) that month's evidence links: report, name, kind, hash
//   reviews/2021-03.jsonl      (v2) the reviews of that month's reports
//   extensions/2021-03.jsonl   (v2) the extension requests made in that month, with their decisions
//   files/<sha256>             (v2) one evidence file's bytes per hash, stored as they are (photos and
//                              PDFs do not compress), each written once however many reports link it
//
// Version 1 containers (ledger v2, no evidence) still open: they have only the first three parts.
//
// Why a zip of per-month segments: a month's segment is compressed once and then copied byte for
// byte into every later backup until that month changes again — so a backup of ten years of monthly
// reports costs what the changed months cost; a reader can open one month without the rest; and
// any zip tool can look inside. Reading assembles the document and sends it through restoreLedger,
// the one door in, so a container is validated and migrated exactly like a JSON file.

import { crc32 } from './zip/crc32.ts';
import type { DeflateCodec } from './zip/deflate.ts';
import { ZipError, ZipReader, type RandomAccess, type ZipLimits } from './zip/zip-reader.ts';
import { ZipWriter, type ZipData } from './zip/zip-writer.ts';
import {
  LEDGER_FORMAT,
  LEDGER_VERSION,
  LedgerFileError,
  recordsAsNow,
  restoreLedger,
  type Ledger,
} from './ledger-file.ts';
import type { AuditEntry, ImportBatch, Period, ProgressReport } from './model.ts';
import type { Attachment } from './evidence/model.ts';
import type { ExtensionRequest } from './extension.ts';
import type { Review } from './review.ts';
import type { ZipDirEntry } from './zip/zip-reader.ts';

/** v2: evidence links, reviews, extensions and `files/<sha256>`. */
export const CONTAINER_VERSION = 2;
export const HEADER_ENTRY = 'taizhang.json';
export const FILES_PREFIX = 'files/';

import { SEGMENT_PARTS, segmentName, type SegmentPart } from './segments.ts';

export { SEGMENT_PARTS, segmentName, type SegmentPart };

export interface SegmentRecordTypes {
  reports: ProgressReport;
  audit: AuditEntry;
  imports: ImportBatch;
  attachments: Attachment;
  reviews: Review;
  extensions: ExtensionRequest;
}

/** The document without its long lists (what the header holds). */
export type LedgerFrame = Omit<Ledger, SegmentPart>;

/** A ledger without its monthly parts: what a container's header holds. */
export function ledgerFrame(ledger: Ledger): LedgerFrame {
  const frame: Partial<Ledger> = { ...ledger };
  for (const part of SEGMENT_PARTS) delete frame[part];
  return frame as LedgerFrame;
}

/** An evidence file as the container stores it: its bytes (raw or deflated) and their checksum. */
export interface ContainerFile {
  sha256: string;
  crc32: number;
  /** Uncompressed size. */
  size: number;
  method: 0 | 8;
  data: ZipData;
}

/** An evidence file found in a container: where its bytes are, without reading them. */
export interface ContainerFileRef {
  sha256: string;
  entry: ZipDirEntry;
  /** Where the entry's data starts in the file (after its local header). */
  dataStart: number;
}

/** One month of one part, compressed, ready to be copied into an archive. */
export interface Segment {
  part: SegmentPart;
  period: Period;
  count: number;
  crc: number;
  size: number;
  /** Raw deflate of the JSON lines. */
  data: ZipData;
}

export type LedgerHeader = LedgerFrame & {
  container: number;
  segments: { part: SegmentPart; period: Period; count: number }[];
};

const utf8 = new TextEncoder();
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `reports/2021-03.jsonl` → its part and period; null for anything else. */
export function parseSegmentName(name: string): { part: SegmentPart; period: Period } | null {
  const m = /^(reports|audit|imports|attachments|reviews|extensions)\/(\d{4}-\d{2})\.jsonl$/.exec(name);
  return m && PERIOD.test(m[2] as string) ? { part: m[1] as SegmentPart, period: m[2] as string } : null;
}

/** Records in a stable order, so the same month always compresses to the same bytes. */
export function sortSegment<P extends SegmentPart>(
  part: P,
  records: SegmentRecordTypes[P][],
): SegmentRecordTypes[P][] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  if (part === 'reports')
    return (records as ProgressReport[]).sort(
      (a, b) => cmp(a.taskId, b.taskId) || cmp(a.unit, b.unit),
    ) as never;
  if (part === 'audit')
    return (records as AuditEntry[]).sort((a, b) => cmp(a.at, b.at) || cmp(a.id, b.id)) as never;
  if (part === 'imports')
    return (records as ImportBatch[]).sort(
      (a, b) => cmp(a.importedAt, b.importedAt) || cmp(a.id, b.id),
    ) as never;
  if (part === 'attachments')
    return (records as Attachment[]).sort((a, b) => cmp(a.addedAt, b.addedAt) || cmp(a.id, b.id)) as never;
  if (part === 'reviews')
    return (records as Review[]).sort((a, b) => cmp(a.taskId, b.taskId) || cmp(a.unit, b.unit)) as never;
  return (records as ExtensionRequest[]).sort(
    (a, b) => cmp(a.requestedAt, b.requestedAt) || cmp(a.id, b.id),
  ) as never;
}

export async function encodeSegment<P extends SegmentPart>(
  part: P,
  period: Period,
  records: SegmentRecordTypes[P][],
  codec: DeflateCodec,
): Promise<Segment> {
  const text = sortSegment(part, records)
    .map((r) => JSON.stringify(r))
    .join('\n');
  const raw = utf8.encode(text);
  return {
    part,
    period,
    count: records.length,
    crc: (codec.crc32 ?? crc32)(raw),
    size: raw.length,
    data: await codec.deflate(raw),
  };
}

/** The archive's parts, in order: wrap them in a Blob, or write them to a file one after another. */
export async function buildContainer(
  ledger: LedgerFrame,
  segments: readonly Segment[],
  codec: DeflateCodec,
  savedAt: string,
  files: readonly ContainerFile[] = [],
): Promise<ZipData[]> {
  const ordered = [...segments].sort(
    (a, b) => SEGMENT_PARTS.indexOf(a.part) - SEGMENT_PARTS.indexOf(b.part) || (a.period < b.period ? -1 : 1),
  );
  const header: LedgerHeader = {
    ...ledger,
    format: LEDGER_FORMAT,
    version: LEDGER_VERSION,
    savedAt,
    container: CONTAINER_VERSION,
    segments: ordered.map((s) => ({ part: s.part, period: s.period, count: s.count })),
  };
  const headerRaw = utf8.encode(JSON.stringify(header));
  const zip = new ZipWriter();
  zip.add({
    name: HEADER_ENTRY,
    method: 8,
    crc: (codec.crc32 ?? crc32)(headerRaw),
    size: headerRaw.length,
    data: await codec.deflate(headerRaw),
  });
  for (const s of ordered)
    zip.add({ name: segmentName(s.part, s.period), method: 8, crc: s.crc, size: s.size, data: s.data });
  for (const f of files)
    zip.add({
      name: `${FILES_PREFIX}${f.sha256}`,
      method: f.method,
      crc: f.crc32,
      size: f.size,
      data: f.data,
    });
  return zip.finish();
}

/** Every segment of a whole ledger held in memory (the CLI writing a container file). */
export async function segmentsOf(ledger: Pick<Ledger, SegmentPart>, codec: DeflateCodec): Promise<Segment[]> {
  const out: Segment[] = [];
  for (const part of SEGMENT_PARTS) {
    const byPeriod = new Map<Period, SegmentRecordTypes[typeof part][]>();
    for (const r of ledger[part] as SegmentRecordTypes[typeof part][]) {
      const list = byPeriod.get(r.period);
      if (list) list.push(r);
      else byPeriod.set(r.period, [r]);
    }
    for (const [period, records] of byPeriod) out.push(await encodeSegment(part, period, records, codec));
  }
  return out;
}

/** A zip's first bytes. */
export function looksLikeContainer(first: Uint8Array): boolean {
  return first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04;
}

/** Limits for reading a ledger container: one month's segment can not be larger than this. */
export const CONTAINER_LIMITS: ZipLimits = {
  maxEntrySize: 256 * 1024 * 1024,
  maxEntries: 2_000_000,
  maxRatio: 1100,
};

const textDecoder = new TextDecoder('utf-8', { fatal: true });

function corrupt(log: string): LedgerFileError {
  return new LedgerFileError('invalid', '台账文件已损坏或被改动，无法读取。', log);
}

/** Read a container into a validated ledger (through restoreLedger). */
export async function readContainer(source: RandomAccess, codec: DeflateCodec): Promise<Ledger> {
  return (await readContainerWithFiles(source, codec)).ledger;
}

/** A ledger and where its evidence files' bytes are (nothing of them is read). */
export interface LedgerWithFiles {
  ledger: Ledger;
  files: Map<string, ContainerFileRef>;
  /**
   * Each month's segment as stored (compressed, CRC-checked on the way in), so a writer can copy the
   * months it did not change into the next file byte for byte; empty when the file needed migrating
   * (its records are not what this version writes).
   */
  segments: Segment[];
}

/**
 * Read a container into a validated ledger, the places of its evidence files and its segments as
 * stored. Every attachment must have its `files/<sha256>` entry; files no attachment links to are
 * left out.
 */
export async function readContainerWithFiles(
  source: RandomAccess,
  codec: DeflateCodec,
): Promise<LedgerWithFiles> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(source, codec.inflate, CONTAINER_LIMITS, codec.crc32);
  } catch (err) {
    if (err instanceof ZipError) throw corrupt(`container: ${err.message}`);
    throw err;
  }
  const headerEntry = zip.find(HEADER_ENTRY);
  if (!headerEntry)
    throw new LedgerFileError(
      'foreign',
      '这不是台账数据文件（压缩包中没有 taizhang.json）。',
      'zip without taizhang.json',
    );
  const parse = async (name: string, entry = zip.find(name)): Promise<unknown[]> => {
    if (!entry) throw corrupt(`container: ${name} listed in the header but missing`);
    let text: string;
    try {
      text = textDecoder.decode(await zip.read(entry));
    } catch (err) {
      throw corrupt(`container: ${name}: ${(err as Error).message}`);
    }
    if (text === '') return [];
    const out: unknown[] = [];
    let line = 0;
    for (const piece of text.split('\n')) {
      line++;
      try {
        out.push(JSON.parse(piece));
      } catch {
        throw corrupt(`container: ${name} line ${line} is not JSON`);
      }
    }
    return out;
  };
  let headerDoc: Record<string, unknown>;
  try {
    headerDoc = JSON.parse(textDecoder.decode(await zip.read(headerEntry))) as Record<string, unknown>;
  } catch (err) {
    throw corrupt(`container: header: ${(err as Error).message}`);
  }
  if (!headerDoc || typeof headerDoc !== 'object' || headerDoc.format !== LEDGER_FORMAT)
    throw new LedgerFileError(
      'foreign',
      '这不是台账数据文件（缺少 taizhang-ledger 标识）。',
      'container header is not a taizhang-ledger',
    );
  if (typeof headerDoc.container !== 'number' || headerDoc.container > CONTAINER_VERSION)
    throw new LedgerFileError(
      'newer-version',
      '该文件由较新版本的台账保存，请升级本软件后再打开。',
      `container version ${String(headerDoc.container)} is newer than ${CONTAINER_VERSION}`,
    );
  const listed = Array.isArray(headerDoc.segments)
    ? (headerDoc.segments as { part?: unknown; period?: unknown; count?: unknown }[])
    : [];
  const parts: Record<SegmentPart, unknown[]> = {
    reports: [],
    audit: [],
    imports: [],
    attachments: [],
    reviews: [],
    extensions: [],
  };
  const stored: Segment[] = [];
  const seen = new Set<string>();
  for (const s of listed) {
    const name =
      typeof s.part === 'string' && typeof s.period === 'string' ? `${s.part}/${s.period}.jsonl` : '';
    const parsed = parseSegmentName(name);
    if (!parsed || seen.has(name)) throw corrupt(`container: bad or repeated segment ${JSON.stringify(s)}`);
    seen.add(name);
    const records = await parse(name);
    if (records.length !== s.count)
      throw corrupt(`container: ${name} holds ${records.length} records, header says ${String(s.count)}`);
    for (const r of records) {
      if (!r || typeof r !== 'object' || (r as { period?: unknown }).period !== parsed.period)
        throw corrupt(`container: a record in ${name} belongs to another month`);
      parts[parsed.part].push(r);
    }
    const entry = zip.find(name)!;
    if (entry.method === 8)
      stored.push({
        ...parsed,
        count: records.length,
        crc: entry.crc,
        size: entry.size,
        data: await zip.readStored(entry),
      });
  }
  for (const e of zip.entries)
    if (parseSegmentName(e.name) && !seen.has(e.name))
      throw corrupt(`container: ${e.name} is not listed in the header`);
  const { container: _c, segments: _s, ...doc } = headerDoc;
  const ledger = restoreLedger({ ...doc, ...parts });
  const files = new Map<string, ContainerFileRef>();
  const entries = new Map(zip.entries.map((e) => [e.name, e]));
  for (const a of ledger.attachments) {
    if (files.has(a.sha256)) continue;
    const entry = entries.get(`${FILES_PREFIX}${a.sha256}`);
    if (!entry) throw corrupt(`container: attachment ${a.id} has no ${FILES_PREFIX}${a.sha256}`);
    if (entry.method !== 0 && entry.method !== 8)
      throw corrupt(`container: ${entry.name} uses method ${entry.method}`);
    try {
      files.set(a.sha256, { sha256: a.sha256, entry, dataStart: await zip.dataStart(entry) });
    } catch (err) {
      throw corrupt(`container: ${entry.name}: ${(err as Error).message}`);
    }
  }
  // Months stored as this version writes them are reused as they are by the next write.
  return { ledger, files, segments: recordsAsNow(headerDoc.version) ? stored : [] };
}

/**
 * The segments of a ledger to write: the stored ones for months nothing changed, fresh ones for
 * the months in `changed` (and for any month without a stored segment).
 */
export async function segmentsReusing(
  ledger: Pick<Ledger, SegmentPart>,
  stored: readonly Segment[],
  changed: ReadonlySet<Period>,
  codec: DeflateCodec,
): Promise<Segment[]> {
  const keep = new Map(
    stored.filter((s) => !changed.has(s.period)).map((s) => [segmentName(s.part, s.period), s]),
  );
  const out: Segment[] = [];
  for (const part of SEGMENT_PARTS) {
    const byPeriod = new Map<Period, SegmentRecordTypes[typeof part][]>();
    for (const r of ledger[part] as SegmentRecordTypes[typeof part][]) {
      const list = byPeriod.get(r.period);
      if (list) list.push(r);
      else byPeriod.set(r.period, [r]);
    }
    for (const [period, records] of byPeriod) {
      const kept = keep.get(segmentName(part, period));
      // The count is a cheap second check that the month really is as it was read.
      out.push(
        kept && kept.count === records.length ? kept : await encodeSegment(part, period, records, codec),
      );
    }
  }
  return out;
}

/** Largest ledger read as JSON text: past this a ledger must be a container. */
export const MAX_JSON_LEDGER_BYTES = 400 * 1024 * 1024;

/** Read a ledger in either encoding — a container, or JSON text (any version) — validated. */
export async function readLedgerSource(source: RandomAccess, codec: DeflateCodec): Promise<Ledger> {
  return (await readLedgerSourceWithFiles(source, codec)).ledger;
}

/** Either encoding, with the evidence files' places (none in JSON, which can not hold them). */
export async function readLedgerSourceWithFiles(
  source: RandomAccess,
  codec: DeflateCodec,
): Promise<LedgerWithFiles> {
  const first = await source.read(0, Math.min(4, source.size));
  if (looksLikeContainer(first)) return readContainerWithFiles(source, codec);
  if (source.size > MAX_JSON_LEDGER_BYTES)
    throw new LedgerFileError(
      'invalid',
      '文件过大，不是本软件保存的台账文件。',
      `JSON ledger of ${source.size} bytes exceeds ${MAX_JSON_LEDGER_BYTES}`,
    );
  const bytes = await source.read(0, source.size);
  const ledger = restoreLedger(new TextDecoder('utf-8').decode(bytes));
  if (ledger.attachments.length > 0)
    throw new LedgerFileError(
      'invalid',
      '这个 JSON 台账文件列出了佐证材料，但 JSON 格式不能包含文件本身；请使用 .taizhang 格式的台账或备份。',
      `JSON ledger lists ${ledger.attachments.length} attachment(s) it can not hold`,
    );
  return { ledger, files: new Map(), segments: [] };
}
