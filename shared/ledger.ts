// The ledger as the program holds it — the taizhang-ledger document's shape, its format name and
// version, default settings and a fresh ledger — without the zod schemas that validate files
// (shared/ledger-file.ts), so code that only needs the shape (the app's start-up, the stores) does
// not load a validator.

import type {
  AuditEntry,
  GroupResolution,
  ImportBatch,
  PlanDocument,
  ProgressReport,
  Unit,
} from './model.ts';
import type { SavedMapping } from './mapping/saved-mapping.ts';
import type { DistrictBase } from './return-exchange.ts';

export const LEDGER_FORMAT = 'taizhang-ledger';
export const LEDGER_VERSION = 2;

/** The ledger in memory: the same shape as the file, typed with the domain model. */
export interface Ledger {
  format: typeof LEDGER_FORMAT;
  version: typeof LEDGER_VERSION;
  savedAt: string;
  plan: PlanDocument;
  units: Unit[];
  reports: ProgressReport[];
  audit: AuditEntry[];
  imports: ImportBatch[];
  groupResolutions: GroupResolution[];
  settings: LedgerSettings;
  /** The clerk's app: the district's workbook bases opened (empty in the district's ledger). */
  districtBases: DistrictBase[];
}

export interface LedgerSettings {
  /** Returns are due by this day of the period's own month (每月N日前报送; see returnDueDate). */
  returnDueDay: number;
  /**
   * Per unit, the mapping a person confirmed for the unit's own ledger layout, applied by itself to
   * the unit's next return in the same layout (shared/mapping/saved-mapping.ts).
   */
  importMappings?: Record<string, SavedMapping>;
}

export const DEFAULT_SETTINGS: LedgerSettings = { returnDueDay: 25 };

/** A fresh ledger holding the plan and the registry and nothing else. */
export function createLedger(plan: PlanDocument, units: readonly Unit[], now = new Date()): Ledger {
  return {
    format: LEDGER_FORMAT,
    version: LEDGER_VERSION,
    savedAt: now.toISOString(),
    plan: structuredClone(plan),
    units: structuredClone([...units]),
    reports: [],
    audit: [],
    imports: [],
    groupResolutions: [],
    settings: { ...DEFAULT_SETTINGS },
    districtBases: [],
  };
}
