// Reads a return package: the unit's return workbook and its evidence, as one .zip
// (`永乐店镇_2021年03月_回报.zip`, made by the clerk's app or zipped by hand) or as the files of a
// dropped folder. What it decides, file by file, so that one bad file never stops the rest:
//  - the package as a whole: within MAX_PACKAGE_BYTES, a zip whose directory is sound (the zip
//    reader's checks: no overlapping entries, nothing outside the file, sizes and CRC as declared),
//    no more than MAX_PACKAGE_FILES files and MAX_PACKAGE_EVIDENCE_BYTES declared in all, the
//    compression ratio of the whole within the workbook reader's MAX_RATIO (a zip bomb is refused
//    before a byte is inflated), exactly one workbook (.xlsx) outside the task folders;
//  - each path: no `..` or `.` segment, not absolute (`/x`, `C:`), no backslash, no Windows device
//    name, no control or bidirectional characters — refused per file, the rest still imports;
//  - each file: under a folder named by a task id (`佐证材料/大气-03/照片.jpg`, `大气03/…`, any depth),
//    at most MAX_EVIDENCE_FILE_BYTES, its content one of the evidence kinds (shared/evidence/sniff.ts,
//    a renamed .exe is refused), and, when the package carries a manifest (`manifest.json`, written
//    by the clerk's app), the SHA-256 the manifest lists for its path;
//  - names from zips made on Chinese Windows are decoded as GBK (shared/zip/zip-reader.ts).
// Pure and platform-neutral: bytes come through RandomAccess, hashing through an injected function
// (Web Crypto in the app's worker, node:crypto in the CLI), and each file's bytes are handed back as
// a Blob the platform can keep without copying (a slice of the dropped file or of the zip on disk).

import { crc32 } from '../zip/crc32.ts';
import {
  ZipError,
  ZipReader,
  bytesSource,
  type Inflate,
  type RandomAccess,
  type ZipDirEntry,
} from '../zip/zip-reader.ts';
import { BIDI_CONTROLS, WINDOWS_DEVICE, safeFileName } from '../safe-file-name.ts';
import { MAX_FILE_BYTES, MAX_RATIO } from '../workbook/container.ts';
import { parseTaskId } from '../workbook/validate-fields.ts';
import { sha256Hex } from '../sha256.ts';
import * as z from '../zod.ts';
import type { EvidenceFile } from '../engine/evidence-cases.ts';
import type { PackageEvidence } from '../engine/import-returns.ts';
import {
  cleanAddedAt,
  cleanAddedBy,
  MAX_EVIDENCE_FILE_BYTES,
  MAX_EVIDENCE_NAME,
  MAX_PACKAGE_BYTES,
  MAX_PACKAGE_EVIDENCE_BYTES,
  MAX_PACKAGE_FILES,
  sizeText,
} from './model.ts';
import { sniffEvidence } from './sniff.ts';

export const PACKAGE_MANIFEST = 'manifest.json';
export const PACKAGE_FORMAT = 'taizhang-evidence';
export const PACKAGE_VERSION = 1;
/** The folder the clerk's app puts evidence in, one subfolder per task: `佐证材料/大气-03/…`. */
export const EVIDENCE_FOLDER = '佐证材料';

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  version: typeof PACKAGE_VERSION;
  unit: string;
  period: string;
  workbook: string;
  files: {
    path: string;
    taskId: string;
    name: string;
    sha256: string;
    size: number;
    /** Who attached the file in the clerk's app and when (absent in packages of earlier versions). */
    addedBy?: string | undefined;
    addedAt?: string | undefined;
  }[];
}

const manifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  version: z.literal(PACKAGE_VERSION),
  unit: z.string(),
  period: z.string(),
  workbook: z.string(),
  files: z
    .array(
      z.object({
        path: z.string().max(1000),
        taskId: z.string(),
        name: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        size: z.number().int().nonnegative(),
        // Optional, so packages written before them still read (and older readers ignore them).
        // Whatever they hold, they never refuse the manifest (its hashes matter more): a value that
        // does not clean up is dropped, and the importer's name and time are used instead.
        addedBy: z.string().max(1000).optional(),
        addedAt: z.string().max(100).optional(),
      }),
    )
    .max(MAX_PACKAGE_FILES),
});

export interface PackageRead {
  /** The whole package refused (Chinese, and English for logs); then nothing else is set. */
  error: { message: string; log: string } | null;
  workbook: { name: string; bytes: Uint8Array } | null;
  manifest: PackageManifest | null;
  evidence: PackageEvidence;
  /** Remarks on the package as a whole (a manifest that does not read, files it lists that are missing). */
  notes: string[];
}

