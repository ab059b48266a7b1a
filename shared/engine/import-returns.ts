// Use case: import a batch of returned workbooks. The files are planned in the order given, each
// against the state the selected files before it leave (the second file of a unit and month is
// merged against what the first left), with the three-way merge of shared/merge. Applying makes one
// change set for the whole batch — one ImportBatch per file (so each can be undone on its own), one
// audit entry per changed field (`import:<batch>`), before-images for undo — which the store commits
// in one transaction. Conflicts left undecided stay on their batch as open conflicts: the file's
// hash does not count as imported while any remain, and importing it again (or deciding them in the
// app, see resolveOpenConflicts) continues the same batch.
//
// Planning (the wizard's preview, the CLI's --dry-run) and applying are the same code: `apply: false`
// returns the plans and an empty change set.
//
// Each file belongs to one plan: the one its manifest names (a ledger without that plan refuses the
// file — a 2021 return never lands in 2022), else the one chosen for it (`planId`). Its ids are
// qualified for that plan before the merge sees them (plan-scope.ts).
//
// A unit's own ledger (a foreign layout) arrives here already read through its confirmed mapping
// (shared/mapping/apply-mapping.ts). It merges without a base, and a value someone entered for the
// month itself is a conflict rather than an update (`filledInPeriod`). Applying it keeps the mapping
// for the unit (LedgerSettings.importMappings), in the same change set, so next month's return in the
// same layout is mapped by itself.

import { assignmentsOfUnit } from '../assignments.ts';
import { identifyReturn, type ReturnIdentity } from '../file-identity.ts';
import { fieldKey, unitPeriodKey, type FieldKey } from '../keys.ts';
import {
  applyMergePlan,
  type AppliedChange,
  type ApplyResult,
  type Resolution,
} from '../merge/apply-merge.ts';
import { changedSinceLastImport } from '../merge/changed-since.ts';
import { planMerge, type MergePlan } from '../merge/plan-merge.ts';
import {
  importSource,
  taskLabel,
  isBlankValue,
  PROGRESS_FIELDS,
  type ImportBatch,
  type OpenConflict,
  type PlanMeta,
  type ProgressFields,
  type Task,
  type UnitRole,
} from '../model.ts';
import { defaultPlanFor, planOfReturn, qualifyRead } from './plan-scope.ts';
import { qualifyTaskId } from '../plan-ids.ts';
import { toSavedMapping } from '../mapping/saved-mapping.ts';
import type { LayoutMapping } from '../mapping/types.ts';
import { UnitIndex } from '../registry.ts';
import type { ReadResult } from '../workbook/read-workbook.ts';
import { withSavedMappings } from './import-mappings.ts';
import { emptyChangeSet, type ChangeSet, type Decision } from './change-set.ts';
import { settledImport, type LedgerReader, type UseCaseContext } from './read-port.ts';
import { WorkingCopy } from './working-copy.ts';
import { attachEvidence, type EvidenceFile } from './evidence-cases.ts';
import { requestExtension, reviewReports } from './review-cases.ts';
import { reportKey } from '../keys.ts';
import type { ExtensionRequest } from '../extension.ts';
import type { AuditSource } from '../model.ts';

/** Evidence that came with a returned workbook (a return package), already read and checked. */
export interface PackageEvidence {
  /** Files ready to attach, each to one task of the file's unit and month. */
  files: { path: string; taskId: string; file: EvidenceFile }[];
  /** Files the package reader refused (path rules, type, limits, hash): listed, not attached. */
  refused: { path: string; reason: string; log: string }[];
}

/** What happened to one file of a package. */
export interface EvidenceOutcome {
  path: string;
  name: string;
  taskId: string | null;
  status: 'attached' | 'duplicate' | 'refused';
  /** Chinese: why it was not attached (or a note on how it was read). */
  reason: string;
}

