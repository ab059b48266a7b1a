// What the export dialog reads from the local database: the plan's identity, the units that have
// tasks, and each unit's workbook rows for a period with their base values (the effective progress:
// own report, else carried forward). Writes one thing: the `exports` settings row, a short log of
// the workbooks made (export id, unit, period, time, file name), newest first, the last 500 kept.
import { resolutionMap } from '../../shared/assignments.ts';
import type { GroupResolutions } from '../../shared/registry.ts';
import { unitsWithTasks, UnitIndex } from '../../shared/registry.ts';
import type { Task } from '../../shared/model.ts';
import { exportRowsForUnit } from '../../shared/return-exchange.ts';
import type { ExportRow } from '../../shared/workbook/export-workbook.ts';
import { loadCarriedForward, loadPeriodReports } from './progress-repo.ts';
import { getPlanMeta, listTasks, listUnits } from './repository.ts';
import { listGroupResolutions } from './resolution-repo.ts';
import type { PlanMeta, SettingRow, TaizhangDB } from './schema.ts';

export const SETTING_EXPORTS = 'exports';
const EXPORTS_KEPT = 500;

export interface ExportSource {
  plan: Pick<PlanMeta, 'id' | 'title' | 'docNumber' | 'year'>;
  tasks: Task[];
  unitIndex: UnitIndex;
  resolutions: GroupResolutions;
  /** Concrete units with at least one task, in registry order. */
  units: string[];
}

export async function loadExportSource(db: TaizhangDB): Promise<ExportSource> {
  const [meta, tasks, units, resolutions] = await Promise.all([
    getPlanMeta(db),
    listTasks(db),
    listUnits(db),
    listGroupResolutions(db),
  ]);
  if (!meta) throw new Error('database holds no plan');
  const unitIndex = new UnitIndex(units);
  const resolved = resolutionMap(resolutions);
  return {
    plan: { id: meta.id, title: meta.title, docNumber: meta.docNumber, year: meta.year },
    tasks,
    unitIndex,
    resolutions: resolved,
    units: unitsWithTasks(tasks, unitIndex, resolved),
  };
}

/** One unit's workbook rows for a period, base = effective progress. */
export async function loadUnitExportRows(
  db: TaizhangDB,
  source: ExportSource,
  unit: string,
  period: string,
): Promise<ExportRow[]> {
  const [earlier, own] = await Promise.all([
    loadCarriedForward(db, period, unit),
    loadPeriodReports(db, period, unit),
  ]);
  return exportRowsForUnit(
    source.tasks,
    source.unitIndex,
    unit,
    period,
    [...earlier, ...own],
    source.resolutions,
  );
}

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
