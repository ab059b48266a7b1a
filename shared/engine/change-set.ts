// The one shape every change to a ledger takes. A use case (shared/engine/use-cases) reads through
// the read port and returns a ChangeSet; a store (the JSON ledger file, the app's IndexedDB) commits
// it in one transaction, all or nothing. Nothing else writes a ledger. A restore is the one change
// that replaces everything: `replace` then carries the whole ledger and the other parts stay empty.

import type { Ledger, LedgerSettings } from '../ledger.ts';
import type { ReportRef } from '../keys.ts';
import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  PlanDocument,
  PlanRevision,
  ProgressReport,
  TaskLink,
  Unit,
} from '../model.ts';
import type { DistrictBase } from '../return-exchange.ts';
import type { Attachment, AttachmentRef, EvidenceBlob } from '../evidence/model.ts';
import type { ExtensionRequest } from '../extension.ts';
import type { Review } from '../review.ts';

export interface ChangeSet {
  /** Reports to write whole (new or changed), and reports to remove. */
  reports: { put: ProgressReport[]; delete: ReportRef[] };
  /** Appended; the audit trail is never rewritten. */
  audit: AuditEntry[];
  /** Import batches to write whole (a new batch, or one undone or with conflicts resolved since). */
  imports: ImportBatch[];
  groupResolutions: { put: GroupResolution[]; delete: { taskId: string; group: string }[] };
  /** Ledger-wide settings to change (merged into the current ones). */
  settings: Partial<LedgerSettings> | null;
  /** The clerk's app: the district's workbook bases to keep (one per unit and period). */
  districtBases: DistrictBase[];
  /** The plans, their units and continuity (shared/engine/plan-cases.ts); null: none of them changes. */
  plans: PlanChanges | null;
  /** Evidence linked to reports, and links removed (by id; the month names the segment). */
  attachments: { put: Attachment[]; delete: AttachmentRef[] };
  /**
   * The bytes of files the attachments above need and the store may not hold yet (a store keeps
   * one copy per hash; a blob no attachment links to any more is dropped by the store).
   */
  blobs: EvidenceBlob[];
  /** Review states written whole (a review is never removed: 待审核 is a state too). */
  reviews: Review[];
  /** Extension requests written whole (new, updated or decided), and requests removed (an undone import's). */
  extensions: { put: ExtensionRequest[]; delete: { id: string; period: string }[] };
  /** A restore: the whole ledger, replacing everything (then every other part is empty but `blobs`). */
  replace: Ledger | null;
}

/** What a plan import, a corrected reissue or a continuity decision changes. */
export interface PlanChanges {
  /** Plans written whole, tasks included (a new plan; a reissue's new texts and tasks). */
  put: PlanDocument[];
  /** Units written whole: new ones, or ones with a new alias. */
  units: Unit[];
  /** Continuity links written whole, and links removed (by the later task's id). */
  links: { put: TaskLink[]; delete: string[] };
  /** Appended: the audit of plan texts is never rewritten. */
  revisions: PlanRevision[];
}

export function emptyPlanChanges(): PlanChanges {
  return { put: [], units: [], links: { put: [], delete: [] }, revisions: [] };
}

export function emptyChangeSet(): ChangeSet {
  return {
    reports: { put: [], delete: [] },
    audit: [],
    imports: [],
    groupResolutions: { put: [], delete: [] },
    settings: null,
    districtBases: [],
    plans: null,
    attachments: { put: [], delete: [] },
    blobs: [],
    reviews: [],
    extensions: { put: [], delete: [] },
    replace: null,
  };
}

export function isEmptyChangeSet(c: ChangeSet): boolean {
  return (
    c.replace === null &&
    c.settings === null &&
    c.reports.put.length === 0 &&
    c.reports.delete.length === 0 &&
    c.audit.length === 0 &&
    c.imports.length === 0 &&
    c.groupResolutions.put.length === 0 &&
    c.groupResolutions.delete.length === 0 &&
    c.districtBases.length === 0 &&
    c.plans === null &&
    c.attachments.put.length === 0 &&
    c.attachments.delete.length === 0 &&
    c.blobs.length === 0 &&
    c.reviews.length === 0 &&
    c.extensions.put.length === 0 &&
    c.extensions.delete.length === 0
  );
}

/** What a use case decides: the change set to commit and what to tell the caller. */
export interface Decision<R> {
  changes: ChangeSet;
  result: R;
}

/** The periods a change set touches (reports, audit, batches), for caches keyed by period. */
export function periodsTouched(c: ChangeSet): Set<string> {
  const out = new Set<string>();
  for (const r of c.reports.put) out.add(r.period);
  for (const r of c.reports.delete) out.add(r.period);
  for (const e of c.audit) out.add(e.period);
  for (const b of c.imports) out.add(b.period);
  for (const a of c.attachments.put) out.add(a.period);
  for (const a of c.attachments.delete) out.add(a.period);
  for (const r of c.reviews) out.add(r.period);
  for (const e of c.extensions.put) out.add(e.period);
  for (const e of c.extensions.delete) out.add(e.period);
  return out;
}
