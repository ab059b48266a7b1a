// The read port: everything a use case may read from a ledger, whichever store holds it. Small on
// purpose — each method is one indexed read in the app's IndexedDB and one map look-up in the JSON
// ledger store — so a use case never loads a whole ledger to change one cell.

import type { LedgerSettings } from '../ledger.ts';
import type { RowKey, RowRef } from '../keys.ts';
import type {
  AuditEntry,
  AuditSource,
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
import { comparePlans } from '../plan-ids.ts';
import type { DistrictBase } from '../return-exchange.ts';
import type { Attachment } from '../evidence/model.ts';
import type { ExtensionRequest } from '../extension.ts';
import type { ReportKey, ReportRef } from '../keys.ts';
import type { Review } from '../review.ts';

/** Which attachments to read: one report's, one unit's month, or every month of one task × unit. */
export type AttachmentQuery =
  | { taskId: string; unit: string; period: string }
  | { unit: string; period: string }
  | { taskId: string; unit: string };

export interface LedgerReader {
  /** Every plan the ledger runs, without tasks, oldest first (comparePlans). */
  plans(): Promise<PlanMeta[]>;
  /** One plan's tasks, in plan order (none for a plan the ledger does not hold). */
  tasks(planId: string): Promise<Task[]>;
  /** Every continuity link (a few hundred at most). */
  taskLinks(): Promise<TaskLink[]>;
  /** One plan's versions as they entered the ledger, oldest first. */
  planRevisions(planId: string): Promise<PlanRevision[]>;
  /** In registry order. */
  units(): Promise<Unit[]>;
  groupResolutions(): Promise<GroupResolution[]>;
  settings(): Promise<LedgerSettings>;
  /**
   * For each (task, unit): its report of `period` if there is one, else its latest earlier report
   * (the carry-forward source), else — for a task continuing one of an earlier plan — the continued
   * task's latest report before `period` for the same unit (shared/continuity.ts), else nothing.
   * One answer per pair that has any such report, keyed by the pair asked (the answer of a
   * continued task carries the earlier task's id).
   */
  reportsAsOf(period: Period, pairs: readonly RowRef[]): Promise<Map<RowKey, ProgressReport>>;
  /** A unit's audit entries of one period (any order). */
  auditOf(unit: string, period: Period): Promise<AuditEntry[]>;
  /** Import batches of one unit and period, undone ones included (any order). */
  importsOf(unit: string, period: Period): Promise<ImportBatch[]>;
  importBatch(id: string): Promise<ImportBatch | undefined>;
  /** Batches made from a file with this SHA-256, undone ones included. */
  importsWithHash(sha256: string): Promise<ImportBatch[]>;
  /** The clerk's app: the district's workbook base of a plan for a unit and period, if one was opened. */
  districtBase(planId: string, unit: string, period: Period): Promise<DistrictBase | undefined>;
  /** The reviews of these reports (a report without one is absent: 待审核). */
  reviews(refs: readonly ReportRef[]): Promise<Map<ReportKey, Review>>;
  attachments(query: AttachmentQuery): Promise<Attachment[]>;
  attachment(id: string): Promise<Attachment | undefined>;
  /** Which of these hashes the store holds the bytes of. */
  knownBlobs(sha256s: readonly string[]): Promise<Set<string>>;
  /** Extension requests of one task × unit, or of every row when none is given (any order). */
  extensions(row?: RowRef): Promise<ExtensionRequest[]>;
}

/** Whether an attachment matches a query. */
export function attachmentMatches(a: Attachment, q: AttachmentQuery): boolean {
  if ('taskId' in q && a.taskId !== q.taskId) return false;
  if ('period' in q && a.period !== q.period) return false;
  return a.unit === q.unit;
}

/** Who acts, when, and how new ids are made: everything a use case would otherwise take from the world. */
export interface UseCaseContext {
  who: string;
  /** ISO timestamp stamped on every audit entry and batch of the change. */
  at: string;
  /** A fresh unique id (audit entries, batches). */
  newId: () => string;
}

/** An audit entry of the change `ctx` makes: a fresh id, its time and its author. */
export function auditEntry(
  ctx: UseCaseContext,
  source: AuditSource,
  entry: Omit<AuditEntry, 'id' | 'at' | 'who' | 'source'>,
): AuditEntry {
  return { id: ctx.newId(), at: ctx.at, who: ctx.who, source, ...entry };
}

/** A hash's batches that make a file count as already imported: not undone, no open conflicts. */
export function settledImport(b: ImportBatch): boolean {
  return !b.undoneAt && !(b.openConflicts && b.openConflicts.length > 0);
}

/** A plan's metadata, or an error naming it (a use case asked about a plan the ledger lacks). */
export async function planMetaOf(reader: Pick<LedgerReader, 'plans'>, planId: string): Promise<PlanMeta> {
  const plan = (await reader.plans()).find((p) => p.id === planId);
  if (!plan) throw new Error(`the ledger holds no plan ${planId}`);
  return plan;
}

/** Plans oldest first, whatever order a store keeps them in. */
export function sortPlans(plans: readonly PlanMeta[]): PlanMeta[] {
  return [...plans].sort(comparePlans);
}
