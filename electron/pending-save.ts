// A file the user chose a place for in a save dialog, arriving over IPC in chunks (a return package
// with hundreds of photos is far larger than one IPC message may be). Written to a hidden temp file
// in the chosen folder (`.taizhang-save-<random>.part`), renamed over the chosen name only once
// complete and fsynced — so a crash, a closed window or a full disk never leaves a half-written file
// under the name the user picked, nor destroys the file it replaces before the new one is whole.
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_BACKUP_BYTES } from '../shared/ipc-contract.ts';
import { diskFullError, syncDir, TempFile } from './temp-file.ts';

export class PendingSave {
  private constructor(
    /** Where the file goes once complete (the path the save dialog returned). */
    readonly target: string,
    private readonly temp: TempFile,
  ) {}

  static async begin(target: string, maxBytes: number = MAX_BACKUP_BYTES): Promise<PendingSave> {
    // Named apart from the target, so a long chosen name (up to the 255 bytes a folder entry holds)
    // still leaves room for the temp file's.
    const temp = join(dirname(target), `.taizhang-save-${randomBytes(6).toString('hex')}.part`);
    return new PendingSave(target, await TempFile.create(temp, maxBytes, 'Save'));
  }

  /** A whole file the same way (a workbook sent in one message): the chosen name changes only once it is complete. */
  static async writeWhole(target: string, bytes: Uint8Array): Promise<string> {
    const save = await PendingSave.begin(target, Math.max(bytes.byteLength, 1));
    try {
      await save.append(bytes);
      return await save.commit();
    } catch (err) {
      await save.abort();
      throw err;
    }
  }

  get tempPath(): string {
    return this.temp.path;
  }

  get bytes(): number {
    return this.temp.bytes;
  }

  get isOpen(): boolean {
    return this.temp.isOpen;
  }

  /** Append the next chunk. Going over the cap, or a failed write, deletes the temp file. */
  append(bytes: Uint8Array): Promise<void> {
    return this.temp.append(bytes);
  }

  /** fsync, then put the file in place of the chosen name. Resolves the path written. */
  commit(): Promise<string> {
    return this.temp.run(async () => {
      try {
        await this.temp.finish();
        await rename(this.temp.path, this.target);
      } catch (err) {
        await rm(this.temp.path, { force: true });
        throw diskFullError(err, 'Save');
      }
      await syncDir(dirname(this.target));
      return this.target;
    });
  }

  /** Drop the temp file; the chosen name is left as it was. A no-op once committed or aborted. */
  abort(): Promise<void> {
    return this.temp.run(async () => {
      if (this.temp.isOpen) await this.temp.discard();
    });
  }
}
