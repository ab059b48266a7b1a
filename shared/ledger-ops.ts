// Operations on a ledger held in memory: the effective report of a task × unit × period (a new
// period starts from the previous one's values), applying audited field changes, recording an import
// batch and undoing it. Used by the CLI on ledger files; the app's store mirrors the same rules.

import type { Ledger } from './ledger-file.ts';
import { planUndo, reportsToRemoveOnUndo, type ReportRef } from './undo-plan.ts';
import {
  emptyProgress,
  PROGRESS_FIELDS,
  type AuditEntry,
  type AuditSource,
  type ImportBatch,
  type ProgressField,
  type ProgressFields,
  type ProgressReport,
} from './model.ts';

export const reportKey = (taskId: string, unit: string, period: string) => `${taskId}|${unit}|${period}`;

/** Reports indexed by key, plus each (task, unit)'s periods for carry-forward. */
export class ReportIndex {
  private readonly byKey = new Map<string, ProgressReport>();
  private readonly periods = new Map<string, string[]>();

  constructor(reports: readonly ProgressReport[]) {
    for (const r of reports) this.add(r);
  }

  add(r: ProgressReport): void {
    const key = reportKey(r.taskId, r.unit, r.period);
    if (!this.byKey.has(key)) {
      const tu = `${r.taskId}|${r.unit}`;
      const list = this.periods.get(tu) ?? [];
      list.push(r.period);
      list.sort();
      this.periods.set(tu, list);
    }
    this.byKey.set(key, r);
  }

  get(taskId: string, unit: string, period: string): ProgressReport | undefined {
    return this.byKey.get(reportKey(taskId, unit, period));
  }

  remove(taskId: string, unit: string, period: string): void {
    if (!this.byKey.delete(reportKey(taskId, unit, period))) return;
    const tu = `${taskId}|${unit}`;
    const list = (this.periods.get(tu) ?? []).filter((p) => p !== period);
    if (list.length) this.periods.set(tu, list);
    else this.periods.delete(tu);
  }

  /** The latest report of an earlier period, if any. */
  previous(taskId: string, unit: string, period: string): ProgressReport | undefined {
    const list = this.periods.get(`${taskId}|${unit}`) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i] as string;
      if (p < period) return this.get(taskId, unit, p);
    }
    return undefined;
  }
}

export function pickProgress(source: ProgressFields): ProgressFields {
  const out = emptyProgress() as unknown as Record<ProgressField, unknown>;
  for (const f of PROGRESS_FIELDS) out[f] = source[f];
  return out as unknown as ProgressFields;
}

/**
 * The values a unit sees for a task in a period: its own report, else the last earlier report carried
 * forward (the fill date is not carried: it belongs to the period it was filled in), else empty.
 */
export function effectiveProgress(
  index: ReportIndex,
  taskId: string,
  unit: string,
  period: string,
): ProgressFields {
  const own = index.get(taskId, unit, period);
  if (own) return pickProgress(own);
  const prev = index.previous(taskId, unit, period);
  if (prev) return { ...pickProgress(prev), filledOn: null };
  return emptyProgress();
}

export interface FieldChange {
  taskId: string;
  unit: string;
  period: string;
  field: ProgressField;
  value: unknown;
}

export interface ChangeContext {
  who: string;
  source: AuditSource;
  /** ISO timestamp. */
  at: string;
  /** Makes audit ids; defaults to a counter on the timestamp. */
  newId?: () => string;
}

/**
 * Apply field changes to the ledger in place, creating reports from their carried-forward values
 * where needed. A change to the value already there is skipped. Returns the audit entries written.
 */
export function applyChanges(
  ledger: Ledger,
  index: ReportIndex,
  changes: readonly FieldChange[],
  ctx: ChangeContext,
): AuditEntry[] {
  let seq = ledger.audit.length;
  const newId = ctx.newId ?? (() => `a${++seq}-${ctx.at}`);
  const written: AuditEntry[] = [];
  for (const c of changes) {
    let report = index.get(c.taskId, c.unit, c.period);
    const old = report ? report[c.field] : effectiveProgress(index, c.taskId, c.unit, c.period)[c.field];
    if (Object.is(old, c.value)) continue;
    if (!report) {
      report = {
        ...effectiveProgress(index, c.taskId, c.unit, c.period),
        taskId: c.taskId,
        unit: c.unit,
        period: c.period,
        updatedAt: ctx.at,
        updatedBy: ctx.who,
      };
      ledger.reports.push(report);
      index.add(report);
    }
    (report as unknown as Record<string, unknown>)[c.field] = c.value;
    report.updatedAt = ctx.at;
    report.updatedBy = ctx.who;
    const entry: AuditEntry = {
      id: newId(),
      at: ctx.at,
      who: ctx.who,
      source: ctx.source,
      taskId: c.taskId,
      unit: c.unit,
      period: c.period,
      field: c.field,
      old,
      new: c.value,
    };
    ledger.audit.push(entry);
    written.push(entry);
  }
  return written;
}

/** The before-images an import batch needs for undo: each touched report as it is now (or null). */
export function beforeImages(index: ReportIndex, changes: readonly FieldChange[]): ImportBatch['before'] {
  const seen = new Set<string>();
  const out: ImportBatch['before'] = [];
  for (const c of changes) {
    const key = reportKey(c.taskId, c.unit, c.period);
    if (seen.has(key)) continue;
    seen.add(key);
    const r = index.get(c.taskId, c.unit, c.period);
    out.push({ taskId: c.taskId, unit: c.unit, period: c.period, report: r ? structuredClone(r) : null });
  }
  return out;
}

export interface UndoResult {
  restored: AuditEntry[];
  /** Fields changed again after the batch: left as they are, listed for the user. */
  skipped: { taskId: string; field: ProgressField; current: unknown; batchValue: unknown }[];
  /** Reports the batch created that nothing else touched: removed again. */
  removed: ReportRef[];
}

/**
 * Undo an import batch: every field the batch changed goes back to the value it had before the batch
 * (the `old` of the batch's first audit entry for it), unless it was changed again since — then it is
 * left alone and listed. Audited as `undo:<batch>`.
 */
export function undoImport(
  ledger: Ledger,
  index: ReportIndex,
  batchId: string,
  who: string,
  at: string,
): UndoResult {
  const batch = ledger.imports.find((b) => b.id === batchId);
  if (!batch) throw new Error(`no import batch ${batchId}`);
  if (batch.undoneAt) throw new Error(`import batch ${batchId} was already undone at ${batch.undoneAt}`);
  const plan = planUndo(
    ledger.audit,
    batchId,
    (taskId, unit, period, field) => index.get(taskId, unit, period)?.[field],
  );
  const skipped = plan.skipped.map(({ taskId, field, current, batchValue }) => ({
    taskId,
    field,
    current,
    batchValue,
  }));
  const changes = plan.changes;
  const restored = applyChanges(ledger, index, changes, { who, source: `undo:${batchId}`, at });
  const removed = reportsToRemoveOnUndo(batch.before, ledger.audit, batchId);
  for (const r of removed) {
    index.remove(r.taskId, r.unit, r.period);
    const i = ledger.reports.findIndex(
      (x) => x.taskId === r.taskId && x.unit === r.unit && x.period === r.period,
    );
    if (i >= 0) ledger.reports.splice(i, 1);
  }
  batch.undoneAt = at;
  return { restored, skipped, removed };
}
