// Conversions between the local database and the portable ledger (shared/ledger-file.ts): backup
// writes `exportLedgerFromDb` through writeLedger; restore reads a file with restoreLedger and hands
// the result to `replaceDbWithLedger`, which swaps all ledger data in one transaction (all or
// nothing). The user's own settings (name, mode, grid layout) are not ledger data and are kept.
import {
  DEFAULT_SETTINGS,
  LEDGER_FORMAT,
  LEDGER_VERSION,
  type Ledger,
  type LedgerSettings,
} from '../../shared/ledger-file.ts';
import type { PlanDocument } from '../../shared/model.ts';
import { sortTasks } from '../../shared/task-view.ts';
import { listUnits, seedVersion } from './repository.ts';
import {
  SETTING_PLAN,
  SETTING_SEED,
  SETTING_UNIT_ORDER,
  type PlanMeta,
  type SeedInfo,
  type SettingRow,
  type TaizhangDB,
} from './schema.ts';

export const SETTING_LEDGER = 'ledgerSettings';

export async function getLedgerSettings(db: TaizhangDB): Promise<LedgerSettings> {
  const row = (await db.settings.get(SETTING_LEDGER)) as SettingRow<Partial<LedgerSettings>> | undefined;
  return { ...DEFAULT_SETTINGS, ...(row?.value ?? {}) };
}

/** Change the ledger-wide settings (e.g. the day returns are due); validated like the ledger file. */
export async function saveLedgerSettings(
  db: TaizhangDB,
  patch: Partial<LedgerSettings>,
): Promise<LedgerSettings> {
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await getLedgerSettings(db)), ...patch };
    if (!Number.isInteger(next.returnDueDay) || next.returnDueDay < 1 || next.returnDueDay > 31) {
      throw new Error(`returnDueDay must be a whole day 1-31, got ${String(next.returnDueDay)}`);
    }
    await db.settings.put({ key: SETTING_LEDGER, value: next });
    return next;
  });
}

/** The whole ledger as held in the database, read in one transaction (a consistent snapshot). */
export async function exportLedgerFromDb(db: TaizhangDB, now: Date = new Date()): Promise<Ledger> {
  return db.transaction(
    'r',
    [db.tasks, db.units, db.reports, db.audit, db.imports, db.groupResolutions, db.settings],
    async () => {
      const meta = (await db.settings.get(SETTING_PLAN)) as SettingRow<PlanMeta> | undefined;
      if (!meta) throw new Error('database holds no plan: nothing to export');
      const plan: PlanDocument = { ...meta.value, tasks: sortTasks(await db.tasks.toArray()) };
      return {
        format: LEDGER_FORMAT,
        version: LEDGER_VERSION,
        savedAt: now.toISOString(),
        plan,
        units: await listUnits(db),
        reports: await db.reports.toArray(),
        audit: await db.audit.orderBy('at').toArray(),
        imports: await db.imports.toArray(),
        groupResolutions: await db.groupResolutions.toArray(),
        settings: await getLedgerSettings(db),
      };
    },
  );
}

/**
 * Replace every piece of ledger data in the database with `ledger` (already restored/validated),
 * in one transaction. The seed row is set to the ledger's plan so start-up does not re-seed over it.
 */
export async function replaceDbWithLedger(
  db: TaizhangDB,
  ledger: Ledger,
  now: Date = new Date(),
): Promise<void> {
  await db.transaction(
    'rw',
    [db.tasks, db.units, db.reports, db.audit, db.imports, db.groupResolutions, db.settings],
    async () => {
      await Promise.all([
        db.tasks.clear(),
        db.units.clear(),
        db.reports.clear(),
        db.audit.clear(),
        db.imports.clear(),
        db.groupResolutions.clear(),
      ]);
      const { tasks, ...meta } = ledger.plan;
      await db.tasks.bulkAdd(tasks);
      await db.units.bulkAdd(ledger.units);
      await db.reports.bulkAdd(ledger.reports);
      await db.audit.bulkAdd(ledger.audit);
      await db.imports.bulkAdd(ledger.imports);
      await db.groupResolutions.bulkAdd(ledger.groupResolutions);
      const info: SeedInfo = {
        version: seedVersion(ledger.plan, ledger.units),
        planId: ledger.plan.id,
        taskCount: tasks.length,
        unitCount: ledger.units.length,
        seededAt: now.toISOString(),
      };
      await db.settings.bulkPut([
        { key: SETTING_PLAN, value: meta satisfies PlanMeta },
        { key: SETTING_SEED, value: info },
        { key: SETTING_LEDGER, value: ledger.settings },
        { key: SETTING_UNIT_ORDER, value: ledger.units.map((u) => u.name) },
      ]);
    },
  );
}
