// What the 导入导出 view does, bound to the app's store and host: build return workbooks and hand
// them to the user, read returned ones, plan and apply an import batch (one backup first, then the
// import use case in one transaction), decide conflicts an import left open, undo a batch, and the
// clerk's open-the-district's-workbook / export-the-return, and — for files we did not write — propose
// and apply a mapping (a unit's own ledger) or import the district's master ledger as history.
// Every ledger change is a use case of shared/engine run through appStore. The workbook codec
// (exceljs, ~950 KB), the readers of other formats and jszip are loaded on first use with import(),
// never at start-up. A protected file is decrypted by the host (Electron's main process); the
// password is passed through once and not kept.
import {
  openDistrictWorkbook,
  type DistrictWorkbookPreview,
  type OpenDistrictResult,
} from '../../shared/engine/clerk-workbook.ts';
import {
  identifyFiles,
  importReturns,
  resolveOpenConflicts as resolveOpenConflictsCase,
  type FileOutcome,
  type ReturnFile,
} from '../../shared/engine/import-returns.ts';
import { undoImport as undoImportCase, type UndoImportResult } from '../../shared/engine/undo-import.ts';
import { clerkReturn, unitWorkbookRows } from '../../shared/engine/workbook-rows.ts';
import type { ReturnIdentity } from '../../shared/file-identity.ts';
import type { FieldKey } from '../../shared/keys.ts';
import type { Resolution } from '../../shared/merge/apply-merge.ts';
import type { OpenConflict } from '../../shared/model.ts';
import { planFileTag } from '../../shared/plan-ids.ts';
import type { ReadResult } from '../../shared/workbook/read-workbook.ts';
import { streamCodec } from '../../shared/zip/deflate.ts';
import type { MappingProposal } from '../../shared/engine/foreign-returns.ts';
import type { HistoryMonthOutcome } from '../../shared/engine/import-history.ts';
import type { LayoutMapping } from '../../shared/mapping/types.ts';
import { recordExports, type ExportRecord } from '../db/export-repo.ts';
import { appDb, appStore } from '../db/index.ts';
import { automaticBackup, type KeptBackup } from '../features/backup/backup-actions.ts';
import { getHost, type HostFile } from '../host.ts';
import { newId, useCaseContext } from './actions.ts';
import { currentPlan } from './current-plan-read.ts';

const loadCodec = () => import('../../shared/workbook/index.ts');
// Reading needs neither exceljs nor the exporter: its own small chunk.
const loadReader = () => import('../../shared/workbook/read-workbook.ts');
const nativeInflate = streamCodec()?.inflate;

export { newId };
export type { DistrictWorkbookPreview, FileOutcome, OpenDistrictResult, ReturnFile, UndoImportResult };

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
  const meta = await currentPlan();
  const plan = { id: meta.id, title: meta.title, docNumber: meta.docNumber };
  const tag = planFileTag(await appStore.plans(), meta.id);
  const files: HostFile[] = [];
  const records: ExportRecord[] = [];
  for (const [i, unit] of units.entries()) {
    onProgress({ done: i, total: units.length, unit });
    const rows = await unitWorkbookRows(appStore, meta.id, unit, period);
    const exportId = newId('exp');
    const exportedAt = new Date().toISOString();
    const bytes = await codec.exportReturnWorkbook({ plan, unit, period, rows, exportId, exportedAt });
    const name = codec.returnWorkbookFileName(unit, period, tag);
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
  files: readonly { name: string; bytes: Uint8Array; password?: string }[],
  mode: 'return' | 'history' = 'return',
): Promise<ReadResult[]> {
  const { readReturnWorkbook } = await loadReader();
  const { HISTORY_LIMITS } = await import('../../shared/workbook/xlsx-grid.ts');
  const year = (await currentPlan()).year;
  const decrypt = getHost().decryptWorkbook;
  const out: ReadResult[] = [];
  for (const f of files)
    out.push(
      await readReturnWorkbook(f.bytes, {
        fileName: f.name,
        year,
        mode,
        password: f.password,
        inflate: nativeInflate,
        ...(decrypt ? { decrypt } : {}),
        ...(mode === 'history' ? { limits: HISTORY_LIMITS } : {}),
      }),
    );
  return out;
}

/** Whether this host can open password-protected files (Electron: yes; a plain browser: no). */
export function canDecrypt(): boolean {
  return getHost().decryptWorkbook !== undefined;
}

/** How a unit's own ledger (a foreign layout) maps onto the plan, with what a person must confirm. */
export async function proposeFileMapping(
  read: ReadResult,
  unit: string | null,
  mode: 'return' | 'history' = 'return',
): Promise<MappingProposal> {
  const { proposeMapping } = await import('../../shared/engine/foreign-returns.ts');
  return proposeMapping(appStore, read, { planId: (await currentPlan()).id, unit, mode });
}

/** A foreign layout's rows read through a confirmed mapping. */
export async function readThroughMapping(read: ReadResult, mapping: LayoutMapping): Promise<ReadResult> {
  const { mappedReturn } = await import('../../shared/engine/foreign-returns.ts');
  return mappedReturn(read, mapping);
}

