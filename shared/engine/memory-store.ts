// A ledger held in memory, indexed for the read port, that commits change sets in place. The CLI's
// ledger file store (cli/ledger-file-store.ts) loads a file into one of these, runs a use case,
// commits, and writes the file back; the contract tests run every use case against it and against
// the app's IndexedDB store and compare. Commit is all or nothing: the change set is checked
// against the ledger first, and only then applied.

import {
  rowKey,
  reportKey,
  reportKeyOf,
  unitPeriodKey,
  type ReportKey,
  type RowKey,
  type RowRef,
  type UnitPeriodKey,
} from '../keys.ts';
import { completeSettings, type Ledger, type LedgerSettings } from '../ledger.ts';
import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  Period,
  PlanMeta,
  PlanRevision,
  ProgressReport,
  Task,
  TaskLink,
  Unit,
} from '../model.ts';
import type { DistrictBase } from '../return-exchange.ts';
import type { ChangeSet, Decision, PlanChanges } from './change-set.ts';
import { attachmentMatches, sortPlans, type AttachmentQuery, type LedgerReader } from './read-port.ts';
import type { PeriodSlice } from '../period-state.ts';
import { isEntrySource } from '../model.ts';
import { continueAnswers, linkMap } from '../continuity.ts';
import { planOfTaskId } from '../plan-ids.ts';
import { sortTasks } from '../task-view.ts';
import type { Attachment, EvidenceBlob } from '../evidence/model.ts';
import type { ExtensionRequest } from '../extension.ts';
import type { Review } from '../review.ts';
import type { ReportRef } from '../keys.ts';

/** Reports by key, plus each (task, unit)'s periods in order, for carry-forward. */
export class ReportIndex {
  private readonly byKey = new Map<ReportKey, ProgressReport>();
  private readonly periods = new Map<RowKey, Period[]>();

  constructor(reports: readonly ProgressReport[] = []) {
    for (const r of reports) this.put(r);
  }

  put(r: ProgressReport): void {
    const key = reportKeyOf(r);
    if (!this.byKey.has(key)) {
      const pair = rowKey(r.taskId, r.unit);
      const list = this.periods.get(pair);
      if (!list) this.periods.set(pair, [r.period]);
      else {
        // Periods arrive mostly in order: insert from the end.
        let i = list.length;
        while (i > 0 && (list[i - 1] as string) > r.period) i--;
        list.splice(i, 0, r.period);
      }
    }
    this.byKey.set(key, r);
  }

  get(taskId: string, unit: string, period: Period): ProgressReport | undefined {
    return this.byKey.get(reportKey(taskId, unit, period));
  }

  delete(taskId: string, unit: string, period: Period): boolean {
    if (!this.byKey.delete(reportKey(taskId, unit, period))) return false;
    const pair = rowKey(taskId, unit);
    const list = (this.periods.get(pair) ?? []).filter((p) => p !== period);
    if (list.length) this.periods.set(pair, list);
    else this.periods.delete(pair);
    return true;
  }

  /** The report of `period`, else the latest earlier one. */
  asOf(taskId: string, unit: string, period: Period): ProgressReport | undefined {
    const list = this.periods.get(rowKey(taskId, unit));
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i] as string;
      if (p <= period) return this.get(taskId, unit, p);
    }
    return undefined;
  }

  values(): IterableIterator<ProgressReport> {
    return this.byKey.values();
  }

  get size(): number {
    return this.byKey.size;
  }
}

function groupInto<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class CommitRefused extends Error {}

export class MemoryLedgerStore implements LedgerReader {
  private reportIndex!: ReportIndex;
  private auditByUnitPeriod!: Map<UnitPeriodKey, AuditEntry[]>;
  private importsById!: Map<string, ImportBatch>;
  private reviewsByKey!: Map<ReportKey, Review>;

  /**
   * `blobs`: the bytes of the ledger's evidence files, by hash (a container's `files/` entries; the
   * JSON encoding holds none).
   */
  constructor(
    private ledgerData: Ledger,
    readonly blobs: Map<string, EvidenceBlob> = new Map(),
  ) {
    this.reindex();
  }

  /** The ledger as it stands (after every commit). Reports are in insertion order. */
  get ledger(): Ledger {
    return this.ledgerData;
  }

