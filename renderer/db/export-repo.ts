// The log of return workbooks made: the `exports` settings row (export id, unit, period, time, file
// name), newest first, the last 500 kept. Not ledger data: it only helps a coordinator see what went
// out when; the workbooks' rows come from shared/engine/workbook-rows.ts through the store.
import type { SettingRow, TaizhangDB } from './schema.ts';

export const SETTING_EXPORTS = 'exports';
const EXPORTS_KEPT = 500;

export interface ExportRecord {
  exportId: string;
  unit: string;
  period: string;
  exportedAt: string;
  fileName: string;
}

export async function listExportRecords(db: TaizhangDB): Promise<ExportRecord[]> {
  const row = (await db.settings.get(SETTING_EXPORTS)) as SettingRow<ExportRecord[]> | undefined;
  return row?.value ?? [];
}

export async function recordExports(db: TaizhangDB, records: readonly ExportRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.transaction('rw', db.settings, async () => {
    const old = await listExportRecords(db);
    await db.settings.put({ key: SETTING_EXPORTS, value: [...records, ...old].slice(0, EXPORTS_KEPT) });
  });
}