/** The master ledger's months under a confirmed mapping, as the history import would do them. Writes nothing. */
export async function planHistory(
  read: ReadResult,
  mapping: LayoutMapping,
  who: string,
  take: 'ours' | 'theirs',
): Promise<{ outcomes: HistoryMonthOutcome[]; notes: string[] }> {
  const [{ historyMonths }, { importHistory }] = await Promise.all([
    import('../../shared/mapping/history.ts'),
    import('../../shared/engine/import-history.ts'),
  ]);
  const { months, notes } = historyMonths(read.grid!, mapping);
  const file = {
    planId: (await currentPlan()).id,
    fileName: read.fileName ?? '',
    sha256: read.sha256,
    months,
  };
  const outcomes = await appStore.preview((r) =>
    importHistory(r, useCaseContext(who), file, { apply: false, take }),
  );
  return { outcomes, notes };
}

/** One backup, then the master ledger's months in one transaction, one batch per month. */
export async function applyHistory(
  read: ReadResult,
  mapping: LayoutMapping,
  who: string,
  take: 'ours' | 'theirs',
): Promise<{ outcomes: HistoryMonthOutcome[]; backup: KeptBackup }> {
  const [{ historyMonths }, { importHistory }] = await Promise.all([
    import('../../shared/mapping/history.ts'),
    import('../../shared/engine/import-history.ts'),
  ]);
  const { months } = historyMonths(read.grid!, mapping);
  const backup = await automaticBackup('import');
  const file = {
    planId: (await currentPlan()).id,
    fileName: read.fileName ?? '',
    sha256: read.sha256,
    months,
  };
  const outcomes = await appStore.run((r) =>
    importHistory(r, useCaseContext(who), file, { apply: true, take }),
  );
  console.info(`history import: ${outcomes.filter((o) => o.batch).length} month(s)`);
  return { outcomes, backup };
}

/** Whose return each file is, by the one rule (shared/file-identity.ts). */
export function identifyReads(reads: readonly ReadResult[]): Promise<ReturnIdentity[]> {
  return identifyFiles(appStore, reads);
}

/** The batch as it would import now (each file against the state the files before it leave). Writes nothing. */
export async function planImport(files: readonly ReturnFile[], who: string): Promise<FileOutcome[]> {
  const inPlan = await underCurrentPlan(files);
  return appStore.preview((reader) => importReturns(reader, useCaseContext(who), inPlan, { apply: false }));
}

/** Files without a manifest go into the plan on screen (a manifest's own plan still wins). */
async function underCurrentPlan(files: readonly ReturnFile[]): Promise<ReturnFile[]> {
  const planId = (await currentPlan()).id;
  return files.map((f) => ({ planId, ...f }));
}

export interface AppliedBatch {
  outcomes: FileOutcome[];
  backup: KeptBackup;
}

/** One backup of the whole ledger, then the whole batch in one transaction (all files or none). */
export async function applyImportBatch(
  files: readonly ReturnFile[],
  who: string,
  onStep: (label: string) => void = () => {},
): Promise<AppliedBatch> {
  const inPlan = await underCurrentPlan(files);
  onStep('备份台账…');
  const backup = await automaticBackup('import');
  onStep('写入台账…');
  const outcomes = await appStore.run((reader) =>
    importReturns(reader, useCaseContext(who), inPlan, { apply: true }),
  );
  const written = outcomes.reduce((n, o) => n + o.applied.length, 0);
  console.info(`imported ${outcomes.filter((o) => o.batch).length} file(s), ${written} field(s)`);
  return { outcomes, backup };
}

/** Decide conflicts an earlier import left open (without the file). */
export function resolveOpenConflicts(
  batchId: string,
  decisions: ReadonlyMap<FieldKey, Resolution>,
  who: string,
): Promise<{ applied: number; stillOpen: OpenConflict[] }> {
  return appStore
    .run((reader) => resolveOpenConflictsCase(reader, useCaseContext(who), batchId, decisions))
    .then((r) => ({ applied: r.applied.length, stillOpen: r.stillOpen }));
}

export function undoImport(batchId: string, who: string): Promise<UndoImportResult> {
  return appStore.run((reader) => undoImportCase(reader, useCaseContext(who), batchId));
}

export function previewDistrict(file: ReadResult, who: string): Promise<OpenDistrictResult> {
  return appStore.preview((reader) =>
    openDistrictWorkbook(reader, useCaseContext(who), file, { apply: false }),
  );
}

export function openDistrict(file: ReadResult, who: string): Promise<OpenDistrictResult> {
  return appStore.run((reader) => openDistrictWorkbook(reader, useCaseContext(who), file, { apply: true }));
}

/** The clerk's return workbook of a plan: the district's export id and base, the current values. */
export async function buildClerkReturn(planId: string, unit: string, period: string): Promise<HostFile> {
  const codec = await loadCodec();
  const ret = await clerkReturn(appStore, planId, unit, period);
  const plans = await appStore.plans();
  const meta = plans.find((p) => p.id === planId);
  // Never another plan's title and id on this plan's return.
  if (!meta) throw new Error(`这份工作簿所属的计划（${planId}）已不在本软件中，无法导出回报。`);
  const bytes = await codec.exportReturnWorkbook({
    plan: { id: meta.id, title: meta.title, docNumber: meta.docNumber },
    unit,
    period,
    rows: ret.rows,
    exportId: ret.base.exportId,
    exportedAt: ret.base.exportedAt,
  });
  return { name: codec.returnWorkbookFileName(unit, period, planFileTag(plans, planId)), bytes };
}
