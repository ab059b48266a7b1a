// The portable ledger file (`taizhang-ledger`, versioned JSON): plan, units, progress reports, audit,
// import batches, group resolutions and settings. The app's backup/restore writes and reads it and the
// CLI works on it. `restoreLedger` is the one door in: it rejects foreign or corrupt files with a
// clear message, migrates older versions step by step, and validates the result.

import { z } from './zod.ts';
import {
  PROGRESS_FIELDS,
  type AuditEntry,
  type GroupResolution,
  type ImportBatch,
  type PlanDocument,
  type ProgressReport,
  type Unit,
} from './model.ts';
import { progressFieldsSchema } from './progress-schema.ts';

export const LEDGER_FORMAT = 'taizhang-ledger';
export const LEDGER_VERSION = 1;

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const planId = z.enum(['air', 'water', 'soil']);

const deadlineSchema = z.object({
  raw: z.string(),
  kind: z.enum(['due', 'ongoing', 'window', 'unknown']),
  due: ymd.optional(),
  from: ymd.optional(),
  to: ymd.optional(),
});

const taskSchema = z.object({
  id: z.string().regex(/^(air|water|soil)-\d{2,}$/),
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
  id: z.string(),
  title: z.string(),
  docNumber: z.string(),
  issuedOn: ymd,
  year: z.number().int(),
  subPlans: z.array(z.object({ id: planId, name: z.string(), title: z.string() })),
  tasks: z.array(taskSchema),
});

const unitSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(['district', 'city', 'street', 'town', 'township', 'group']),
  aliases: z.array(z.string()),
  members: z.array(z.string()).optional(),
  vague: z.boolean().optional(),
});

const reportSchema = progressFieldsSchema.extend({
  taskId: z.string(),
  unit: z.string(),
  period,
  updatedAt: z.string(),
  updatedBy: z.string(),
});

const auditSchema = z.object({
  id: z.string(),
  at: z.string(),
  who: z.string(),
  source: z.string().regex(/^(edit|paste|undo|redo|resolve|import:.+|undo:.+)$/),
  taskId: z.string(),
  unit: z.string(),
  period,
  field: z.enum([...PROGRESS_FIELDS, 'groupResolution']),
  old: z.unknown(),
  new: z.unknown(),
});

const importSchema = z.object({
  id: z.string(),
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
});

const resolutionSchema = z.object({
  taskId: z.string(),
  group: z.string(),
  units: z.array(z.string()),
  resolvedBy: z.string(),
  resolvedAt: z.string(),
});

const settingsSchema = z.object({
  returnDueDay: z.number().int().min(1).max(31),
});

export const ledgerSchema = z.object({
  format: z.literal(LEDGER_FORMAT),
  version: z.literal(LEDGER_VERSION),
  savedAt: z.string(),
  plan: planSchema,
  units: z.array(unitSchema),
  reports: z.array(reportSchema),
  audit: z.array(auditSchema),
  imports: z.array(importSchema),
  groupResolutions: z.array(resolutionSchema),
  settings: settingsSchema,
});

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
}

export interface LedgerSettings {
  /** Returns are due by this day of the period's own month (每月N日前报送; see returnDueDate). */
  returnDueDay: number;
}

export const DEFAULT_SETTINGS: LedgerSettings = { returnDueDay: 25 };

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
  };
}

/** Serialise for disk: stable key order (that of the schema), two-space indent, trailing newline. */
export function writeLedger(ledger: Ledger, now = new Date()): string {
  const doc = ledgerSchema.parse({ ...ledger, savedAt: now.toISOString() });
  // Parsing first means a bug elsewhere can never write a file that restoreLedger would refuse.
  return JSON.stringify(doc, null, 2) + '\n';
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

/** Migrations from version n to n+1, keyed by n. Version 1 is the first; add steps here. */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

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
  const parsed = ledgerSchema.safeParse(current);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new LedgerFileError(
      'invalid',
      `台账数据文件内容不完整或已损坏（位置：${where || '根'}）。`,
      `invalid ledger at ${where}: ${issue?.message ?? 'unknown'}`,
    );
  }
  // The schema checks every field the interface names; the casts narrow strings to the model's unions.
  return parsed.data as unknown as Ledger;
}
