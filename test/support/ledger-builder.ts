// Builds ledgers for tests through the engine's own rules (the working copy and the memory store's
// commit), so every value is a real audited change: `edit` and `batch` queue changes in order,
// `done()` applies them and returns the ledger.
import plan from '../../seeds/plan.json' with { type: 'json' };
import units from '../../seeds/units.json' with { type: 'json' };
import { emptyChangeSet } from '../../shared/engine/change-set.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { WorkingCopy } from '../../shared/engine/working-copy.ts';
import { createLedger, type Ledger } from '../../shared/ledger-file.ts';
import type { AuditSource, ImportBatch, PlanDocument, ProgressField, Unit } from '../../shared/model.ts';

export type Edit = (
  unit: string,
  taskId: string,
  period: string,
  fields: Record<string, unknown>,
  at: string,
  source?: AuditSource,
) => void;

export interface LedgerBuilder {
  edit: Edit;
  /** An import batch record for a unit and month (as if its return came in at `at`). */
  batch: (unit: string, period: string, at: string, extra?: Partial<ImportBatch>) => void;
  done: () => Promise<Ledger>;
  store: MemoryLedgerStore;
}

export function seedPlan(): PlanDocument {
  return structuredClone(plan as PlanDocument);
}

export function seedUnits(): Unit[] {
  return structuredClone(units as Unit[]);
}

export function ledgerBuilder(
  ledger: Ledger = createLedger(plan as PlanDocument, units as Unit[], new Date('2021-01-01T00:00:00Z')),
): LedgerBuilder {
  const store = new MemoryLedgerStore(ledger);
  let pending: Promise<void> = Promise.resolve();
  let ids = 0;
  let batches = 0;
  const edit: Edit = (unit, taskId, period, fields, at, source = 'edit') => {
    pending = pending.then(async () => {
      const wc = new WorkingCopy(store, { who: 'test', at, newId: () => `a${++ids}` });
      const ref = { taskId, unit, period };
      await wc.prepare([ref]);
      for (const [field, value] of Object.entries(fields)) wc.set(ref, field as ProgressField, value, source);
      store.commit(wc.toChangeSet());
    });
  };
  const batch: LedgerBuilder['batch'] = (unit, period, at, extra = {}) => {
    pending = pending.then(() => {
      batches++;
      const c = emptyChangeSet();
      c.imports.push({
        id: `b${batches}`,
        planId: ledger.plans[0]!.id,
        fileName: `${unit}-${period}.xlsx`,
        sha256: String(batches).padStart(64, '0'),
        unit,
        period,
        exportId: null,
        importedAt: at,
        importedBy: 'test',
        counts: { updated: 1, unchanged: 0, conflicts: 0, rejected: 0 },
        before: [],
        ...extra,
      });
      store.commit(c);
    });
  };
  return {
    edit,
    batch,
    store,
    done: async () => {
      await pending;
      return store.ledger;
    },
  };
}
