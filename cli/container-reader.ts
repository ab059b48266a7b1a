// A container ledger (`.taizhang`) read for a command that only reads — `import --dry-run` — one
// month's segment at a time, on demand, instead of whole. Reading a 100k-report ledger whole means
// inflating, decoding, parsing and validating ~100 MB of JSON lines; a dry run of one month's returns
// reads the header, the month's audit and imports and the latest earlier reports segment.
//
// What is checked, and when (shared/ledger-container.ts readContainer is the reference):
//  - on open, exactly what readContainer checks before it reads a segment: the zip's central
//    directory (bounds, overlaps), the header's format, container version and segment list (well
//    formed, no repeats, every listed segment present, no segment unlisted); then the header's
//    document (plan, units, resolutions, settings, district bases) through the ledger schema as
//    restoreLedger runs it, with no records. A header of a version whose records differ from this
//    version's needs migrating: open returns null and the caller reads the file whole, through
//    restoreLedger (one whose migrations change no record, recordsAsNow, is read as this version).
//  - when a segment is first read, what reading it whole checks of it: size and CRC-32 (zip
//    reader), UTF-8, one JSON value per line, the count the header lists, every record of the
//    segment's month; then the ledger schema over the header's document with this month's records
//    (so every record check and every document check that one month can fail — a report twice, an
//    id twice within the month — with restoreLedger's message and the whole file's path). The
//    parsed records are what is used, unknown keys dropped, as there.
// So every record a read answers from has passed the checks the whole-file read applies to it.
// Not checked: segments the command never needs, and what only the whole can show (an audit or
// batch id repeated in two different months); the next command that reads the file whole — any
// write does — finds those. A dry run never writes, so nothing unchecked is carried anywhere.
// Import batches are searched by hash or id over all months: a month's batches are parsed only if
// its text can hold that hash or id (see batchesMentioning); the others are inflated and CRC-checked,
// then searched as bytes.

import { open, type FileHandle } from 'node:fs/promises';
import {
  attachmentMatches,
  sortPlans,
  type AttachmentQuery,
  type LedgerReader,
} from '../shared/engine/read-port.ts';
import { continueAnswers, linkMap } from '../shared/continuity.ts';
import { sortTasks } from '../shared/task-view.ts';
import {
  reportKeyOf,
  rowKey,
  type ReportKey,
  type ReportRef,
  type RowKey,
  type RowRef,
} from '../shared/keys.ts';
import type { Attachment } from '../shared/evidence/model.ts';
import type { ExtensionRequest } from '../shared/extension.ts';
import type { Review } from '../shared/review.ts';
import {
  CONTAINER_LIMITS,
  CONTAINER_VERSION,
  FILES_PREFIX,
  HEADER_ENTRY,
  ledgerFrame,
  type LedgerFrame,
  looksLikeContainer,
  parseSegmentName,
  type SegmentPart,
  type SegmentRecordTypes,
} from '../shared/ledger-container.ts';
import {
  LEDGER_FORMAT,
  LEDGER_VERSION,
  recordsAsNow,
  validateLedger,
  LedgerFileError,
  type LedgerSettings,
} from '../shared/ledger-file.ts';
import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  Period,
  PlanMeta,
  PlanRevision,
  ProgressReport,
  Task,
  TaskLink,
  Unit,
} from '../shared/model.ts';
import type { DistrictBase } from '../shared/return-exchange.ts';
import { ZipError, ZipReader, type RandomAccess, type ZipDirEntry } from '../shared/zip/zip-reader.ts';
import { fileSource, nodeCodec } from './node-io.ts';

type Frame = LedgerFrame;

interface ListedSegment {
  part: SegmentPart;
  period: Period;
  name: string;
  /** The record count the header lists (-1 when it lists none), and as written, for messages. */
  count: number;
  declared: unknown;
  entry: ZipDirEntry;
  /** Index of the segment's first record in the whole document's list (for messages). */
  offset: number;
}

