// For a returned workbook without a manifest (no base values): which fields of a unit's reports for
// a period were changed in the ledger, by anything but an import, since that unit's last import for
// the period that was not undone — or ever, when there is none. Such a field is a conflict, never
// silently overwritten (docs/design.md §6). One rule for the CLI and the app.

import { isProgressAuditField, type AuditEntry, type ImportBatch } from '../model.ts';
import { fieldKey, type FieldKey } from './plan-merge.ts';

export function changedSinceLastImport(
  audit: readonly AuditEntry[],
  imports: readonly ImportBatch[],
  unit: string,
  period: string,
): Set<FieldKey> {
  const last = imports
    .filter((b) => b.unit === unit && b.period === period && !b.undoneAt)
    .reduce((latest, b) => (b.importedAt > latest ? b.importedAt : latest), '');
  const keys = new Set<FieldKey>();
  for (const e of audit) {
    if (e.unit !== unit || e.period !== period || e.at <= last) continue;
    if (e.source.startsWith('import:') || !isProgressAuditField(e.field)) continue;
    keys.add(fieldKey(e.taskId, e.field));
  }
  return keys;
}
