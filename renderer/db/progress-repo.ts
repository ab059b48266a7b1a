// Progress reports and their audit trail in the local database. Stores one report per (task, unit,
// period), created on the first change in a period from the values carried forward from the last
// earlier report (ledger-ops.ts rules), and one audit entry per changed field (who, when, source,
// old → new). Reads are by period — the period index, or [unit+period] for one unit — so the grid
// never loads the whole reports table; carry-forward reads only primary keys of earlier periods
// and then fetches the one latest report per (task, unit).
import Dexie from 'dexie';
import type { Ledger } from '../../shared/ledger-file.ts';
import { applyChanges, effectiveProgress, ReportIndex, type FieldChange } from '../../shared/ledger-ops.ts';
import type { AuditEntry, AuditSource, ProgressReport } from '../../shared/model.ts';
import type { CellChange } from '../../shared/undo-stack.ts';
import type { ReportKey, TaizhangDB } from './schema.ts';

/** The reports filed for a period: all units, or one unit's. */
export async function loadPeriodReports(
  db: TaizhangDB,
  period: string,
  unit?: string,
): Promise<ProgressReport[]> {
  if (unit) return db.reports.where('[unit+period]').equals([unit, period]).toArray();
  return db.reports.where('period').equals(period).toArray();
}

/** Earlier periods walked whole (one indexed read each) before falling back to a key scan. */
const CARRY_WALK_PERIODS = 3;

/**
 * For carry-forward: the latest report before `period` of every (task, unit) that has one (of one
 * unit, when given). With `wanted` ('taskId|unit' keys of the rows on screen), walks back one
 * earlier period at a time — in a ledger where units report monthly the previous period holds
 * nearly every row — and only for rows still missing after a few periods scans primary keys.
 * Without `wanted`, scans primary keys of all earlier periods, then fetches one report per pair.
 */
export async function loadCarriedForward(
  db: TaizhangDB,
  period: string,
  unit?: string,
  wanted?: ReadonlySet<string>,
): Promise<ProgressReport[]> {
  if (!wanted) return latestByKeyScan(db, period, unit);
  const found = new Map<string, ProgressReport>();
  const periods = (
    unit
      ? (
          (await db.reports
            .where('[unit+period]')
            .between([unit, Dexie.minKey], [unit, period], true, false)
            .uniqueKeys()) as unknown as [string, string][]
        ).map((k) => k[1])
      : ((await db.reports.where('period').below(period).uniqueKeys()) as string[])
  ).sort((a, b) => b.localeCompare(a));
  for (const [i, p] of periods.entries()) {
    if (found.size >= wanted.size) break;
    if (i === CARRY_WALK_PERIODS) {
      for (const r of await latestByKeyScan(db, periods[i - 1] as string, unit)) {
        const key = `${r.taskId}|${r.unit}`;
        if (wanted.has(key) && !found.has(key)) found.set(key, r);
      }
      break;
    }
    for (const r of await loadPeriodReports(db, p, unit)) {
      const key = `${r.taskId}|${r.unit}`;
      if (wanted.has(key) && !found.has(key)) found.set(key, r);
    }
  }
  return [...found.values()];
}

async function latestByKeyScan(db: TaizhangDB, period: string, unit?: string): Promise<ProgressReport[]> {
  const keys = (
    unit
      ? await db.reports
          .where('[unit+period]')
          .between([unit, Dexie.minKey], [unit, period], true, false)
          .primaryKeys()
      : await db.reports.where('period').below(period).primaryKeys()
  ) as ReportKey[];
  const latest = new Map<string, ReportKey>();
  for (const key of keys) {
    const tu = `${key[0]}|${key[1]}`;
    const seen = latest.get(tu);
    if (!seen || seen[2] < key[2]) latest.set(tu, key);
  }
  if (latest.size === 0) return [];
  const rows = await db.reports.bulkGet([...latest.values()]);
  return rows.filter((r): r is ProgressReport => r !== undefined);
}

export interface ChangeWrite {
  taskId: string;
  unit: string;
  period: string;
  field: FieldChange['field'];
  value: unknown;
}

export interface WriteContext {
  who: string;
  source: AuditSource;
  /** ISO timestamp; defaults to now. */
  at?: string;
}