/** What reading needs from the platform. */
export interface PackageIo {
  inflate: Inflate;
  /** SHA-256 as 64 hex digits (default: @noble/hashes, synchronous). */
  hash?: (bytes: Uint8Array) => Promise<string>;
  /**
   * Keep a deflated entry's compressed bytes as they are (method 8) instead of the inflated content:
   * the CLI copies them into the ledger container without holding them; the app stores the content.
   */
  keepCompressed?: boolean;
  /** Bytes read so far of all the files. */
  progress?: (done: number, total: number) => void;
}

/** One file of a package before it is read. */
interface Item {
  path: string;
  size: number;
  read(): Promise<Uint8Array>;
  /** The content (or, for `compressed`, the raw deflate) as a Blob without copying, where possible. */
  blob(bytes: Uint8Array): Blob;
  crc?: number;
  compressed?: { data: Blob; method: 8 };
}

/** Why a path is refused, or null when it is a fine relative path. */
export function pathProblem(path: string): string | null {
  if (path.includes('\\')) return '路径中有反斜杠（\\），可能试图跳出文件夹，已拒绝';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return '路径是绝对路径，已拒绝';
  const parts = path.split('/').filter((p, i, all) => !(p === '' && i === all.length - 1));
  if (parts.some((p) => p === '..')) return '路径中有“..”，试图跳出压缩包，已拒绝';
  if (parts.some((p) => p === '.' || p === '')) return '路径格式异常，已拒绝';
  // eslint-disable-next-line no-control-regex
  if (parts.some((p) => /[\u0000-\u001f\u007f<>:"|?*]/.test(p)))
    return '路径中有 Windows 不允许的字符，已拒绝';
  if (parts.some((p) => new RegExp(BIDI_CONTROLS.source).test(p)))
    return '文件名中有改变显示方向的控制字符，已拒绝';
  if (parts.some((p) => WINDOWS_DEVICE.test(p)))
    return '文件名是 Windows 设备名（如 CON、NUL、COM1），已拒绝';
  if (path.length > 1000) return '路径过长，已拒绝';
  return null;
}

/** Files a zip tool or an OS adds that are not anyone's evidence. */
function isJunk(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (
    path.startsWith('__MACOSX/') ||
    name === '.DS_Store' ||
    /^thumbs\.db$/i.test(name) ||
    /^desktop\.ini$/i.test(name) ||
    name.startsWith('~$') ||
    name.startsWith('._')
  );
}

/** The task a file belongs to: the innermost folder of its path named by a task id. */
export function taskFolderOf(path: string): string | null {
  const dirs = path.split('/').slice(0, -1);
  for (let i = dirs.length - 1; i >= 0; i--) {
    const id = parseTaskId(dirs[i] as string);
    if (/^(air|water|soil)-\d{2,}$/.test(id)) return id;
  }
  return null;
}

const zipLimits = {
  maxEntrySize: Math.max(MAX_EVIDENCE_FILE_BYTES, MAX_FILE_BYTES),
  maxEntries: MAX_PACKAGE_FILES + 100,
  maxRatio: 1100,
};

function emptyRead(): PackageRead {
  return { error: null, workbook: null, manifest: null, evidence: { files: [], refused: [] }, notes: [] };
}

function zipError(err: unknown): { message: string; log: string } {
  const e = err as ZipError;
  if (e instanceof ZipError && e.code === 'not-zip')
    return { message: '文件不是 .zip 压缩包，无法作为回报包读取', log: `not a zip: ${e.message}` };
  if (e instanceof ZipError && e.code === 'unsupported')
    return { message: '压缩包已加密或使用了不支持的压缩方式，请重新压缩（不要设置密码）', log: e.message };
  if (e instanceof ZipError && e.code === 'too-large')
    return { message: '压缩包的文件数或大小超过上限，已拒绝', log: e.message };
  return {
    message: '压缩包已损坏或不完整，请重新压缩后再导入',
    log: `corrupt zip: ${(err as Error).message}`,
  };
}

/** Read a .zip return package. Never throws for bad input: see `error` and each file's entry. */
export async function readReturnPackage(source: RandomAccess, io: PackageIo): Promise<PackageRead> {
  const out = emptyRead();
  if (source.size > MAX_PACKAGE_BYTES) {
    out.error = {
      message: `压缩包过大（${sizeText(source.size)}），超过 ${sizeText(MAX_PACKAGE_BYTES)} 的上限，请分成几个包报送`,
      log: `package of ${source.size} bytes exceeds ${MAX_PACKAGE_BYTES}`,
    };
    return out;
  }
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(source, io.inflate, zipLimits);
  } catch (err) {
    out.error = zipError(err);
    return out;
  }
  const files = zip.entries.filter((e) => !e.name.endsWith('/'));
  if (files.length > MAX_PACKAGE_FILES) {
    out.error = {
      message: `压缩包中有 ${files.length} 个文件，超过 ${MAX_PACKAGE_FILES} 个的上限，请分成几个包报送`,
      log: `${files.length} entries exceed ${MAX_PACKAGE_FILES}`,
    };
    return out;
  }
  const declared = files.reduce((n, e) => n + e.size, 0);
  const compressed = files.reduce((n, e) => n + e.compressedSize, 0);
  if (declared > MAX_PACKAGE_EVIDENCE_BYTES || declared / Math.max(compressed, 1) > MAX_RATIO) {
    out.error = {
      message: '压缩包解压后体积异常大（疑似“压缩炸弹”）或超过上限，已拒绝读取。请确认文件来源。',
      log: `declared ${declared} bytes from ${compressed} compressed`,
    };
    return out;
  }
  const items: Item[] = files.map((entry) => zipItem(zip, source, entry, io.keepCompressed ?? false));
  return readItems(items, io, out);
}

function zipItem(zip: ZipReader, source: RandomAccess, entry: ZipDirEntry, keepCompressed: boolean): Item {
  let start: number | null = null;
  const slice = (from: number, length: number) => source.blob?.slice(from, from + length) ?? null;
  const item: Item = {
    path: entry.name,
    size: entry.size,
    crc: entry.crc,
    read: async () => {
      zip.checkLimits(entry);
      start = await zip.dataStart(entry);
      return zip.read(entry);
    },
    blob: (bytes) => {
      const kept = entry.method === 0 && start !== null ? slice(start, entry.size) : null;
      return kept ?? new Blob([bytes as Uint8Array<ArrayBuffer>]);
    },
  };
  if (keepCompressed && entry.method === 8)
    Object.defineProperty(item, 'compressed', {
      get: () => {
        const data = start === null ? null : slice(start, entry.compressedSize);
        return data ? { data, method: 8 as const } : undefined;
      },
    });
  return item;
}

/** The files of a dropped folder (or loose files dropped together): path relative to the drop. */
export interface LooseFile {
  path: string;
  source: RandomAccess;
}

/** Read a package given as loose files (a workbook dropped with its folder). */
export async function readLooseFiles(files: readonly LooseFile[], io: PackageIo): Promise<PackageRead> {
  const out = emptyRead();
  if (files.length > MAX_PACKAGE_FILES) {
    out.error = {
      message: `一次拖入了 ${files.length} 个文件，超过 ${MAX_PACKAGE_FILES} 个的上限`,
      log: `${files.length} files exceed ${MAX_PACKAGE_FILES}`,
    };
    return out;
  }
  const items: Item[] = files.map((f) => ({
    path: f.path,
    size: f.source.size,
    read: () => f.source.read(0, f.source.size),
    blob: (bytes) => f.source.blob ?? new Blob([bytes as Uint8Array<ArrayBuffer>]),
  }));
  return readItems(items, io, out);
}

async function readItems(items: Item[], io: PackageIo, out: PackageRead): Promise<PackageRead> {
  const hash = io.hash ?? (async (b: Uint8Array) => sha256Hex(b));
  const refuse = (path: string, reason: string, log: string) =>
    out.evidence.refused.push({ path, reason, log });
  // The manifest first: it names the workbook and the hash of every file.
  const manifestItem = items.find(
    (i) => i.path === PACKAGE_MANIFEST || i.path.endsWith(`/${PACKAGE_MANIFEST}`),
  );
  if (manifestItem) {
    try {
      if (manifestItem.size > 4 * 1024 * 1024) throw new Error('manifest over 4 MB');
      const parsed = manifestSchema.safeParse(
        JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await manifestItem.read())),
      );
      if (parsed.success) out.manifest = parsed.data;
      else out.notes.push('压缩包中的清单（manifest.json）格式不对，按无清单处理：文件不核对哈希值');
    } catch {
      out.notes.push('压缩包中的清单（manifest.json）无法读取，按无清单处理：文件不核对哈希值');
    }
  }
  const listed = new Map((out.manifest?.files ?? []).map((f) => [f.path, f]));
  const seen = new Set<string>();
  const candidates: { item: Item; taskId: string }[] = [];
  const workbooks: Item[] = [];
  for (const item of items) {
    if (item === manifestItem || isJunk(item.path)) continue;
    const problem = pathProblem(item.path);
    if (problem) {
      refuse(item.path, problem, `unsafe path ${JSON.stringify(item.path)}`);
      continue;
    }
    if (seen.has(item.path)) {
      refuse(item.path, '压缩包中有同名的文件，只读取第一个', `repeated path ${item.path}`);
      continue;
    }
    seen.add(item.path);
    const taskId = taskFolderOf(item.path);
    if (!taskId && /\.xlsx$/i.test(item.path) && item.path.split('/').length <= 2) {
      workbooks.push(item);
      continue;
    }
    if (!taskId) {
      refuse(
        item.path,
        `不在以任务编号命名的文件夹中（如“${EVIDENCE_FOLDER}/大气-03/”），无法确定属于哪项任务，未导入`,
        `no task folder for ${item.path}`,
      );
      continue;
    }
    candidates.push({ item, taskId });
  }
  const wb = out.manifest
    ? (workbooks.find((w) => w.path === out.manifest?.workbook) ?? workbooks[0])
    : workbooks[0];
  if (workbooks.length > 1 && !(out.manifest && workbooks.some((w) => w.path === out.manifest?.workbook))) {
    out.error = {
      message: `压缩包中有 ${workbooks.length} 个工作簿（${workbooks.map((w) => w.path).join('、')}），一个回报包只能有一个填报工作簿`,
      log: `${workbooks.length} workbooks in the package`,
    };
    return out;
  }
  if (!wb) {
    out.error = {
      message: '压缩包中没有填报工作簿（.xlsx），请把交回的工作簿和佐证材料一起压缩',
      log: 'no .xlsx workbook in the package',
    };
    return out;
  }
  for (const other of workbooks)
    if (other !== wb) refuse(other.path, '不是清单所列的工作簿，未导入', 'extra workbook');
  if (wb.size > MAX_FILE_BYTES) {
    out.error = {
      message: `工作簿过大（${sizeText(wb.size)}），超过 ${sizeText(MAX_FILE_BYTES)} 的上限`,
      log: `workbook of ${wb.size} bytes`,
    };
    return out;
  }
  try {
    out.workbook = { name: wb.path.slice(wb.path.lastIndexOf('/') + 1), bytes: await wb.read() };
  } catch (err) {
    out.error = zipError(err);
    return out;
  }
  const total = candidates.reduce((n, c) => n + c.item.size, 0);
  let done = 0;
  io.progress?.(0, total);
  for (const { item, taskId } of candidates) {
    const entryName = item.path.slice(item.path.lastIndexOf('/') + 1);
    try {
      if (item.size > MAX_EVIDENCE_FILE_BYTES) {
        refuse(
          item.path,
          `文件过大（${sizeText(item.size)}），单个佐证材料不能超过 ${sizeText(MAX_EVIDENCE_FILE_BYTES)}`,
          `${item.size} bytes exceed ${MAX_EVIDENCE_FILE_BYTES}`,
        );
        continue;
      }
      const bytes = await item.read();
      const sha256 = await hash(bytes);
      const expected = listed.get(item.path);
      if (out.manifest && expected && expected.sha256 !== sha256) {
        refuse(
          item.path,
          '文件内容与清单中的哈希值不符（文件可能损坏或被替换），未导入',
          `sha256 ${sha256} differs from the manifest's ${expected.sha256}`,
        );
        continue;
      }
      const sniffed = await sniffEvidence(bytesSource(bytes), entryName);
      if (!sniffed.ok) {
        refuse(item.path, sniffed.message, sniffed.log);
        continue;
      }
      const name = safeFileName(expected?.name ?? entryName, `${sniffed.kind}文件`).slice(-MAX_EVIDENCE_NAME);
      const compressed = item.compressed;
      const file: EvidenceFile = compressed
        ? {
            name,
            sha256,
            size: bytes.length,
            kind: sniffed.kind,
            crc32: item.crc ?? crc32(bytes),
            method: 8,
            data: compressed.data,
          }
        : {
            name,
            sha256,
            size: bytes.length,
            kind: sniffed.kind,
            crc32: item.crc ?? crc32(bytes),
            method: 0,
            data: item.blob(bytes),
          };
      const addedBy = cleanAddedBy(expected?.addedBy);
      const addedAt = cleanAddedAt(expected?.addedAt);
      if (addedBy) file.addedBy = addedBy;
      if (addedAt) file.addedAt = addedAt;
      out.evidence.files.push({ path: item.path, taskId, file });
    } catch (err) {
      const e = zipError(err);
      refuse(item.path, e.message.replace('压缩包', '该文件'), e.log);
    } finally {
      done += item.size;
      io.progress?.(done, total);
    }
  }
  for (const f of out.manifest?.files ?? [])
    if (!seen.has(f.path)) out.notes.push(`清单列出的文件“${f.path}”不在压缩包中`);
  return out;
}
