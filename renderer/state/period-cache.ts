// The months the views are looking at, held in memory and kept current from the store's commits —
// so the grid, the dashboard, the checklist and the reminder list read a month once (indexed
// slices, shared/period-state.ts) and afterwards update from each change set in milliseconds,
// instead of re-reading the database on every write.
//
// The cache shows one plan (the plan picker's choice, renderer/state/current-plan.ts): choosing
// another reloads everything. A month is loaded on first use: the ledger's frame (plan, units, group resolutions, settings, and
// the task × unit assignments they give) plus the month's slice. After a commit, each loaded month
// takes the reports, batches and first entries the change set carries, recomputes only the rows they
// touch (and the returns), and hands its subscribers a new view. A change to the frame (a group
// resolution, the due day, a restore), a change set that removes a row's report, or a commit made in
// another tab (the revision jumps) makes the month reload.

import { liveQuery } from 'dexie';
import { allAssignments, unitsInOrder, type Assignment } from '../../shared/assignments.ts';
import type { ChangeSet } from '../../shared/engine/change-set.ts';
import { rowKey, rowKeyOf, type RowKey, type RowRef } from '../../shared/keys.ts';
import type { LedgerSettings } from '../../shared/ledger.ts';
import {
  isEntrySource,
  type GroupResolution,
  type ImportBatch,
  type Period,
  type PlanMeta,
  type ProgressReport,
  type Task,
  type Unit,
} from '../../shared/model.ts';
import type { Review } from '../../shared/review.ts';
import type { ExtensionRequest } from '../../shared/extension.ts';
import {
  importedUnits,
  periodRow,
  rowExtras,
  returnDueDate,
  unitReturns,
  type PeriodRow,
  type PeriodState,
} from '../../shared/period-state.ts';
import type { DexieLedgerStore } from '../db/ledger-store.ts';
import { completeSettings } from '../../shared/ledger.ts';
import { sortTasks } from '../../shared/task-view.ts';
import type { PeriodSlice } from '../../shared/period-state.ts';
import { orderUnits } from '../db/repository.ts';
import type { EarlyRead } from '../early-read.ts';
import { choosePlan } from '../../shared/plan-ids.ts';
import { sliceExtras } from '../../shared/engine/memory-store.ts';
import { finalStates, linkMap, type ContinuedState } from '../../shared/continuity.ts';

export interface LedgerFrame {
  /** The plan on screen. */
  meta: PlanMeta;
  /** Every plan the ledger holds, oldest first (the plan picker's list). */
  plans: PlanMeta[];
  tasks: Task[];
  units: Unit[];
  resolutions: GroupResolution[];
  settings: LedgerSettings;
  /** The plan's task ids. */
  taskIds: ReadonlySet<string>;
  /** Every task × unit, in task order then registry order. */
  assignments: Assignment[];
  /** The units with at least one task, in registry order. */
  unitsWithWork: string[];
}

/** What a view renders for a month: an immutable snapshot, replaced on every change. */
export interface PeriodView {
  frame: LedgerFrame;
  state: PeriodState;
}

interface Entry {
  period: Period;
  frame: LedgerFrame;
  reports: Map<RowKey, ProgressReport>;
  imports: Map<string, ImportBatch>;
  firstEntries: Map<string, string>;
  reviews: Map<RowKey, Review>;
  evidenceCounts: Map<RowKey, number>;
  extensions: Map<RowKey, readonly ExtensionRequest[]>;
  /** Rows whose task continues an earlier plan's: that task's final state (read with the month). */
  lastYear: Map<RowKey, ContinuedState>;
  rows: PeriodRow[];
  rowIndex: Map<RowKey, number>;
  view: PeriodView;
}

type Listener = () => void;

export class PeriodCache {
  private frameLoad: Promise<LedgerFrame> | null = null;
  private readonly entries = new Map<Period, Entry>();
  private readonly loads = new Map<Period, Promise<Entry>>();
  private readonly listeners = new Map<Period, Set<Listener>>();
  private revision = -1;
  private readonly recent: Period[] = [];
  private unwatch: (() => void) | null = null;
  /** What the start-up read found for its month, until that month is first loaded. */
  private early: EarlyRead | null = null;

  /** The plan asked for (null or one the ledger lacks: the newest). */
  private wantedPlan: string | null = null;

  constructor(
    private readonly store: DexieLedgerStore,
    private readonly keep = 4,
  ) {
    store.subscribe((changes, revision) => this.onCommit(changes, revision));
  }

