// Backup and restore of the whole ledger, bound to the app's store and host. A backup is a ledger
// container (`.taizhang`, shared/ledger-container.ts) built from cached monthly segments
// (renderer/db/backup-store.ts). Saving writes it where the user picks (browser: a download);
// automatic backups (before an import batch, on quit, before a restore, or kept by hand) go to the
// user-data folder through the host in Electron and to the `backups` table in the browser, newest N
// per kind. Restoring never merges: `prepareRestore` reads and validates a file (container or JSON of
// any version) and says what would be lost (shared/backup-diff); only `applyRestore` — after the user
// confirmed — first keeps a safety backup of the current data and then replaces everything in one
// transaction (the restore use case). When that safety backup fails, nothing is replaced.
import { diffLedgers, type BackupDiff } from '../../../shared/backup-diff.ts';
import { restoreWhole } from '../../../shared/engine/ledger-admin.ts';
import type { BackupEntry } from '../../../shared/ipc-contract.ts';
import { readLedgerSourceWithFiles } from '../../../shared/ledger-container.ts';
import type { EvidenceBlob } from '../../../shared/evidence/model.ts';
import type { Ledger } from '../../../shared/ledger.ts';
import { blobSource } from '../../../shared/zip/zip-reader.ts';
import {
  appCodec,
  buildLedgerBackup,
  keepBrowserBackup,
  listBrowserBackups,
  readBrowserBackup,
} from '../../db/backup-store.ts';
import { appDb, appStore } from '../../db/index.ts';
import type { BackupKind, BackupRecord } from '../../db/schema.ts';
import { getHost } from '../../host.ts';

import { LEDGER_REPLACED_EVENT } from '../../app-events.ts';

export { LEDGER_REPLACED_EVENT };

const pad = (n: number) => String(n).padStart(2, '0');

/** `台账备份_20211201_0930.taizhang`, local time. */
export function backupFileName(now: Date = new Date(), prefix = ''): string {
  const ymd = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  return `${prefix}台账备份_${ymd}_${pad(now.getHours())}${pad(now.getMinutes())}.taizhang`;
}

async function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Save a backup where the user chooses (browser: download). False when the user cancelled. */
export async function saveBackupToFile(): Promise<{ saved: boolean; name: string }> {
  const name = backupFileName();
  const built = await buildLedgerBackup(appStore);
  const saved = await getHost().saveFile(name, await blobBytes(built.data));
  return { saved, name };
}

export interface KeptBackup {
  /** Where it is kept, for people: the file name (desktop) or 本机浏览器. */
  where: string;
  inBrowser: boolean;
  bytes: number;
  savedAt: string;
  /** Offer a copy as a file (a download in the browser). */
  download(): Promise<boolean>;
}

/** Keep an automatic backup of the ledger as it is now (Electron: the user-data folder; browser: this browser). */
export async function automaticBackup(kind: BackupKind): Promise<KeptBackup> {
  const started = performance.now();
  const built = await buildLedgerBackup(appStore);
  const backups = getHost().backups;
  let kept: KeptBackup;
  const download = async (savedAt: string) =>
    getHost().saveFile(
      backupFileName(new Date(savedAt), kind === 'restore' ? '恢复前_' : kind === 'import' ? '导入前_' : ''),
      await blobBytes(built.data),
    );
  if (backups) {
    const entry = await backups.write(built.data, kind);
    kept = {
      where: entry.name,
      inBrowser: false,
      bytes: entry.bytes,
      savedAt: entry.createdAt,
      download: () => download(entry.createdAt),
    };
  } else {
    const record = await keepBrowserBackup(appDb, kind, built.data, built.reports);
    kept = {
      where: '本机浏览器',
      inBrowser: true,
      bytes: record.bytes,
      savedAt: record.savedAt,
      download: () => download(record.savedAt),
    };
  }
  console.info(
    `backup (${kind}): ${built.reports} reports, ${(built.data.size / 1024).toFixed(0)} KB, ` +
      `${built.rebuilt}/${built.segments} segments compressed, ${(performance.now() - started).toFixed(0)} ms`,
  );
  return kept;
}

