// The zod schema of a report's progress fields (ProgressFields in model.ts), shared by the ledger
// file (shared/ledger-file.ts) and the return workbook's manifest (shared/workbook/manifest.ts).
import { z } from './zod.ts';
import { STATUSES } from './model.ts';

export const progressFieldsSchema = z.object({
  status: z.enum(STATUSES).nullable(),
  percent: z.number().min(0).max(100).nullable(),
  progress: z.string(),
  problems: z.string(),
  nextSteps: z.string(),
  evidence: z.string(),
  reporter: z.string(),
  phone: z.string(),
  filledOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});
