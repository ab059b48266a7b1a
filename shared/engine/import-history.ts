// Use case: import the district's master ledger (its past months) as history — one import batch per
// month, audited (`import:<batch>`) and undoable like any import, so the app starts with the
// district's past instead of an empty ledger. The file has been read through a confirmed history
// mapping (shared/mapping/history.ts) into monthly records of task × unit × values.
//
// Months are imported in order, each against the state the months before it leave (February's
// values carry into March as they would have). Per record and field, without a base:
//   same value                                  → unchanged
//   the ledger has nothing for the month, or only a value carried from an earlier month → update
//   the ledger's own report of the month holds a different value → conflict: the ledger's value is
//     kept unless `take: 'theirs'`, and the conflict is listed (never a silent overwrite)
// Rejected with the reason, the rest still imported: a unit not in the registry, a task not in the
// plan or not among the unit's tasks, a task × unit twice in one month, a value that does not parse.
// A month whose batch for this file (same SHA-256) is already imported and settled is skipped.
// A month's batch is listed under HISTORY_BATCH_UNIT with the units it wrote in `units`.

import { assignmentsOfUnit } from '../assignments.ts';
import type { HistoryMonth, HistoryRecord } from '../mapping/history.ts';
import {
  HISTORY_BATCH_UNIT,
  importSource,
  isBlankValue,
  sameFieldValue,
  taskLabel,
  type ImportBatch,
  type ImportCounts,
  type ProgressField,
  type ProgressFields,
} from '../model.ts';
import { UnitIndex } from '../registry.ts';
import { emptyChangeSet, type Decision } from './change-set.ts';
import { settledImport, type LedgerReader, type UseCaseContext } from './read-port.ts';
import { WorkingCopy } from './working-copy.ts';

export interface HistoryFile {
  fileName: string;
  sha256: string;
  months: readonly HistoryMonth[];
}

export interface HistoryChange {
  taskId: string;
  unit: string;
  field: ProgressField;
  from: unknown;
  to: unknown;
}

export interface HistoryConflict {
  taskId: string;
  unit: string;
  field: ProgressField;
  ours: unknown;
  theirs: unknown;
  /** Whether the file's value was taken (`take: 'theirs'`). */
  taken: boolean;
}

export interface HistoryRejected {
  sheet: string;
  rowNumber: number;
  taskId: string | null;
  unit: string | null;
  reason: string;
}

export interface HistoryMonthOutcome {
  period: string;
  alreadyImported: boolean;
  counts: ImportCounts;
  updates: HistoryChange[];
  conflicts: HistoryConflict[];
  rejected: HistoryRejected[];
  /** The month's batch, when applied and something was written. */
  batch: ImportBatch | null;
}

