// The domain model shared by every adapter (CLI, Electron main, renderer): plan, tasks, units,
// progress reports, audit entries and import batches. Plain data only, so it serialises to the
// ledger file and IndexedDB unchanged.

export const PLAN_ID_LIST = ['air', 'water', 'soil'] as const;
export type PlanId = (typeof PLAN_ID_LIST)[number];

export interface SubPlan {
  id: PlanId;
  /** Short Chinese name shown in the grid's 类别 column: 大气 / 水 / 土壤. */
  name: string;
  /** Full title as printed in the document. */
  title: string;
}

export const SUB_PLANS: readonly SubPlan[] = [
  { id: 'air', name: '大气', title: '通州区2021年大气污染防治行动计划' },
  { id: 'water', name: '水', title: '通州区2021年水污染防治行动计划' },
  { id: 'soil', name: '土壤', title: '通州区2021年土壤污染防治行动计划' },
];

export const PLAN_IDS: readonly PlanId[] = SUB_PLANS.map((p) => p.id);

export function planName(id: PlanId): string {
  return SUB_PLANS.find((p) => p.id === id)?.name ?? id;
}

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === 'string' && (PLAN_IDS as readonly string[]).includes(value);
}

export const DEADLINE_KINDS = ['due', 'ongoing', 'window', 'unknown'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The cycle of a recurring duty (每月, 每季度, 每半年, 每年): an `ongoing` deadline checked on it. */
export const DEADLINE_CYCLES = ['month', 'quarter', 'half-year', 'year'] as const;
export type DeadlineCycle = (typeof DEADLINE_CYCLES)[number];

/** 完成时限: the raw cell text plus what it means. Dates are YYYY-MM-DD. */
export interface Deadline {
  raw: string;
  kind: DeadlineKind;
  due?: string;
  from?: string;
  to?: string;
  /** `ongoing` only: the duty recurs on this cycle (每季度 …). */
  every?: DeadlineCycle;
}

export interface Task {
  /** Stable id, e.g. `air-03`; shown to people as `大气-03`. */
  id: string;
  plan: PlanId;
  no: number;
  /** Section heading, e.g. `二、推进机动车结构进一步优化`. */
  section: string;
  /** 重点任务. */
  keyTask: string;
  /** True when the source cell was blank and the value was carried down from the row above. */
  keyTaskInherited: boolean;
  /** 工作措施, paragraphs separated by `\n`. */
  measures: string;
  deadline: Deadline;
  /** 牵头领导, normalised (`郑  皓` → `郑皓`). */
  leaders: string[];
  /** 主责单位: canonical unit names, group words kept as written. */
  leadUnits: string[];
  /** 协办单位: canonical unit names, group words kept as written. */
  coUnits: string[];
}

/**
 * The plan document as a whole: what seeds/plan.json holds, and each plan a ledger keeps (a ledger
 * holds several: one a year, each with its own tasks; shared/plan-ids.ts says how their ids differ).
 */
export interface PlanDocument {
  /** Lower-case letters, digits, hyphens: `tongzhou-2021`. */
  id: string;
  title: string;
  docNumber: string;
  /** YYYY-MM-DD, or '' when the document does not say (a workbook of the table alone). */
  issuedOn: string;
  /** The year the deadlines refer to (`年底前` → 31 Dec of this year). */
  year: number;
  subPlans: SubPlan[];
  tasks: Task[];
  /**
   * Task ids of this plan are bare (`air-03`): the plan the ledger began with, whose ids every
   * record before several plans used. Absent: ids are `<id>.air-03`. At most one plan has it.
   */
  bareIds?: true;
  /** The plan's version: 1 as first issued (absent), n after n − 1 corrected reissues (修订版). */
  version?: number;
}

/**
 * A task that continues one of an earlier plan (长期 tasks carry over from year to year): suggested by
 * text similarity, confirmed by a person. The earlier task's last state is shown beside this one's,
 * and this one's carry-forward starts from it (shared/continuity.ts).
 */
export interface TaskLink {
  /** The later task (ledger id). */
  taskId: string;
  /** The earlier task it continues (ledger id, another plan). */
  continues: string;
  /** The text similarity the suggestion had (0–1), null when a person linked it without one. */
  score: number | null;
  linkedBy: string;
  linkedAt: string;
}

/** The texts of a task a corrected reissue (修订版) may change; the reports stay with the task. */
export const TASK_TEXT_FIELDS = [
  'section',
  'keyTask',
  'keyTaskInherited',
  'measures',
  'deadline',
  'leaders',
  'leadUnits',
  'coUnits',
] as const;
export type TaskTextField = (typeof TASK_TEXT_FIELDS)[number];

/** What a plan import decided about a unit name the registry did not know. */
export interface UnitNameDecision {
  /** The name as the document wrote it. */
  name: string;
  /** map: this document's spelling of `to`; alias: kept as another spelling of `to`; add: a new unit. */
  action: 'map' | 'alias' | 'add';
  /** The unit it stands for (map, alias) or the new unit's name (add). */
  to: string;
  kind?: UnitKind;
}

/**
 * One version of a plan entering the ledger, kept for ever: the first import (version 1) or a
 * corrected reissue (修订版, version n), with the file it came from, who and when, and — for a
 * reissue — every task text it replaced (old → new) and the tasks it added. The audit of plan texts.
 */
export interface PlanRevision {
  id: string;
  planId: string;
  version: number;
  kind: 'import' | 'reissue';
  title: string;
  docNumber: string;
  issuedOn: string;
  fileName: string | null;
  sha256: string | null;
  at: string;
  who: string;
  changes: { taskId: string; field: TaskTextField; old: unknown; new: unknown }[];
  /** Tasks the version brought in (every task of a first import). */
  added: string[];
  /** What was decided about unit names the registry did not know. */
  units: UnitNameDecision[];
}

/** In registry order: district bodies, city bodies, streets, towns, townships, groups. */
export const UNIT_KINDS = ['district', 'city', 'street', 'town', 'township', 'group'] as const;
/** The plan document without its tasks: what views need to title themselves. */
export type PlanMeta = Omit<PlanDocument, 'tasks'>;

export type UnitKind = (typeof UNIT_KINDS)[number];

/** 主责 (leads the task) or 协办 (co-leads it). */
export const UNIT_ROLES = ['主责', '协办'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

export interface Unit {
  /** Canonical name. */
  name: string;
  kind: UnitKind;
  /** Every other spelling the source text uses for this body. */
  aliases: string[];
  /** Groups only: the concrete units the group stands for; empty for a vague group. */
  members?: string[];
  /** Groups only: true when the members are not known from the text and a coordinator must resolve them. */
  vague?: boolean;
}

export const STATUSES = ['未启动', '推进中', '已完成', '不涉及'] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** The fields a unit fills in each period. */
export interface ProgressFields {
  status: Status | null;
  /** 0–100, or null when not given. */
  percent: number | null;
  /** 工作进展 */
  progress: string;
  /** 存在问题 */
  problems: string;
  /** 下步计划 */
  nextSteps: string;
  /** 佐证材料 */
  evidence: string;
  /** 填报人 */
  reporter: string;
  /** 联系电话 */
  phone: string;
  /** 填报日期, YYYY-MM-DD or null. */
  filledOn: string | null;
}

export type ProgressField = keyof ProgressFields;

export const PROGRESS_FIELDS: readonly ProgressField[] = [
  'status',
  'percent',
  'progress',
  'problems',
  'nextSteps',
  'evidence',
  'reporter',
  'phone',
  'filledOn',
];

export const PROGRESS_FIELD_LABELS: Readonly<Record<ProgressField, string>> = {
  status: '完成状态',
  percent: '完成比例(%)',
  progress: '工作进展',
  problems: '存在问题',
  nextSteps: '下步计划',
  evidence: '佐证材料',
  reporter: '填报人',
  phone: '联系电话',
  filledOn: '填报日期',
};

/** Fields whose empty value is null (the others are text, empty as ''). */
const NULLABLE_FIELDS: ReadonlySet<ProgressField> = new Set(['status', 'percent', 'filledOn']);

/** The empty value of one field: null for status, percent and date, '' for text. */
export function emptyValue(field: ProgressField): ProgressFields[ProgressField] {
  return NULLABLE_FIELDS.has(field) ? null : '';
}

/** Blank: nothing filled in (null, undefined or ''). */
export function isBlankValue(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * The one rule for "unchanged": the same value, or both blank (a cleared text cell is '', a cleared
 * status null, a missing report undefined — all mean "nothing filled in"). Every comparison of field
 * values — typing, paste, merge, undo, the clerk's workbook — goes through this.
 */
export function sameFieldValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (isBlankValue(a) && isBlankValue(b));
}

export function emptyProgress(): ProgressFields {
  return {
    status: null,
    percent: null,
    progress: '',
    problems: '',
    nextSteps: '',
    evidence: '',
    reporter: '',
    phone: '',
    filledOn: null,
  };
}

/** Period of a monthly report: `YYYY-MM`. */
export type Period = string;

export interface ProgressReport extends ProgressFields {
  taskId: string;
  /** Canonical unit name. */
  unit: string;
  period: Period;
  /** ISO timestamp of the last change. */
  updatedAt: string;
  updatedBy: string;
}

/**
 * Sources of a change made in the app (or the CLI) by a person: typing, paste, the grid's undo and
 * redo, a group resolution, a review or extension decision (`review`), evidence attached or removed
 * by hand (`evidence`), an extension requested in the app's form (`request`), a ledger setting.
 */
export const MANUAL_SOURCES = [
  'edit',
  'paste',
  'undo',
  'redo',
  'resolve',
  'review',
  'evidence',
  'request',
  'settings',
] as const;
export type ManualSource = (typeof MANUAL_SOURCES)[number];

/** Where a change came from: a manual edit, an import batch (`import:<batch>`), the undo of a batch. */
export type AuditSource = ManualSource | `import:${string}` | `undo:${string}`;

export const importSource = (batchId: string): AuditSource => `import:${batchId}`;
export const undoSource = (batchId: string): AuditSource => `undo:${batchId}`;

/** A return counts as received through the app when a unit's clerk typed or pasted values. */
export function isEntrySource(source: string): boolean {
  return source === 'edit' || source === 'paste';
}

/**
 * Audited changes that are not a progress field: a group resolution, a review (审核) state, an
 * extension request or decision, an attachment added or removed, a ledger setting.
 */
export const LEDGER_EVENT_FIELDS = [
  'groupResolution',
  'review',
  'extension',
  'attachment',
  'setting',
] as const;
export type LedgerEventField = (typeof LEDGER_EVENT_FIELDS)[number];

/** Whether an audit entry records a progress field (what merges, undo and "changed since" look at). */
export function isProgressAuditField(field: string): field is ProgressField {
  return (PROGRESS_FIELDS as readonly string[]).includes(field);
}

export interface AuditEntry {
  id: string;
  /** ISO timestamp. */
  at: string;
  who: string;
  source: AuditSource;
  taskId: string;
  unit: string;
  period: Period;
  field: ProgressField | LedgerEventField;
  old: unknown;
  new: unknown;
}

/**
 * A field both the district and the unit changed, left for a person to decide: kept on the import
 * batch until resolved (in the app, or by importing the same file again with a resolution).
 */
export interface OpenConflict {
  taskId: string;
  field: ProgressField;
  /** The value at export; undefined when the file carried no base (no manifest). */
  base?: ProgressFields[ProgressField];
  ours: ProgressFields[ProgressField];
  theirs: ProgressFields[ProgressField];
}

export interface ImportCounts {
  updated: number;
  unchanged: number;
  conflicts: number;
  rejected: number;
}

export interface ImportBatch {
  id: string;
  /** The plan the return belongs to (its manifest's, or the one it was imported under). */
  planId: string;
  fileName: string;
  sha256: string;
  unit: string;
  period: Period;
  exportId: string | null;
  importedAt: string;
  importedBy: string;
  counts: ImportCounts;
  /** Reports as they were before the batch touched them (null: the report did not exist). */
  before: { taskId: string; unit: string; period: Period; report: ProgressReport | null }[];
  undoneAt?: string;
  /** Conflicts not yet decided; the file's hash does not count as imported while any remain. */
  openConflicts?: OpenConflict[];
  /**
   * `history`: one month of the district's master ledger (shared/engine/import-history.ts). Its
   * `unit` is HISTORY_BATCH_UNIT and `units` lists the units whose reports it wrote. Absent: a unit's
   * return.
   */
  kind?: 'history';
  units?: string[];
}

/** The `unit` a history batch is listed under (it is every unit's month, not one unit's return). */
export const HISTORY_BATCH_UNIT = '区级总台账';

/** A coordinator's decision of which concrete units a vague group on one task stands for. */
export interface GroupResolution {
  taskId: string;
  group: string;
  units: string[];
  resolvedBy: string;
  resolvedAt: string;
}

/** Zero-padded task number: 3 → `03`. */
export function taskNoLabel(no: number): string {
  return String(no).padStart(2, '0');
}

export function taskId(plan: PlanId, no: number): string {
  return `${plan}-${taskNoLabel(no)}`;
}

/** `air-03` → `大气-03`; a qualified id (`tongzhou-2022.air-03`) is labelled within its plan the same. */
export function taskLabel(id: string): string {
  const local = id.slice(id.indexOf('.') + 1);
  const [plan, no] = local.split('-');
  return isPlanId(plan) ? `${planName(plan)}-${no}` : id;
}
