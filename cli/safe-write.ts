// Writing files so that no crash, full disk or second writer can leave a broken one under the real
// name: the bytes go to a temp file beside the target (same folder, so the rename is atomic), which
// is flushed to disk (fsync) before it replaces the target; the folder is flushed after the rename
// where the OS allows. The target's permission bits are kept; a read-only target is refused, not
// silently replaced (by its permission bits too: running as root, the OS would let it be written);
// a symbolic link is followed on purpose — the file it points at is replaced and the link stays, and
// a link to nothing is refused. On any failure the temp file is removed and the target is as it
// was. A writer that reads first can ask that the target still be the file it read (see
// FileIdentity): if another program replaced or rewrote it meanwhile, nothing is written.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync, type Stats } from 'node:fs';
import { access, chmod, constants, lstat, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type WritePart = Uint8Array | Blob | string;

export class SafeWriteError extends Error {
  constructor(
    readonly code: string,
    /** Chinese, for people. */
    readonly userMessage: string,
    log: string,
  ) {
    super(log);
    this.name = 'SafeWriteError';
  }
}

/** The file a path names, symbolic links followed (the path itself when it does not exist yet). */
export async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      const info = await lstat(path).catch(() => null);
      if (info?.isSymbolicLink())
        throw new SafeWriteError(
          'dangling-link',
          `${path} 是指向不存在文件的链接（链接的目标已被删除或移走）。`,
          `${path} is a dangling symbolic link`,
        );
      return path;
    }
    throw err;
  }
}

export type FsAction = 'read' | 'write';

const WRITE_MESSAGES: Record<string, (path: string) => string> = {
  EACCES: (p) => `没有权限写入 ${p}，请检查文件和文件夹的权限。`,
  EPERM: (p) => `没有权限写入 ${p}，请检查文件和文件夹的权限。`,
  EROFS: (p) => `${p} 所在的磁盘是只读的，无法写入。`,
  ENOSPC: (p) => `磁盘空间不足，无法写入 ${p}；原文件未被改动。`,
  EDQUOT: (p) => `磁盘配额已满，无法写入 ${p}；原文件未被改动。`,
  ENOENT: (p) => `找不到 ${p} 所在的文件夹。`,
  ENOTDIR: (p) => `${p} 的上级路径不是文件夹。`,
  EISDIR: (p) => `${p} 是一个文件夹，不是文件。`,
  EBUSY: (p) => `${p} 正被其他程序占用，请关闭后重试。`,
  EMFILE: () => '打开的文件过多，请稍后重试。',
  ENFILE: () => '打开的文件过多，请稍后重试。',
  EIO: (p) => `写入 ${p} 时磁盘出错，请检查磁盘或网络连接；原文件未被改动。`,
  ENAMETOOLONG: (p) => `${p} 的路径或文件名过长。`,
  ELOOP: (p) => `${p} 的链接层数过多（可能是循环链接）。`,
};

const READ_MESSAGES: Record<string, (path: string) => string> = {
  ...WRITE_MESSAGES,
  EACCES: (p) => `没有权限读取 ${p}，请检查文件和文件夹的权限。`,
  EPERM: (p) => `没有权限读取 ${p}，请检查文件和文件夹的权限。`,
  ENOENT: (p) => `找不到 ${p}。`,
  EIO: (p) => `读取 ${p} 时磁盘出错，请检查磁盘或网络连接。`,
};

/** A clear message (Chinese, and English for the log) for the file-system errors a person can cause or fix. */
export function describeFsError(err: unknown, path: string, action: FsAction = 'write'): SafeWriteError {
  if (err instanceof SafeWriteError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  const detail = (err as Error)?.message ?? String(err);
  const known = (action === 'read' ? READ_MESSAGES : WRITE_MESSAGES)[code];
  return new SafeWriteError(
    code,
    known?.(path) ??
      (action === 'read'
        ? `读取 ${path} 失败（${code}）。`
        : `写入 ${path} 失败（${code}），原文件未被改动。`),
    `cannot ${action} ${path}: ${detail.startsWith(code) ? detail : `${code}: ${detail}`}`,
  );
}

/**
 * What tells one version of a file from another: the file (device and inode: a file replaced by a
 * rename is another one), its size, and its modification and change times. The change time moves
 * on any write or rename and no program can set it back, so a rewrite of the same size whose
 * modification time was restored (a copy tool, a sync client) still shows.
 */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export function identityOf(info: Stats): FileIdentity {
  return { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs
  );
}

/** The target as it is now (null: there is none), refused when it cannot be replaced. */
async function checkTarget(path: string, target: string): Promise<Stats | null> {
  const existing = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw describeFsError(err, path);
  });
  if (existing?.isDirectory())
    throw describeFsError(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), path);
  if (existing) {
    // The permission bits are checked too: access() says yes to root whatever they say.
    const writable = await access(target, constants.W_OK).then(
      () => true,
      () => false,
    );
    if (!writable || (existing.mode & 0o222) === 0)
      throw new SafeWriteError(
        'read-only',
        `${path} 是只读文件，未写入。如需修改，请先取消只读属性。`,
        `${target} is read-only`,
      );
  }
  return existing;
}

