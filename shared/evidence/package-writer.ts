// Writes a return package (the clerk's app): the return workbook, the evidence of the unit's month in
// `佐证材料/<task label>/<name>` (`佐证材料/大气-03/现场照片.jpg`), and `manifest.json` naming the
// workbook and each file's task, name, size and SHA-256 — what the district's importer checks. Files
// are stored, not compressed (photos and PDFs do not shrink, and the bytes go in as the Blobs the
// app keeps, never read into memory). A second file of the same name in one task folder is named
// `名称 (2).jpg`. Pure: returns the archive's parts.

import { taskLabel } from '../model.ts';
import { crc32 } from '../zip/crc32.ts';
import { unitMonthFileName } from '../safe-file-name.ts';
import { ZipWriter, type ZipData } from '../zip/zip-writer.ts';
import {
  EVIDENCE_FOLDER,
  PACKAGE_FORMAT,
  PACKAGE_MANIFEST,
  PACKAGE_VERSION,
  type PackageManifest,
} from './package.ts';

export interface PackageFile {
  taskId: string;
  name: string;
  sha256: string;
  size: number;
  crc32: number;
  data: Blob;
  /** Who attached it in the clerk's app, and when: the district's ledger keeps them. */
  addedBy?: string;
  addedAt?: string;
}

/** `永乐店镇_2021年03月_回报.zip`, or `…_回报_<plan id>.zip` with a plan tag (see returnWorkbookFileName). */
export function returnPackageFileName(unit: string, period: string, planTag?: string): string {
  const [y, m] = period.split('-');
  return unitMonthFileName(unit, Number(y), Number(m), '回报', 'zip', planTag);
}

function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name.toLowerCase())) {
    taken.add(name.toLowerCase());
    return name;
  }
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

export function buildReturnPackage(input: {
  unit: string;
  period: string;
  workbook: { name: string; bytes: Uint8Array };
  files: readonly PackageFile[];
}): { parts: ZipData[]; manifest: PackageManifest } {
  const zip = new ZipWriter();
  const wb = input.workbook;
  zip.add({ name: wb.name, method: 0, crc: crc32(wb.bytes), size: wb.bytes.length, data: wb.bytes });
  const taken = new Map<string, Set<string>>();
  const listed: PackageManifest['files'] = [];
  const pending: { path: string; f: PackageFile }[] = [];
  for (const f of input.files) {
    const folder = `${EVIDENCE_FOLDER}/${taskLabel(f.taskId)}`;
    const names = taken.get(folder) ?? new Set<string>();
    taken.set(folder, names);
    const path = `${folder}/${uniqueName(f.name, names)}`;
    listed.push({
      path,
      taskId: f.taskId,
      name: f.name,
      sha256: f.sha256,
      size: f.size,
      ...(f.addedBy !== undefined ? { addedBy: f.addedBy } : {}),
      ...(f.addedAt !== undefined ? { addedAt: f.addedAt } : {}),
    });
    pending.push({ path, f });
  }
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    unit: input.unit,
    period: input.period,
    workbook: wb.name,
    files: listed,
  };
  const text = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  zip.add({ name: PACKAGE_MANIFEST, method: 0, crc: crc32(text), size: text.length, data: text });
  for (const { path, f } of pending)
    zip.add({ name: path, method: 0, crc: f.crc32, size: f.size, data: f.data });
  return { parts: zip.finish(), manifest };
}
