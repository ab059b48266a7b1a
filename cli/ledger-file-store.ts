// The CLI's ledger store: a ledger file on disk, in either encoding of the taizhang-ledger document —
// JSON text (`台账.json`, what version 1 wrote) or the container (`台账.taizhang`, a zip of monthly
// segments; shared/ledger-container.ts). A file is written back in the encoding it was read in; a
// new file takes its encoding from its name. Reading goes through restoreLedger (validated,
// migrated); every change goes through a use case and MemoryLedgerStore.commit, then the whole file
// is written safely (cli/safe-write.ts) while this process holds the ledger's lock
// (cli/ledger-lock.ts) — and only if nobody changed the file since it was read. A command that only
// reads one month's worth (`import --dry-run`) opens a view instead (openLedgerView): a container is
// then read segment by segment as the use case asks (cli/container-reader.ts).

import { openAsBlob } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { periodsTouched, type Decision } from '../shared/engine/change-set.ts';
import { MemoryLedgerStore } from '../shared/engine/memory-store.ts';
import type { LedgerReader } from '../shared/engine/read-port.ts';
import type { EvidenceBlob } from '../shared/evidence/model.ts';
import { ZipReader } from '../shared/zip/zip-reader.ts';
import {
  buildContainer,
  CONTAINER_LIMITS,
  FILES_PREFIX,
  ledgerFrame,
  looksLikeContainer,
  readLedgerSourceWithFiles,
  segmentsReusing,
  type ContainerFileRef,
  type Segment,
} from '../shared/ledger-container.ts';
import { LedgerFileError, writeLedgerParts, type Ledger } from '../shared/ledger-file.ts';
import { ContainerLedgerReader } from './container-reader.ts';
import { LedgerLocked, lockLedger, type LedgerLock } from './ledger-lock.ts';
import { fileSource, nodeCodec } from './node-io.ts';
import {
  describeFsError,
  identityOf,
  removeStaleTemps,
  resolveTarget,
  writeFileSafely,
  type FileIdentity,
  type WritePart,
} from './safe-write.ts';

export { nodeCodec } from './node-io.ts';

export type LedgerEncoding = 'json' | 'container';

/** A new file's encoding, from its name: `.taizhang` (or `.zip`) is a container, anything else JSON. */
export function encodingForName(path: string): LedgerEncoding {
  return /\.(taizhang|zip)$/i.test(path) ? 'container' : 'json';
}

export interface LoadedLedger {
  ledger: Ledger;
  encoding: LedgerEncoding;
  /** The file as read, to detect a change underneath before writing. */
  identity: FileIdentity;
  /** The evidence files' bytes: slices of the file on disk, read only when copied. */
  blobs: Map<string, EvidenceBlob>;
  /** A container's month segments as stored, to copy unchanged months into the next save. */
  segments: Segment[];
}

/** Evidence files as Blobs over the ledger file itself (nothing is read until a write copies them). */
async function fileBlobs(
  path: string,
  ledger: Ledger,
  refs: ReadonlyMap<string, ContainerFileRef>,
): Promise<Map<string, EvidenceBlob>> {
  const out = new Map<string, EvidenceBlob>();
  if (refs.size === 0) return out;
  const whole = await openAsBlob(path);
  const kinds = new Map(ledger.attachments.map((a) => [a.sha256, a.kind]));
  for (const [sha256, ref] of refs) {
    const { entry, dataStart } = ref;
    out.set(sha256, {
      sha256,
      size: entry.size,
      kind: kinds.get(sha256) ?? 'pdf',
      crc32: entry.crc,
      method: entry.method === 8 ? 8 : 0,
      data: whole.slice(dataStart, dataStart + entry.compressedSize),
    });
  }
  return out;
}

/** After a write: the same files, now as slices of the new container (its directory only is read). */
async function repointBlobs(path: string, blobs: Map<string, EvidenceBlob>): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    const zip = await ZipReader.open(
      fileSource(handle, info.size),
      nodeCodec.inflate,
      CONTAINER_LIMITS,
      nodeCodec.crc32,
    );
    const whole = await openAsBlob(path);
    for (const [h, b] of blobs) {
      const entry = zip.find(`${FILES_PREFIX}${h}`);
      if (!entry) {
        blobs.delete(h);
        continue;
      }
      const start = await zip.dataStart(entry);
      blobs.set(h, {
        ...b,
        method: entry.method === 8 ? 8 : 0,
        data: whole.slice(start, start + entry.compressedSize),
      });
    }
  } finally {
    await handle.close();
  }
}

/** Read a ledger file in either encoding (throws LedgerFileError for anything that is not one). */
export async function readLedgerFile(path: string): Promise<LoadedLedger> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    const identity = identityOf(info);
    const source = fileSource(handle, info.size);
    const encoding: LedgerEncoding = looksLikeContainer(await source.read(0, 4)) ? 'container' : 'json';
    const { ledger, files, segments } = await readLedgerSourceWithFiles(source, nodeCodec);
    return { ledger, encoding, identity, blobs: await fileBlobs(path, ledger, files), segments };
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of a ledger in an encoding, as parts (never one giant string). A container copies the
 * `stored` segments of months not in `changed` as they are (a month is compressed once, then
 * copied until it changes); with nothing stored, every month is encoded.
 */