let idCounter = 0;
/** Audit ids: random UUIDs where the platform has them, else time + counter + random. */
export function newAuditId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `a-${Date.now().toString(36)}-${(++idCounter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Apply field changes in one transaction: each report is created from its carried-forward values on
 * first change in the period, unchanged values are skipped, every change is audited. Returns what
 * actually changed (old → new), in order — what the undo stack records.
 */
export async function applyFieldChanges(
  db: TaizhangDB,
  writes: readonly ChangeWrite[],
  ctx: WriteContext,
): Promise<CellChange[]> {
  if (writes.length === 0) return [];
  return db.transaction(
    'rw',
    db.reports,
    db.audit,
    async () => (await writeInTransaction(db, writes, ctx)).applied,
  );
}

export interface GuardedWrite extends ChangeWrite {
  /** The value the field must still hold for the write to apply (what the undo step left there). */
  expected: unknown;
}

/**
 * Undo and redo: like applyFieldChanges, but a field whose value is no longer the one the step left
 * (changed since, e.g. by an import) is not overwritten — it is returned in `skipped` for the user.
 */
export async function applyGuardedChanges(
  db: TaizhangDB,
  writes: readonly GuardedWrite[],
  ctx: WriteContext,
): Promise<{ applied: CellChange[]; skipped: GuardedWrite[] }> {
  if (writes.length === 0) return { applied: [], skipped: [] };
  return db.transaction('rw', db.reports, db.audit, () => writeInTransaction(db, writes, ctx));
}

async function writeInTransaction(
  db: TaizhangDB,
  writes: readonly (ChangeWrite | GuardedWrite)[],
  ctx: WriteContext,
): Promise<{ applied: CellChange[]; skipped: GuardedWrite[] }> {
  const at = ctx.at ?? new Date().toISOString();
  const seen = new Set<string>();
  const existing: ProgressReport[] = [];
  for (const w of writes) {
    const tup = `${w.taskId}|${w.unit}|${w.period}`;
    if (seen.has(tup)) continue;
    seen.add(tup);
    const own = await db.reports.get([w.taskId, w.unit, w.period]);
    if (own) {
      existing.push(own);
      continue;
    }
    const prev = await db.reports
      .where('[taskId+unit+period]')
      .between([w.taskId, w.unit, Dexie.minKey], [w.taskId, w.unit, w.period], true, false)
      .last();
    if (prev) existing.push(prev);
  }
  // The in-memory ledger rules (ledger-ops.ts) decide old values, creation and skipping.
  const index = new ReportIndex(existing);
  const skipped: GuardedWrite[] = [];
  const allowed = writes.filter((w) => {
    if (!('expected' in w)) return true;
    const current = effectiveProgress(index, w.taskId, w.unit, w.period)[w.field];
    if (sameValue(current, w.expected)) return true;
    skipped.push(w);
    return false;
  });
  const scratch = { reports: [...existing], audit: [] as AuditEntry[] } as unknown as Ledger;
  const entries = applyChanges(
    scratch,
    index,
    allowed.map((w) => ({
      taskId: w.taskId,
      unit: w.unit,
      period: w.period,
      field: w.field,
      value: w.value,
    })),
    { who: ctx.who, source: ctx.source, at, newId: newAuditId },
  );
  if (entries.length === 0) return { applied: [], skipped };
  const touched = new Map<string, ProgressReport>();
  for (const e of entries) {
    const r = index.get(e.taskId, e.unit, e.period);
    if (r) touched.set(`${e.taskId}|${e.unit}|${e.period}`, r);
  }
  await db.reports.bulkPut([...touched.values()]);
  await db.audit.bulkAdd(entries);
  const applied = entries.map((e) => ({
    taskId: e.taskId,
    unit: e.unit,
    period: e.period,
    field: e.field as CellChange['field'],
    old: e.old,
    new: e.new,
  }));
  return { applied, skipped };
}

function sameValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || ((a === null || a === '') && (b === null || b === ''));
}

/** A (task, unit)'s audit history over all periods, newest first. */
export async function listRowAudit(db: TaizhangDB, taskId: string, unit: string): Promise<AuditEntry[]> {
  const rows = await db.audit
    .where('[taskId+unit+period]')
    .between([taskId, unit, Dexie.minKey], [taskId, unit, Dexie.maxKey])
    .toArray();
  return rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id.localeCompare(a.id)));
}

/** A unit's audit entries for a period (for the dashboard and reminders). */
export async function listUnitPeriodAudit(
  db: TaizhangDB,
  unit: string,
  period: string,
): Promise<AuditEntry[]> {
  return db.audit.where('[unit+period]').equals([unit, period]).toArray();
}