function tempPathFor(target: string): string {
  return join(
    dirname(target),
    `${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}-${basename(target)}`,
  );
}

/** Before the rename: the target must still be the file read (or still be absent). */
async function checkUnchanged(
  path: string,
  target: string,
  expected: FileIdentity | 'absent' | undefined,
): Promise<void> {
  if (expected === undefined) return;
  const now = await stat(target).catch(() => null);
  const same = expected === 'absent' ? now === null : now !== null && sameIdentity(identityOf(now), expected);
  if (!same)
    throw new SafeWriteError(
      'changed-underneath',
      `${path} 在本次操作期间被其他程序${expected === 'absent' ? '创建' : now ? '修改' : '删除或移走'}过，为免覆盖他人的改动，本次未写入。请重新运行。`,
      `${target} changed between read and write`,
    );
}

async function writeParts(fd: number, parts: readonly WritePart[]): Promise<void> {
  for (const part of parts) {
    if (typeof part === 'string') writeAll(fd, Buffer.from(part, 'utf8'));
    else if (part instanceof Uint8Array) writeAll(fd, part);
    else {
      const reader = part.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        writeAll(fd, value);
      }
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** Flush a folder's entry table (the rename) where the OS allows it; Windows does not, and needs not. */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems (network shares) refuse: the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export const TEMP_MARK = '.taizhang-tmp-';

export interface SafeWriteOptions {
  /**
   * The target as it was read (its identity), or 'absent' when it did not exist: checked just before
   * the rename, which is refused if the target has changed since.
   */
  expectUnchanged?: FileIdentity | 'absent';
  /** Permission bits for a new file (default 0o644 less the umask). */
  mode?: number;
}

/** Write `parts` to `path` as described above. Returns the file actually written (links followed). */
export async function writeFileSafely(
  path: string,
  parts: readonly WritePart[],
  options: SafeWriteOptions = {},
): Promise<string> {
  const target = await resolveTarget(path).catch((err: unknown) => {
    throw describeFsError(err, path);
  });
  const dir = dirname(target);
  const existing = await checkTarget(path, target);
  const tmp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    await writeParts(fd, parts);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (existing) await chmod(tmp, existing.mode & 0o7777);
    await checkUnchanged(path, target, options.expectUnchanged);
    await rename(tmp, target);
    fsyncDir(dir);
    return target;
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw describeFsError(err, path);
  }
}

const TEMP_NAME = new RegExp(`^${TEMP_MARK.replace(/\./g, '\\.')}(\\d+)-[0-9a-f]{8}-(.+)$`);

/**
 * Temp files a killed writer left beside `target` (its pid no longer running): removed. Called by
 * the ledger's writer while it holds the ledger's lock, so no live writer of that file can be on
 * another host.
 */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const dir = dirname(target);
  const name = basename(target);
  const removed: string[] = [];
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const m = TEMP_NAME.exec(entry);
    if (!m || m[2] !== name) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    await rm(join(dir, entry), { force: true });
    removed.push(entry);
  }
  return removed;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Open a file for reading once, returning its bytes and identity (for the unchanged check). */
export async function readWithIdentity(path: string): Promise<{ bytes: Uint8Array; identity: FileIdentity }> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    const bytes = new Uint8Array(await handle.readFile());
    return { bytes, identity: identityOf(info) };
  } finally {
    await handle.close();
  }
}

/**
 * For writers that want a file name (exceljs's streaming writer): `write(tmpPath)` fills a temp file
 * beside the target, which is then flushed and renamed over it exactly as writeFileSafely does.
 */
export async function writeViaTempFile(
  path: string,
  write: (tmpPath: string) => Promise<void>,
): Promise<string> {
  const target = await resolveTarget(path).catch((err: unknown) => {
    throw describeFsError(err, path);
  });
  const existing = await checkTarget(path, target);
  const tmp = tempPathFor(target);
  try {
    await write(tmp);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existing) await chmod(tmp, existing.mode & 0o7777);
    await rename(tmp, target);
    fsyncDir(dirname(target));
    return target;
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw describeFsError(err, path);
  }
}