export async function encodeLedger(
  ledger: Ledger,
  encoding: LedgerEncoding,
  now = new Date(),
  blobs: ReadonlyMap<string, EvidenceBlob> = new Map(),
  reuse: { stored: readonly Segment[]; changed: ReadonlySet<string> } = { stored: [], changed: new Set() },
): Promise<WritePart[]> {
  if (encoding === 'json') {
    if (ledger.attachments.length > 0)
      throw new LedgerFileError(
        'invalid',
        'JSON 格式的台账不能保存佐证材料（照片、扫描件等）；请改用 .taizhang 格式的台账文件。',
        `a JSON ledger can not hold ${ledger.attachments.length} attachment(s)`,
      );
    return writeLedgerParts(ledger, now);
  }
  const frame = ledgerFrame(ledger);
  const files = [...new Set(ledger.attachments.map((a) => a.sha256))].map((h) => {
    const b = blobs.get(h);
    if (!b) throw new Error(`ledger: no bytes for evidence file ${h}`);
    return { sha256: h, crc32: b.crc32, size: b.size, method: b.method, data: b.data };
  });
  const segments = await segmentsReusing(ledger, reuse.stored, reuse.changed, nodeCodec);
  return buildContainer(frame, segments, nodeCodec, now.toISOString(), files);
}

/** A ledger opened only to read (a dry run): the port to read it through, and how to let it go. */
export interface LedgerView {
  reader: LedgerReader;
  close(): Promise<void>;
}

/**
 * Open a ledger only to read it: a container of the current version segment by segment, as the
 * reads ask (cli/container-reader.ts), any other file whole, through restoreLedger. A missing file
 * is `fresh()` when that is given. No lock: nothing is written.
 */
export async function openLedgerView(path: string, fresh?: () => Ledger): Promise<LedgerView> {
  let lazy: ContainerLedgerReader | null;
  try {
    lazy = await ContainerLedgerReader.open(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !fresh) throw err;
    return { reader: new MemoryLedgerStore(fresh()), close: async () => {} };
  }
  if (lazy) return { reader: lazy, close: () => lazy.close() };
  const { ledger, blobs } = await readLedgerFile(path);
  return { reader: new MemoryLedgerStore(ledger, blobs), close: async () => {} };
}

/** The ledger's lock; failing to create the lock file is a failure to write beside the ledger. */
async function takeLock(target: string, command: string): Promise<LedgerLock> {
  try {
    return await lockLedger(target, command);
  } catch (err) {
    if (err instanceof LedgerLocked) throw err;
    throw describeFsError(err, `${target}.lock`);
  }
}

export class LedgerFileStore {
  private constructor(
    readonly path: string,
    readonly target: string,
    private readonly memory: MemoryLedgerStore,
    private encoding: LedgerEncoding,
    /** The file as read or last written; null: it did not exist (and must not appear meanwhile). */
    private identity: FileIdentity | null,
    private readonly lock: LedgerLock | null,
    /** The file did not exist: it is written on the first save. */
    readonly created: boolean,
    /** Segments as read (a container) and the months changed since: see encodeLedger. */
    private stored: Segment[],
  ) {}

  private readonly changed = new Set<string>();

  /**
   * Open a ledger file. `write`: take the lock (released by close). `create`: a missing file starts
   * from `fresh()` (written on the first commit), in the encoding its name asks for.
   */
  static async open(
    path: string,
    options: { write: boolean; command: string; fresh?: () => Ledger },
  ): Promise<LedgerFileStore> {
    const target = await resolveTarget(path);
    const lock = options.write ? await takeLock(target, options.command) : null;
    try {
      if (options.write)
        await removeStaleTemps(target).catch((err: unknown) => {
          throw describeFsError(err, target);
        });
      let loaded: LoadedLedger | null = null;
      try {
        loaded = await readLedgerFile(target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !options.fresh) throw err;
      }
      const ledger = loaded?.ledger ?? (options.fresh as () => Ledger)();
      return new LedgerFileStore(
        path,
        target,
        new MemoryLedgerStore(ledger, loaded?.blobs ?? new Map()),
        loaded?.encoding ?? encodingForName(path),
        loaded?.identity ?? null,
        lock,
        loaded === null,
        loaded?.segments ?? [],
      );
    } catch (err) {
      await lock?.release();
      throw err;
    }
  }

  get reader(): LedgerReader & MemoryLedgerStore {
    return this.memory;
  }

  get ledger(): Ledger {
    return this.memory.ledger;
  }

  /** Decide and commit in memory (nothing is written until save). */
  async run<R>(useCase: (reader: LedgerReader) => Promise<Decision<R>> | Decision<R>): Promise<R> {
    return this.memory.run(async (reader) => {
      const decision = await useCase(reader);
      // Marked before the commit: a failed commit only costs re-encoding a month.
      for (const period of periodsTouched(decision.changes)) this.changed.add(period);
      // A restore replaces every month: nothing read from the file may be copied any more.
      if (decision.changes.replace) this.stored = [];
      return decision;
    });
  }

  /** Write the ledger back (needs the lock): safely, and only if the file is as it was read. */
  async save(now = new Date()): Promise<void> {
    if (!this.lock) throw new Error('ledger opened read-only');
    const parts = await encodeLedger(this.memory.ledger, this.encoding, now, this.memory.blobs, {
      stored: this.stored,
      changed: this.changed,
    });
    await writeFileSafely(this.target, parts, { expectUnchanged: this.identity ?? 'absent' });
    this.identity = identityOf(await stat(this.target));
    // The blobs pointed into the file just replaced: point them into the new one.
    if (this.memory.blobs.size > 0) await repointBlobs(this.target, this.memory.blobs);
  }

  /** The encoding the file is written in. */
  get fileEncoding(): LedgerEncoding {
    return this.encoding;
  }

  async close(): Promise<void> {
    await this.lock?.release();
  }
}
