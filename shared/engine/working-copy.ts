// A use case's view of the reports it touches: what it read through the port, overlaid with what it
// has changed so far. It holds the ledger's rules for a single field change in one place:
//  - the value a unit sees for a period is its own report, else the latest earlier report carried
//    forward (the fill date is not carried: it belongs to the period it was filled in), else empty;
//  - the first change of a period creates the period's report from those carried values;
//  - a change to the value already there (sameFieldValue) is no change and writes nothing;
//  - every change is one audit entry (who, when, source, old → new).
// Reads are prepared in bulk (`prepare`) before the synchronous decisions, so a use case makes one
// read per period it touches, however many cells it changes.

import { emptyChangeSet, type ChangeSet } from './change-set.ts';
import { auditEntry, type LedgerReader, type UseCaseContext } from './read-port.ts';
import {
  reportKey,
  reportKeyOf,
  rowKey,
  rowKeyOf,
  type ReportKey,
  type ReportRef,
  type RowRef,
} from '../keys.ts';
import { effectiveFrom } from '../carry-forward.ts';
import {
  sameFieldValue,
  type AuditEntry,
  type AuditSource,
  type Period,
  type ProgressField,
  type ProgressFields,
  type ProgressReport,
} from '../model.ts';

export { effectiveFrom, pickProgress } from '../carry-forward.ts';

export class WorkingCopy {
  /** `period` → pairs read: the port's answer (null: no report at or before the period). */
  private readonly read = new Map<Period, Map<string, ProgressReport | null>>();
  /** Reports as this use case left them. */
  private readonly written = new Map<ReportKey, ProgressReport>();
  /** Reports this use case removed. */
  private readonly removed = new Map<ReportKey, ReportRef>();
  /** Pair → periods written, for carry-forward from reports this use case created. */
  private readonly writtenPeriods = new Map<string, Set<Period>>();
  private readonly entries: AuditEntry[] = [];

  constructor(
    private readonly reader: LedgerReader,
    private readonly ctx: UseCaseContext,
  ) {}

  /** Read what deciding about `refs` needs; pairs already read for a period are not read again. */
  async prepare(refs: Iterable<ReportRef>): Promise<void> {
    const wanted = new Map<Period, Map<string, RowRef>>();
    for (const ref of refs) {
      const seen = this.read.get(ref.period);
      const key = rowKey(ref.taskId, ref.unit);
      if (seen?.has(key)) continue;
      const list = wanted.get(ref.period) ?? new Map<string, RowRef>();
      list.set(key, { taskId: ref.taskId, unit: ref.unit });
      wanted.set(ref.period, list);
    }
    for (const [period, pairs] of wanted) {
      const found = await this.reader.reportsAsOf(period, [...pairs.values()]);
      const seen = this.read.get(period) ?? new Map<string, ProgressReport | null>();
      for (const key of pairs.keys()) seen.set(key, found.get(key as never) ?? null);
      this.read.set(period, seen);
    }
  }

  private portAnswer(ref: ReportRef): ProgressReport | null {
    const answer = this.read.get(ref.period)?.get(rowKey(ref.taskId, ref.unit));
    if (answer === undefined)
      throw new Error(`working copy: ${ref.taskId} ${ref.unit} ${ref.period} was not prepared`);
    return answer;
  }

  /** The stored report of exactly this (task, unit, period), as this use case leaves it. */
  own(ref: ReportRef): ProgressReport | undefined {
    const key = reportKeyOf(ref);
    if (this.removed.has(key)) return undefined;
    const mine = this.written.get(key);
    if (mine) return mine;
    const answer = this.portAnswer(ref);
    return answer && answer.period === ref.period ? answer : undefined;
  }

  /** The latest report before the period (the carry-forward source). */
  carried(ref: ReportRef): ProgressReport | undefined {
    let best: ProgressReport | undefined;
    const answer = this.portAnswer(ref);
    if (answer && answer.period < ref.period) {
      const key = reportKeyOf(answer);
      if (this.removed.has(key)) {
        throw new Error(`working copy: the carry-forward source of ${ref.taskId} ${ref.unit} was removed`);
      }
      best = this.written.get(key) ?? answer;
    }
    const pair = rowKey(ref.taskId, ref.unit);
    for (const p of this.writtenPeriods.get(pair) ?? []) {
      if (p >= ref.period || (best && best.period >= p)) continue;
      const r = this.written.get(reportKey(ref.taskId, ref.unit, p));
      if (r) best = r;
    }
    return best;
  }

  effective(ref: ReportRef): ProgressFields {
    const own = this.own(ref);
    return effectiveFrom(own, own ? undefined : this.carried(ref));
  }

  /** Whether the report existed before this use case touched it: a copy of it, or null. */
  snapshot(ref: ReportRef): ProgressReport | null {
    const own = this.own(ref);
    return own ? structuredClone(own) : null;
  }

  /**
   * Change one field. A value equal to the current one (sameFieldValue) changes nothing and returns
   * null; otherwise the report is created if needed, stamped, and the audit entry returned.
   */
  set(ref: ReportRef, field: ProgressField, value: unknown, source: AuditSource): AuditEntry | null {
    const own = this.own(ref);
    const old = own ? own[field] : this.effective(ref)[field];
    if (sameFieldValue(old, value)) return null;
    const next: ProgressReport = own
      ? { ...own }
      : {
          ...this.effective(ref),
          taskId: ref.taskId,
          unit: ref.unit,
          period: ref.period,
          updatedAt: this.ctx.at,
          updatedBy: this.ctx.who,
        };
    (next as unknown as Record<string, unknown>)[field] = value;
    next.updatedAt = this.ctx.at;
    next.updatedBy = this.ctx.who;
    const key = reportKeyOf(ref);
    this.written.set(key, next);
    this.removed.delete(key);
    const pair = rowKeyOf(ref);
    const periods = this.writtenPeriods.get(pair) ?? new Set<Period>();
    periods.add(ref.period);
    this.writtenPeriods.set(pair, periods);
    const entry = auditEntry(this.ctx, source, {
      taskId: ref.taskId,
      unit: ref.unit,
      period: ref.period,
      field,
      old,
      new: value,
    });
    this.entries.push(entry);
    return entry;
  }

  /** Remove a report (undoing an import that created it). */
  remove(ref: ReportRef): void {
    const key = reportKeyOf(ref);
    this.written.delete(key);
    this.writtenPeriods.get(rowKeyOf(ref))?.delete(ref.period);
    this.removed.set(key, { taskId: ref.taskId, unit: ref.unit, period: ref.period });
  }

  /** Audit entries written so far, in order. */
  audit(): readonly AuditEntry[] {
    return this.entries;
  }

  /** The reports and audit entries as a change set (the caller adds batches and the rest). */
  toChangeSet(): ChangeSet {
    const c = emptyChangeSet();
    c.reports.put = [...this.written.values()];
    c.reports.delete = [...this.removed.values()];
    c.audit = [...this.entries];
    return c;
  }
}
