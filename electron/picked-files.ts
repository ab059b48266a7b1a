// Files the user picked in an open dialog to be read in pieces (`file-pick`, then `file-read`): a
// backup with its evidence can be gigabytes, far more than one IPC message. Main keeps only the
// chosen path under a random handle that works for the window that picked it; nothing is opened
// until a piece is read. The newest MAX_PICKED handles are kept (a handle holds no resource, so an
// old one is simply forgotten: reading it is refused).
import { randomBytes } from 'node:crypto';
import { readFileRange } from './backups.ts';

const MAX_PICKED = 16;

export class PickedFiles {
  private readonly picked = new Map<string, { owner: number; path: string }>();

  /** Remember `path` for `owner`; returns its handle. */
  add(owner: number, path: string): string {
    const handle = randomBytes(16).toString('hex');
    this.picked.set(handle, { owner, path });
    while (this.picked.size > MAX_PICKED) this.picked.delete(this.picked.keys().next().value as string);
    return handle;
  }

  /** Bytes of a picked file, for the window that picked it. */
  read(owner: number, handle: string, offset: number, length: number): Promise<Uint8Array> {
    const picked = this.picked.get(handle);
    if (!picked) throw new Error(`IPC 'file-read' refused: unknown file handle`);
    if (picked.owner !== owner) {
      throw new Error(`IPC 'file-read' refused: the file handle belongs to another window`);
    }
    return readFileRange(picked.path, offset, length);
  }
}