/** One kept backup, whichever host keeps it. */
export interface AutomaticBackup {
  key: string;
  kind: string;
  savedAt: string;
  bytes: number;
  read(): Promise<Blob>;
}

/** The automatic backups, newest first. */
export async function listAutomaticBackups(): Promise<AutomaticBackup[]> {
  const backups = getHost().backups;
  if (backups) {
    return (await backups.list()).map((b: BackupEntry) => ({
      key: b.name,
      kind: b.reason,
      savedAt: b.createdAt,
      bytes: b.bytes,
      read: () => backups.read(b.name),
    }));
  }
  return (await listBrowserBackups(appDb)).map((b: Omit<BackupRecord, 'data'>) => ({
    key: String(b.id),
    kind: b.kind,
    savedAt: b.savedAt,
    bytes: b.bytes,
    read: async () => {
      const record = await readBrowserBackup(appDb, b.id as number);
      if (!record) throw new Error(`browser backup ${String(b.id)} is gone`);
      return record.data;
    },
  }));
}

/** Offer one kept backup as a file (a download in the browser). */
export async function downloadBackup(backup: AutomaticBackup): Promise<boolean> {
  const prefix = backup.kind === 'restore' ? '恢复前_' : backup.kind === 'import' ? '导入前_' : '';
  return getHost().saveBlob(backupFileName(new Date(backup.savedAt), prefix), await backup.read());
}

/** Pick a backup file through the host's open dialog (any size); null when cancelled. */
export async function pickBackupFile(): Promise<{ source: string; bytes: Blob } | null> {
  const file = await getHost().pickFile(['.taizhang', '.json', '.zip']);
  if (!file) return null;
  return { source: file.name, bytes: file.data };
}

export interface PreparedRestore {
  /** Where the data comes from, for people: a file name or an automatic backup's name. */
  source: string;
  incoming: Ledger;
  /** The evidence files of the backup: slices of it (a deflated one inflated), nothing copied yet. */
  blobs: EvidenceBlob[];
  diff: BackupDiff;
}

/** Read and validate a backup (container or JSON); throws LedgerFileError (Chinese userMessage) when it is not one. */
export async function prepareRestore(source: string, bytes: Uint8Array | Blob): Promise<PreparedRestore> {
  const blob = bytes instanceof Blob ? bytes : new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const from = blobSource(blob);
  const { ledger: incoming, files } = await readLedgerSourceWithFiles(from, appCodec);
  const kinds = new Map(incoming.attachments.map((a) => [a.sha256, a.kind]));
  const blobs: EvidenceBlob[] = [];
  for (const [sha256, ref] of files) {
    const { entry, dataStart } = ref;
    const stored = blob.slice(dataStart, dataStart + entry.compressedSize);
    // The app keeps a file's content itself (previews read it); a CLI-written deflated entry is inflated.
    const data =
      entry.method === 0
        ? stored
        : new Blob([
            (await appCodec.inflate(
              new Uint8Array(await stored.arrayBuffer()),
              entry.size,
            )) as Uint8Array<ArrayBuffer>,
          ]);
    blobs.push({
      sha256,
      size: entry.size,
      kind: kinds.get(sha256) ?? 'pdf',
      crc32: entry.crc,
      method: 0,
      data,
    });
  }
  const current = await appStore.snapshot();
  return { source, incoming, blobs, diff: diffLedgers(current, incoming) };
}

export interface RestoreResult {
  safety: KeptBackup;
  restored: { reports: number; audit: number; imports: number };
}

/**
 * After the user confirmed: keep a safety backup of what is there now, then replace it with
 * `incoming` in one transaction. Throws (and replaces nothing) when the safety backup cannot be kept.
 */
export async function applyRestore(
  incoming: Ledger,
  blobs: readonly EvidenceBlob[] = [],
): Promise<RestoreResult> {
  const safety = await automaticBackup('restore');
  const restored = await appStore.run(() => restoreWhole(incoming, blobs));
  console.info(
    `ledger restored: ${restored.reports} reports, ${restored.audit} audit entries, ${restored.imports} import batches`,
  );
  window.dispatchEvent(new CustomEvent(LEDGER_REPLACED_EVENT));
  return { safety, restored };
}
