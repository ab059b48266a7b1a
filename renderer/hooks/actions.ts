// Writes the views may make, bound to the app's database: progress changes (audited), the user's
// profile and grid layout, group resolutions. Components call these; they never touch Dexie.
import type { CellChange } from '../../shared/undo-stack.ts';
import { appDb } from '../db/index.ts';
import {
  applyFieldChanges,
  applyGuardedChanges,
  type ChangeWrite,
  type GuardedWrite,
  type WriteContext,
} from '../db/progress-repo.ts';
import { saveLedgerSettings } from '../db/ledger-io.ts';
import { setGroupResolution } from '../db/resolution-repo.ts';
import type { LedgerSettings } from '../../shared/ledger-file.ts';
import { saveGridLayout, saveProfile, type GridLayout, type UserProfile } from '../db/settings-repo.ts';

export function writeCells(writes: readonly ChangeWrite[], ctx: WriteContext): Promise<CellChange[]> {
  return applyFieldChanges(appDb, writes, ctx);
}

/** Undo/redo writes: fields changed since the step are left alone and returned as skipped. */
export function writeCellsGuarded(
  writes: readonly GuardedWrite[],
  ctx: WriteContext,
): Promise<{ applied: CellChange[]; skipped: GuardedWrite[] }> {
  return applyGuardedChanges(appDb, writes, ctx);
}

export function updateProfile(patch: Partial<UserProfile>): Promise<UserProfile> {
  return saveProfile(appDb, patch);
}

export function updateGridLayout(layout: GridLayout): Promise<void> {
  return saveGridLayout(appDb, layout);
}

export async function resolveGroup(
  taskId: string,
  group: string,
  units: readonly string[],
  who: string,
): Promise<void> {
  await setGroupResolution(appDb, taskId, group, units, who);
}

/** Change the day of the month by which units' returns are due. */
export function updateReturnDueDay(day: number): Promise<LedgerSettings> {
  return saveLedgerSettings(appDb, { returnDueDay: day });
}
