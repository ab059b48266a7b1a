// What every CLI command needs: the seeded plan and registry, ledger files on disk (through the
// ledger file store), input files read within bounds, text made safe for a terminal, and the one way
// a command fails (a CliError: exit code plus a one-line Chinese + English message, never a stack).
// The light parts live in errors.ts and seeds.ts (re-exported here), so commands that touch no
// ledger (units, tasks) can import them without loading the ledger code.

import { open } from 'node:fs/promises';
import { LedgerFileError, type Ledger } from '../shared/ledger-file.ts';
import { MAX_FILE_BYTES } from '../shared/workbook/container.ts';
import { CliError, EXIT } from './errors.ts';
import { LedgerFileStore, openLedgerView as openView, type LedgerView } from './ledger-file-store.ts';
import { LedgerLocked } from './ledger-lock.ts';
import { describeFsError, SafeWriteError, type FsAction } from './safe-write.ts';

export { CliError, EXIT, jsonTermSafe, termSafe, type Output } from './errors.ts';
export { resolveUnitOrFail, SEED_PLAN, SEED_UNITS, unitIndexOf } from './seeds.ts';

/**
 * A failure reading or writing a file (a ledger, or a command's output: `action` says which), as a
 * CliError a person can act on: one line, Chinese, then English in parentheses.
 */
export function ledgerFailure(err: unknown, path: string, action: FsAction = 'read'): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof LedgerFileError)
    return new CliError(EXIT.usage, `${err.userMessage} (${path}: ${err.message})`);
  if (err instanceof LedgerLocked) return new CliError(EXIT.usage, `${err.userMessage} (${err.message})`);
  if (err instanceof SafeWriteError) return new CliError(EXIT.usage, `${err.userMessage} (${err.message})`);
  if (err instanceof RangeError && /call stack/i.test(err.message))
    return new CliError(
      EXIT.usage,
      `${path} 中的数据嵌套过深，无法处理，文件可能已损坏或被改动。 (${path}: input nested too deeply)`,
    );
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && action === 'read')
    return new CliError(EXIT.usage, `找不到台账文件 ${path} (cannot read ledger ${path}: ENOENT)`);
  if (code) {
    const fsErr = describeFsError(err, path, action);
    return new CliError(EXIT.usage, `${fsErr.userMessage} (${fsErr.message})`);
  }
  return err instanceof Error ? new CliError(EXIT.usage, err.message) : new CliError(EXIT.usage, String(err));
}

/** Open a ledger file store; every failure becomes a clear CliError. */
export async function openLedgerStore(
  path: string,
  options: { write: boolean; command: string; fresh?: () => Ledger },
): Promise<LedgerFileStore> {
  try {
    return await LedgerFileStore.open(path, options);
  } catch (err) {
    throw ledgerFailure(err, path);
  }
}

/**
 * Open a ledger only to read it (a dry run): read as the reads ask, so a failure can come at any
 * read — every one, at opening or later, becomes a clear CliError naming the file.
 */
export async function openLedgerView(
  path: string,
  options: { fresh?: () => Ledger } = {},
): Promise<LedgerView> {
  let view: LedgerView;
  try {
    view = await openView(path, options.fresh);
  } catch (err) {
    throw ledgerFailure(err, path);
  }
  const reader = new Proxy(view.reader, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fail = (err: unknown) => {
        throw ledgerFailure(err, path);
      };
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise ? result.catch(fail) : result;
        } catch (err) {
          return fail(err);
        }
      };
    },
  });
  return { reader, close: () => view.close() };
}

/** Read a whole ledger for a command that only reads (report, export). */
export async function loadLedger(path: string): Promise<Ledger> {
  const store = await openLedgerStore(path, { write: false, command: 'read' });
  return store.ledger;
}

/**
 * An input file (a returned workbook), read only if it is a regular file no larger than any real
 * return can be — never a device, a folder or a 4 GB file that would be read whole.
 */
export async function readInputFile(
  path: string,
  maxBytes = MAX_FILE_BYTES,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> {
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: '不是普通文件，未读取 (not a regular file)' };
    if (info.size > maxBytes)
      return {
        ok: false,
        reason: `文件过大（${(info.size / 1024 / 1024).toFixed(1)} MB，上限 ${maxBytes / 1024 / 1024} MB），未读取 (file too large)`,
      };
    return { ok: true, bytes: new Uint8Array(await handle.readFile()) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'ENOENT'
        ? '找不到文件'
        : code === 'EACCES' || code === 'EPERM'
          ? '没有读取权限'
          : '无法读取文件';
    return { ok: false, reason: `${why} (cannot read: ${code})` };
  } finally {
    await handle?.close();
  }
}
