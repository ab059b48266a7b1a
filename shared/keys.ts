// The keys the ledger is addressed by, typed once. A report is one (task, unit, period); a row of a
// period's view is one (task, unit); a field key names one field of one task's report (conflict
// resolutions); a unit-period key names one unit's return for a month. Every map keyed by one of
// these uses the functions here, so a key can never be spelt two ways. Task ids (`air-03`), unit
// names and periods (`2021-03`) never contain the separator; `assertKeyPart` guards new inputs.

import type { Period, ProgressField } from './model.ts';

declare const keyBrand: unique symbol;
type Key<B extends string> = string & { readonly [keyBrand]: B };

/** (task, unit): one row of a period's view. */
export type RowKey = Key<'row'>;
/** (task, unit, period): one progress report. */
export type ReportKey = Key<'report'>;
/** (task, field) within one unit's return for one period: a conflict or its resolution. */
export type FieldKey = Key<'field'>;
/** (unit, period): one unit's return for one month. */
export type UnitPeriodKey = Key<'unit-period'>;

export interface RowRef {
  taskId: string;
  unit: string;
}

export interface ReportRef extends RowRef {
  period: Period;
}

const SEP = '|';

/** Throws for a key part that would make two keys collide (the separator, or nothing at all). */
export function assertKeyPart(part: string, what: string): void {
  if (part === '' || part.includes(SEP))
    throw new Error(`invalid ${what} for a key: ${JSON.stringify(part)}`);
}

export const rowKey = (taskId: string, unit: string): RowKey => `${taskId}${SEP}${unit}` as RowKey;

export const rowKeyOf = (ref: RowRef): RowKey => rowKey(ref.taskId, ref.unit);

export const reportKey = (taskId: string, unit: string, period: Period): ReportKey =>
  `${taskId}${SEP}${unit}${SEP}${period}` as ReportKey;

export const reportKeyOf = (ref: ReportRef): ReportKey => reportKey(ref.taskId, ref.unit, ref.period);

export const fieldKey = (taskId: string, field: ProgressField): FieldKey =>
  `${taskId}${SEP}${field}` as FieldKey;

export const unitPeriodKey = (unit: string, period: Period): UnitPeriodKey =>
  `${unit}${SEP}${period}` as UnitPeriodKey;

export function parseRowKey(key: RowKey): RowRef {
  const i = key.indexOf(SEP);
  return { taskId: key.slice(0, i), unit: key.slice(i + 1) };
}

export function parseReportKey(key: ReportKey): ReportRef {
  const [taskId = '', unit = '', period = ''] = key.split(SEP);
  return { taskId, unit, period };
}

export function parseFieldKey(key: FieldKey): { taskId: string; field: ProgressField } {
  const i = key.indexOf(SEP);
  return { taskId: key.slice(0, i), field: key.slice(i + 1) as ProgressField };
}

export function parseUnitPeriodKey(key: UnitPeriodKey): { unit: string; period: Period } {
  const i = key.lastIndexOf(SEP);
  return { unit: key.slice(0, i), period: key.slice(i + 1) };
}

/** The (task, unit, period) of anything that carries them (a report, an audit entry, a write). */
export const refOf = (x: ReportRef): ReportRef => ({ taskId: x.taskId, unit: x.unit, period: x.period });
