// The portable ledger file (`taizhang-ledger`, versioned JSON): plan, units, progress reports, audit,
// import batches, group resolutions and settings. The app's backup/restore writes and reads it and the
// CLI works on it. `restoreLedger` is the one door in: it rejects foreign or corrupt files with a
// clear message, migrates older versions step by step, and validates the result.

import * as z from './zod.ts';
import {
  DEADLINE_CYCLES,
  DEADLINE_KINDS,
  PLAN_ID_LIST,
  TASK_TEXT_FIELDS,
  PROGRESS_FIELDS,
  UNIT_KINDS,
} from './model.ts';
import { calendarDate, progressFieldsSchema } from './progress-schema.ts';
import { manifestRowSchema } from './workbook/manifest.ts';
import {
  DEFAULT_DOCUMENT_SETTINGS,
  DEFAULT_SETTINGS,
  DOCUMENT_TEXT_LIMITS,
  LEDGER_FORMAT,
  LEDGER_VERSION,
  type Ledger,
} from './ledger.ts';
import { reportKey, rowKey } from './keys.ts';
import { localTaskId, PLAN_ID_RE, qualifyTaskId, TASK_ID_RE } from './plan-ids.ts';
import { EVIDENCE_KINDS } from './evidence/sniff.ts';
import { REVIEW_STATES } from './review.ts';
import { MAX_CHAIN } from './continuity.ts';
import { EXTENSION_STATES } from './extension.ts';
import { LEDGER_EVENT_FIELDS } from './model.ts';

export { LEDGER_FORMAT, LEDGER_VERSION, DEFAULT_SETTINGS, createLedger } from './ledger.ts';
export type { Ledger, LedgerSettings } from './ledger.ts';

const ymd = calendarDate;
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const planId = z.enum(PLAN_ID_LIST);

const deadlineSchema = z.object({
  raw: z.string(),
  kind: z.enum(DEADLINE_KINDS),
  due: ymd.optional(),
  from: ymd.optional(),
  to: ymd.optional(),
  every: z.enum(DEADLINE_CYCLES).optional(),
});

const taskSchema = z.object({
  id: z.string().regex(TASK_ID_RE),
  plan: planId,
  no: z.number().int().positive(),
  section: z.string(),
  keyTask: z.string(),
  keyTaskInherited: z.boolean(),
  measures: z.string(),
  deadline: deadlineSchema,
  leaders: z.array(z.string()),
  leadUnits: z.array(z.string()),
  coUnits: z.array(z.string()),
});

const planSchema = z.object({
  id: z.string().regex(PLAN_ID_RE),
  title: z.string(),
  docNumber: z.string(),
  issuedOn: ymd.or(z.literal('')),
  year: z.number().int(),
  subPlans: z.array(z.object({ id: planId, name: z.string(), title: z.string() })),
  tasks: z.array(taskSchema),
  bareIds: z.literal(true).optional(),
  version: z.number().int().min(1).max(1000).optional(),
});

const taskLinkSchema = z.object({
  taskId: z.string(),
  continues: z.string(),
  score: z.number().min(0).max(1).nullable(),
  linkedBy: z.string(),
  linkedAt: z.string(),
});

const unitSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(UNIT_KINDS),
  aliases: z.array(z.string()),
  members: z.array(z.string()).optional(),
  vague: z.boolean().optional(),
});

export const reportSchema = progressFieldsSchema.extend({
  taskId: z.string(),
  unit: z.string(),
  period,
  updatedAt: z.string(),
  updatedBy: z.string(),
});

/**
 * Deepest nesting a stored value (an audit entry's old and new, a conflict's sides) may have. A field
 * value is a string, number or null, a group resolution a list of names: nothing real comes near.
 * A hostile file can nest 100,000 arrays, which parse but would overflow the stack on writing.
 */
const MAX_VALUE_DEPTH = 16;