  /** Show another plan: every month on screen reloads for it. */
  setPlan(planId: string | null): void {
    if (planId === this.wantedPlan) return;
    this.wantedPlan = planId;
    this.early = null;
    this.reloadAll();
  }

  /** The month as last computed (undefined until loaded). */
  peek(period: Period): PeriodView | undefined {
    return this.entries.get(period)?.view;
  }

  /** Listen to a month; the first listener loads it. */
  subscribe(period: Period, listener: Listener): () => void {
    const set = this.listeners.get(period) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(period, set);
    this.watchOtherTabs();
    if (!this.entries.has(period))
      void this.load(period).catch((err: unknown) => console.error(`loading ${period} failed`, err));
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(period);
    };
  }

  /** Load (or return) a month. */
  load(period: Period): Promise<PeriodView> {
    const ready = this.entries.get(period);
    if (ready) return Promise.resolve(ready.view);
    let pending = this.loads.get(period);
    if (!pending) {
      pending = this.readEntry(period).finally(() => this.loads.delete(period));
      this.loads.set(period, pending);
    }
    return pending.then((e) => e.view);
  }

  /**
   * Take what the start-up read found (renderer/early-read.ts): the frame, read as the store reads
   * it, and its month, used by that month's first load instead of reading it again.
   */
  adoptEarlyRead(early: EarlyRead): void {
    if (this.frameLoad || this.entries.size > 0) return; // too late: something was read already
    if (early.meta.id !== (choosePlan(early.plans, this.wantedPlan)?.id ?? early.meta.id)) return;
    this.early = early;
    this.frameLoad = Promise.resolve(
      frameOf(
        early.meta,
        early.plans,
        sortTasks(early.tasks),
        orderUnits(early.units, early.unitOrder),
        early.resolutions,
        // As the store reads them (DexieLedgerStore.settings): defaults filled in.
        completeSettings((early.settings ?? undefined) as Partial<LedgerSettings> | undefined),
      ),
    );
  }

  private async frame(): Promise<LedgerFrame> {
    this.frameLoad ??= (async () => {
      const s = this.store;
      const plans = await s.plans();
      const meta = choosePlan(plans, this.wantedPlan);
      if (!meta) throw new Error('database holds no plan');
      const [tasks, units, resolutions, settings] = await Promise.all([
        s.tasks(meta.id),
        s.units(),
        s.groupResolutions(),
        s.settings(),
      ]);
      return frameOf(meta, plans, tasks, units, resolutions, settings);
    })().catch((err: unknown) => {
      this.frameLoad = null;
      throw err;
    });
    return this.frameLoad;
  }

  private async readEntry(period: Period): Promise<Entry> {
    performance.mark(`taizhang:read ${period}`);
    const early = this.early?.period === period ? this.early : null;
    this.early = null;
    const frame = await this.frame();
    performance.mark(`taizhang:frame ${period}`);
    const pairs: RowRef[] = frame.assignments.map((a) => ({ taskId: a.task.id, unit: a.unit }));
    // The revision is the start-up read's, or read with the slice in its transaction (one round
    // trip, and never newer than what the slice holds).
    const fromEarly = early && sliceFromEarlyRead(early, pairs);
    const [{ slice, revision }, lastYear] = await Promise.all([
      fromEarly
        ? { slice: fromEarly, revision: early.revision }
        : early
          ? this.store
              .periodSlice(frame.meta.id, period, pairs)
              .then((s) => ({ slice: s, revision: early.revision }))
          : this.store.periodSliceAt(frame.meta.id, period, pairs),
      this.lastYearOf(pairs),
    ]);
    performance.mark(`taizhang:slice ${period}`);
    const entry: Entry = {
      period,
      frame,
      reports: new Map(slice.reports),
      imports: new Map(slice.imports.map((b) => [b.id, b])),
      firstEntries: new Map(slice.firstEntries),
      reviews: new Map(slice.reviews),
      evidenceCounts: new Map(slice.evidenceCounts),
      extensions: new Map(slice.extensions),
      lastYear,
      rows: [],
      rowIndex: new Map(),
      view: undefined as unknown as PeriodView,
    };
    const imported = importedUnits([...entry.imports.values()], period);
    entry.rows = frame.assignments.map((a) => {
      const key = rowKey(a.task.id, a.unit);
      return periodRow(a, entry.reports.get(key), period, frame.meta.year, imported, rowExtras(entry, key));
    });
    entry.rows.forEach((r, i) => entry.rowIndex.set(r.key, i));
    entry.view = snapshot(entry);
    if (this.revision < revision) this.revision = revision;
    this.entries.set(period, entry);
    this.touch(period);
    this.notify(period);
    return entry;
  }

  /** Last year's final state of the rows whose task continues another (none in a one-plan ledger). */
  private async lastYearOf(pairs: readonly RowRef[]): Promise<Map<RowKey, ContinuedState>> {
    const links = linkMap(await this.store.taskLinks());
    if (links.size === 0) return new Map();
    return finalStates(pairs, links, (p, q) => this.store.ownReportsAsOf(p, q));
  }

  private touch(period: Period): void {
    const i = this.recent.indexOf(period);
    if (i >= 0) this.recent.splice(i, 1);
    this.recent.push(period);
    while (this.recent.length > this.keep) {
      const victim = this.recent.find((p) => !this.listeners.has(p));
      if (!victim) break;
      this.recent.splice(this.recent.indexOf(victim), 1);
      this.entries.delete(victim);
    }
  }

  private notify(period: Period): void {
    for (const l of this.listeners.get(period) ?? []) l();
  }

  /** Forget everything read so far (the seeds were written outside the store's commit). */
  invalidate(): void {
    this.reloadAll();
  }

  /** Everything reloads: the frame changed, or a commit happened elsewhere. */
  private reloadAll(): void {
    this.frameLoad = null;
    const periods = [...this.entries.keys()];
    this.entries.clear();
    for (const p of periods)
      if (this.listeners.has(p)) void this.load(p).catch((err: unknown) => console.error(err));
  }

  private onCommit(changes: ChangeSet, revision: number): void {
    const missed = this.revision >= 0 && revision !== this.revision + 1;
    this.revision = Math.max(this.revision, revision);
    if (
      missed ||
      changes.replace ||
      // A plan imported or reissued, units added, continuity changed: the frame is another.
      changes.plans ||
      // A unit's kept import mapping is not part of any month's frame; the due day is.
      (changes.settings && Object.keys(changes.settings).some((k) => k !== 'importMappings')) ||
      changes.groupResolutions.put.length ||
      changes.groupResolutions.delete.length ||
      // Extensions move deadlines of every month: rare, so every month is read again.
      changes.extensions.put.length ||
      changes.extensions.delete.length
    ) {
      this.reloadAll();
      return;
    }
    for (const entry of this.entries.values()) this.apply(entry, changes);
  }

  private apply(entry: Entry, c: ChangeSet): void {
    const P = entry.period;
    const rows = new Set<RowKey>();
    const units = new Set<string>();
    const reread: RowRef[] = [];
    for (const r of c.reports.put) {
      const key = rowKeyOf(r);
      if (!entry.rowIndex.has(key) || r.period > P) continue;
      const cur = entry.reports.get(key);
      if (r.period === P || !cur || (cur.period < P && cur.period <= r.period)) {
        entry.reports.set(key, r);
        rows.add(key);
      }
    }
    for (const d of c.reports.delete) {
      const key = rowKeyOf(d);
      const cur = entry.reports.get(key);
      if (cur && cur.period === d.period && entry.rowIndex.has(key))
        reread.push({ taskId: d.taskId, unit: d.unit });
    }
    for (const b of c.imports) {
      if (b.period !== P || b.planId !== entry.frame.meta.id) continue;
      entry.imports.set(b.id, b);
      units.add(b.unit);
    }
    for (const r of c.reviews) {
      if (r.period !== P) continue;
      const key = rowKeyOf(r);
      entry.reviews.set(key, r);
      rows.add(key);
    }
    for (const a of c.attachments.put) {
      if (a.period !== P) continue;
      const key = rowKeyOf(a);
      entry.evidenceCounts.set(key, (entry.evidenceCounts.get(key) ?? 0) + 1);
      rows.add(key);
    }
    if (c.attachments.delete.some((d) => d.period === P)) {
      // Which rows lose a file is not in the change set (only ids): count the month again.
      void this.store.periodSlice(entry.frame.meta.id, P, []).then((s) => {
        if (this.entries.get(P) !== entry) return;
        const changed = new Set<RowKey>([...entry.evidenceCounts.keys(), ...s.evidenceCounts.keys()]);
        entry.evidenceCounts = new Map(s.evidenceCounts);
        this.recompute(entry, changed, new Set());
        this.notify(P);
      });
    }
    for (const e of c.audit) {
      if (e.period !== P || !isEntrySource(e.source)) continue;
      // A value typed in another plan's task is not this plan's return.
      if (!entry.frame.taskIds.has(e.taskId)) continue;
      const seen = entry.firstEntries.get(e.unit);
      if (!seen || e.at < seen) {
        entry.firstEntries.set(e.unit, e.at);
        units.add(e.unit);
      }
    }
    if (rows.size === 0 && units.size === 0 && reread.length === 0) return;
    const finish = () => {
      this.recompute(entry, rows, units);
      this.notify(P);
    };
    if (reread.length === 0) return finish();
    void this.store.reportsAsOf(P, reread).then(
      (found) => {
        if (this.entries.get(P) !== entry) return;
        for (const pair of reread) {
          const key = rowKeyOf(pair);
          const r = found.get(key);
          if (r) entry.reports.set(key, r);
          else entry.reports.delete(key);
          rows.add(key);
        }
        finish();
      },
      (err: unknown) => {
        console.error(`re-reading rows of ${P} failed`, err);
        this.entries.delete(P);
        if (this.listeners.has(P)) void this.load(P);
      },
    );
  }

  private recompute(entry: Entry, rows: ReadonlySet<RowKey>, units: ReadonlySet<string>): void {
    const { frame, period } = entry;
    const imported = importedUnits([...entry.imports.values()], period);
    const next = entry.rows.slice();
    entry.rows.forEach((row, i) => {
      if (!rows.has(row.key) && !units.has(row.unit)) return;
      next[i] = periodRow(
        row,
        entry.reports.get(row.key),
        period,
        frame.meta.year,
        imported,
        rowExtras(entry, row.key),
      );
    });
    entry.rows = next;
    entry.view = snapshot(entry);
  }

  /** Commits from another tab or window advance the revision without telling this one: reload. */
  private watchOtherTabs(): void {
    if (this.unwatch) return;
    const sub = liveQuery(() => this.store.revision()).subscribe({
      next: (rev) => {
        if (this.revision >= 0 && rev > Math.max(this.revision, this.store.localRevision)) {
          this.revision = rev;
          this.reloadAll();
        }
      },
      error: (err: unknown) => console.error('watching the ledger revision failed', err),
    });
    this.unwatch = () => sub.unsubscribe();
  }

  dispose(): void {
    this.unwatch?.();
  }
}

