// Whole-ledger backups from the app's database, as ledger containers (shared/ledger-container.ts).
//
// Building one: each month's reports, audit entries and import batches are a segment, compressed
// once and kept in the `segments` table with the generation it was built for; the store's commit
// adds a row for every month it touches and advances its generation, so the table lists every month
// with data and a cached segment is used only while its month is unchanged. A backup therefore re-reads and re-compresses only the months
// changed since the last one (usually one) and copies the rest as they are — a Blob of Blobs, never
// one big string — and is checked against the ledger revision so it is one consistent snapshot.
//
// Keeping them (browser host; Electron keeps them as files through the host): one record per backup
// in the `backups` table, with the newest BACKUPS_KEPT_BY_KIND[kind] of each kind kept, so a run of
// imports never pushes out the backup taken before a restore, or the last one taken on quit.

import {
  buildContainer,
  encodeSegment,
  type Segment,
  type SegmentPart,
} from '../../shared/ledger-container.ts';
import { LEDGER_FORMAT, LEDGER_VERSION } from '../../shared/ledger.ts';
import type { ContainerFile, LedgerFrame } from '../../shared/ledger-container.ts';
import type { Period } from '../../shared/model.ts';
import { fflateCodec, streamCodec, type DeflateCodec } from '../../shared/zip/deflate.ts';
import type { DexieLedgerStore } from './ledger-store.ts';
import type { BackupKind, BackupRecord, SegmentRow, TaizhangDB } from './schema.ts';

export const BACKUPS_KEPT_BY_KIND: Readonly<Record<BackupKind, number>> = {
  import: 10,
  quit: 5,
  restore: 5,
  manual: 20,
};

/** Native deflate where the browser has it (Chromium), else fflate (tests in Node 20 have both). */
export const appCodec: DeflateCodec = streamCodec() ?? fflateCodec;

const PART_TABLE = {
  reports: 'reports',
  audit: 'audit',
  imports: 'imports',
  attachments: 'attachments',
  reviews: 'reviews',
  extensions: 'extensions',
} as const;

export interface BuiltBackup {
  data: Blob;
  reports: number;
  /** Segments compressed for this backup (the rest were reused). */
  rebuilt: number;
  segments: number;
}

/** Compress one month's segment for the generation `gen` it was read at; keep it if still current. */
async function rebuildSegment(
  store: DexieLedgerStore,
  part: SegmentPart,
  period: Period,
  codec: DeflateCodec,
): Promise<Segment> {
  const db = store.db;
  const table = db.table(PART_TABLE[part]);
  const { gen, records } = await db.transaction('r', [db.segments, table], async () => ({
    gen: ((await db.segments.get([part, period])) as SegmentRow | undefined)?.gen ?? 0,
    records: await table.where('period').equals(period).toArray(),
  }));
  const encoded = await encodeSegment(part, period, records as never[], codec);
  const data =
    encoded.data instanceof Blob ? encoded.data : new Blob([encoded.data as Uint8Array<ArrayBuffer>]);
  const segment: Segment = { ...encoded, data };
  await db.transaction('rw', db.segments, async () => {
    const now = (await db.segments.get([part, period])) as SegmentRow | undefined;
    // Keep it only if the month did not change while it was being compressed.
    if ((now?.gen ?? 0) !== gen) return;
    await db.segments.put({
      part,
      period,
      gen,
      built: { gen, count: segment.count, crc: segment.crc, size: segment.size, data },
    });
  });
  return segment;
}

/**
 * The whole ledger as one container Blob, a consistent snapshot (retried if a commit interleaves).
 * The months come from the segments table (the store's commit adds a row for every month it
 * touches), so no index of reports or audit entries is walked.
 */
export async function buildLedgerBackup(
  store: DexieLedgerStore,
  codec: DeflateCodec = appCodec,
): Promise<BuiltBackup> {
  const db = store.db;
  for (let attempt = 0; attempt < 4; attempt++) {
    const revision = await store.revision();
    const [plans, taskLinks, planRevisions, units, groupResolutions, settings, districtBases, rows, files] =
      await Promise.all([
        store
          .plans()
          .then((metas) =>
            Promise.all(metas.map(async (meta) => ({ ...meta, tasks: await store.tasks(meta.id) }))),
          ),
        db.taskLinks.toArray(),
        db.planRevisions.toArray(),
        store.units(),
        store.groupResolutions(),
        store.settings(),
        db.planDistrictBases.toArray(),
        db.segments.toArray(),
        evidenceFiles(db),
      ]);
    const segments: Segment[] = [];
    let rebuilt = 0;
    let reports = 0;
    for (const row of rows) {
      let segment: Segment;
      if (row.built && row.built.gen === row.gen) {
        const b = row.built;
        segment = {
          part: row.part,
          period: row.period,
          count: b.count,
          crc: b.crc,
          size: b.size,
          data: b.data,
        };
      } else {
        segment = await rebuildSegment(store, row.part, row.period, codec);
        rebuilt++;
      }
      if (segment.count === 0) continue; // every record of the month was removed since
      segments.push(segment);
      if (row.part === 'reports') reports += segment.count;
    }
    if ((await store.revision()) !== revision) continue;
    const frame: LedgerFrame = {
      format: LEDGER_FORMAT,
      version: LEDGER_VERSION,
      savedAt: new Date().toISOString(),
      plans,
      units,
      groupResolutions,
      settings,
      districtBases,
      taskLinks,
      planRevisions,
    };
    const parts = await buildContainer(frame, segments, codec, frame.savedAt, files);
    return {
      data: new Blob(parts as BlobPart[], { type: 'application/zip' }),
      reports,
      rebuilt,
      segments: segments.length,
    };
  }
  throw new Error('the ledger kept changing while the backup was being made; try again');
}

/**
 * The evidence files' bytes, as the Blobs IndexedDB hands back: handles to data on disk, so a ledger
 * of gigabytes of photos goes into a backup without a byte of it passing through the page's heap.
 */
async function evidenceFiles(db: TaizhangDB): Promise<ContainerFile[]> {
  const out: ContainerFile[] = [];
  await db.blobs.each((b) => {
    out.push({ sha256: b.sha256, crc32: b.crc32, size: b.size, method: b.method, data: b.data });
  });
  return out;
}

/** Keep a backup in the browser host; older ones of the same kind beyond the limit are dropped. */
export async function keepBrowserBackup(
  db: TaizhangDB,
  kind: BackupKind,
  data: Blob,
  reports: number,
  format: BackupRecord['format'] = 'container',
  savedAt = new Date().toISOString(),
): Promise<BackupRecord> {
  const record: BackupRecord = { kind, savedAt, format, bytes: data.size, reports, data };
  await db.transaction('rw', db.backups, async () => {
    record.id = await db.backups.add(record);
    const same = await db.backups.where('kind').equals(kind).sortBy('savedAt');
    const excess = same.length - BACKUPS_KEPT_BY_KIND[kind];
    if (excess > 0) await db.backups.bulkDelete(same.slice(0, excess).map((b) => b.id as number));
  });
  return record;
}

/** The browser host's backups, newest first (without their data). */
export async function listBrowserBackups(db: TaizhangDB): Promise<Omit<BackupRecord, 'data'>[]> {
  const rows: Omit<BackupRecord, 'data'>[] = [];
  await db.backups
    .orderBy('savedAt')
    .reverse()
    .each((b) => {
      const { data: _data, ...rest } = b;
      rows.push(rest);
    });
  return rows;
}

export async function readBrowserBackup(db: TaizhangDB, id: number): Promise<BackupRecord | undefined> {
  return db.backups.get(id);
}