export interface ReturnFile {
  read: ReadResult;
  /**
   * The plan a file without a manifest is imported into (a manifest's own plan always wins); absent:
   * the newest plan of the file's month's year (plan-scope.ts defaultPlanFor).
   */
  planId?: string;
  /** Canonical unit and period the file is imported as (identified, or chosen by the user). */
  unit: string;
  period: string;
  /** The user confirmed unit and period (files without a manifest, or whose manifest is disputed). */
  identityConfirmed: boolean;
  /** Part of the batch: unselected files are planned (for their counts) but change nothing. */
  selected?: boolean;
  resolutions?: ReadonlyMap<FieldKey, Resolution>;
  /** Every conflict without its own resolution decided this way (the CLI's --take). */
  defaultResolution?: 'ours' | 'theirs';
  /** Evidence that came with the workbook in a return package. */
  evidence?: PackageEvidence;
  /** A foreign layout: the confirmed mapping `read` came through, kept for the unit when applied. */
  mapping?: LayoutMapping;
}

export interface FileOutcome {
  plan: MergePlan;
  /** Set when the file was applied: its batch (new, or the continued one). */
  batch: ImportBatch | null;
  applied: AppliedChange[];
  /** Conflicts left undecided: kept on the batch. */
  unresolved: ApplyResult['unresolved'];
  stale: ApplyResult['stale'];
  invalidResolutions: ApplyResult['invalidResolutions'];
  /** Per file of the package: attached, a duplicate, or refused (and why). */
  evidence: EvidenceOutcome[];
  /** Extension requests the workbook's 申请延期至 / 延期理由 cells made (or would make). */
  extensionRequests: ExtensionRequest[];
  /** Requests not taken, with the reason (Chinese). */
  requestNotes: string[];
  /** Reviews put back to 待审核 because the unit sent a new value. */
  reviewsReset: number;
}

/** What the reader of a file says about it, in the one rule's terms (for the wizard and the CLI). */
export async function identifyFiles(
  reader: LedgerReader,
  reads: readonly ReadResult[],
): Promise<ReturnIdentity[]> {
  const units = new UnitIndex(await reader.units());
  return reads.map((r) => identifyReturn(r, units));
}

interface UnitContext {
  taskIds: Set<string>;
  roles: Map<string, UnitRole>;
}

interface PlanContext {
  plan: PlanMeta;
  tasks: Task[];
  tasksById: Map<string, Task>;
  units: Map<string, UnitContext>;
}

