// Use case, the clerk's side: open the workbook the district sent. The district's base for that
// unit and month is kept (so the clerk's return later carries the district's base, not the clerk's
// own values, and the district's three-way merge sees exactly what the clerk changed), and the
// clerk's values for the month become what the workbook's cells say — audited as an import with a
// batch of its own, so it can be undone like any import. Opening the same file again changes no
// values (it only refreshes the kept base).

import {
  planAdoptDistrictWorkbook,
  districtBaseFromManifest,
  type AdoptPlan,
  type DistrictBase,
} from '../return-exchange.ts';
import { importSource, type ImportBatch, type ProgressFields } from '../model.ts';
import type { ReadResult } from '../workbook/read-workbook.ts';
import { emptyChangeSet, type Decision } from './change-set.ts';
import type { LedgerReader, UseCaseContext } from './read-port.ts';
import { qualifyRead } from './plan-scope.ts';
import { WorkingCopy } from './working-copy.ts';

export interface DistrictWorkbookPreview {
  /** Null when the file cannot serve as the district's workbook; `problem` says why (Chinese). */
  base: DistrictBase | null;
  problem: string | null;
  adopt: AdoptPlan;
  /** The same file (SHA-256) was opened before: no values will change. */
  alreadyOpened: boolean;
}

export interface OpenDistrictResult extends DistrictWorkbookPreview {
  batch: ImportBatch | null;
  /** Fields of the clerk's ledger set from the workbook. */
  changed: number;
}

/** What opening `file` would do (the dry run) and, with `apply`, the change that does it. */
export async function openDistrictWorkbook(
  reader: LedgerReader,
  ctx: UseCaseContext,
  file: ReadResult,
  options: { apply: boolean },
): Promise<Decision<OpenDistrictResult>> {
  const refuse = (problem: string): Decision<OpenDistrictResult> => ({
    changes: emptyChangeSet(),
    result: {
      base: null,
      problem,
      adopt: { changes: [], skipped: [] },
      alreadyOpened: false,
      batch: null,
      changed: 0,
    },
  });
  if (file.errors[0]) return refuse(file.errors[0].message);
  const m = file.manifest;
  if (!m)
    return refuse(
      '文件没有有效的清单（不是本系统导出的工作簿，或清单被改动），无法作为区里下发的工作簿打开。',
    );
  const plan = (await reader.plans()).find((p) => p.id === m.planId);
  if (!plan)
    return refuse(
      `文件属于另一份计划（${m.planId}），本软件中没有这份计划，无法打开。请先在“计划任务”中导入该计划的文件。`,
    );
  // The workbook speaks the plan's own ids; the clerk's ledger keeps them qualified (plan-scope.ts).
  const read = qualifyRead(file, plan);
  const base = districtBaseFromManifest(read.manifest as NonNullable<typeof m>, read, ctx.at);
  const stored = await reader.districtBase(base.planId, m.unit, m.period);
  const alreadyOpened = stored?.sha256 === file.sha256;
  const wc = new WorkingCopy(reader, ctx);
  const refs = base.rows.map((r) => ({ taskId: r.taskId, unit: m.unit, period: m.period }));
  await wc.prepare(refs);
  const ours = new Map<string, ProgressFields>(refs.map((r) => [r.taskId, wc.effective(r)]));
  const adopt = alreadyOpened ? { changes: [], skipped: [] } : planAdoptDistrictWorkbook(read, ours);
  const preview: DistrictWorkbookPreview = { base, problem: null, adopt, alreadyOpened };
  if (!options.apply) return { changes: emptyChangeSet(), result: { ...preview, batch: null, changed: 0 } };

  const batchId = ctx.newId();
  const before = new Map<string, ImportBatch['before'][number]>();
  for (const c of adopt.changes) {
    const ref = { taskId: c.taskId, unit: m.unit, period: m.period };
    if (!before.has(c.taskId)) before.set(c.taskId, { ...ref, report: wc.snapshot(ref) });
    wc.set(ref, c.field, c.to, importSource(batchId));
  }
  const changes = wc.toChangeSet();
  let batch: ImportBatch | null = null;
  if (changes.audit.length > 0) {
    const changedRows = new Set(changes.audit.map((e) => e.taskId)).size;
    batch = {
      id: batchId,
      planId: plan.id,
      fileName: file.fileName ?? '区里下发的工作簿.xlsx',
      sha256: file.sha256,
      unit: m.unit,
      period: m.period,
      exportId: base.exportId,
      importedAt: ctx.at,
      importedBy: ctx.who,
      counts: {
        updated: changedRows,
        unchanged: base.rows.length - changedRows,
        conflicts: 0,
        rejected: adopt.skipped.length,
      },
      before: [...before.values()],
    };
    changes.imports.push(batch);
  }
  changes.districtBases.push(base);
  return { changes, result: { ...preview, batch, changed: changes.audit.length } };
}
