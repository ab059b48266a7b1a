// Ledger backups on disk: <userData>/backups/taizhang-backup-<UTC time>[-<seq>]-<kind>.taizhang.
//
// Stores the ledger containers (zip files, 100+ MB for big ledgers) the renderer hands over in chunks —
// before each import, on quit, before a restore, on request — so a damaged IndexedDB or a bad import
// can always be recovered from a file. A backup is written to a hidden temp file in the same folder
// (`.taizhang-backup-….tmp`, created with 'wx'), chunk by chunk; on commit it is fsynced, checked to
// start with the zip signature `PK\x03\x04`, renamed to its real name and the folder fsynced, so a crash
// mid-write never leaves a truncated backup under a real name (temp files left by a crash are swept by
// removeStaleTemps at startup). Retention is per kind: the newest BACKUPS_KEPT_BY_KIND[kind] backups of
// each kind are kept, so many imports never push out the quit backups. Backups of earlier versions
// (`…-<kind>.json`, the ledger as JSON) are listed, read and pruned with their kind like the others.
// Main does not interpret the ledger beyond the zip signature.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { diskFreeBytes, syncDir, TempFile } from './temp-file.ts';
import { join } from 'node:path';
import {
  BACKUP_CHUNK_BYTES,
  BACKUP_NAME_PATTERN,
  BACKUPS_KEPT_BY_KIND,
  DISK_FULL_MARK,
  DISK_RESERVE_BYTES,
  MAX_BACKUP_BYTES,
  type BackupEntry,
  type BackupReason,
} from '../shared/ipc-contract.ts';

/** The first four bytes of every zip file (a local file header), so of every ledger container. */
export const ZIP_SIGNATURE: readonly number[] = [0x50, 0x4b, 0x03, 0x04];

/** Temp files of unfinished backups: this version's and the `.<name>.<pid>.tmp` of earlier versions. */
const TEMP_NAME_PATTERN = /^\.taizhang-backup-[^/\\]*\.tmp$/;

/** `2026-11-29T07:28:00.123Z` → `20261129T072800123Z` (sorts lexicographically by time). */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function stampToIso(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!m) return '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

interface ParsedName {
  name: string;
  stamp: string;
  seq: number;
  kind: BackupReason;
}

function parseBackupName(name: string): ParsedName | null {
  const m = BACKUP_NAME_PATTERN.exec(name);
  if (!m) return null;
  // The pattern only admits the four kinds.
  return { name, stamp: m[1] ?? '', seq: Number(m[2] ?? 0), kind: m[3] as BackupReason };
}

/** Newest first: by time stamp, then by the same-millisecond sequence number. */
function newestFirst(a: ParsedName, b: ParsedName): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? 1 : -1;
  return b.seq - a.seq;
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function backupNames(dir: string): Promise<ParsedName[]> {
  return (await namesIn(dir))
    .map(parseBackupName)
    .filter((p): p is ParsedName => p !== null)
    .sort(newestFirst);
}

/** Commits into one folder run one at a time, so two backups of the same millisecond get distinct names. */
const dirQueues = new Map<string, Promise<unknown>>();

function inDirQueue<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const result = (dirQueues.get(dir) ?? Promise.resolve()).then(work);
  const tail = result.catch(() => undefined);
  dirQueues.set(dir, tail);
  void tail.then(() => {
    if (dirQueues.get(dir) === tail) dirQueues.delete(dir);
  });
  return result;
}

async function startsWithZipSignature(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(ZIP_SIGNATURE.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && ZIP_SIGNATURE.every((b, i) => head[i] === b);
  } finally {
    await handle.close();
  }
}

/** Temp files of backups being written by this process (never swept). */
const openTemps = new Set<string>();

export interface PendingBackupOptions {
  /** Largest total size (all chunks); default MAX_BACKUP_BYTES. */
  maxBytes?: number;
  /** The backup's whole size, when the sender knows it: refused at once if the disk cannot hold it. */
  expectedBytes?: number;
  /** Free space on the disk of a folder (tests pass their own); default: the system's (statfs). */
  freeBytes?: (dir: string) => Promise<number>;
}

