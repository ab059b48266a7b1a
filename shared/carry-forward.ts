// Carry-forward, the ledger's rule for what a unit sees in a month it has not reported yet: its own
// report of the period, else its latest earlier report — without the fill date, which belongs to the
// period it was filled in — else nothing filled in. Used by the engine's working copy and the period
// read model alike.

import {
  emptyProgress,
  PROGRESS_FIELDS,
  type ProgressField,
  type ProgressFields,
  type ProgressReport,
} from './model.ts';

/** Just the progress fields of a report (a fresh object). */
export function pickProgress(source: ProgressFields): ProgressFields {
  const out = emptyProgress() as unknown as Record<ProgressField, unknown>;
  for (const f of PROGRESS_FIELDS) out[f] = source[f];
  return out as unknown as ProgressFields;
}

/** What a unit sees, from its own report of the period or the latest earlier one. */
export function effectiveFrom(
  own: ProgressReport | undefined,
  carried: ProgressReport | undefined,
): ProgressFields {
  if (own) return pickProgress(own);
  if (carried) return { ...pickProgress(carried), filledOn: null };
  return emptyProgress();
}

/** What a unit sees in `period`, from the report as of that period (its own, or the latest earlier). */
export function effectiveAsOf(report: ProgressReport | undefined, period: string): ProgressFields {
  if (!report) return emptyProgress();
  return report.period === period ? pickProgress(report) : effectiveFrom(undefined, report);
}