export async function importReturns(
  reader: LedgerReader,
  ctx: UseCaseContext,
  files: readonly ReturnFile[],
  options: { apply: boolean },
): Promise<Decision<FileOutcome[]>> {
  const [plans, unitList, resolutions] = await Promise.all([
    reader.plans(),
    reader.units(),
    reader.groupResolutions(),
  ]);
  const units = new UnitIndex(unitList);
  const wc = new WorkingCopy(reader, ctx);
  const planContexts = new Map<string, PlanContext>();
  const planContext = async (plan: PlanMeta): Promise<PlanContext> => {
    let c = planContexts.get(plan.id);
    if (!c) {
      const tasks = await reader.tasks(plan.id);
      c = { plan, tasks, tasksById: new Map(tasks.map((t) => [t.id, t])), units: new Map() };
      planContexts.set(plan.id, c);
    }
    return c;
  };
  const unitContext = (pc: PlanContext, unit: string): UnitContext => {
    let c = pc.units.get(unit);
    if (!c) {
      const mine = assignmentsOfUnit(pc.tasks, units, unit, resolutions);
      c = {
        taskIds: new Set(mine.map((a) => a.task.id)),
        roles: new Map(mine.map((a) => [a.task.id, a.role])),
      };
      pc.units.set(unit, c);
    }
    return c;
  };
  const changes = emptyChangeSet();
  const outcomes: FileOutcome[] = [];
  /** Unit-periods a file of this run has advanced: later files see no "changed since" edits. */
  const advanced = new Set<string>();
  const runHashes = new Set<string>();
  const changedSince = new Map<string, Set<FieldKey>>();
  /** Reports whose review this run already put back to 待审核. */
  const resetDone = new Set<string>();
  const keptMappings = new Map<string, { mapping: LayoutMapping; planId: string }>();

  for (const asGiven of files) {
    const { unit, period } = asGiven;
    const chosen = asGiven.planId ?? defaultPlanFor(plans, period)?.id ?? '';
    const plan = planOfReturn(plans, asGiven.read, chosen);
    const pc = plan ? await planContext(plan) : null;
    // The file as the ledger speaks: its rows, manifest and package files under the plan's ids.
    const file = plan ? qualifyFile(asGiven, plan) : asGiven;
    const read = file.read;
    const identity = identifyReturn(read, units);
    const known = unit !== '' && units.get(unit) !== undefined;
    const uc =
      known && pc
        ? unitContext(pc, unit)
        : { taskIds: new Set<string>(), roles: new Map<string, UnitRole>() };
    // One unit's month of one plan (two plans' returns for one month are two returns).
    const upKey = `${plan?.id ?? chosen}|${unitPeriodKey(unit, period)}`;
    const refs = [...uc.taskIds].map((taskId) => ({ taskId, unit, period }));
    await wc.prepare(refs);
    const ours = new Map<string, ProgressFields>(refs.map((r) => [r.taskId, wc.effective(r)]));

    // Files already imported: settled batches of the same hash, or a file earlier in this run.
    const sameHash = read.sha256 ? await reader.importsWithHash(read.sha256) : [];
    const knownHashes = new Set<string>();
    if (sameHash.some(settledImport) || runHashes.has(read.sha256)) knownHashes.add(read.sha256);
    const continued = sameHash.find(
      (b) =>
        !b.undoneAt &&
        b.openConflicts?.length &&
        b.unit === unit &&
        b.period === period &&
        b.planId === plan?.id,
    );

    if (!changedSince.has(upKey) && known && period && pc) {
      const [audit, batches] = await Promise.all([
        reader.auditOf(unit, period),
        reader.importsOf(unit, period),
      ]);
      // Only this plan's changes and returns count: another plan's return is not this one's last import.
      const planAudit = audit.filter((e) => pc.tasksById.has(e.taskId));
      const planBatches = batches.filter((b) => b.planId === pc.plan.id);
      changedSince.set(upKey, changedSinceLastImport(planAudit, planBatches, unit, period));
    }
    // A unit's own layout: what the ledger's own report of the month holds is never overwritten.
    const filledInPeriod = new Set<FieldKey>();
    if (read.mapped)
      for (const ref of refs) {
        const own = wc.own(ref);
        if (!own) continue;
        for (const field of PROGRESS_FIELDS)
          if (!isBlankValue(own[field])) filledInPeriod.add(fieldKey(ref.taskId, field));
      }
    const merge = planMerge({
      file: read,
      identity,
      filledInPeriod,
      // A manifest naming a plan this ledger lacks meets the chosen plan here, and is refused.
      expected: { unit, period, planId: plan?.id ?? chosen },
      unitTaskIds: uc.taskIds,
      ours,
      tasks: pc?.tasksById ?? new Map<string, Task>(),
      roles: uc.roles,
      changedSinceLastImport: advanced.has(upKey) ? new Set() : (changedSince.get(upKey) ?? new Set()),
      knownHashes,
      identityConfirmed: file.identityConfirmed,
    });
    if (!known && !merge.rejection && !merge.alreadyImported) {
      merge.rejection = {
        code: 'wrong-unit',
        message: unit ? `“${unit}”不是名录中的单位，整份文件未导入` : '未确定文件所属单位，整份文件未导入',
        log: unit ? `unknown unit ${unit}` : 'no unit chosen',
      };
    }
    const outcome: FileOutcome = {
      plan: merge,
      batch: null,
      applied: [],
      unresolved: [],
      stale: [],
      invalidResolutions: [],
      evidence: (file.evidence?.refused ?? []).map((r) => ({
        path: r.path,
        name: baseName(r.path),
        taskId: null,
        status: 'refused' as const,
        reason: r.reason,
      })),
      extensionRequests: [],
      requestNotes: [],
      reviewsReset: 0,
    };
    outcomes.push(outcome);
    /** A new import batch of this file. */
    const newBatch = (
      id: string,
      counts: ImportBatch['counts'],
      before: ImportBatch['before'],
    ): ImportBatch => ({
      id,
      planId: plan?.id ?? chosen,
      fileName: read.fileName ?? '',
      sha256: read.sha256,
      unit,
      period,
      exportId: merge.exportId,
      importedAt: ctx.at,
      importedBy: ctx.who,
      counts,
      before,
    });
    const selected = file.selected ?? true;
    if (!selected || merge.rejection) {
      for (const f of file.evidence?.files ?? [])
        outcome.evidence.push({
          path: f.path,
          name: f.file.name,
          taskId: f.taskId,
          status: 'refused',
          reason: merge.rejection ? '工作簿未导入，附件也未导入' : '未选择导入',
        });
      continue;
    }
    if (merge.alreadyImported) {
      // The workbook is in already; files of the package that are new still come in, in a batch
      // of their own (so they are audited and can be undone).
      if (!file.evidence?.files.length) continue;
      const evidenceBatch = ctx.newId();
      const scratch = emptyChangeSet();
      const attached = await attachPackage(
        reader,
        ctx,
        file,
        uc.taskIds,
        unit,
        period,
        importSource(evidenceBatch),
        changes,
        scratch,
        options.apply,
        outcome,
      );
      if (attached > 0 && options.apply) {
        const batch = newBatch(
          evidenceBatch,
          { updated: 0, unchanged: merge.counts.unchanged, conflicts: 0, rejected: 0 },
          [],
        );
        outcome.batch = batch;
        changes.imports.push(batch);
      }
      continue;
    }

    const resolutions = new Map(file.resolutions ?? []);
    if (file.defaultResolution)
      for (const c of merge.conflicts) {
        const key = fieldKey(c.taskId, c.field);
        if (!resolutions.has(key)) resolutions.set(key, file.defaultResolution);
      }
    const result = applyMergePlan(ours, merge, resolutions);
    outcome.unresolved = result.unresolved;
    outcome.stale = result.stale;
    outcome.invalidResolutions = result.invalidResolutions;
    outcome.applied = result.changes;
    advanced.add(upKey);
    if (file.mapping && plan) keptMappings.set(unit, { mapping: file.mapping, planId: plan.id });
    if (read.sha256) runHashes.add(read.sha256);
    const batchId = continued?.id ?? ctx.newId();
    const source = importSource(batchId);
    // Evidence, extension requests and review resets: the same decisions in a preview (into a
    // scratch change set) and in the real run (into the batch's).
    const scratch = emptyChangeSet();
    const target = options.apply ? changes : scratch;
    await attachPackage(
      reader,
      ctx,
      file,
      uc.taskIds,
      unit,
      period,
      source,
      changes,
      scratch,
      options.apply,
      outcome,
    );
    await takeRequests(reader, ctx, file, merge, uc.taskIds, unit, period, source, target, outcome);
    const changedTasks = [...new Set(result.changes.map((c) => c.taskId))].filter(
      (t) => !resetDone.has(reportKey(t, unit, period)),
    );
    if (changedTasks.length > 0) {
      const reset = await reviewReports(
        reader,
        ctx,
        {
          refs: changedTasks.map((taskId) => ({ taskId, unit, period })),
          event: { kind: 'unit-value' },
          source,
        },
        target,
      );
      outcome.reviewsReset = reset.result.changed.length;
      for (const t of changedTasks) resetDone.add(reportKey(t, unit, period));
    }
    if (!options.apply) {
      // A preview of the whole batch: later files see this one's values, nothing is written.
      for (const c of result.changes) wc.set({ taskId: c.taskId, unit, period }, c.field, c.new, 'edit');
      continue;
    }

    const before = new Map((continued?.before ?? []).map((b) => [b.taskId, b]));
    for (const c of result.changes) {
      const ref = { taskId: c.taskId, unit, period };
      if (!before.has(c.taskId)) before.set(c.taskId, { ...ref, report: wc.snapshot(ref) });
      wc.set(ref, c.field, c.new, importSource(batchId));
    }
    const openConflicts: OpenConflict[] = result.unresolved.map((c) => ({
      taskId: c.taskId,
      field: c.field,
      ...(c.base === undefined ? {} : { base: c.base }),
      ours: c.ours,
      theirs: c.theirs,
    }));
    const batch: ImportBatch = continued
      ? { ...continued, before: [...before.values()], openConflicts }
      : { ...newBatch(batchId, { ...merge.counts }, [...before.values()]), openConflicts };
    if (batch.openConflicts?.length === 0) delete batch.openConflicts;
    outcome.batch = batch;
    changes.imports.push(batch);
  }
  if (!options.apply) return { changes: emptyChangeSet(), result: outcomes };
  const written = wc.toChangeSet();
  changes.reports = written.reports;
  changes.audit = [...written.audit, ...changes.audit];
  if (keptMappings.size > 0)
    changes.settings = withSavedMappings(
      await reader.settings(),
      [...keptMappings].map(([unit, kept]) => ({
        ...toSavedMapping(kept.mapping, unit, ctx.who, ctx.at),
        planId: kept.planId,
      })),
    );
  return { changes, result: outcomes };
}