/**
 * One backup being written: a temp file in the backups folder that chunks are appended to, until
 * commit() gives it its real name or abort() deletes it. Operations run in call order, one at a time.
 * After a failed append or commit the temp file is gone and the backup is closed.
 */
export class PendingBackup {
  private constructor(
    readonly dir: string,
    readonly kind: BackupReason,
    private readonly temp: TempFile,
  ) {}

  /** Create the temp file (flag 'wx': never reuses an existing file). */
  static async begin(
    dir: string,
    kind: BackupReason,
    options: PendingBackupOptions = {},
  ): Promise<PendingBackup> {
    await mkdir(dir, { recursive: true });
    if (options.expectedBytes !== undefined) {
      const free = await (options.freeBytes ?? diskFreeBytes)(dir);
      if (free - options.expectedBytes < DISK_RESERVE_BYTES)
        throw new Error(
          `Backup refused (${DISK_FULL_MARK}): ${options.expectedBytes} bytes to write, ${free} free on the disk of ${dir}, ${DISK_RESERVE_BYTES} kept free`,
        );
    }
    const tempPath = join(
      dir,
      `.taizhang-backup-${kind}-${process.pid}-${randomBytes(8).toString('hex')}.tmp`,
    );
    openTemps.add(tempPath); // before it exists, so a concurrent removeStaleTemps never takes it
    try {
      return new PendingBackup(
        dir,
        kind,
        await TempFile.create(tempPath, options.maxBytes ?? MAX_BACKUP_BYTES, 'Backup'),
      );
    } catch (err) {
      openTemps.delete(tempPath);
      throw err;
    }
  }

  get tempPath(): string {
    return this.temp.path;
  }

  get maxBytes(): number {
    return this.temp.maxBytes;
  }

  /** Bytes appended so far. */
  get bytes(): number {
    return this.temp.bytes;
  }

  /** False once committed, aborted or failed. */
  get isOpen(): boolean {
    return this.temp.isOpen;
  }

  /** Delete the temp file and forget it. */
  private async discard(): Promise<void> {
    await this.temp.discard();
    openTemps.delete(this.tempPath);
  }

  /** Append the next chunk. Going over maxBytes, or a failed write, deletes the backup. */
  async append(bytes: Uint8Array): Promise<void> {
    try {
      await this.temp.append(bytes);
    } finally {
      if (!this.temp.isOpen) openTemps.delete(this.tempPath);
    }
  }

  /**
   * Finish the backup: fsync, check the zip signature (a payload that is not a ledger container is
   * refused and deleted), rename to `taizhang-backup-<stamp>[-<seq>]-<kind>.taizhang`, fsync the folder,
   * then keep only the newest `keep[kind]` backups of this kind.
   */
  commit(
    now: Date = new Date(),
    keep: Record<BackupReason, number> = BACKUPS_KEPT_BY_KIND,
  ): Promise<BackupEntry> {
    return this.temp.run(async () => {
      try {
        await this.temp.finish();
        if (!(await startsWithZipSignature(this.tempPath))) {
          throw new Error('Backup refused: the data is not a ledger container (zip)');
        }
      } catch (err) {
        if (!this.temp.isOpen) await this.discard();
        throw err;
      }
      const entry = await inDirQueue(this.dir, () => this.moveIntoPlace(now)).catch(async (err: unknown) => {
        await this.discard();
        throw err;
      });
      openTemps.delete(this.tempPath);
      try {
        await pruneBackups(this.dir, { keep, kind: this.kind, spare: entry.name });
      } catch (err) {
        console.error('[taizhang] pruning old backups failed:', err);
      }
      return entry;
    });
  }