/** Whether a parsed JSON value nests at most `max` deep, counted without recursion. */
function nestsWithin(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return false;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

const storedValue = z
  .unknown()
  .refine(
    (v) => typeof v !== 'object' || v === null || nestsWithin(v, MAX_VALUE_DEPTH),
    `value nested deeper than ${MAX_VALUE_DEPTH} levels`,
  );

const planRevisionSchema = z.object({
  id: z.string().min(1),
  planId: z.string(),
  version: z.number().int().min(1),
  kind: z.enum(['import', 'reissue']),
  title: z.string(),
  docNumber: z.string(),
  issuedOn: ymd.or(z.literal('')),
  fileName: z.string().nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  at: z.string(),
  who: z.string(),
  changes: z.array(
    z.object({ taskId: z.string(), field: z.enum(TASK_TEXT_FIELDS), old: storedValue, new: storedValue }),
  ),
  added: z.array(z.string()),
  units: z.array(
    z.object({
      name: z.string(),
      action: z.enum(['map', 'alias', 'add']),
      to: z.string(),
      kind: z.enum(UNIT_KINDS).optional(),
    }),
  ),
});

export const auditSchema = z.object({
  id: z.string(),
  at: z.string(),
  who: z.string(),
  source: z
    .string()
    .regex(/^(edit|paste|undo|redo|resolve|review|evidence|request|settings|import:.+|undo:.+)$/),
  taskId: z.string(),
  unit: z.string(),
  period,
  field: z.enum([...PROGRESS_FIELDS, ...LEDGER_EVENT_FIELDS]),
  old: storedValue,
  new: storedValue,
});

export const importSchema = z.object({
  id: z.string(),
  planId: z.string(),
  fileName: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  unit: z.string(),
  period,
  exportId: z.string().nullable(),
  importedAt: z.string(),
  importedBy: z.string(),
  counts: z.object({
    updated: z.number().int(),
    unchanged: z.number().int(),
    conflicts: z.number().int(),
    rejected: z.number().int(),
  }),
  before: z.array(
    z.object({ taskId: z.string(), unit: z.string(), period, report: reportSchema.nullable() }),
  ),
  undoneAt: z.string().optional(),
  kind: z.literal('history').optional(),
  units: z.array(z.string()).optional(),
  openConflicts: z
    .array(
      z.object({
        taskId: z.string(),
        field: z.enum(PROGRESS_FIELDS),
        base: storedValue.optional(),
        ours: storedValue,
        theirs: storedValue,
      }),
    )
    .optional(),
});

const districtBaseSchema = z.object({
  planId: z.string(),
  unit: z.string(),
  period,
  exportId: z.string(),
  exportedAt: z.string(),
  rows: z.array(manifestRowSchema),
  fileName: z.string().nullable(),
  sha256: z.string(),
  openedAt: z.string(),
});

const resolutionSchema = z.object({
  taskId: z.string(),
  group: z.string(),
  units: z.array(z.string()),
  resolvedBy: z.string(),
  resolvedAt: z.string(),
});

const documentTemplateSchema = z.object({
  title: z.string().max(DOCUMENT_TEXT_LIMITS.title),
  addressee: z.string().max(DOCUMENT_TEXT_LIMITS.addressee),
  body: z.string().max(DOCUMENT_TEXT_LIMITS.body),
  attachment: z.string().max(DOCUMENT_TEXT_LIMITS.attachment),
});

const docNumber = z.number().int().min(1).max(99_999);
const D = DEFAULT_DOCUMENT_SETTINGS;

// Every field has its default, so a version-2 ledger written before documents existed reads as if the
// defaults had been chosen: no migration step and no version bump.
const documentSettingsSchema = z.object({
  issuerMark: z.string().max(DOCUMENT_TEXT_LIMITS.issuerMark).default(D.issuerMark),
  issuer: z.string().max(DOCUMENT_TEXT_LIMITS.issuer).default(D.issuer),
  docNumberPattern: z.string().max(DOCUMENT_TEXT_LIMITS.docNumberPattern).default(D.docNumberPattern),
  numbers: z
    .object({
      tongbao: docNumber.default(D.numbers.tongbao),
      cuibao: docNumber.default(D.numbers.cuibao),
    })
    .default(() => ({ ...D.numbers })),
  issuedOn: calendarDate.nullable().default(D.issuedOn),
  templates: z
    .object({
      tongbao: documentTemplateSchema.optional(),
      cuibao: documentTemplateSchema.optional(),
      annex: documentTemplateSchema.optional(),
    })
    .default(() => ({})),
});

const mappedField = z.string().max(40);

/** A unit's confirmed layout mapping (shared/mapping/saved-mapping.ts). */
const savedMappingSchema = z.object({
  unit: z.string(),
  fingerprint: z.string().max(200),
  savedAt: z.string(),
  savedBy: z.string(),
  sheets: z
    .array(
      z.object({
        sheet: z.string(),
        use: z.boolean(),
        plan: planId.nullable(),
        columns: z.array(z.object({ header: z.string(), field: mappedField.nullable() })).max(500),
      }),
    )
    .max(100),
  rows: z.array(z.object({ key: z.string().max(200), taskId: z.string().nullable() })).max(5000),
  planId: z.string().optional(),
});

const settingsSchema = z.object({
  returnDueDay: z.number().int().min(1).max(31),
  rankReviewedOnly: z.boolean(),
  documents: documentSettingsSchema.default(() => structuredClone(DEFAULT_SETTINGS.documents)),
  importMappings: z.record(z.string(), savedMappingSchema).optional(),
});

/** Longest chain of continuity links (a task continuing one that continues one …) a ledger may hold. */
export const MAX_LINK_CHAIN = MAX_CHAIN;

/**
 * Several plans in one ledger: at most one has bare ids; every task's id is its plan's qualified id
 * of its own number; a continuity link joins tasks of two different plans that exist, and no chain
 * of links comes back on itself; revisions, batches and district bases name plans the ledger holds.
 */
function checkPlans(
  doc: {
    plans: { id: string; year: number; bareIds?: true; tasks: { id: string; plan: string; no: number }[] }[];
    taskLinks: { taskId: string; continues: string }[];
    planRevisions: { planId: string }[];
    imports: { planId: string }[];
  },
  ctx: z.RefinementCtx,
): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (doc.plans.filter((p) => p.bareIds).length > 1)
    issue(['plans'], 'more than one plan with bare task ids');
  const planOf = new Map<string, string>();
  const yearOf = new Map(doc.plans.map((p) => [p.id, p.year]));
  doc.plans.forEach((p, i) =>
    p.tasks.forEach((t, j) => {
      planOf.set(t.id, p.id);
      // The number may be written with more digits (`air-100`), never with fewer than two.
      const local = localTaskId(t.id);
      const [sub, no] = local.split('-') as [string, string];
      if (t.id !== qualifyTaskId(p, local) || sub !== t.plan || Number(no) !== t.no)
        issue(['plans', i, 'tasks', j], `task id ${t.id} is not ${p.id}'s id of ${t.plan} ${t.no}`);
    }),
  );
  const next = new Map(doc.taskLinks.map((l) => [l.taskId, l.continues]));
  doc.taskLinks.forEach((l, i) => {
    const a = planOf.get(l.taskId);
    const b = planOf.get(l.continues);
    if (!a || !b) issue(['taskLinks', i], `link ${l.taskId} → ${l.continues} names a task the ledger lacks`);
    else if (a === b) issue(['taskLinks', i], `link ${l.taskId} → ${l.continues} within one plan`);
    else if ((yearOf.get(b) ?? 0) > (yearOf.get(a) ?? 0))
      issue(['taskLinks', i], `link ${l.taskId} → ${l.continues} continues a later plan`);
    let at: string | undefined = l.continues;
    for (let n = 0; at !== undefined; n++) {
      if (at === l.taskId || n > MAX_LINK_CHAIN) {
        issue(['taskLinks', i], `continuity links from ${l.taskId} come back on themselves`);
        break;
      }
      at = next.get(at);
    }
  });
  const plans = new Set(doc.plans.map((p) => p.id));
  doc.planRevisions.forEach((r, i) => {
    if (!plans.has(r.planId)) issue(['planRevisions', i], `revision of unknown plan ${r.planId}`);
  });
  doc.imports.forEach((b, i) => {
    if (!plans.has(b.planId)) issue(['imports', i], `batch of unknown plan ${b.planId}`);
  });
}
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const attachmentSchema = z.object({
  id: z.string().min(1),
  taskId: z.string(),
  unit: z.string(),
  period,
  sha256,
  name: z.string().min(1).max(255),
  kind: z.enum(EVIDENCE_KINDS),
  size: z.number().int().nonnegative(),
  addedAt: z.string(),
  addedBy: z.string(),
  source: z.string().regex(/^(evidence|import:.+)$/),
});

