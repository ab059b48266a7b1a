// The three-way, per-field merge of a returned workbook into the ledger (docs/design.md §6). Pure
// and deterministic: the same inputs give the same plan, in file row order. This module only *plans* (the dry run the import wizard and `taizhang import --dry-run`
// show); `applyMergePlan` turns a plan plus the coordinator's conflict resolutions into new values.
//
// For each row (one task's report for the unit and period) and each progress field the file has
// a column for: base = the manifest's value at export, theirs = the file, ours = the ledger now.
//   theirs = base                      → unchanged
//   theirs = ours                      → unchanged (already merged; re-import changes nothing)
//   ours = base, theirs ≠ base         → update (take theirs)
//   all three differ                   → conflict, nothing applied until resolved
// No base (no/invalid manifest, or a row the manifest does not list):
//   theirs = ours                      → unchanged
//   ours changed since the unit's last import (`changedSinceLastImport` / `lastImportBase`)
//                                      → conflict
//   theirs blank, ours not blank       → conflict (decision: without a base a blank cell cannot
//                                        be told from "not filled in", so it never silently
//                                        clears the ledger)
//   a unit's own layout (mapped), ours filled in for this very month and different
//                                      → conflict (`filledInPeriod`: a value someone entered for
//                                        the month is never overwritten by a file without a base;
//                                        a value only carried from last month is updated)
//   otherwise                          → update
// Whole-file rejection: unreadable file; manifest for another plan, unit or period; without a
// manifest, a unit/period read from the title or file name that contradicts the expected one
// (unless the user confirmed the identity, then it is a warning). Row rejection: no id, an id not
// among the unit's tasks, an id occurring more than once (every occurrence), an invalid
// status/percent/date. Plan text edited by the clerk: a warning, never merged.
// A file whose SHA-256 is already known is reported as `alreadyImported` with no changes.
// Each row counts once: rejected > conflict > updated > unchanged.

import { fieldKey, type FieldKey } from '../keys.ts';
import {
  emptyProgress,
  isBlankValue,
  sameFieldValue,
  taskLabel,
  type ImportCounts,
  type ProgressField,
  type ProgressFields,
  type Task,
} from '../model.ts';
import { COLUMNS, planCellTexts, planTextKey, type PlanColumnKey, type Role } from '../workbook/columns.ts';
import type { Issue } from '../workbook/issues.ts';
import type { ManifestRow } from '../workbook/manifest.ts';
import type { ReadResult } from '../workbook/read-workbook.ts';
import type { ReturnIdentity } from '../file-identity.ts';

export type FieldValue = ProgressFields[ProgressField];

export { fieldKey, type FieldKey } from '../keys.ts';

export interface MergeExpected {
  unit: string;
  /** `YYYY-MM` */
  period: string;
  /** PlanDocument.id */
  planId: string;
}

export interface PlanMergeInput {
  file: ReadResult;
  expected: MergeExpected;
  /** Tasks the unit leads or co-leads. */
  unitTaskIds: ReadonlySet<string>;
  /**
   * The ledger's current values for (task, expected.unit, expected.period). Pass the effective
   * values — carried forward from the previous period if the period has no report yet — since
   * that is what was exported. Missing/undefined = no report (compared as emptyProgress()).
   */
  ours: ReadonlyMap<string, ProgressFields | undefined>;
  /** The plan's tasks, for the "plan text edited" warning (skipped when absent). */
  tasks?: ReadonlyMap<string, Task>;
  /** The unit's role per task, for the 本单位角色 column check (the manifest's role is used if present). */
  roles?: ReadonlyMap<string, Role>;
  /**
   * No-manifest files only: the ledger's values right after this unit's last import for the
   * period. A field whose current value differs from it was changed since → conflict.
   */
  lastImportBase?: ReadonlyMap<string, Partial<ProgressFields>>;
  /** No-manifest files only: field keys (`taskId|field`) changed in the ledger since that import. */
  changedSinceLastImport?: ReadonlySet<FieldKey>;
  /**
   * A unit's own layout (mapped, no base): the fields the ledger's own report of this month holds a
   * value in. A different value from the file is then a conflict, never an update.
   */
  filledInPeriod?: ReadonlySet<FieldKey>;
  /** SHA-256 of every file already imported. */
  knownHashes: ReadonlySet<string>;
  /** Defaults to `file.sha256`. */
  fileSha256?: string;
  /** Whose return the file says it is (shared/file-identity.ts, the one rule). */
  identity: ReturnIdentity;
  /** The user confirmed unit and period: mismatches and disagreements become warnings. */
  identityConfirmed?: boolean;
}

