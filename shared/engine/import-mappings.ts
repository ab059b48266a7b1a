// Use case: keep a unit's confirmed layout mapping in the ledger's settings (importMappings), so the
// unit's next return in the same layout is mapped by itself (shared/mapping/saved-mapping.ts). The
// import use case keeps the mapping a file came through in the same change set as the import; this
// one keeps (or forgets) one on its own — the wizard's 保存映射 without importing, a correction.

import type { LedgerSettings } from '../ledger.ts';
import type { SavedMapping } from '../mapping/saved-mapping.ts';
import { emptyChangeSet, type Decision } from './change-set.ts';
import type { LedgerReader } from './read-port.ts';

/** The settings change that keeps `saved` (one per unit, replacing the unit's earlier one). */
export function withSavedMappings(
  current: LedgerSettings,
  saved: readonly SavedMapping[],
): Partial<LedgerSettings> {
  const next: Record<string, SavedMapping> = { ...(current.importMappings ?? {}) };
  for (const m of saved) next[m.unit] = m;
  return { importMappings: next };
}

/** Keep `mapping` for its unit, or with `null` forget the unit's mapping. */
export async function saveImportMapping(
  reader: LedgerReader,
  unit: string,
  mapping: SavedMapping | null,
): Promise<Decision<SavedMapping | null>> {
  const units = await reader.units();
  if (!units.some((u) => u.name === unit && u.kind !== 'group')) throw new Error(`not a unit: ${unit}`);
  if (mapping && mapping.unit !== unit) throw new Error(`mapping is for ${mapping.unit}, not ${unit}`);
  const current = await reader.settings();
  const changes = emptyChangeSet();
  if (mapping) changes.settings = withSavedMappings(current, [mapping]);
  else if (current.importMappings?.[unit]) {
    const next = { ...current.importMappings };
    delete next[unit];
    changes.settings = { importMappings: next };
  }
  return { changes, result: mapping };
}
