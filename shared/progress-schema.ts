// The zod schema of a report's progress fields (ProgressFields in model.ts), shared by the ledger
// file (shared/ledger-file.ts) and the return workbook's manifest (shared/workbook/manifest.ts).
import * as z from './zod.ts';
import { STATUSES } from './model.ts';

/** The most a spreadsheet cell holds (Excel's limit): no stored text may be longer. */
export const MAX_CELL_TEXT = 32767;

/** A day that exists on the calendar, as YYYY-MM-DD (2021-02-30 is refused, not rolled to March). */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'not a calendar date');

const cellText = z.string().max(MAX_CELL_TEXT);

export const progressFieldsSchema = z.object({
  status: z.enum(STATUSES).nullable(),
  percent: z.number().min(0).max(100).nullable(),
  progress: cellText,
  problems: cellText,
  nextSteps: cellText,
  evidence: cellText,
  reporter: cellText,
  phone: cellText,
  filledOn: calendarDate.nullable(),
});
