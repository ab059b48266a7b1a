// The ledger as the program holds it — the taizhang-ledger document's shape, its format name and
// version, default settings and a fresh ledger — without the zod schemas that validate files
// (shared/ledger-file.ts), so code that only needs the shape (the app's start-up, the stores) does
// not load a validator.

import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  PlanDocument,
  PlanRevision,
  ProgressReport,
  TaskLink,
  Unit,
} from './model.ts';
import type { SavedMapping } from './mapping/saved-mapping.ts';
import type { DistrictBase } from './return-exchange.ts';
import type { Attachment } from './evidence/model.ts';
import type { ExtensionRequest } from './extension.ts';
import type { Review } from './review.ts';

export const LEDGER_FORMAT = 'taizhang-ledger';
/**
 * v3: evidence attachments, reviews (审核), deadline extensions, the "ranking counts reviewed only" setting.
 * v4: several plans (plans, taskLinks, planRevisions; a batch names its plan).
 */
export const LEDGER_VERSION = 5;

/** The ledger in memory: the same shape as the file, typed with the domain model. */
export interface Ledger {
  format: typeof LEDGER_FORMAT;
  version: typeof LEDGER_VERSION;
  savedAt: string;
  /** Every plan the ledger runs, each with its tasks (one has bare task ids: shared/plan-ids.ts). */
  plans: PlanDocument[];
  units: Unit[];
  reports: ProgressReport[];
  audit: AuditEntry[];
  imports: ImportBatch[];
  groupResolutions: GroupResolution[];
  settings: LedgerSettings;
  /** The clerk's app: the district's workbook bases opened (empty in the district's ledger). */
  districtBases: DistrictBase[];
  /** Tasks continuing a task of an earlier plan, as a person confirmed them. */
  taskLinks: TaskLink[];
  /** Every version of every plan as it entered the ledger (imports and corrected reissues). */
  planRevisions: PlanRevision[];
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
  /** The official documents (公文) the dashboard writes: who issues them, their numbers and templates. */
  documents: DocumentSettings;
  /**
   * Per unit, the mapping a person confirmed for the unit's own ledger layout, applied by itself to
   * the unit's next return in the same layout (shared/mapping/saved-mapping.ts).
   */
  importMappings?: Record<string, SavedMapping>;
}

/** The documents the coordinator sends out each month (shared/documents). */
export const DOCUMENT_KINDS = ['tongbao', 'cuibao', 'annex'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The documents that carry a 发文字号 (the annex travels with the 通报 and has none of its own). */
export const NUMBERED_DOCUMENT_KINDS = ['tongbao', 'cuibao'] as const;
export type NumberedDocumentKind = (typeof NUMBERED_DOCUMENT_KINDS)[number];

/**
 * A document's editable text: placeholders such as {月份} are filled from the month's figures, a line
 * `[[名称]]` places a table or chart (shared/documents/template.ts lists both).
 */
export interface DocumentTemplate {
  /** 标题; a line break in it is where the title breaks (GB/T 9704 7.3.1: 梯形或菱形). */
  title: string;
  /** 主送机关, without the closing colon. Unused by the annex. */
  addressee: string;
  /** 正文: one paragraph per line; 一、 （一） 1. （1） lines are headings of levels 1–4. */
  body: string;
  /** 附件说明 (the annex's name), empty for none. Unused by the annex. */
  attachment: string;
}

export interface DocumentSettings {
  /** 发文机关标志, e.g. 通州区污染防治攻坚战领导小组办公室文件 (GB/T 9704 7.2.4). */
  issuerMark: string;
  /** 发文机关署名 (7.3.5). */
  issuer: string;
  /** 发文字号 with {年} and {号}, e.g. 通攻坚办〔{年}〕{号}号 (7.2.5). */
  docNumberPattern: string;
  /** The 发文顺序号 of each numbered document. */
  numbers: Record<NumberedDocumentKind, number>;
  /** 成文日期 (YYYY-MM-DD), or null for the day the document is made. */
  issuedOn: string | null;
  /** Templates the coordinator edited; a kind not here uses the built-in one. */
  templates: Partial<Record<DocumentKind, DocumentTemplate>>;
}

/** Bounds of the document settings' text (the file schema and the use case updateSettings check them). */
export const DOCUMENT_TEXT_LIMITS = {
  issuerMark: 60,
  issuer: 60,
  docNumberPattern: 40,
  title: 200,
  addressee: 500,
  body: 20_000,
  attachment: 200,
} as const;

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = {
  issuerMark: '通州区污染防治攻坚战领导小组办公室文件',
  issuer: '通州区污染防治攻坚战领导小组办公室',
  docNumberPattern: '通攻坚办〔{年}〕{号}号',
  numbers: { tongbao: 1, cuibao: 2 },
  issuedOn: null,
  templates: {},
};

export const DEFAULT_SETTINGS: LedgerSettings = {
  returnDueDay: 25,
  rankReviewedOnly: false,
  documents: DEFAULT_DOCUMENT_SETTINGS,
};

/**
 * Settings as stored, completed with the defaults: a database or file written before a setting
 * existed reads as if the default had been chosen.
 */
export function completeSettings(stored: Partial<LedgerSettings> | undefined): LedgerSettings {
  const documents: Partial<DocumentSettings> = stored?.documents ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    documents: {
      ...DEFAULT_DOCUMENT_SETTINGS,
      ...documents,
      numbers: { ...DEFAULT_DOCUMENT_SETTINGS.numbers, ...documents.numbers },
      templates: { ...documents.templates },
    },
  };
}

/** A fresh ledger holding the plan (its ids bare) and the registry and nothing else. */
export function createLedger(plan: PlanDocument, units: readonly Unit[], now = new Date()): Ledger {
  return {
    format: LEDGER_FORMAT,
    version: LEDGER_VERSION,
    savedAt: now.toISOString(),
    plans: [{ ...structuredClone(plan), bareIds: true }],
    units: structuredClone([...units]),
    reports: [],
    audit: [],
    imports: [],
    groupResolutions: [],
    settings: completeSettings(undefined),
    districtBases: [],
    taskLinks: [],
    planRevisions: [],
    attachments: [],
    reviews: [],
    extensions: [],
  };
}

/** One plan of a ledger, or an error naming it. */
export function ledgerPlan(ledger: Pick<Ledger, 'plans'>, planId: string): PlanDocument {
  const plan = ledger.plans.find((p) => p.id === planId);
  if (!plan) throw new Error(`the ledger holds no plan ${planId}`);
  return plan;
}

/** The plan with bare task ids (the one the ledger began with). */
export function barePlan(ledger: Pick<Ledger, 'plans'>): PlanDocument | undefined {
  return ledger.plans.find((p) => p.bareIds);
}