export const reviewSchema = z.object({
  taskId: z.string(),
  unit: z.string(),
  period,
  state: z.enum(REVIEW_STATES),
  comment: z.string().max(2000),
  by: z.string(),
  at: z.string(),
});

export const extensionSchema = z.object({
  id: z.string().min(1),
  taskId: z.string(),
  unit: z.string(),
  period,
  until: ymd,
  reason: z.string().max(2000),
  requestedAt: z.string(),
  requestedBy: z.string(),
  state: z.enum(EXTENSION_STATES),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  comment: z.string().max(2000).optional(),
});

export const ledgerSchema = z
  .object({
    format: z.literal(LEDGER_FORMAT),
    version: z.literal(LEDGER_VERSION),
    savedAt: z.string(),
    plans: z.array(planSchema).min(1),
    units: z.array(unitSchema),
    reports: z.array(reportSchema),
    audit: z.array(auditSchema),
    imports: z.array(importSchema),
    groupResolutions: z.array(resolutionSchema),
    settings: settingsSchema,
    districtBases: z.array(districtBaseSchema),
    taskLinks: z.array(taskLinkSchema),
    planRevisions: z.array(planRevisionSchema),
    attachments: z.array(attachmentSchema),
    reviews: z.array(reviewSchema),
    extensions: z.array(extensionSchema),
  })
  .superRefine((doc, ctx) => {
    // Nothing may be in a ledger twice: a repeated report would count twice in every total.
    const unique = <T>(list: readonly T[], key: (x: T) => string, path: string, what: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        const k = key(x);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicate ${what} ${k}` });
        seen.add(k);
      });
    };
    unique(doc.plans, (p) => p.id, 'plans', 'plan');
    // A task id is the ledger's: unique within a plan, and across plans (qualified ids make it so).
    const taskIds = new Set<string>();
    doc.plans.forEach((p, i) =>
      p.tasks.forEach((t, j) => {
        if (taskIds.has(t.id))
          ctx.addIssue({ code: 'custom', path: ['plans', i, 'tasks', j], message: `duplicate task ${t.id}` });
        taskIds.add(t.id);
      }),
    );
    unique(doc.taskLinks, (l) => l.taskId, 'taskLinks', 'continuity link');
    unique(doc.planRevisions, (r) => r.id, 'planRevisions', 'plan revision');
    checkPlans(doc, ctx);
    unique(doc.units, (u) => u.name, 'units', 'unit');
    unique(doc.reports, (r) => reportKey(r.taskId, r.unit, r.period), 'reports', 'report');
    unique(doc.audit, (e) => e.id, 'audit', 'audit entry');
    unique(doc.imports, (b) => b.id, 'imports', 'import batch');
    unique(doc.groupResolutions, (g) => rowKey(g.taskId, g.group), 'groupResolutions', 'resolution');
    unique(
      doc.districtBases,
      (b) => JSON.stringify([b.planId, b.unit, b.period]),
      'districtBases',
      'district base',
    );
    unique(doc.attachments, (a) => a.id, 'attachments', 'attachment');
    unique(doc.reviews, (r) => reportKey(r.taskId, r.unit, r.period), 'reviews', 'review');
    unique(doc.extensions, (e) => e.id, 'extensions', 'extension request');
    // A spelling claimed by two units would make a name mean two bodies.
    const spellings = new Map<string, string>();
    doc.units.forEach((u, i) => {
      for (const s of [u.name, ...u.aliases]) {
        const owner = spellings.get(s);
        if (owner !== undefined && owner !== u.name)
          ctx.addIssue({
            code: 'custom',
            path: ['units', i],
            message: `spelling ${s} claimed by ${owner} and ${u.name}`,
          });
        spellings.set(s, u.name);
      }
    });
  });

/** Serialise for disk: stable key order (that of the schema), two-space indent, trailing newline. */
export function writeLedger(ledger: Ledger, now = new Date()): string {
  return writeLedgerParts(ledger, now).join('');
}

const LIST_KEYS = new Set(['reports', 'audit', 'imports', 'attachments', 'reviews', 'extensions']);

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

/**
 * The same text as writeLedger, as a list of pieces (one per record of the long lists), so a ledger
 * of any size is written without ever building one string of it.
 */
export function writeLedgerParts(ledger: Ledger, now = new Date()): string[] {
  // Parsing first means a bug elsewhere can never write a file that restoreLedger would refuse.
  const doc = ledgerSchema.parse({ ...ledger, savedAt: now.toISOString() }) as Record<string, unknown>;
  const keys = Object.keys(doc);
  const parts: string[] = ['{\n'];
  keys.forEach((key, i) => {
    const value = doc[key];
    const tail = i === keys.length - 1 ? '\n' : ',\n';
    if (LIST_KEYS.has(key) && Array.isArray(value) && value.length > 0) {
      parts.push(`  ${JSON.stringify(key)}: [\n`);
      value.forEach((item, j) =>
        parts.push(
          `    ${indent(JSON.stringify(item, null, 2), '    ')}${j === value.length - 1 ? '\n' : ',\n'}`,
        ),
      );
      parts.push(`  ]${tail}`);
    } else parts.push(`  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${tail}`);
  });
  parts.push('}\n');
  return parts;
}

export type LedgerErrorCode = 'not-json' | 'foreign' | 'newer-version' | 'invalid' | 'migration-failed';

export class LedgerFileError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    /** Chinese, for people. */
    readonly userMessage: string,
    /** English, for logs. */
    logMessage: string,
  ) {
    super(logMessage);
    this.name = 'LedgerFileError';
  }
}

/**
 * The oldest version whose records are written exactly as now: every migration from it on leaves
 * the records as they are (v4 → v5 changed only a uniqueness rule). A container of such a version
 * can be read month by month and its compressed months reused as they are; an older one is read
 * whole and migrated. Raise it with any migration that changes a record.
 */
export const SAME_RECORDS_SINCE = 4;

/** Whether a document of `version` holds its records as this version writes them. */
export function recordsAsNow(version: unknown): version is number {
  return (
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version >= SAME_RECORDS_SINCE &&
    version <= LEDGER_VERSION
  );
}

/** Migrations from version n to n+1, keyed by n. Version 1 is the first; add steps here. */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  // v2: the clerk's district bases travel with the ledger; batches may carry open conflicts.
  1: (doc) => ({ ...doc, districtBases: [] }),
  // v3: evidence attachments, reviews, deadline extensions; the ranking may count reviewed reports only.
  2: (doc) => ({
    ...doc,
    attachments: [],
    reviews: [],
    extensions: [],
    settings: { rankReviewedOnly: false, ...((doc.settings as object | undefined) ?? {}) },
  }),
  // v4: several plans. The one plan becomes the first of `plans`, its task ids bare (every record
  // written so far names them so); every batch names that plan; no links or revisions yet.
  3: (doc) => {
    const { plan, ...rest } = doc;
    const planId = (plan as { id?: unknown } | undefined)?.id;
    return {
      ...rest,
      plans: plan === undefined ? [] : [{ ...(plan as object), bareIds: true }],
      imports: Array.isArray(doc.imports)
        ? doc.imports.map((b: unknown) => (b && typeof b === 'object' ? { ...b, planId } : b))
        : doc.imports,
      taskLinks: [],
      planRevisions: [],
    };
  },
  // v5: a district base per plan, unit and month (was per unit and month). Nothing to change in
  // a v4 document, whose bases are already unique by the narrower key; the version says that an
  // older program, which would call two plans' bases of one month a repeat, must not read it.
  4: (doc) => doc,
};

/** Run the migration steps that take a document from `from` to `to`, one version at a time. */
export function migrate(
  doc: Record<string, unknown>,
  from: number,
  to: number,
  migrations: Readonly<Record<number, Migration>>,
): Record<string, unknown> {
  let current = doc;
  for (let v = from; v < to; v++) {
    const step = migrations[v];
    if (!step)
      throw new LedgerFileError(
        'migration-failed',
        `无法升级 v${v} 格式的台账数据文件。`,
        `no migration from v${v}`,
      );
    current = { ...step(current), version: v + 1 };
  }
  return current;
}

/**
 * Read a ledger from text (or an already-parsed value): recognise it, migrate it to the current
 * version, validate it. Throws LedgerFileError with a Chinese message for anything else.
 */
export function restoreLedger(
  input: string | unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): Ledger {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new LedgerFileError(
        'not-json',
        '文件不是台账数据文件（无法解析为 JSON），可能已损坏。',
        `not JSON: ${(err as Error).message}`,
      );
    }
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== LEDGER_FORMAT) {
    throw new LedgerFileError(
      'foreign',
      '这不是台账数据文件（缺少 taizhang-ledger 标识）。',
      'not a taizhang-ledger document',
    );
  }
  let current = doc as Record<string, unknown>;
  const version = current.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new LedgerFileError(
      'invalid',
      '台账数据文件的版本号无效，文件可能已损坏。',
      `invalid version ${String(version)}`,
    );
  }
  if (version > LEDGER_VERSION) {
    throw new LedgerFileError(
      'newer-version',
      `该文件由较新版本的台账（数据格式 v${version}）保存，请升级本软件后再打开。`,
      `ledger version ${version} is newer than supported ${LEDGER_VERSION}`,
    );
  }
  current = migrate(current, version, LEDGER_VERSION, migrations);
  return validateLedger(current);
}

/**
 * The ledger schema's verdict on a document of the current version: the ledger, or a LedgerFileError
 * at the first issue. `where` maps the issue's path onto the whole file's (a container checks one
 * month's records at a time). The one place a checked document becomes a `Ledger`.
 */
export function validateLedger(
  doc: unknown,
  where: (path: PropertyKey[]) => PropertyKey[] = (path) => path,
): Ledger {
  const parsed = ledgerSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue ? where(issue.path).map(String).join('.') : '';
    throw new LedgerFileError(
      'invalid',
      `台账数据文件内容不完整或已损坏（位置：${at || '根'}）。`,
      `invalid ledger at ${at}: ${issue?.message ?? 'unknown'}`,
    );
  }
  // The schema checks every field the interface names; the casts narrow strings to the model's unions.
  return parsed.data as unknown as Ledger;
}