/** A return with every task id (rows, manifest, package files) qualified for its plan (plan-scope.ts). */
function qualifyFile(file: ReturnFile, plan: PlanMeta): ReturnFile {
  if (plan.bareIds) return file;
  const evidence = file.evidence && {
    ...file.evidence,
    files: file.evidence.files.map((f) => ({
      ...f,
      taskId: f.taskId.includes('.') ? f.taskId : qualifyTaskId(plan, f.taskId),
    })),
  };
  return { ...file, read: qualifyRead(file.read, plan), ...(evidence ? { evidence } : {}) };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Attach a package's files to the file's unit and month: only to the unit's own tasks. In a preview
 * the decisions go to `scratch` (seeing what the run's earlier files attached), else to `changes`.
 * Returns how many were attached.
 */
async function attachPackage(
  reader: LedgerReader,
  ctx: UseCaseContext,
  file: ReturnFile,
  taskIds: ReadonlySet<string>,
  unit: string,
  period: string,
  source: AuditSource,
  changes: ChangeSet,
  scratch: ChangeSet,
  apply: boolean,
  outcome: FileOutcome,
): Promise<number> {
  const items: { ref: { taskId: string; unit: string; period: string }; file: EvidenceFile; path: string }[] =
    [];
  for (const f of file.evidence?.files ?? []) {
    if (!taskIds.has(f.taskId)) {
      outcome.evidence.push({
        path: f.path,
        name: f.file.name,
        taskId: f.taskId,
        status: 'refused',
        reason: `文件夹“${f.taskId}”不是${unit}牵头或协办的任务，未导入`,
      });
      continue;
    }
    items.push({ ref: { taskId: f.taskId, unit, period }, file: f.file, path: f.path });
  }
  if (items.length === 0) return 0;
  // A preview sees what earlier files of the run attached: their decisions are in `changes`' shape.
  const into = apply ? changes : scratch;
  if (!apply) {
    into.attachments.put.push(...changes.attachments.put);
    into.blobs.push(...changes.blobs);
  }
  const { result } = await attachEvidence(reader, ctx, { items, source }, into);
  if (!apply) {
    // Keep what this file attached for the files after it, in the preview's own list.
    changes.attachments.put.push(...result.attached);
  }
  items.forEach((item, i) => {
    const done = result.perItem[i]!;
    outcome.evidence.push(
      'attached' in done
        ? { path: item.path, name: item.file.name, taskId: item.ref.taskId, status: 'attached', reason: '' }
        : {
            path: item.path,
            name: item.file.name,
            taskId: item.ref.taskId,
            status: /最多/.test(done.skipped.reason) ? 'refused' : 'duplicate',
            reason: done.skipped.reason,
          },
    );
  });
  return result.attached.length;
}

/**
 * The workbook's 申请延期至 / 延期理由 cells: a request the unit changed since the export (against
 * the manifest's base, or the ledger's current request without one) becomes a request 待批准.
 */
async function takeRequests(
  reader: LedgerReader,
  ctx: UseCaseContext,
  file: ReturnFile,
  plan: MergePlan,
  taskIds: ReadonlySet<string>,
  unit: string,
  period: string,
  source: AuditSource,
  changes: ChangeSet,
  outcome: FileOutcome,
): Promise<void> {
  const rejectedRows = new Set(plan.rejected.map((r) => r.rowNumber));
  const bases = new Map((file.read.manifest?.rows ?? []).map((r) => [r.taskId, r.extension]));
  for (const row of file.read.rows) {
    const cells = row.extension;
    if (!cells || rejectedRows.has(row.rowNumber) || !taskIds.has(row.taskId)) continue;
    if (cells.error) {
      outcome.requestNotes.push(`${taskLabel(row.taskId)}：${cells.error}，延期申请未导入`);
      continue;
    }
    if (cells.until === null) continue; // a blank date never withdraws anything
    const base = bases.get(row.taskId);
    if (base && base.until === cells.until && base.reason === cells.reason) continue;
    const asked = await requestExtension(
      reader,
      ctx,
      { taskId: row.taskId, unit, period, until: cells.until, reason: cells.reason, source },
      changes,
    );
    if (!asked.result.ok) outcome.requestNotes.push(`${taskLabel(row.taskId)}：${asked.result.message}`);
    else if (asked.result.request) outcome.extensionRequests.push(asked.result.request);
  }
}

/**
 * Use case: decide conflicts an earlier import left open, without the file. Each decision is applied
 * only if the ledger still holds the value the conflict was shown against; one that changed since is
 * refreshed (its `ours` updated) and stays open. Audited as the batch's own import, so undoing the
 * batch undoes these too.
 */
export async function resolveOpenConflicts(
  reader: LedgerReader,
  ctx: UseCaseContext,
  batchId: string,
  decisions: ReadonlyMap<FieldKey, Resolution>,
): Promise<Decision<{ applied: AppliedChange[]; stillOpen: OpenConflict[] }>> {
  const batch = await reader.importBatch(batchId);
  if (!batch) throw new Error(`no import batch ${batchId}`);
  if (batch.undoneAt) throw new Error(`import batch ${batchId} was undone`);
  const open = batch.openConflicts ?? [];
  const wc = new WorkingCopy(reader, ctx);
  const refs = open.map((c) => ({ taskId: c.taskId, unit: batch.unit, period: batch.period }));
  await wc.prepare(refs);
  const before = new Map(batch.before.map((b) => [b.taskId, b]));
  const applied: AppliedChange[] = [];
  const stillOpen: OpenConflict[] = [];
  for (const c of open) {
    const ref = { taskId: c.taskId, unit: batch.unit, period: batch.period };
    const decision = decisions.get(fieldKey(c.taskId, c.field));
    const current = wc.effective(ref)[c.field];
    if (decision === undefined) {
      stillOpen.push({ ...c, ours: current });
      continue;
    }
    const plan = applyMergePlan(
      new Map([[c.taskId, wc.effective(ref)]]),
      {
        ...EMPTY_PLAN,
        conflicts: [{ taskId: c.taskId, field: c.field, base: c.base, ours: c.ours, theirs: c.theirs }],
      },
      new Map([[fieldKey(c.taskId, c.field), decision]]),
    );
    if (plan.stale.length > 0 || plan.invalidResolutions.length > 0) {
      stillOpen.push({ ...c, ours: current });
      continue;
    }
    for (const change of plan.changes) {
      if (!before.has(c.taskId)) before.set(c.taskId, { ...ref, report: wc.snapshot(ref) });
      wc.set(ref, change.field, change.new, importSource(batch.id));
      applied.push(change);
    }
  }
  const changes = wc.toChangeSet();
  const next: ImportBatch = { ...batch, before: [...before.values()], openConflicts: stillOpen };
  if (stillOpen.length === 0) delete next.openConflicts;
  changes.imports.push(next);
  return { changes, result: { applied, stillOpen } };
}

const EMPTY_PLAN: MergePlan = {
  fileName: null,
  fileSha256: '',
  unit: '',
  period: '',
  planId: '',
  exportId: null,
  hasManifest: false,
  alreadyImported: false,
  rejection: null,
  updates: [],
  conflicts: [],
  rejected: [],
  warnings: [],
  rows: [],
  counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
};
