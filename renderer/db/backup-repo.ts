// Ledger backups kept inside the local database, for the browser host (no user-data folder): one
// settings row, `localBackups`, holding the newest LOCAL_BACKUPS_KEPT ledger JSON texts (as
// shared/ledger-file.ts writeLedger makes them) with why and when each was taken — before a restore
// replaces the ledger, and before each workbook import is applied. Electron keeps its backups in
// <userData>/backups through the host instead.
import type { SettingRow, TaizhangDB } from './schema.ts';

export const SETTING_LOCAL_BACKUPS = 'localBackups';
export const LOCAL_BACKUPS_KEPT = 3;

export interface LocalBackup {
  /** Why it was taken: 'restore', 'import', … */
  reason: string;
  /** ISO time. */
  savedAt: string;
  json: string;
}

/** The kept backups, newest first. */
export async function listLocalBackups(db: TaizhangDB): Promise<LocalBackup[]> {
  const row = (await db.settings.get(SETTING_LOCAL_BACKUPS)) as SettingRow<LocalBackup[]> | undefined;
  return [...(row?.value ?? [])].sort((a, b) => (a.savedAt < b.savedAt ? 1 : a.savedAt > b.savedAt ? -1 : 0));
}

/** Keep a backup; the oldest beyond LOCAL_BACKUPS_KEPT are dropped. Returns what was stored. */
export async function saveLocalBackup(
  db: TaizhangDB,
  json: string,
  reason: string,
  now: Date = new Date(),
): Promise<LocalBackup> {
  const backup: LocalBackup = { reason, savedAt: now.toISOString(), json };
  await db.transaction('rw', db.settings, async () => {
    const kept = [backup, ...(await listLocalBackups(db))].slice(0, LOCAL_BACKUPS_KEPT);
    await db.settings.put({ key: SETTING_LOCAL_BACKUPS, value: kept });
  });
  return backup;
}