  private reindex(): void {
    const l = this.ledgerData;
    this.reportIndex = new ReportIndex(l.reports);
    this.auditByUnitPeriod = new Map();
    for (const e of l.audit) groupInto(this.auditByUnitPeriod, unitPeriodKey(e.unit, e.period), e);
    this.importsById = new Map(l.imports.map((b) => [b.id, b]));
    this.reviewsByKey = new Map(l.reviews.map((r) => [reportKeyOf(r), r]));
  }

  // --- the read port -------------------------------------------------------------------------

  async plans(): Promise<PlanMeta[]> {
    return sortPlans(this.ledgerData.plans.map(({ tasks: _tasks, ...meta }) => meta));
  }

  async tasks(planId: string): Promise<Task[]> {
    return sortTasks(this.ledgerData.plans.find((p) => p.id === planId)?.tasks ?? []);
  }

  async taskLinks(): Promise<TaskLink[]> {
    return this.ledgerData.taskLinks;
  }

  async planRevisions(planId: string): Promise<PlanRevision[]> {
    return this.ledgerData.planRevisions.filter((r) => r.planId === planId);
  }

  async units(): Promise<Unit[]> {
    return this.ledgerData.units;
  }

  async groupResolutions(): Promise<GroupResolution[]> {
    return this.ledgerData.groupResolutions;
  }

  async settings(): Promise<LedgerSettings> {
    return completeSettings(this.ledgerData.settings);
  }

  async reportsAsOf(period: Period, pairs: readonly RowRef[]): Promise<Map<RowKey, ProgressReport>> {
    const out = await this.ownReportsAsOf(period, pairs);
    await continueAnswers(period, pairs, out, linkMap(this.ledgerData.taskLinks), (p, q) =>
      this.ownReportsAsOf(p, q),
    );
    return out;
  }

  /** reportsAsOf without continuity: the pairs' own reports. */
  async ownReportsAsOf(period: Period, pairs: readonly RowRef[]): Promise<Map<RowKey, ProgressReport>> {
    const out = new Map<RowKey, ProgressReport>();
    for (const p of pairs) {
      const r = this.reportIndex.asOf(p.taskId, p.unit, period);
      if (r) out.set(rowKey(p.taskId, p.unit), r);
    }
    return out;
  }

  async auditOf(unit: string, period: Period): Promise<AuditEntry[]> {
    return this.auditByUnitPeriod.get(unitPeriodKey(unit, period)) ?? [];
  }

  async importsOf(unit: string, period: Period): Promise<ImportBatch[]> {
    return this.ledgerData.imports.filter((b) => b.unit === unit && b.period === period);
  }

  async importBatch(id: string): Promise<ImportBatch | undefined> {
    return this.importsById.get(id);
  }

  async importsWithHash(sha256: string): Promise<ImportBatch[]> {
    return this.ledgerData.imports.filter((b) => b.sha256 === sha256);
  }

  async districtBase(planId: string, unit: string, period: Period): Promise<DistrictBase | undefined> {
    return this.ledgerData.districtBases.find(
      (b) => b.planId === planId && b.unit === unit && b.period === period,
    );
  }

  async reviews(refs: readonly ReportRef[]): Promise<Map<ReportKey, Review>> {
    const out = new Map<ReportKey, Review>();
    for (const ref of refs) {
      const r = this.reviewsByKey.get(reportKeyOf(ref));
      if (r) out.set(reportKeyOf(ref), r);
    }
    return out;
  }

  async attachments(query: AttachmentQuery): Promise<Attachment[]> {
    return this.ledgerData.attachments.filter((a) => attachmentMatches(a, query));
  }

  async attachment(id: string): Promise<Attachment | undefined> {
    return this.ledgerData.attachments.find((a) => a.id === id);
  }

  async knownBlobs(sha256s: readonly string[]): Promise<Set<string>> {
    return new Set(sha256s.filter((h) => this.blobs.has(h)));
  }

  async extensions(row?: RowRef): Promise<ExtensionRequest[]> {
    const all = this.ledgerData.extensions;
    return row ? all.filter((e) => e.taskId === row.taskId && e.unit === row.unit) : [...all];
  }

  // --- the period read model's input (the CLI's report, tests) ----------------------------------