const HEX_64 = /^[0-9a-f]{64}$/;
const SHA256_KEY_BYTES = Buffer.from('"sha256"', 'latin1');
const COLON = 0x3a;
const QUOTE = 0x22;
const textDecoder = new TextDecoder('utf-8', { fatal: true });

const EMPTY_LISTS = { reports: [], audit: [], imports: [], attachments: [], reviews: [], extensions: [] };

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * The string values of `"sha256"` keys in JSON bytes without `\u` escapes (see hashesIn), read from
 * the bytes themselves: Buffer's native search finds each key, and only the value is made a string
 * (latin1, byte for byte). Decoding every month's batches to text first cost ~40 ms a dry run.
 */
export function sha256Values(bytes: Buffer): Set<string> {
  const out = new Set<string>();
  const key = SHA256_KEY_BYTES;
  for (let at = bytes.indexOf(key); at >= 0; at = bytes.indexOf(key, at + key.length)) {
    let i = at + key.length;
    while (i < bytes.length && isJsonSpace(bytes[i] as number)) i++;
    if (bytes[i] !== COLON) continue; // a value "sha256", not a key
    i++;
    while (i < bytes.length && isJsonSpace(bytes[i] as number)) i++;
    if (bytes[i] !== QUOTE) continue;
    const end = bytes.indexOf(QUOTE, i + 1);
    if (end < 0) break;
    out.add(bytes.toString('latin1', i + 1, end));
  }
  return out;
}

function corrupt(log: string): LedgerFileError {
  return new LedgerFileError('invalid', '台账文件已损坏或被改动，无法读取。', log);
}

export class ContainerLedgerReader implements LedgerReader {
  private readonly raw = new Map<string, Promise<Buffer>>();
  private readonly records = new Map<string, Promise<unknown[]>>();
  private readonly reportIndexes = new Map<string, Promise<Map<RowKey, ProgressReport>>>();
  private readonly hashIndex = new Map<string, Promise<Set<string> | null>>();

  private constructor(
    private readonly handle: FileHandle,
    private readonly zip: ZipReader,
    private readonly frame: Frame,
    private readonly segments: readonly ListedSegment[],
  ) {}

