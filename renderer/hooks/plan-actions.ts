// What the 计划任务 view's plan import does, bound to the app's store: read a plan's document (the
// shared reader, loaded on first use), preview the import (writes nothing), and apply it after one
// automatic backup — the importPlan (and reissuePlan, 修订版) use case of shared/engine/plan-cases.ts in one transaction.
import type { PlanImportInput, PlanImportResult, ReissueResult } from '../../shared/engine/plan-cases.ts';
import type { PlanSource } from '../../shared/plan-import/plan-table.ts';
import { sha256Hex } from '../../shared/sha256.ts';
import { appStore } from '../db/index.ts';
import { automaticBackup } from '../features/backup/backup-actions.ts';
import { useCaseContext } from './actions.ts';

export type { PlanImportResult, ReissueResult };

export type PlanFileRead =
  { ok: true; source: PlanSource; fileName: string; sha256: string } | { ok: false; message: string };

/** Read a plan's .docx or .xlsx into paragraphs and table rows (bounded; never throws). */
export async function readPlanFile(name: string, bytes: Uint8Array): Promise<PlanFileRead> {
  const { openPlanFile } = await import('../../shared/plan-import/open-plan-file.ts');
  const read = await openPlanFile(bytes, { fileName: name });
  if (!read.ok) {
    console.warn(`plan file refused: ${read.error.log}`);
    return { ok: false, message: read.error.message };
  }
  return { ok: true, source: read.source, fileName: name, sha256: sha256Hex(bytes) };
}

/** The import as it would go now. Writes nothing. */
export async function previewPlanImport(input: PlanImportInput, who: string): Promise<PlanImportResult> {
  const { importPlan } = await import('../../shared/engine/plan-cases.ts');
  return appStore.preview((reader) => importPlan(reader, useCaseContext(who), input, { apply: false }));
}

/** One backup, then the plan into the ledger in one transaction. */
export async function applyPlanImport(input: PlanImportInput, who: string): Promise<PlanImportResult> {
  const { importPlan } = await import('../../shared/engine/plan-cases.ts');
  await automaticBackup('import');
  const result = await appStore.run((reader) =>
    importPlan(reader, useCaseContext(who), input, { apply: true }),
  );
  console.info(`plan import ${result.plan.id}: ${result.ok ? 'written' : 'refused'}`);
  return result;
}

type ReadPlan = Extract<PlanFileRead, { ok: true }>;

/** A corrected reissue of `planId` as it would go now. Writes nothing. */
export async function previewPlanReissue(
  planId: string,
  file: ReadPlan,
  who: string,
): Promise<ReissueResult> {
  const { reissuePlan } = await import('../../shared/engine/plan-cases.ts');
  return appStore.preview((reader) =>
    reissuePlan(
      reader,
      useCaseContext(who),
      planId,
      { source: file.source, fileName: file.fileName, sha256: file.sha256 },
      { apply: false },
    ),
  );
}

/** One backup, then the reissue in one transaction. */
export async function applyPlanReissue(planId: string, file: ReadPlan, who: string): Promise<ReissueResult> {
  const { reissuePlan } = await import('../../shared/engine/plan-cases.ts');
  await automaticBackup('import');
  const result = await appStore.run((reader) =>
    reissuePlan(
      reader,
      useCaseContext(who),
      planId,
      { source: file.source, fileName: file.fileName, sha256: file.sha256 },
      { apply: true },
    ),
  );
  console.info(`plan reissue ${planId}: ${result.ok ? `${result.changes.length} changes` : 'refused'}`);
  return result;
}