  /** One plan's month: `pairs` are its rows; imports and typed values of other plans do not count. */
  async periodSlice(planId: string, period: Period, pairs: readonly RowRef[]): Promise<PeriodSlice> {
    const plans = this.ledgerData.plans;
    const firstEntries = new Map<string, string>();
    for (const e of this.ledgerData.audit) {
      if (e.period !== period || !isEntrySource(e.source)) continue;
      if (planOfTaskId(plans, e.taskId)?.id !== planId) continue;
      const seen = firstEntries.get(e.unit);
      if (!seen || e.at < seen) firstEntries.set(e.unit, e.at);
    }
    return {
      period,
      reports: await this.reportsAsOf(period, pairs),
      imports: this.ledgerData.imports.filter((b) => b.period === period && b.planId === planId),
      firstEntries,
      ...sliceExtras(period, this.ledgerData),
    };
  }

  // --- writing -------------------------------------------------------------------------------

  /** Decide with `useCase` and commit what it decides. */
  async run<R>(useCase: (reader: LedgerReader) => Promise<Decision<R>> | Decision<R>): Promise<R> {
    const { changes, result } = await useCase(this);
    this.commit(changes);
    return result;
  }

  /** Apply a change set: checked first, then applied whole. */
  commit(c: ChangeSet): void {
    if (c.replace) {
      const next = structuredClone(c.replace);
      const blobs = new Map(c.blobs.map((b) => [b.sha256, b]));
      for (const a of next.attachments)
        if (!blobs.has(a.sha256) && !this.blobs.has(a.sha256))
          throw new CommitRefused(`attachment ${a.id}: no bytes for ${a.sha256}`);
      for (const a of next.attachments)
        if (!blobs.has(a.sha256)) blobs.set(a.sha256, this.blobs.get(a.sha256)!);
      this.ledgerData = next;
      this.blobs.clear();
      for (const [h, b] of blobs) this.blobs.set(h, b);
      this.reindex();
      return;
    }
    const l = this.ledgerData;
    const auditIds = new Set(l.audit.map((e) => e.id));
    for (const e of c.audit)
      if (auditIds.has(e.id)) throw new CommitRefused(`audit entry ${e.id} already exists`);
    const incoming = new Map(c.blobs.map((b) => [b.sha256, b]));
    for (const a of c.attachments.put)
      if (!incoming.has(a.sha256) && !this.blobs.has(a.sha256))
        throw new CommitRefused(`attachment ${a.id}: no bytes for ${a.sha256}`);
    // Reports: the ledger's list keeps its order; puts replace in place, new reports go last.
    const puts = new Map(c.reports.put.map((r) => [reportKeyOf(r), r]));
    const deletes = new Set(c.reports.delete.map((r) => reportKeyOf(r)));
    if (puts.size || deletes.size) {
      for (const ref of c.reports.delete)
        if (!puts.has(reportKeyOf(ref))) this.reportIndex.delete(ref.taskId, ref.unit, ref.period);
      for (const r of puts.values()) this.reportIndex.put(r);
      const placed = new Set<ReportKey>();
      const next: ProgressReport[] = [];
      for (const r of l.reports) {
        const key = reportKeyOf(r);
        const put = puts.get(key);
        if (put) {
          next.push(put);
          placed.add(key);
        } else if (!deletes.has(key)) next.push(r);
      }
      for (const [key, r] of puts) if (!placed.has(key)) next.push(r);
      l.reports = next;
    }
    // Audit (append only).
    for (const e of c.audit) {
      l.audit.push(e);
      groupInto(this.auditByUnitPeriod, unitPeriodKey(e.unit, e.period), e);
    }
    // Import batches (new or rewritten whole).
    for (const b of c.imports) {
      const i = l.imports.findIndex((x) => x.id === b.id);
      if (i >= 0) l.imports[i] = b;
      else l.imports.push(b);
      this.importsById.set(b.id, b);
    }
    // Group resolutions.
    for (const d of c.groupResolutions.delete)
      l.groupResolutions = l.groupResolutions.filter((r) => !(r.taskId === d.taskId && r.group === d.group));
    for (const r of c.groupResolutions.put) {
      const i = l.groupResolutions.findIndex((x) => x.taskId === r.taskId && x.group === r.group);
      if (i >= 0) l.groupResolutions[i] = r;
      else l.groupResolutions.push(r);
    }
    if (c.settings) l.settings = { ...l.settings, ...c.settings };
    if (c.plans) commitPlans(l, c.plans);
    for (const b of c.districtBases) {
      const i = l.districtBases.findIndex(
        (x) => x.planId === b.planId && x.unit === b.unit && x.period === b.period,
      );
      if (i >= 0) l.districtBases[i] = b;
      else l.districtBases.push(b);
    }
    // Evidence: links, then the bytes (one copy per hash; a hash nothing links to any more is dropped).
    if (c.attachments.put.length || c.attachments.delete.length) {
      const removed = new Set(c.attachments.delete.map((d) => d.id));
      const puts = new Map(c.attachments.put.map((a) => [a.id, a]));
      const next: Attachment[] = [];
      for (const a of l.attachments) {
        const put = puts.get(a.id);
        if (put) {
          next.push(put);
          puts.delete(a.id);
        } else if (!removed.has(a.id)) next.push(a);
      }
      next.push(...puts.values());
      l.attachments = next;
    }
    for (const b of c.blobs) if (!this.blobs.has(b.sha256)) this.blobs.set(b.sha256, b);
    if (c.attachments.delete.length || c.blobs.length) {
      const linked = new Set(l.attachments.map((a) => a.sha256));
      for (const h of [...this.blobs.keys()]) if (!linked.has(h)) this.blobs.delete(h);
    }
    for (const r of c.reviews) {
      const key = reportKeyOf(r);
      const i = this.reviewsByKey.has(key) ? l.reviews.findIndex((x) => reportKeyOf(x) === key) : -1;
      if (i >= 0) l.reviews[i] = r;
      else l.reviews.push(r);
      this.reviewsByKey.set(key, r);
    }
    if (c.extensions.put.length || c.extensions.delete.length) {
      const removed = new Set(c.extensions.delete.map((d) => d.id));
      const puts = new Map(c.extensions.put.map((e) => [e.id, e]));
      const next: ExtensionRequest[] = [];
      for (const e of l.extensions) {
        const put = puts.get(e.id);
        if (put) {
          next.push(put);
          puts.delete(e.id);
        } else if (!removed.has(e.id)) next.push(e);
      }
      next.push(...puts.values());
      l.extensions = next;
    }
  }
}

