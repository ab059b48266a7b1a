// What the 导入导出 view does, bound to the app's database and host: build return workbooks and hand
// them to the user, read returned ones, plan and apply imports (backup first), undo a batch, and the
// clerk's open-the-district's-workbook / export-the-return. The workbook codec (exceljs, ~950 KB) and
// jszip are loaded on first use with import(), never at start-up.
import type { MergeExpected, MergePlan, FieldKey } from '../../shared/merge/plan-merge.ts';
import type { Resolution } from '../../shared/merge/apply-merge.ts';
import type { MergeContext } from '../../shared/merge/plan-sequence.ts';
import { writeLedger } from '../../shared/ledger-file.ts';
import type { ReadResult } from '../../shared/workbook/read-workbook.ts';
import { saveLocalBackup } from '../db/backup-repo.ts';
import {
  loadClerkReturn,
  openDistrictWorkbook,
  previewDistrictWorkbook,
  type DistrictWorkbookPreview,
  type OpenDistrictResult,
} from '../db/clerk-repo.ts';
import { loadExportSource, loadUnitExportRows, recordExports, type ExportRecord } from '../db/export-repo.ts';
import { appDb } from '../db/index.ts';
import {
  applyImportPlan,
  knownImportHashes,
  loadMergeContexts,
  undoImportBatch,
  type ApplyImportResult,
  type UndoBatchResult,
} from '../db/import-repo.ts';
import { exportLedgerFromDb } from '../db/ledger-io.ts';
import { getHost, type HostFile } from '../host.ts';

const loadCodec = () => import('../../shared/workbook/index.ts');

/** Random ids for exports and import batches. */
export function newId(prefix: string): string {
  const c = globalThis.crypto;
  const rand =
    c && typeof c.randomUUID === 'function'
      ? c.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${rand}`;
}

export interface ExportProgress {
  done: number;
  total: number;
  unit: string | null;
}

/** Build one return workbook per unit for the period, in order; reports progress after each. */
export async function buildReturnWorkbooks(
  units: readonly string[],
  period: string,
  onProgress: (p: ExportProgress) => void,
): Promise<HostFile[]> {
  const codec = await loadCodec();
  const source = await loadExportSource(appDb);
  const files: HostFile[] = [];
  const records: ExportRecord[] = [];
  for (const [i, unit] of units.entries()) {
    onProgress({ done: i, total: units.length, unit });
    const rows = await loadUnitExportRows(appDb, source, unit, period);
    const exportId = newId('exp');
    const exportedAt = new Date().toISOString();
    const bytes = await codec.exportReturnWorkbook({
      plan: source.plan,
      unit,
      period,
      rows,
      exportId,
      exportedAt,
    });
    const name = codec.returnWorkbookFileName(unit, period);
    files.push({ name, bytes });
    records.push({ exportId, unit, period, exportedAt, fileName: name });
  }
  onProgress({ done: units.length, total: units.length, unit: null });
  await recordExports(appDb, records);
  console.info(`exported ${files.length} return workbook(s) for ${period}`);
  return files;
}

export interface Delivery {
  saved: boolean;
  /** Chinese: where the files went. */
  where: string;
}

/**
 * Hand files to the user: one file → save dialog / download; several → Electron: a chosen folder,
 * browser: one .zip download (a page may not start dozens of downloads).
 */
export async function deliverFiles(files: readonly HostFile[], zipName: string): Promise<Delivery> {
  const host = getHost();
  if (files.length === 1) {
    const f = files[0]!;
    const saved = await host.saveFile(f.name, f.bytes);
    return { saved, where: host.isElectron ? `已保存：${f.name}` : `已下载：${f.name}` };
  }
  if (host.saveFilesToFolder) {
    const paths = await host.saveFilesToFolder(files);
    return paths
      ? { saved: true, where: `已保存 ${paths.length} 个文件到所选文件夹` }
      : { saved: false, where: '' };
  }
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  for (const f of files) zip.file(f.name, f.bytes);
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  const saved = await host.saveFile(zipName, bytes);
  return { saved, where: `已下载压缩包：${zipName}（内含 ${files.length} 个工作簿）` };
}

export async function readWorkbooks(
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<ReadResult[]> {
  const codec = await loadCodec();
  const out: ReadResult[] = [];
  for (const f of files) out.push(await codec.readReturnWorkbook(f.bytes, { fileName: f.name }));
  return out;
}

export async function loadImportContexts(
  pairs: readonly Pick<MergeExpected, 'unit' | 'period'>[],
): Promise<{ contexts: Map<string, MergeContext>; knownHashes: Set<string> }> {
  const [contexts, knownHashes] = await Promise.all([
    loadMergeContexts(appDb, pairs),
    knownImportHashes(appDb),
  ]);
  return { contexts, knownHashes };
}

/**
 * Back up the whole ledger before an import: Electron → <userData>/backups (main keeps the newest
 * 10); browser → the local backups row of the settings table (the newest 3). Returns a Chinese note.
 */
export async function backupBeforeImport(): Promise<string> {
  const now = new Date();
  const json = writeLedger(await exportLedgerFromDb(appDb, now), now);
  const backups = getHost().backups;
  if (backups) {
    const entry = await backups.write(json, 'import');
    return `导入前已备份：${entry.name}`;
  }
  await saveLocalBackup(appDb, json, 'import', now);
  return '导入前已备份到本机浏览器（设置 → 数据备份与恢复）';
}

export function applyImport(input: {
  plan: MergePlan;
  resolutions: ReadonlyMap<FieldKey, Resolution>;
  fileName: string;
  who: string;
}): Promise<ApplyImportResult> {
  return applyImportPlan(appDb, { ...input, batchId: newId('imp') });
}

export function undoImport(batchId: string, who: string): Promise<UndoBatchResult> {
  return undoImportBatch(appDb, batchId, who);
}

export function previewDistrict(file: ReadResult): Promise<DistrictWorkbookPreview> {
  return previewDistrictWorkbook(appDb, file);
}

export function openDistrict(file: ReadResult, who: string): Promise<OpenDistrictResult> {
  return openDistrictWorkbook(appDb, file, { who, batchId: newId('open') });
}

/** The clerk's return workbook: the district's export id and base, the current values. */
export async function buildClerkReturn(unit: string, period: string): Promise<HostFile> {
  const codec = await loadCodec();
  const ret = await loadClerkReturn(appDb, unit, period);
  const source = await loadExportSource(appDb);
  const bytes = await codec.exportReturnWorkbook({
    plan: source.plan,
    unit,
    period,
    rows: ret.rows,
    exportId: ret.base.exportId,
    exportedAt: ret.base.exportedAt,
  });
  return { name: codec.returnWorkbookFileName(unit, period), bytes };
}
