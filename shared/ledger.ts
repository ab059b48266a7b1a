// The ledger as the program holds it — the taizhang-ledger document's shape, its format name and
// version, default settings and a fresh ledger — without the zod schemas that validate files
// (shared/ledger-file.ts), so code that only needs the shape (the app's start-up, the stores) does
// not load a validator.

import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  PlanDocument,
  ProgressReport,
  Unit,
} from './model.ts';
import type { DistrictBase } from './return-exchange.ts';
import type { Attachment } from './evidence/model.ts';
import type { ExtensionRequest } from './extension.ts';
import type { Review } from './review.ts';

export const LEDGER_FORMAT = 'taizhang-ledger';
/** v3: evidence attachments, reviews (审核), deadline extensions, the "ranking counts reviewed only" setting. */
export const LEDGER_VERSION = 3;

/** The ledger in memory: the same shape as the file, typed with the domain model. */
export interface Ledger {
  format: typeof LEDGER_FORMAT;
  version: typeof LEDGER_VERSION;
  savedAt: string;
  plan: PlanDocument;
  units: Unit[];
  reports: ProgressReport[];
  audit: AuditEntry[];
  imports: ImportBatch[];
  groupResolutions: GroupResolution[];
  settings: LedgerSettings;
  /** The clerk's app: the district's workbook bases opened (empty in the district's ledger). */
  districtBases: DistrictBase[];
  /** Evidence files linked to reports, by hash (the bytes are kept beside the document). */
  attachments: Attachment[];
  /** The district's review of each report that has one (none: 待审核). */
  reviews: Review[];
  /** Deadline extension requests and decisions, every one kept. */
  extensions: ExtensionRequest[];
}

export interface LedgerSettings {
  /** Returns are due by this day of the period's own month (每月N日前报送; see returnDueDate). */
  returnDueDay: number;
  /** The ranking (排名通报) counts only reports the district has reviewed (已审核). */
  rankReviewedOnly: boolean;
}

export const DEFAULT_SETTINGS: LedgerSettings = { returnDueDay: 25, rankReviewedOnly: false };

/** A fresh ledger holding the plan and the registry and nothing else. */
export function createLedger(plan: PlanDocument, units: readonly Unit[], now = new Date()): Ledger {
  return {
    format: LEDGER_FORMAT,
    version: LEDGER_VERSION,
    savedAt: now.toISOString(),
    plan: structuredClone(plan),
    units: structuredClone([...units]),
    reports: [],
    audit: [],
    imports: [],
    groupResolutions: [],
    settings: { ...DEFAULT_SETTINGS },
    districtBases: [],
    attachments: [],
    reviews: [],
    extensions: [],
  };
}
