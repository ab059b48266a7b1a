// Writes the views may make, bound to the app's store: every ledger change is a use case of
// shared/engine run through `appStore.run` (one transaction, audited); the user's own profile and
// grid layout are not ledger data and go to the settings table directly.
import { editCells, type CellWrite, type EditResult } from '../../shared/engine/edit-cells.ts';
import type { UseCaseContext } from '../../shared/engine/read-port.ts';
import type { DocumentSettings, LedgerSettings } from '../../shared/ledger.ts';
import type { ManualSource } from '../../shared/model.ts';
import { appDb, appStore } from '../db/index.ts';
import { saveGridLayout, saveProfile, type GridLayout, type UserProfile } from '../db/settings-repo.ts';

let idCounter = 0;
/** Random ids (audit entries, batches): UUIDs where the platform has them. */
export function newId(prefix = ''): string {
  const c = globalThis.crypto;
  const rand =
    c && typeof c.randomUUID === 'function'
      ? c.randomUUID()
      : `${Date.now().toString(36)}-${(++idCounter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return prefix ? `${prefix}-${rand}` : rand;
}

/** Who acts now, for a use case. */
export function useCaseContext(who: string, at: string = new Date().toISOString()): UseCaseContext {
  return { who, at, newId: () => newId() };
}

export type { CellWrite, EditResult };

/** Typed or pasted cells, or the grid's undo/redo (guarded by each write's `expected`). */
export function writeCells(
  writes: readonly CellWrite[],
  who: string,
  source: Extract<ManualSource, 'edit' | 'paste' | 'undo' | 'redo'>,
): Promise<EditResult> {
  return appStore.run((reader) => editCells(reader, useCaseContext(who), { writes, source }));
}

export function updateProfile(patch: Partial<UserProfile>): Promise<UserProfile> {
  return saveProfile(appDb, patch);
}

export function updateGridLayout(layout: GridLayout): Promise<void> {
  return saveGridLayout(appDb, layout);
}

/**
 * The frame's use cases (group resolutions, settings and the document templates' checks they bring)
 * are loaded on first use, before the transaction opens — never inside it, where waiting for a module
 * would let IndexedDB commit early. The first screen does not carry them.
 */
const ledgerAdmin = () => import('../../shared/engine/ledger-admin.ts');

export async function resolveGroup(
  taskId: string,
  group: string,
  units: readonly string[],
  who: string,
): Promise<void> {
  const { resolveGroup: resolveGroupCase } = await ledgerAdmin();
  await appStore.run((reader) => resolveGroupCase(reader, useCaseContext(who), { taskId, group, units }));
}

/** Change what the official documents say about their issuer, and their templates. */
export async function updateDocumentSettings(documents: DocumentSettings): Promise<LedgerSettings> {
  const { updateSettings } = await ledgerAdmin();
  return appStore.run((reader) => updateSettings(reader, { documents }));
}

/** Change the day of the month by which units' returns are due. */
export async function updateReturnDueDay(day: number): Promise<LedgerSettings> {
  const { updateSettings } = await ledgerAdmin();
  return appStore.run((reader) => updateSettings(reader, { returnDueDay: day }));
}
