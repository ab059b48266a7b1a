// Carry-forward, the ledger's rule for what a unit sees in a month it has not reported yet: its own
// report of the period, else its latest earlier report — without the fill date, which belongs to the
// period it was filled in — else nothing filled in. Used by the engine's working copy and the period
// read model alike.

import { emptyProgress, type ProgressFields, type ProgressReport } from './model.ts';

/**
 * Just the progress fields of a report (a fresh object). Written out field by field: it runs for
 * every row of every month read, and one literal of one shape is several times cheaper than a
 * loop over PROGRESS_FIELDS. The return type makes a field added to the model and missed here a
 * compile error; a unit test checks the keys against PROGRESS_FIELDS as well.
 */
export function pickProgress(source: ProgressFields): ProgressFields {
  return {
    status: source.status,
    percent: source.percent,
    progress: source.progress,
    problems: source.problems,
    nextSteps: source.nextSteps,
    evidence: source.evidence,
    reporter: source.reporter,
    phone: source.phone,
    filledOn: source.filledOn,
  };
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
