// Reads the views make that are not a use case's business: a row's audit history, the import
// history with how many fields each batch changed, the district workbooks a clerk opened, the
// audit of a task's group resolutions. Each is one indexed read.
import Dexie from 'dexie';
import { unitPeriodKey, type UnitPeriodKey } from '../../shared/keys.ts';
import type { AuditEntry, ImportBatch } from '../../shared/model.ts';
import type { DistrictBase } from '../../shared/return-exchange.ts';
import type { TaizhangDB } from './schema.ts';

const newestFirst = (a: AuditEntry, b: AuditEntry) =>
  a.at < b.at ? 1 : a.at > b.at ? -1 : b.id.localeCompare(a.id);

/** A (task, unit)'s audit history over all periods, newest first. */
export async function listRowAudit(db: TaizhangDB, taskId: string, unit: string): Promise<AuditEntry[]> {
  const rows = await db.audit
    .where('[taskId+unit+period]')
    .between([taskId, unit, Dexie.minKey], [taskId, unit, Dexie.maxKey])
    .toArray();
  return rows.sort(newestFirst);
}

/** Every batch, newest first. */
export async function listImportBatches(db: TaizhangDB): Promise<ImportBatch[]> {
  const rows = await db.imports.toArray();
  return rows.sort((a, b) => (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : 0));
}

/** How many audit entries each batch wrote (its changed fields), by batch id: one read per unit-period. */
export async function importChangeCounts(
  db: TaizhangDB,
  batches: readonly ImportBatch[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>(batches.map((b) => [b.id, 0]));
  const unitPeriods = new Map<UnitPeriodKey, [string, string]>();
  // A history batch wrote several units' reports: each of their months is read.
  for (const b of batches)
    for (const unit of b.units ?? [b.unit]) unitPeriods.set(unitPeriodKey(unit, b.period), [unit, b.period]);
  for (const key of unitPeriods.values()) {
    await db.audit
      .where('[unit+period]')
      .equals(key)
      .each((e) => {
        if (!e.source.startsWith('import:')) return;
        const id = e.source.slice('import:'.length);
        const n = out.get(id);
        if (n !== undefined) out.set(id, n + 1);
      });
  }
  return out;
}

/** The district bases this (clerk's) app holds, newest opened first. */
export async function listDistrictBases(db: TaizhangDB): Promise<DistrictBase[]> {
  const rows = await db.planDistrictBases.toArray();
  return rows.sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
}

/** Audit of a task's group resolutions, newest first. */
export async function listResolutionAudit(db: TaizhangDB, taskId: string): Promise<AuditEntry[]> {
  const rows = await db.audit
    .where('taskId')
    .equals(taskId)
    .filter((e) => e.field === 'groupResolution')
    .toArray();
  return rows.sort(newestFirst);
}
