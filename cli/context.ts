// What every CLI command needs: the seeded plan and registry, ledger files on disk, and the one way
// a command fails (a CliError: exit code plus a one-line Chinese + English message, never a stack).

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import {
  createLedger,
  LedgerFileError,
  restoreLedger,
  writeLedger,
  type Ledger,
} from '../shared/ledger-file.ts';
import type { PlanDocument, Unit } from '../shared/model.ts';
import { UnitIndex } from '../shared/registry.ts';

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

export function unitIndexOf(ledger?: Ledger): UnitIndex {
  return new UnitIndex(ledger?.units ?? SEED_UNITS);
}

/** Canonical unit name for a name or alias, or a usage error suggesting the closest names. */
export function resolveUnitOrFail(index: UnitIndex, name: string): string {
  const canonical = index.resolve(name);
  if (canonical) return canonical;
  const close = index.suggest(name);
  const hint = close.length ? `；您是不是要找：${close.join('、')} (did you mean: ${close.join(', ')})` : '';
  throw new CliError(EXIT.usage, `未知单位"${name}" (unknown unit "${name}")${hint}`);
}

export function loadLedger(path: string): Ledger {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(
      EXIT.usage,
      `无法读取台账文件 ${path} (cannot read ledger: ${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return restoreLedger(text);
  } catch (err) {
    if (err instanceof LedgerFileError)
      throw new CliError(EXIT.usage, `${err.userMessage} (${path}: ${err.message})`);
    throw err;
  }
}

/** Load the ledger at `path`, or a fresh one from the seeds when the file does not exist. */
export function loadOrCreateLedger(path: string): { ledger: Ledger; created: boolean } {
  if (!existsSync(path)) return { ledger: createLedger(SEED_PLAN, SEED_UNITS), created: true };
  return { ledger: loadLedger(path), created: false };
}

/** Write atomically: a crash mid-write never leaves half a ledger behind. */
export function saveLedger(path: string, ledger: Ledger): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, writeLedger(ledger));
  renameSync(tmp, path);
}
