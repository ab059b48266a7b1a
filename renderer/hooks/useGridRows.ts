// The progress grid's rows for a period: coordinator scope (every task × unit assignment) or one
// unit's tasks, with effective progress and judgements (shared/grid-rows.ts). `undefined` while any
// input is loading.
import { useMemo } from 'react';
import { allAssignments } from '../../shared/assignments.ts';
import { buildGridRows, type GridRow } from '../../shared/grid-rows.ts';
import { resolutionMap } from '../../shared/assignments.ts';
import { tasksForUnit, UnitIndex } from '../../shared/registry.ts';
import { useGroupResolutions, useImportedUnits, usePeriodReports, useUnits } from './useLedgerData.ts';
import { useTasks } from './useTasks.ts';

export function useGridRows(
  period: string,
  unit: string | null,
  planYear: number | undefined,
): GridRow[] | undefined {
  const tasks = useTasks();
  const units = useUnits();
  const resolutions = useGroupResolutions();
  const assignments = useMemo(() => {
    if (!tasks || !units || !resolutions) return undefined;
    if (!unit) return allAssignments(tasks, units, resolutions);
    return tasksForUnit(tasks, new UnitIndex(units), unit, resolutionMap(resolutions)).map((x) => ({
      task: x.task,
      unit,
      role: x.role,
      via: x.via,
    }));
  }, [tasks, units, resolutions, unit]);
  const wanted = useMemo(
    () => (assignments ? new Set(assignments.map((a) => `${a.task.id}|${a.unit}`)) : undefined),
    [assignments],
  );
  const reports = usePeriodReports(period, unit, wanted);
  const imported = useImportedUnits(period);
  return useMemo(
    () =>
      assignments && reports && imported && planYear !== undefined
        ? buildGridRows(assignments, reports, period, planYear, imported)
        : undefined,
    [assignments, reports, imported, period, planYear],
  );
}
