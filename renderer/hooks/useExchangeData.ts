// Live reads for the 导入导出 view: the import history (with how many fields each batch changed) and
// the district workbooks a clerk opened. `undefined` while loading.
import { useLiveQuery } from 'dexie-react-hooks';
import type { ImportBatch } from '../../shared/model.ts';
import type { DistrictBase } from '../../shared/return-exchange.ts';
import { appDb } from '../db/index.ts';
import { importChangeCounts, listDistrictBases, listImportBatches } from '../db/queries.ts';

export interface ImportHistoryRow {
  batch: ImportBatch;
  /** Fields the batch changed (its audit entries). */
  changedFields: number;
}

export function useImportHistory(): ImportHistoryRow[] | undefined {
  return useLiveQuery(async () => {
    const batches = await listImportBatches(appDb);
    const counts = await importChangeCounts(appDb, batches);
    return batches.map((batch) => ({ batch, changedFields: counts.get(batch.id) ?? 0 }));
  }, []);
}

export function useDistrictBases(): DistrictBase[] | undefined {
  return useLiveQuery(() => listDistrictBases(appDb), []);
}
