// Writing files so that no crash, full disk or second writer can leave a broken one under the real
// name: the bytes go to a temp file beside the target (same folder, so the rename is atomic), which
// is flushed to disk (fsync) before it replaces the target; the folder is flushed after the rename
// where the OS allows. The target's permission bits are kept; a read-only target is refused, not
// silently replaced; a symbolic link is followed on purpose — the file it points at is replaced and
// the link stays. On any failure the temp file is removed and the target is as it was.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { access, chmod, constants, lstat, open, realpath, rename, rm, stat } from 'node:fs/promises';
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
          `${path} 是指向不存在文件的链接，未写入。`,
          `${path} is a dangling symbolic link`,
        );
      return path;
    }
    throw err;
  }
}

/** A clear message for the file-system errors a person can cause or fix. */
export function describeFsError(err: unknown, path: string): SafeWriteError {
  if (err instanceof SafeWriteError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  const messages: Record<string, string> = {
    EACCES: `没有权限写入 ${path}，请检查文件和文件夹的权限。`,
    EPERM: `没有权限写入 ${path}，请检查文件和文件夹的权限。`,
    EROFS: `${path} 所在的磁盘是只读的，无法写入。`,
    ENOSPC: `磁盘空间不足，无法写入 ${path}；原文件未被改动。`,
    EDQUOT: `磁盘配额已满，无法写入 ${path}；原文件未被改动。`,
    ENOENT: `找不到 ${path} 所在的文件夹。`,
    ENOTDIR: `${path} 的上级路径不是文件夹。`,
    EISDIR: `${path} 是一个文件夹，不是文件。`,
    EBUSY: `${path} 正被其他程序占用，请关闭后重试。`,
    EMFILE: '打开的文件过多，请稍后重试。',
  };
  return new SafeWriteError(
    code,
    messages[code] ?? `写入 ${path} 失败（${code}）。`,
    `cannot write ${path}: ${code}: ${(err as Error).message}`,
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
  /** Before replacing: throws if the target changed since it was read (mtime and size). */
  expectUnchanged?: { mtimeMs: number; size: number } | null;
  /** Permission bits for a new file (default 0o644 less the umask). */
  mode?: number;
}

/** Write `parts` to `path` as described above. Returns the file actually written (links followed). */
export async function writeFileSafely(
  path: string,
  parts: readonly WritePart[],
  options: SafeWriteOptions = {},
): Promise<string> {
  const target = await resolveTarget(path);
  const dir = dirname(target);
  const existing = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw describeFsError(err, path);
  });
  if (existing?.isDirectory())
    throw describeFsError(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), path);
  if (existing) {
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
  const tmp = join(dir, `${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}-${basename(target)}`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    await writeParts(fd, parts);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (existing) await chmod(tmp, existing.mode & 0o7777);
    if (options.expectUnchanged) {
      const now = await stat(target).catch(() => null);
      if (
        !now ||
        now.mtimeMs !== options.expectUnchanged.mtimeMs ||
        now.size !== options.expectUnchanged.size
      )
        throw new SafeWriteError(
          'changed-underneath',
          `${path} 在本次操作期间被其他程序修改过，为免覆盖他人的改动，本次未写入。请重新运行。`,
          `${target} changed between read and write`,
        );
    }
    await rename(tmp, target);
    fsyncDir(dir);
    return target;
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw describeFsError(err, path);
  }
}

/** Temp files a killed writer left beside `target` (its pid no longer running): removed. */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const dir = dirname(target);
  const name = basename(target);
  const { readdir } = await import('node:fs/promises');
  const removed: string[] = [];
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const m = new RegExp(`^${TEMP_MARK.replace(/\./g, '\\.')}(\\d+)-[0-9a-f]{8}-(.+)$`).exec(entry);
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
export async function readWithIdentity(
  path: string,
): Promise<{ bytes: Uint8Array; mtimeMs: number; size: number }> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    const bytes = new Uint8Array(await handle.readFile());
    return { bytes, mtimeMs: info.mtimeMs, size: info.size };
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
  const target = await resolveTarget(path);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory())
    throw describeFsError(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), path);
  if (
    existing &&
    ((existing.mode & 0o222) === 0 ||
      !(await access(target, constants.W_OK).then(
        () => true,
        () => false,
      )))
  )
    throw new SafeWriteError('read-only', `${path} 是只读文件，未写入。`, `${target} is read-only`);
  const tmp = join(
    dirname(target),
    `${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}-${basename(target)}`,
  );
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
