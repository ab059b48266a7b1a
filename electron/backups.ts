// Ledger backups on disk: <userData>/backups/taizhang-backup-<UTC time>-<reason>.json.
//
// Stores the portable ledger JSON the renderer hands over (before each import, on quit, on request),
// so a damaged IndexedDB or a bad import can always be recovered from a file. Keeps the newest
// BACKUPS_KEPT files and deletes older ones. Files are written to a temp name and renamed, so a crash
// mid-write never leaves a truncated backup under a real name. Main does not interpret the ledger: it
// only checks that the text is a JSON object.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BACKUP_NAME_PATTERN,
  BACKUPS_KEPT,
  type BackupEntry,
  type BackupReason,
} from '../shared/ipc-contract.ts';

/** `2026-11-29T07:28:00.123Z` → `20261129T072800123Z` (sorts lexicographically by time). */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function stampToIso(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!m) return '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

interface ParsedName {
  name: string;
  stamp: string;
  seq: number;
  reason: string;
}

function parseBackupName(name: string): ParsedName | null {
  const m = BACKUP_NAME_PATTERN.exec(name);
  if (!m) return null;
  return { name, stamp: m[1] ?? '', seq: Number(m[2] ?? 0), reason: m[3] ?? '' };
}

/** Newest first: by time stamp, then by the same-millisecond sequence number. */
function newestFirst(a: ParsedName, b: ParsedName): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? 1 : -1;
  return b.seq - a.seq;
}

async function backupNames(dir: string): Promise<ParsedName[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map(parseBackupName)
    .filter((p): p is ParsedName => p !== null)
    .sort(newestFirst);
}

function assertJsonObject(json: string): void {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('Backup refused: the ledger text is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('Backup refused: the ledger JSON is not an object');
  }
}

/** Write one backup into `dir`, then delete all but the newest `keep`. Returns the new entry. */
export async function writeBackup(
  dir: string,
  json: string,
  reason: BackupReason,
  now: Date = new Date(),
  keep: number = BACKUPS_KEPT,
): Promise<BackupEntry> {
  assertJsonObject(json);
  await mkdir(dir, { recursive: true });
  const stamp = backupStamp(now);
  const existing = new Set(await readdir(dir));
  let name = `taizhang-backup-${stamp}-${reason}.json`;
  for (let seq = 1; existing.has(name); seq++) {
    if (seq > 999) throw new Error('Backup refused: too many backups in the same millisecond');
    name = `taizhang-backup-${stamp}-${seq}-${reason}.json`;
  }
  const path = join(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  await writeFile(tmp, json, { encoding: 'utf8', flag: 'wx' });
  await rename(tmp, path);
  await pruneBackups(dir, keep);
  const info = await stat(path);
  return { name, path, bytes: info.size, createdAt: now.toISOString(), reason };
}

/** Delete all but the newest `keep` backups in `dir`; returns the names deleted. */
export async function pruneBackups(dir: string, keep: number = BACKUPS_KEPT): Promise<string[]> {
  const all = await backupNames(dir);
  const doomed = all.slice(keep).map((p) => p.name);
  for (const name of doomed) await rm(join(dir, name), { force: true });
  return doomed;
}

/** The backups in `dir`, newest first. */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  const entries: BackupEntry[] = [];
  for (const parsed of await backupNames(dir)) {
    const path = join(dir, parsed.name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    entries.push({
      name: parsed.name,
      path,
      bytes: info.size,
      createdAt: stampToIso(parsed.stamp),
      reason: parsed.reason,
    });
  }
  return entries;
}

/** The JSON text of backup `name` in `dir`. The name must be one this module makes (no paths). */
export async function readBackup(dir: string, name: string): Promise<string> {
  if (!parseBackupName(name)) throw new Error(`Not a backup file name: ${JSON.stringify(name)}`);
  return readFile(join(dir, name), 'utf8');
}