export interface FieldUpdate {
  taskId: string;
  field: ProgressField;
  from: FieldValue;
  to: FieldValue;
}

export interface FieldConflict {
  taskId: string;
  field: ProgressField;
  /** undefined: the file has no base for this row (no manifest). */
  base: FieldValue | undefined;
  ours: FieldValue;
  theirs: FieldValue;
}

export type RejectCode = 'missing-id' | 'unknown-task' | 'duplicate-id' | 'invalid-value';

export interface RejectedRow {
  rowNumber: number;
  /** The sheet, when the file's rows come from several (a mapped layout). */
  sheet?: string;
  taskId: string;
  code: RejectCode;
  /** Chinese, for people. */
  reason: string;
}

export type FileRejectionCode =
  'unreadable' | 'wrong-plan' | 'wrong-unit' | 'wrong-period' | 'identity-unconfirmed';

export type MergeWarningCode =
  'plan-text-edited' | 'unit-unknown' | 'period-unknown' | 'identity-confirmed' | 'no-manifest';

export interface MergeWarning extends Issue {
  taskId?: string;
  rowNumber?: number;
}

export type RowOutcome = 'updated' | 'unchanged' | 'conflict' | 'rejected';

export interface RowResult {
  rowNumber: number;
  sheet?: string;
  taskId: string;
  outcome: RowOutcome;
}

export interface MergePlan {
  fileName: string | null;
  fileSha256: string;
  unit: string;
  period: string;
  planId: string;
  exportId: string | null;
  hasManifest: boolean;
  alreadyImported: boolean;
  /** Set when the whole file is rejected; then nothing else is planned. */
  rejection: Issue<FileRejectionCode> | null;
  updates: FieldUpdate[];
  conflicts: FieldConflict[];
  rejected: RejectedRow[];
  /** The reader's warnings followed by the merge's own. */
  warnings: MergeWarning[];
  rows: RowResult[];
  counts: ImportCounts;
}

const PLAN_COLUMN_LABEL = new Map(COLUMNS.map((c) => [c.key, c.header]));

/** At most a few row numbers, so a message stays short however often an id repeats. */
const ROWS_LISTED = 5;
function rowList(rows: readonly { rowNumber: number; sheet?: string }[]): string {
  const listed = rows.slice(0, ROWS_LISTED);
  const shown = listed.some((r) => r.sheet)
    ? listed.map(rowName).join('、')
    : `第 ${listed.map((r) => r.rowNumber).join('、')} 行`;
  return rows.length > ROWS_LISTED ? `${shown}等 ${rows.length} 处` : shown;
}

/** `第 5 行`, or `“大气”第 5 行` for a row of a several-sheet file. */
function rowName(row: { rowNumber: number; sheet?: string }): string {
  return row.sheet ? `“${row.sheet}”第 ${row.rowNumber} 行` : `第 ${row.rowNumber} 行`;
}

function warning(
  code: MergeWarningCode,
  message: string,
  log: string,
  extra: Partial<MergeWarning> = {},
): MergeWarning {
  return { code, message, log, ...extra };
}