/** Plans written whole (a new one goes last), units by name, links by the later task, revisions appended. */
function commitPlans(l: Ledger, c: PlanChanges): void {
  for (const plan of c.put) {
    const i = l.plans.findIndex((p) => p.id === plan.id);
    if (i >= 0) l.plans[i] = plan;
    else l.plans.push(plan);
  }
  for (const unit of c.units) {
    const i = l.units.findIndex((u) => u.name === unit.name);
    if (i >= 0) l.units[i] = unit;
    else l.units.push(unit);
  }
  const gone = new Set(c.links.delete);
  l.taskLinks = l.taskLinks.filter((x) => !gone.has(x.taskId));
  for (const link of c.links.put) {
    const i = l.taskLinks.findIndex((x) => x.taskId === link.taskId);
    if (i >= 0) l.taskLinks[i] = link;
    else l.taskLinks.push(link);
  }
  l.planRevisions.push(...c.revisions);
}

/** The evidence counts, reviews and extension requests a period's read model needs. */
export function sliceExtras(
  period: Period,
  ledger: Pick<Ledger, 'attachments' | 'reviews' | 'extensions'>,
): Pick<PeriodSlice, 'reviews' | 'evidenceCounts' | 'extensions'> {
  const reviews = new Map<RowKey, Review>();
  for (const r of ledger.reviews) if (r.period === period) reviews.set(rowKey(r.taskId, r.unit), r);
  const evidenceCounts = new Map<RowKey, number>();
  for (const a of ledger.attachments)
    if (a.period === period) {
      const key = rowKey(a.taskId, a.unit);
      evidenceCounts.set(key, (evidenceCounts.get(key) ?? 0) + 1);
    }
  const extensions = new Map<RowKey, ExtensionRequest[]>();
  for (const e of ledger.extensions) groupInto(extensions, rowKey(e.taskId, e.unit), e);
  return { reviews, evidenceCounts, extensions };
}