function snapshot(entry: Entry): PeriodView {
  const { frame, period } = entry;
  const units = frame.unitsWithWork;
  const slice = { period, imports: [...entry.imports.values()], firstEntries: entry.firstEntries };
  const state: PeriodState = {
    period,
    planYear: frame.meta.year,
    dueDate: returnDueDate(period, frame.settings.returnDueDay),
    rows: entry.rows,
    returns: unitReturns(slice, units, frame.settings.returnDueDay),
  };
  return { frame, state };
}

function frameOf(
  meta: PlanMeta,
  plans: PlanMeta[],
  tasks: Task[],
  units: Unit[],
  resolutions: GroupResolution[],
  settings: LedgerSettings,
): LedgerFrame {
  const assignments = allAssignments(tasks, units, resolutions);
  return {
    meta,
    plans,
    tasks,
    taskIds: new Set(tasks.map((t) => t.id)),
    units,
    resolutions,
    settings,
    assignments,
    unitsWithWork: unitsInOrder(units, assignments),
  };
}

/**
 * The month's slice from the start-up read, by the store's rule (DexieLedgerStore.reportsAsOf):
 * a row's own report, else its newest one when that is not later than the month. A row whose newest
 * report is later needs a ranged read of its history: then null, and the store reads the month.
 */
export function sliceFromEarlyRead(early: EarlyRead, pairs: readonly RowRef[]): PeriodSlice | null {
  // Continuity reads earlier plans' reports: the store's own read does that.
  if (early.linked) return null;
  const own = new Map(early.reports.map((r) => [rowKeyOf(r), r]));
  const newest = new Map(early.latest.map((r) => [rowKeyOf(r), r]));
  const reports = new Map<RowKey, ProgressReport>();
  for (const p of pairs) {
    const key = rowKeyOf(p);
    const r = own.get(key);
    if (r) {
      reports.set(key, r);
      continue;
    }
    const n = newest.get(key);
    if (!n) continue;
    if (n.period > early.period) return null;
    reports.set(key, n);
  }
  return {
    period: early.period,
    reports,
    imports: early.imports,
    firstEntries: new Map(early.entries.map((e) => [e.unit, e.firstAt])),
    ...sliceExtras(early.period, early),
  };
}