export function planMerge(input: PlanMergeInput): MergePlan {
  const { file, expected } = input;
  const identity = input.identity;
  const plan: MergePlan = {
    fileName: file.fileName,
    fileSha256: input.fileSha256 ?? file.sha256,
    unit: expected.unit,
    period: expected.period,
    planId: expected.planId,
    exportId: file.manifest?.exportId ?? null,
    hasManifest: file.manifest !== null,
    alreadyImported: false,
    rejection: null,
    updates: [],
    conflicts: [],
    rejected: [],
    warnings: [...file.warnings],
    rows: [],
    counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
  };
  const reject = (code: FileRejectionCode, message: string, log: string): MergePlan => {
    plan.rejection = { code, message, log };
    return plan;
  };

  // --- File level ---------------------------------------------------------------------------
  const fatal = file.errors[0];
  if (fatal) return reject('unreadable', fatal.message, `unreadable file: ${fatal.code}: ${fatal.log}`);
  if (input.knownHashes.has(plan.fileSha256)) {
    plan.alreadyImported = true;
    return plan;
  }
  const m = file.manifest;
  if (m) {
    if (m.planId !== expected.planId) {
      return reject(
        'wrong-plan',
        `文件属于另一份计划（${m.planId}），不是当前计划，整份文件未导入`,
        `manifest plan ${m.planId} ≠ ${expected.planId}`,
      );
    }
    if (m.unit !== expected.unit) {
      return reject(
        'wrong-unit',
        `文件是“${m.unit}”的填报表，不是“${expected.unit}”的，整份文件未导入`,
        `manifest unit ${m.unit} ≠ ${expected.unit}`,
      );
    }
    if (m.period !== expected.period) {
      return reject(
        'wrong-period',
        `文件是 ${m.period} 的填报表，不是 ${expected.period} 的，整份文件未导入`,
        `manifest period ${m.period} ≠ ${expected.period}`,
      );
    }
    if (identity.disagreements.length > 0) {
      if (!input.identityConfirmed) {
        return reject(
          'identity-unconfirmed',
          `${identity.disagreements.map((d) => d.message).join('；')}。确认后才能导入`,
          `identity not confirmed: ${identity.disagreements.map((d) => d.log).join('; ')}`,
        );
      }
      for (const d of identity.disagreements)
        plan.warnings.push(warning('identity-confirmed', `${d.message}（已由用户确认）`, d.log));
    }
  } else {
    if (file.manifestStatus !== 'invalid') {
      plan.warnings.push(
        warning(
          'no-manifest',
          '文件没有清单（非本系统导出或已被改动），按无清单规则合并',
          'no manifest: two-way merge',
        ),
      );
    }
    const unitMismatch = identity.unit !== null && identity.unit !== expected.unit;
    const periodMismatch = identity.period !== null && identity.period !== expected.period;
    if ((unitMismatch || periodMismatch) && input.identityConfirmed) {
      plan.warnings.push(
        warning(
          'identity-confirmed',
          `文件标题/文件名显示为“${identity.unit ?? '?'} ${identity.period ?? '?'}”，已按用户确认的“${expected.unit} ${expected.period}”导入`,
          `identity overridden by the user: file says ${identity.unit}/${identity.period}`,
        ),
      );
    } else if (unitMismatch) {
      return reject(
        'wrong-unit',
        `文件标题/文件名显示为“${identity.unit}”的填报表，不是“${expected.unit}”的，整份文件未导入`,
        `inferred unit ${identity.unit} ≠ ${expected.unit}`,
      );
    } else if (periodMismatch) {
      return reject(
        'wrong-period',
        `文件标题/文件名显示为 ${identity.period} 的填报表，不是 ${expected.period} 的，整份文件未导入`,
        `inferred period ${identity.period} ≠ ${expected.period}`,
      );
    }
    if (identity.unit === null) {
      plan.warnings.push(
        warning(
          'unit-unknown',
          `未能从文件识别单位，按所选单位“${expected.unit}”导入`,
          'unit not identified from the file',
        ),
      );
    }
    if (identity.period === null) {
      plan.warnings.push(
        warning(
          'period-unknown',
          `未能从文件识别填报月份，按所选月份 ${expected.period} 导入`,
          'period not identified from the file',
        ),
      );
    }
  }

  // --- Rows -----------------------------------------------------------------------------------
  const manifestRows = new Map<string, ManifestRow>((m?.rows ?? []).map((r) => [r.taskId, r]));
  const occurrences = new Map<string, { rowNumber: number; sheet?: string }[]>();
  for (const row of file.rows) {
    if (row.taskId === '') continue;
    const list = occurrences.get(row.taskId);
    if (list) list.push(row);
    else occurrences.set(row.taskId, [row]);
  }

  for (const row of file.rows) {
    const { taskId, rowNumber } = row;
    const where = row.sheet ? { sheet: row.sheet } : {};
    const rejectRow = (code: RejectCode, reason: string): void => {
      plan.rejected.push({ rowNumber, ...where, taskId, code, reason });
      plan.rows.push({ rowNumber, ...where, taskId, outcome: 'rejected' });
    };
    const label = taskLabel(taskId);
    if (taskId === '') {
      rejectRow(
        'missing-id',
        row.sheet
          ? `${rowName(row)}“${row.rawTaskId}”填写了内容但未对应到任务，未导入`
          : `第 ${rowNumber} 行填写了内容但没有编号，未导入`,
      );
      continue;
    }
    const seenAt = occurrences.get(taskId)!;
    if (seenAt.length > 1) {
      rejectRow(
        'duplicate-id',
        `编号 ${label} 在文件中出现 ${seenAt.length} 次（${rowList(seenAt)}），均未导入`,
      );
      continue;
    }
    if (!input.unitTaskIds.has(taskId)) {
      rejectRow(
        'unknown-task',
        /^(air|water|soil)-\d+$/.test(taskId)
          ? `任务 ${label} 不属于“${expected.unit}”牵头或协办的任务，未导入`
          : `编号“${row.rawTaskId}”无法识别，未导入`,
      );
      continue;
    }

    // Plan text edited? (A warning, whether or not the row's values are valid.)
    const task = input.tasks?.get(taskId);
    const role = manifestRows.get(taskId)?.role ?? input.roles?.get(taskId);
    if (task) {
      const expectedCells = planCellTexts(task, role ?? '主责');
      for (const [key, found] of Object.entries(row.planCells) as [PlanColumnKey, string][]) {
        if (key === 'role' && role === undefined) continue;
        const expected = expectedCells[key];
        // Untouched cells read back exactly as written; normalise only when they differ.
        if (found !== expected && planTextKey(found) !== planTextKey(expected)) {
          const column = PLAN_COLUMN_LABEL.get(key) ?? key;
          plan.warnings.push(
            warning(
              'plan-text-edited',
              `第 ${rowNumber} 行 ${label} 的“${column}”与计划不一致（被修改），修改内容不会导入计划`,
              `row ${rowNumber} ${taskId}: plan column ${key} edited`,
              { taskId, rowNumber },
            ),
          );
        }
      }
    }

    if (row.errors.length > 0) {
      rejectRow('invalid-value', `${label}：${row.errors.map((e) => e.message).join('；')}，本行未导入`);
      continue;
    }

    const oursRow = input.ours.get(taskId) ?? emptyProgress();
    const baseRow = manifestRows.get(taskId)?.base;
    const lastImport = input.lastImportBase?.get(taskId);
    let updated = false;
    let conflicted = false;
    for (const [field, theirs] of Object.entries(row.fields) as [ProgressField, FieldValue][]) {
      const ours = oursRow[field];
      if (baseRow) {
        const base = baseRow[field];
        if (sameFieldValue(theirs, base) || sameFieldValue(theirs, ours)) continue;
        if (sameFieldValue(ours, base)) {
          plan.updates.push({ taskId, field, from: ours, to: theirs });
          updated = true;
        } else {
          plan.conflicts.push({ taskId, field, base, ours, theirs });
          conflicted = true;
        }
      } else {
        if (sameFieldValue(theirs, ours)) continue;
        const changedSince =
          input.changedSinceLastImport?.has(fieldKey(taskId, field)) === true ||
          (lastImport !== undefined && field in lastImport && !sameFieldValue(lastImport[field], ours));
        const filled = input.filledInPeriod?.has(fieldKey(taskId, field)) === true;
        if (changedSince || filled || (isBlankValue(theirs) && !isBlankValue(ours))) {
          plan.conflicts.push({ taskId, field, base: undefined, ours, theirs });
          conflicted = true;
        } else {
          plan.updates.push({ taskId, field, from: ours, to: theirs });
          updated = true;
        }
      }
    }
    plan.rows.push({
      rowNumber,
      ...where,
      taskId,
      outcome: conflicted ? 'conflict' : updated ? 'updated' : 'unchanged',
    });
  }

  for (const r of plan.rows) {
    if (r.outcome === 'rejected') plan.counts.rejected++;
    else if (r.outcome === 'conflict') plan.counts.conflicts++;
    else if (r.outcome === 'updated') plan.counts.updated++;
    else plan.counts.unchanged++;
  }
  return plan;
}