export async function importHistory(
  reader: LedgerReader,
  ctx: UseCaseContext,
  file: HistoryFile,
  options: { apply: boolean; take?: 'ours' | 'theirs' },
): Promise<Decision<HistoryMonthOutcome[]>> {
  const [tasks, unitList, resolutions] = await Promise.all([
    reader.tasks(),
    reader.units(),
    reader.groupResolutions(),
  ]);
  const units = new UnitIndex(unitList);
  const taskIds = new Set(tasks.map((t) => t.id));
  const unitTasks = new Map<string, Set<string>>();
  const tasksOf = (unit: string): Set<string> => {
    let set = unitTasks.get(unit);
    if (!set) {
      set = new Set(assignmentsOfUnit(tasks, units, unit, resolutions).map((a) => a.task.id));
      unitTasks.set(unit, set);
    }
    return set;
  };
  const previous = file.sha256 ? await reader.importsWithHash(file.sha256) : [];
  const wc = new WorkingCopy(reader, ctx);
  const changes = emptyChangeSet();
  const outcomes: HistoryMonthOutcome[] = [];

  for (const month of [...file.months].sort((a, b) => a.period.localeCompare(b.period))) {
    const { period } = month;
    const outcome: HistoryMonthOutcome = {
      period,
      alreadyImported: false,
      counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
      updates: [],
      conflicts: [],
      rejected: [],
      batch: null,
    };
    outcomes.push(outcome);
    if (previous.some((b) => b.kind === 'history' && b.period === period && settledImport(b))) {
      outcome.alreadyImported = true;
      continue;
    }
    const reject = (r: HistoryRecord, reason: string) => {
      outcome.rejected.push({
        sheet: r.sheet,
        rowNumber: r.rowNumber,
        taskId: r.taskId,
        unit: r.unit,
        reason,
      });
      outcome.counts.rejected++;
    };
    // Which records stand: a known unit, a task of that unit, once per month, values that parse.
    const seen = new Map<string, HistoryRecord[]>();
    for (const r of month.records)
      if (r.taskId && r.unit)
        seen.set(`${r.taskId}|${r.unit}`, [...(seen.get(`${r.taskId}|${r.unit}`) ?? []), r]);
    const valid: (HistoryRecord & { taskId: string; unit: string })[] = [];
    for (const r of month.records) {
      const where = `“${r.sheet}”第 ${r.rowNumber} 行`;
      if (!r.unit) {
        reject(r, `${where}的责任单位“${r.unitText}”不在单位名录中，未导入`);
        continue;
      }
      if (!r.taskId) {
        reject(r, `${where}“${r.label}”未对应到任务，未导入`);
        continue;
      }
      if (!taskIds.has(r.taskId)) {
        reject(r, `${where}的任务编号“${r.taskId}”不在计划中，未导入`);
        continue;
      }
      if (!tasksOf(r.unit).has(r.taskId)) {
        reject(r, `${where}：任务 ${taskLabel(r.taskId)} 不属于“${r.unit}”牵头或协办的任务，未导入`);
        continue;
      }
      const twins = seen.get(`${r.taskId}|${r.unit}`)!;
      if (twins.length > 1) {
        reject(
          r,
          `${where}：${r.unit} 的 ${taskLabel(r.taskId)} 在 ${period} 出现 ${twins.length} 次（${twins
            .slice(0, 5)
            .map((t) => `“${t.sheet}”第 ${t.rowNumber} 行`)
            .join('、')}），均未导入`,
        );
        continue;
      }
      if (r.errors.length > 0) {
        reject(
          r,
          `${where} ${taskLabel(r.taskId)}：${r.errors.map((e) => e.message).join('；')}，本行未导入`,
        );
        continue;
      }
      valid.push(r as HistoryRecord & { taskId: string; unit: string });
    }

    const refs = valid.map((r) => ({ taskId: r.taskId, unit: r.unit, period }));
    await wc.prepare(refs);
    const batchId = options.apply ? ctx.newId() : `preview-${period}`;
    const before = new Map<string, ImportBatch['before'][number]>();
    const touchedUnits = new Set<string>();
    for (const r of valid) {
      const ref = { taskId: r.taskId, unit: r.unit, period };
      const own = wc.own(ref);
      const current: ProgressFields = wc.effective(ref);
      let updated = false;
      let conflicted = false;
      for (const [field, theirs] of Object.entries(r.fields) as [ProgressField, unknown][]) {
        const ours = current[field];
        if (sameFieldValue(theirs, ours)) continue;
        const filled = own !== undefined && !isBlankValue(own[field]);
        if (filled) {
          const taken = options.take === 'theirs';
          outcome.conflicts.push({ taskId: r.taskId, unit: r.unit, field, ours, theirs, taken });
          conflicted = true;
          if (!taken) continue;
        } else {
          outcome.updates.push({ taskId: r.taskId, unit: r.unit, field, from: ours, to: theirs });
          updated = true;
        }
        const key = `${r.taskId}|${r.unit}`;
        if (!before.has(key)) before.set(key, { ...ref, report: wc.snapshot(ref) });
        wc.set(ref, field, theirs, importSource(batchId));
        touchedUnits.add(r.unit);
      }
      if (conflicted) outcome.counts.conflicts++;
      else if (updated) outcome.counts.updated++;
      else outcome.counts.unchanged++;
    }
    if (!options.apply || before.size === 0) continue;
    const batch: ImportBatch = {
      id: batchId,
      fileName: file.fileName,
      sha256: file.sha256,
      unit: HISTORY_BATCH_UNIT,
      period,
      exportId: null,
      importedAt: ctx.at,
      importedBy: ctx.who,
      counts: { ...outcome.counts },
      before: [...before.values()],
      kind: 'history',
      units: [...touchedUnits].sort(),
    };
    outcome.batch = batch;
    changes.imports.push(batch);
  }
  if (!options.apply) return { changes: emptyChangeSet(), result: outcomes };
  const written = wc.toChangeSet();
  changes.reports = written.reports;
  changes.audit = written.audit;
  return { changes, result: outcomes };
}
