// A file written in pieces that must never be seen half-written: a hidden temp file created with 'wx'
// (never reusing an existing file), appended to chunk by chunk up to a size cap, then finished —
// fsynced and closed, for its owner to rename into place — or discarded (deleted). Operations run in
// call order, one at a time; a failed append, or one past the cap, discards the file. Used by ledger
// backups (backups.ts) and by files the user saves through a dialog (pending-save.ts).
import { open, rm, statfs, type FileHandle } from 'node:fs/promises';
import { DISK_FULL_MARK } from '../shared/ipc-contract.ts';

export class TempFile {
  private file: FileHandle | null;
  private written = 0;
  private state: 'open' | 'closed' = 'open';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    file: FileHandle,
    readonly maxBytes: number,
    /** What is being written, for messages: `Backup`, `Save`. */
    private readonly what: string,
  ) {
    this.file = file;
  }

  static async create(path: string, maxBytes: number, what: string): Promise<TempFile> {
    return new TempFile(path, await open(path, 'wx'), maxBytes, what);
  }

  /** Bytes appended so far. */
  get bytes(): number {
    return this.written;
  }

  /** False once finished, discarded or failed. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Run `work` after every operation queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  assertOpen(): void {
    if (this.state !== 'open') throw new Error(`${this.what} refused: this file is no longer open`);
  }

  /** Close and delete the file. Safe to call more than once (call it inside run()). */
  async discard(): Promise<void> {
    this.state = 'closed';
    const file = this.file;
    this.file = null;
    await file?.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }

  /** Append the next chunk. Going over maxBytes, or a failed write, deletes the file. */
  append(bytes: Uint8Array): Promise<void> {
    return this.run(async () => {
      this.assertOpen();
      if (this.written + bytes.byteLength > this.maxBytes) {
        await this.discard();
        throw new Error(`${this.what} refused: larger than ${this.maxBytes} bytes`);
      }
      try {
        let done = 0;
        while (done < bytes.byteLength) {
          const { bytesWritten } = await (this.file as FileHandle).write(
            bytes,
            done,
            bytes.byteLength - done,
          );
          done += bytesWritten;
        }
        this.written += done;
      } catch (err) {
        await this.discard();
        throw diskFullError(err, this.what);
      }
    });
  }

  /**
   * fsync and close (call it inside run()); the file stays where it is for the owner to check and
   * rename. On failure the file is deleted.
   */
  async finish(): Promise<void> {
    this.assertOpen();
    this.state = 'closed';
    const file = this.file as FileHandle;
    this.file = null;
    try {
      try {
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (err) {
      await rm(this.path, { force: true });
      // Some file systems report a full disk only when the data is flushed.
      throw diskFullError(err, this.what);
    }
  }
}
/**
 * A write that failed because the disk (or the user's quota) is full, as an error carrying DISK_FULL_MARK for
 * the renderer to explain; any other error as it was.
 */
export function diskFullError(err: unknown, what: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  // ENOSPC: the disk is full; EDQUOT: the user's quota on it is (Linux).
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return err;
  return new Error(`${what} refused (${DISK_FULL_MARK}): the disk is full (${(err as Error).message})`);
}

/** Bytes free to this user on the disk holding `dir`; Infinity when the system cannot say. */
export async function diskFreeBytes(dir: string): Promise<number> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return Infinity;
  }
}

/** Make a rename durable: fsync the folder. Windows cannot open a folder for that; some filesystems refuse. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort: the file itself was fsynced before the rename
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