  private async moveIntoPlace(now: Date): Promise<BackupEntry> {
    const stamp = backupStamp(now);
    const existing = new Set(await namesIn(this.dir));
    let name = `taizhang-backup-${stamp}-${this.kind}.taizhang`;
    for (let seq = 1; existing.has(name); seq++) {
      if (seq > 999) throw new Error('Backup refused: too many backups in the same millisecond');
      name = `taizhang-backup-${stamp}-${seq}-${this.kind}.taizhang`;
    }
    const path = join(this.dir, name);
    await rename(this.tempPath, path);
    await syncDir(this.dir);
    return { name, path, bytes: this.temp.bytes, createdAt: now.toISOString(), reason: this.kind };
  }

  /** Drop the backup and its temp file. A no-op once committed or aborted. */
  abort(): Promise<void> {
    return this.temp.run(async () => {
      if (this.temp.isOpen) await this.discard();
    });
  }
}

/** Write one complete backup in one go (chunked like the IPC path). Returns the new entry. */
export async function writeBackup(
  dir: string,
  bytes: Uint8Array,
  kind: BackupReason,
  now: Date = new Date(),
  keep: Record<BackupReason, number> = BACKUPS_KEPT_BY_KIND,
): Promise<BackupEntry> {
  const backup = await PendingBackup.begin(dir, kind);
  try {
    for (let at = 0; at < bytes.byteLength; at += BACKUP_CHUNK_BYTES) {
      await backup.append(bytes.subarray(at, at + BACKUP_CHUNK_BYTES));
    }
    return await backup.commit(now, keep);
  } catch (err) {
    await backup.abort();
    throw err;
  }
}

export interface PruneOptions {
  /** How many of each kind to keep; default BACKUPS_KEPT_BY_KIND. */
  keep?: Record<BackupReason, number>;
  /** Only prune this kind (default: every kind). */
  kind?: BackupReason;
  /** A name never to delete (the backup just written). */
  spare?: string;
}

/** Delete all but the newest `keep[kind]` backups of each kind in `dir`; returns the names deleted. */
export async function pruneBackups(dir: string, options: PruneOptions = {}): Promise<string[]> {
  const keep = options.keep ?? BACKUPS_KEPT_BY_KIND;
  const all = await backupNames(dir);
  const doomed: string[] = [];
  for (const kind of Object.keys(keep) as BackupReason[]) {
    if (options.kind !== undefined && kind !== options.kind) continue;
    const ofKind = all.filter((p) => p.kind === kind);
    for (const p of ofKind.slice(Math.max(0, keep[kind]))) if (p.name !== options.spare) doomed.push(p.name);
  }
  for (const name of doomed) await rm(join(dir, name), { force: true });
  return doomed;
}

/** Delete temp files of backups that are not being written now (left by a crash or a killed app). */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const stale = (await namesIn(dir)).filter(
    (name) => TEMP_NAME_PATTERN.test(name) && !openTemps.has(join(dir, name)),
  );
  for (const name of stale) await rm(join(dir, name), { force: true });
  return stale;
}

/** The backups in `dir` (containers and legacy JSON), newest first. */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  const entries: BackupEntry[] = [];
  for (const parsed of await backupNames(dir)) {
    const path = join(dir, parsed.name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    entries.push({
      name: parsed.name,
      path,
      bytes: info.size,
      createdAt: stampToIso(parsed.stamp),
      reason: parsed.kind,
    });
  }
  return entries;
}

/**
 * Up to `length` bytes of backup `name` in `dir` from `offset` (fewer at the end of the file, none past
 * it). The name must be one this module makes: no paths, no `..`.
 */
export async function readBackupRange(
  dir: string,
  name: string,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  if (!parseBackupName(name)) throw new Error(`Not a backup file name: ${JSON.stringify(name)}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`Invalid backup offset: ${offset}`);
  if (!Number.isSafeInteger(length) || length < 1 || length > BACKUP_CHUNK_BYTES) {
    throw new Error(`Invalid backup read length: ${length}`);
  }
  return readFileRange(join(dir, name), offset, length);
}

/**
 * Up to `length` bytes of the file at `path` from `offset`: fewer at the end of the file, none past
 * it. A short read gets its own small buffer (IPC would otherwise copy the whole unused rest).
 */
export async function readFileRange(path: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(out, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? out : out.slice(0, filled);
  } finally {
    await handle.close();
  }
}