  /**
   * Open a ledger file for reading segment by segment. Null when the file is not a container of the
   * current version (read it whole instead); throws LedgerFileError for a container that is broken.
   */
  static async open(path: string): Promise<ContainerLedgerReader | null> {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      const source = fileSource(handle, info.size);
      if (!looksLikeContainer(await source.read(0, Math.min(4, info.size)))) {
        await handle.close();
        return null;
      }
      const reader = await ContainerLedgerReader.read(handle, source);
      if (!reader) await handle.close();
      return reader;
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  private static async read(handle: FileHandle, source: RandomAccess): Promise<ContainerLedgerReader | null> {
    let zip: ZipReader;
    try {
      zip = await ZipReader.open(source, nodeCodec.inflate, CONTAINER_LIMITS, nodeCodec.crc32);
    } catch (err) {
      if (err instanceof ZipError) throw corrupt(`container: ${err.message}`);
      throw err;
    }
    const byName = new Map(zip.entries.map((e) => [e.name, e]));
    const headerEntry = byName.get(HEADER_ENTRY);
    if (!headerEntry)
      throw new LedgerFileError(
        'foreign',
        '这不是台账数据文件（压缩包中没有 taizhang.json）。',
        'zip without taizhang.json',
      );
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
    const segments: ListedSegment[] = [];
    const seen = new Set<string>();
    const offsets: Record<SegmentPart, number> = {
      reports: 0,
      audit: 0,
      imports: 0,
      attachments: 0,
      reviews: 0,
      extensions: 0,
    };
    for (const s of listed) {
      const name =
        typeof s.part === 'string' && typeof s.period === 'string' ? `${s.part}/${s.period}.jsonl` : '';
      const parsed = parseSegmentName(name);
      if (!parsed || seen.has(name)) throw corrupt(`container: bad or repeated segment ${JSON.stringify(s)}`);
      seen.add(name);
      const entry = byName.get(name);
      if (!entry) throw corrupt(`container: ${name} listed in the header but missing`);
      const count = typeof s.count === 'number' && Number.isInteger(s.count) && s.count >= 0 ? s.count : -1;
      segments.push({ ...parsed, name, count, declared: s.count, entry, offset: offsets[parsed.part] });
      offsets[parsed.part] += Math.max(count, 0);
    }
    for (const e of zip.entries)
      if (parseSegmentName(e.name) && !seen.has(e.name))
        throw corrupt(`container: ${e.name} is not listed in the header`);
    // A version whose records differ needs migrating (or is refused): that is restoreLedger's, on
    // the whole file. One whose migrations change no record is read as this version.
    if (!recordsAsNow(headerDoc.version)) return null;
    const { container: _c, segments: _s, ...doc } = headerDoc;
    const frame = validateLedger({ ...doc, version: LEDGER_VERSION, ...EMPTY_LISTS });
    const rest = ledgerFrame(frame);
    return new ContainerLedgerReader(handle, zip, rest, segments);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private segmentsOf(part: SegmentPart): ListedSegment[] {
    return this.segments.filter((s) => s.part === part);
  }

  private async text(seg: ListedSegment): Promise<string> {
    const bytes = await this.bytes(seg);
    this.raw.delete(seg.name); // parsed from here on: the bytes are not needed again
    try {
      return textDecoder.decode(bytes);
    } catch (err) {
      throw corrupt(`container: ${seg.name}: ${(err as Error).message}`);
    }
  }

  /** A segment's records, checked as reading the whole file checks them (each segment read once). */
  private load<P extends SegmentPart>(seg: ListedSegment): Promise<SegmentRecordTypes[P][]> {
    let loaded = this.records.get(seg.name);
    if (!loaded) {
      loaded = this.parse(seg);
      this.records.set(seg.name, loaded);
    }
    return loaded as Promise<SegmentRecordTypes[P][]>;
  }

  private async parse(seg: ListedSegment): Promise<unknown[]> {
    const text = await this.text(seg);
    const raw: unknown[] = [];
    if (text !== '') {
      let line = 0;
      for (const piece of text.split('\n')) {
        line++;
        try {
          raw.push(JSON.parse(piece));
        } catch {
          throw corrupt(`container: ${seg.name} line ${line} is not JSON`);
        }
      }
    }
    if (raw.length !== seg.count)
      throw corrupt(
        `container: ${seg.name} holds ${raw.length} records, header says ${String(seg.declared)}`,
      );
    for (const r of raw)
      if (!r || typeof r !== 'object' || (r as { period?: unknown }).period !== seg.period)
        throw corrupt(`container: a record in ${seg.name} belongs to another month`);
    // The whole-document schema over the header and this month alone: the record checks and the
    // document's own (nothing twice, …) as far as they concern one month, paths made whole-file.
    const doc = { ...this.frame, ...EMPTY_LISTS, [seg.part]: raw };
    return validateLedger(doc, (path) =>
      path[0] === seg.part && typeof path[1] === 'number'
        ? [seg.part, seg.offset + path[1], ...path.slice(2)]
        : path,
    )[seg.part];
  }

  /** A segment's bytes, inflated and checked (size, CRC-32), kept for the next search. */
  private bytes(seg: ListedSegment): Promise<Buffer> {
    let bytes = this.raw.get(seg.name);
    if (!bytes) {
      bytes = this.zip.read(seg.entry).then(
        (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
        (err: unknown) => {
          throw corrupt(`container: ${seg.name}: ${(err as Error).message}`);
        },
      );
      this.raw.set(seg.name, bytes);
    }
    return bytes;
  }

  /**
   * Import batches of every segment that may hold a string equal to `needle`. Exact, not a guess:
   * JSON text spells a string either literally or with backslash escapes, and a string without `"`,
   * `\`, `/` or control characters can be escaped only as `\uXXXX`; so a segment holding neither
   * the needle nor `\u` (or, for other needles, no backslash at all) holds no such string.
   */
  private async batchesMentioning(needle: string): Promise<ImportBatch[]> {
    // eslint-disable-next-line no-control-regex -- control characters are what JSON must escape
    const escapeMark = /^[^"\\/\u0000-\u001f]*$/.test(needle) ? '\\u' : '\\';
    const out: ImportBatch[] = [];
    for (const seg of this.segmentsOf('imports')) {
      if (!this.records.has(seg.name)) {
        const bytes = await this.bytes(seg);
        if (!bytes.includes(needle, 0, 'utf8') && !bytes.includes(escapeMark, 0, 'utf8')) continue;
      }
      out.push(...(await this.load<'imports'>(seg)));
    }
    return out;
  }

  private reportIndex(seg: ListedSegment): Promise<Map<RowKey, ProgressReport>> {
    let index = this.reportIndexes.get(seg.name);
    if (!index) {
      index = this.load<'reports'>(seg).then((reports) => {
        const byPair = new Map<RowKey, ProgressReport>();
        for (const r of reports) byPair.set(rowKey(r.taskId, r.unit), r); // the last of a repeat wins
        return byPair;
      });
      this.reportIndexes.set(seg.name, index);
    }
    return index;
  }

  // --- the read port -------------------------------------------------------------------------

  async plans(): Promise<PlanMeta[]> {
    return sortPlans(this.frame.plans.map(({ tasks: _tasks, ...meta }) => meta));
  }

  async tasks(planId: string): Promise<Task[]> {
    return sortTasks(this.frame.plans.find((p) => p.id === planId)?.tasks ?? []);
  }

  async taskLinks(): Promise<TaskLink[]> {
    return this.frame.taskLinks;
  }

  async planRevisions(planId: string): Promise<PlanRevision[]> {
    return this.frame.planRevisions.filter((r) => r.planId === planId);
  }

  async units(): Promise<Unit[]> {
    return this.frame.units;
  }

  async groupResolutions(): Promise<GroupResolution[]> {
    return this.frame.groupResolutions;
  }

  async settings(): Promise<LedgerSettings> {
    return { ...this.frame.settings };
  }

  async reportsAsOf(period: Period, pairs: readonly RowRef[]): Promise<Map<RowKey, ProgressReport>> {
    const out = await this.ownReportsAsOf(period, pairs);
    await continueAnswers(period, pairs, out, linkMap(this.frame.taskLinks), (p, q) =>
      this.ownReportsAsOf(p, q),
    );
    return out;
  }

  /** reportsAsOf without continuity: the pairs' own reports. */
  private async ownReportsAsOf(
    period: Period,
    pairs: readonly RowRef[],
  ): Promise<Map<RowKey, ProgressReport>> {
    const missing = new Set(pairs.map((p) => rowKey(p.taskId, p.unit)));
    const found = new Map<RowKey, ProgressReport>();
    // Months at or before `period`, latest first, until every pair has its report.
    const months = this.segmentsOf('reports')
      .filter((s) => s.period <= period)
      .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
    for (const seg of months) {
      if (missing.size === 0) break;
      const index = await this.reportIndex(seg);
      for (const key of missing) {
        const r = index.get(key);
        if (r) {
          found.set(key, r);
          missing.delete(key);
        }
      }
    }
    const out = new Map<RowKey, ProgressReport>();
    for (const p of pairs) {
      const key = rowKey(p.taskId, p.unit);
      const r = found.get(key);
      if (r) out.set(key, r);
    }
    return out;
  }

  async auditOf(unit: string, period: Period): Promise<AuditEntry[]> {
    const seg = this.segments.find((s) => s.part === 'audit' && s.period === period);
    return seg ? (await this.load<'audit'>(seg)).filter((e) => e.unit === unit) : [];
  }

  async importsOf(unit: string, period: Period): Promise<ImportBatch[]> {
    const seg = this.segments.find((s) => s.part === 'imports' && s.period === period);
    return seg ? (await this.load<'imports'>(seg)).filter((b) => b.unit === unit) : [];
  }

  async importBatch(id: string): Promise<ImportBatch | undefined> {
    // The last batch of an id wins, as in a store indexed by id.
    return (await this.batchesMentioning(id)).findLast((b) => b.id === id);
  }

  async importsWithHash(sha256: string): Promise<ImportBatch[]> {
    if (!HEX_64.test(sha256))
      return (await this.batchesMentioning(sha256)).filter((b) => b.sha256 === sha256);
    // An import of 22 files asks 22 times: each month's hashes are collected once, not searched for
    // each file.
    const out: ImportBatch[] = [];
    for (const seg of this.segmentsOf('imports')) {
      if (!this.records.has(seg.name)) {
        const hashes = await this.hashesIn(seg);
        if (hashes && !hashes.has(sha256)) continue;
      }
      out.push(...(await this.load<'imports'>(seg)));
    }
    return out.filter((b) => b.sha256 === sha256);
  }

  /**
   * The value of every `"sha256"` key in a month's batches (nested ones too: a superset only makes a
   * month parsed). Exact for a hex hash: JSON spells such a key and value literally unless with
   * `\u` escapes — then null (search by parsing). One pass over the month's text, not one per file.
   */
  private hashesIn(seg: ListedSegment): Promise<Set<string> | null> {
    let hashes = this.hashIndex.get(seg.name);
    if (!hashes) {
      hashes = this.bytes(seg).then((bytes) => {
        if (bytes.includes('\\u', 0, 'utf8')) return null;
        return sha256Values(bytes);
      });
      this.hashIndex.set(seg.name, hashes);
    }
    return hashes;
  }

  async districtBase(planId: string, unit: string, period: Period): Promise<DistrictBase | undefined> {
    return this.frame.districtBases.find(
      (b) => b.planId === planId && b.unit === unit && b.period === period,
    );
  }

  private async partOf<P extends SegmentPart>(part: P, period?: Period): Promise<SegmentRecordTypes[P][]> {
    const out: SegmentRecordTypes[P][] = [];
    for (const seg of this.segmentsOf(part))
      if (period === undefined || seg.period === period) out.push(...(await this.load<P>(seg)));
    return out;
  }

  async reviews(refs: readonly ReportRef[]): Promise<Map<ReportKey, Review>> {
    const out = new Map<ReportKey, Review>();
    const wanted = new Set(refs.map((r) => reportKeyOf(r)));
    for (const period of new Set(refs.map((r) => r.period)))
      for (const r of await this.partOf('reviews', period))
        if (wanted.has(reportKeyOf(r))) out.set(reportKeyOf(r), r);
    return out;
  }

  async attachments(query: AttachmentQuery): Promise<Attachment[]> {
    const period = 'period' in query ? query.period : undefined;
    return (await this.partOf('attachments', period)).filter((a) => attachmentMatches(a, query));
  }

  async attachment(id: string): Promise<Attachment | undefined> {
    return (await this.partOf('attachments')).find((a) => a.id === id);
  }

  async knownBlobs(sha256s: readonly string[]): Promise<Set<string>> {
    const names = new Set(this.zip.entries.map((e) => e.name));
    return new Set(sha256s.filter((h) => names.has(`${FILES_PREFIX}${h}`)));
  }

  async extensions(row?: RowRef): Promise<ExtensionRequest[]> {
    const all = await this.partOf('extensions');
    return row ? all.filter((e) => e.taskId === row.taskId && e.unit === row.unit) : all;
  }
}
