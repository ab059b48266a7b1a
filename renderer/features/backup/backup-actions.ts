// Backup and restore of the whole ledger, bound to the app's database and host. Saving writes the
// ledger file (shared/ledger-file.ts) to a file the user picks (browser: a download). Restoring never
// merges: `prepareRestore` reads and validates a file and says what would be lost (shared/backup-diff),
// and only `applyRestore` — after the user confirmed — first keeps a backup of the current data
// (Electron: the user-data folder; browser: the local backups row, offered for download) and then
// replaces all ledger data in one transaction. When that safety backup fails, nothing is replaced.
import { diffLedgers, type BackupDiff } from '../../../shared/backup-diff.ts';
import type { BackupEntry, BackupReason } from '../../../shared/ipc-contract.ts';
import { restoreLedger, writeLedger, type Ledger } from '../../../shared/ledger-file.ts';
import { listLocalBackups, saveLocalBackup, type LocalBackup } from '../../db/backup-repo.ts';
import { appDb } from '../../db/index.ts';
import { exportLedgerFromDb, replaceDbWithLedger } from '../../db/ledger-io.ts';
import { getHost } from '../../host.ts';

/** Fired on window after a restore replaced the ledger (views may drop undo history etc.). */
export const LEDGER_REPLACED_EVENT = 'taizhang-ledger-replaced';

const pad = (n: number) => String(n).padStart(2, '0');

/** `台账备份_20211201_0930.json`, local time. */
export function backupFileName(now: Date = new Date()): string {
  const ymd = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  return `台账备份_${ymd}_${pad(now.getHours())}${pad(now.getMinutes())}.json`;
}

/** The current ledger as file text. */
export async function currentLedgerJson(): Promise<string> {
  return writeLedger(await exportLedgerFromDb(appDb));
}

/** Save a backup where the user chooses (browser: download). False when the user cancelled. */
export async function saveBackupToFile(): Promise<{ saved: boolean; name: string }> {
  const name = backupFileName();
  const json = await currentLedgerJson();
  const saved = await getHost().saveFile(name, new TextEncoder().encode(json));
  return { saved, name };
}

/**
 * Electron: write an automatic backup of the current ledger into the user-data folder (main keeps
 * the newest 10). Browser: nothing to do, resolves null. Call before risky operations (import apply).
 */
export async function automaticBackup(reason: BackupReason): Promise<BackupEntry | null> {
  const backups = getHost().backups;
  if (!backups) return null;
  return backups.write(await currentLedgerJson(), reason);
}

/** The automatic backups main keeps (Electron), newest first; [] in the browser. */
export async function listAutomaticBackups(): Promise<BackupEntry[]> {
  return (await getHost().backups?.list()) ?? [];
}

export async function readAutomaticBackup(name: string): Promise<string> {
  const backups = getHost().backups;
  if (!backups) throw new Error('automatic backups exist only in the desktop app');
  return backups.read(name);
}

/** Pick a backup file through the host's open dialog; null when cancelled. */
export async function pickBackupFile(): Promise<{ source: string; text: string } | null> {
  const [file] = await getHost().openFiles(['.json']);
  if (!file) return null;
  return { source: file.name, text: new TextDecoder().decode(file.bytes) };
}

export interface PreparedRestore {
  /** Where the data comes from, for people: a file name or an automatic backup's name. */
  source: string;
  incoming: Ledger;
  diff: BackupDiff;
}

/** Read and validate backup text; throws LedgerFileError (Chinese userMessage) when it is not one. */
export async function prepareRestore(source: string, text: string): Promise<PreparedRestore> {
  const incoming = restoreLedger(text);
  const current = await exportLedgerFromDb(appDb);
  return { source, incoming, diff: diffLedgers(current, incoming) };
}

export type SafetyBackup =
  | { kind: 'electron'; entry: BackupEntry }
  | { kind: 'browser'; savedAt: string; fileName: string; json: string };

export interface RestoreResult {
  safety: SafetyBackup;
  restored: { reports: number; audit: number; imports: number };
}

/**
 * After the user confirmed: back up what is there now, then replace it with `incoming` in one
 * transaction. Throws (and replaces nothing) when the safety backup cannot be written.
 */
export async function applyRestore(incoming: Ledger): Promise<RestoreResult> {
  const now = new Date();
  const json = writeLedger(await exportLedgerFromDb(appDb, now), now);
  const backups = getHost().backups;
  let safety: SafetyBackup;
  if (backups) {
    safety = { kind: 'electron', entry: await backups.write(json, 'restore') };
  } else {
    const local = await saveLocalBackup(appDb, json, 'restore', now);
    safety = { kind: 'browser', savedAt: local.savedAt, fileName: `恢复前_${backupFileName(now)}`, json };
  }
  await replaceDbWithLedger(appDb, incoming);
  console.info(
    `ledger restored: ${incoming.reports.length} reports, ${incoming.audit.length} audit entries, ${incoming.imports.length} import batches`,
  );
  window.dispatchEvent(new CustomEvent(LEDGER_REPLACED_EVENT));
  return {
    safety,
    restored: {
      reports: incoming.reports.length,
      audit: incoming.audit.length,
      imports: incoming.imports.length,
    },
  };
}

/** Offer the browser-side safety backup as a download. */
export function downloadSafetyBackup(safety: Extract<SafetyBackup, { kind: 'browser' }>): Promise<boolean> {
  return getHost().saveFile(safety.fileName, new TextEncoder().encode(safety.json));
}

/** Browser: the backups kept in the local database (before a restore or an import), newest first. */
export function listLocalSafetyBackups(): Promise<LocalBackup[]> {
  return listLocalBackups(appDb);
}

/** Browser: download one kept copy. */
export function downloadLocalBackup(backup: LocalBackup): Promise<boolean> {
  const prefix = backup.reason === 'restore' ? '恢复前_' : backup.reason === 'import' ? '导入前_' : '';
  const name = `${prefix}${backupFileName(new Date(backup.savedAt))}`;
  return getHost().saveFile(name, new TextEncoder().encode(backup.json));
}
