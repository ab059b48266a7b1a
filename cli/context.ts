// What every CLI command needs: the seeded plan and registry, ledger files on disk (through the
// ledger file store), input files read within bounds, text made safe for a terminal, and the one way
// a command fails (a CliError: exit code plus a one-line Chinese + English message, never a stack).

import { open } from 'node:fs/promises';
import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import { LedgerFileError, type Ledger } from '../shared/ledger-file.ts';
import type { PlanDocument, Unit } from '../shared/model.ts';
import { UnitIndex } from '../shared/registry.ts';
import { MAX_FILE_BYTES } from '../shared/workbook/container.ts';
import { LedgerFileStore } from './ledger-file-store.ts';
import { LedgerLocked } from './ledger-lock.ts';
import { describeFsError, SafeWriteError } from './safe-write.ts';

export const SEED_PLAN = plan as PlanDocument;
export const SEED_UNITS = units as Unit[];

export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    /** One line: Chinese for people, then English. */
    message: string,
  ) {
    super(message);
  }
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * Text from a file, made safe to print: control characters (an escape sequence could rewrite the
 * terminal) shown as U+FFFD, bidi overrides removed, and one line at most `max` characters long.
 */
export function termSafe(text: string, max = 2000): string {
  const clean = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd')
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export function unitIndexOf(ledger?: Ledger): UnitIndex {
  return new UnitIndex(ledger?.units ?? SEED_UNITS);
}

/** Canonical unit name for a name or alias, or a usage error suggesting the closest names. */
export function resolveUnitOrFail(index: UnitIndex, name: string): string {
  const canonical = index.resolve(name);
  if (canonical) return canonical;
  const close = index.suggest(name);
  const hint = close.length ? `；您是不是要找：${close.join('、')} (did you mean: ${close.join(', ')})` : '';
  throw new CliError(
    EXIT.usage,
    `未知单位"${termSafe(name, 100)}" (unknown unit "${termSafe(name, 100)}")${hint}`,
  );
}

/** A failure opening or writing a ledger, as a CliError a person can act on. */
export function ledgerFailure(err: unknown, path: string): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof LedgerFileError)
    return new CliError(EXIT.usage, `${err.userMessage} (${path}: ${err.message})`);
  if (err instanceof LedgerLocked) return new CliError(EXIT.usage, `${err.userMessage} (${err.message})`);
  if (err instanceof SafeWriteError) return new CliError(EXIT.usage, `${err.userMessage} (${err.message})`);
  if ((err as NodeJS.ErrnoException).code) {
    const fsErr = describeFsError(err, path);
    const reading = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return new CliError(
      EXIT.usage,
      reading
        ? `找不到台账文件 ${path} (cannot read ledger: ENOENT)`
        : `${fsErr.userMessage} (${fsErr.message})`,
    );
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
