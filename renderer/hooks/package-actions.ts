// The clerk's return package, built in the 导入导出 view (loaded lazily: the workbook codec and the
// package writer stay out of start-up). Reads the evidence of the unit's month through the store
// and hands the archive over as one Blob of Blobs: nothing of the files is copied into the heap.
import { buildReturnPackage, returnPackageFileName } from '../../shared/evidence/package-writer.ts';
import { clerkReturnEvidence } from '../../shared/engine/workbook-rows.ts';
import { planFileTag } from '../../shared/plan-ids.ts';
import { appDb, appStore } from '../db/index.ts';
import { buildClerkReturn } from './exchange-actions.ts';

/**
 * The clerk's return package: the return workbook (the district's base, the clerk's values), the
 * month's evidence of the unit in a folder per task, and the manifest with every file's hash.
 */
export async function buildClerkPackage(
  planId: string,
  unit: string,
  period: string,
): Promise<{ name: string; data: Blob; files: number }> {
  const workbook = await buildClerkReturn(planId, unit, period);
  const attachments = await clerkReturnEvidence(appStore, planId, unit, period);
  const blobs = await appDb.blobs.bulkGet([...new Set(attachments.map((a) => a.sha256))]);
  const bySha = new Map(blobs.filter((b) => b).map((b) => [b!.sha256, b!]));
  const { parts } = buildReturnPackage({
    unit,
    period,
    workbook,
    files: attachments.map((a) => {
      const b = bySha.get(a.sha256)!;
      return {
        taskId: a.taskId,
        name: a.name,
        sha256: a.sha256,
        size: a.size,
        crc32: b.crc32,
        data: b.data,
        addedBy: a.addedBy,
        addedAt: a.addedAt,
      };
    }),
  });
  return {
    name: returnPackageFileName(unit, period, planFileTag(await appStore.plans(), planId)),
    data: new Blob(parts as BlobPart[], { type: 'application/zip' }),
    files: attachments.length,
  };
}
