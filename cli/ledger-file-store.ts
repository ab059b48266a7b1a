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
import { open } from 'node:fs/promises';
import type { Decision } from '../shared/engine/change-set.ts';
import { MemoryLedgerStore } from '../shared/engine/memory-store.ts';
import type { LedgerReader } from '../shared/engine/read-port.ts';
import type { EvidenceBlob } from '../shared/evidence/model.ts';
import { ZipReader } from '../shared/zip/zip-reader.ts';
import {
  buildContainer,
  CONTAINER_LIMITS,
  FILES_PREFIX,
  looksLikeContainer,
  readLedgerSourceWithFiles,
  segmentsOf,
  type ContainerFileRef,
} from '../shared/ledger-container.ts';
import { LedgerFileError, writeLedgerParts, type Ledger } from '../shared/ledger-file.ts';
import { ContainerLedgerReader } from './container-reader.ts';
import { lockLedger, type LedgerLock } from './ledger-lock.ts';
import { fileSource, nodeCodec } from './node-io.ts';
import { removeStaleTemps, resolveTarget, writeFileSafely, type WritePart } from './safe-write.ts';

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
  identity: { mtimeMs: number; size: number };
  /** The evidence files' bytes: slices of the file on disk, read only when copied. */
  blobs: Map<string, EvidenceBlob>;
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
    const zip = await ZipReader.open(fileSource(handle, info.size), nodeCodec.inflate, CONTAINER_LIMITS);
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
    const identity = { mtimeMs: info.mtimeMs, size: info.size };
    const source = fileSource(handle, info.size);
    const encoding: LedgerEncoding = looksLikeContainer(await source.read(0, 4)) ? 'container' : 'json';
    const { ledger, files } = await readLedgerSourceWithFiles(source, nodeCodec);
    return { ledger, encoding, identity, blobs: await fileBlobs(path, ledger, files) };
  } finally {
    await handle.close();
  }
}

/** The bytes of a ledger in an encoding, as parts (never one giant string). */
export async function encodeLedger(
  ledger: Ledger,
  encoding: LedgerEncoding,
  now = new Date(),
  blobs: ReadonlyMap<string, EvidenceBlob> = new Map(),
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
  const {
    reports: _r,
    audit: _a,
    imports: _i,
    attachments: _at,
    reviews: _rv,
    extensions: _ex,
    ...frame
  } = ledger;
  const files = [...new Set(ledger.attachments.map((a) => a.sha256))].map((h) => {
    const b = blobs.get(h);
    if (!b) throw new Error(`ledger: no bytes for evidence file ${h}`);
    return { sha256: h, crc32: b.crc32, size: b.size, method: b.method, data: b.data };
  });
  return buildContainer(frame, await segmentsOf(ledger, nodeCodec), nodeCodec, now.toISOString(), files);
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

export class LedgerFileStore {
  private constructor(
    readonly path: string,
    readonly target: string,
    private readonly memory: MemoryLedgerStore,
    private encoding: LedgerEncoding,
    private identity: { mtimeMs: number; size: number } | null,
    private readonly lock: LedgerLock | null,
    /** The file did not exist: it is written on the first save. */
    readonly created: boolean,
  ) {}

  /**
   * Open a ledger file. `write`: take the lock (released by close). `create`: a missing file starts
   * from `fresh()` (written on the first commit), in the encoding its name asks for.
   */
  static async open(
    path: string,
    options: { write: boolean; command: string; fresh?: () => Ledger },
  ): Promise<LedgerFileStore> {
    const target = await resolveTarget(path);
    const lock = options.write ? await lockLedger(target, options.command) : null;
    try {
      if (options.write) await removeStaleTemps(target);
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
    return this.memory.run(useCase);
  }

  /** Write the ledger back (needs the lock): safely, and only if the file is as it was read. */
  async save(now = new Date()): Promise<void> {
    if (!this.lock) throw new Error('ledger opened read-only');
    const parts = await encodeLedger(this.memory.ledger, this.encoding, now, this.memory.blobs);
    await writeFileSafely(this.target, parts, { expectUnchanged: this.identity ?? undefined });
    const { stat } = await import('node:fs/promises');
    const info = await stat(this.target);
    this.identity = { mtimeMs: info.mtimeMs, size: info.size };
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
