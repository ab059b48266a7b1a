// The app's ledger store: the read port (shared/engine/read-port.ts) over IndexedDB, and the one
// commit of a change set. `run(useCase)` reads, decides and commits inside ONE read-write
// transaction — so nothing can change between what a use case read and what it writes — and then
// tells subscribers what changed (the period views update from that, without re-reading).
//
// What commit keeps besides the reports, audit, batches, resolutions, settings and district bases:
//  - `latest`: per (task, unit) a copy of its newest report. Reading a month is then one index read
//    of the month's own reports plus, for rows without one, one bulk read of `latest`; only a row
//    whose newest report is later than the month being read (someone looking back) costs a ranged
//    read of its own. No read walks earlier months' keys.
//  - `planEntries`: per (plan, unit, month) the time of its first typed or pasted value in that
//    plan's tasks (a return received through the app), so "who has returned" is one small index read.
//  - the plans: a plan written whole replaces its tasks; new units join the registry's order.
// reportsAsOf applies continuity (shared/continuity.ts): a task continuing last year's starts from it.
//  - `segments`: each touched month's backup segments get a new generation (their cached bytes no
//    longer count; renderer/db/backup-store.ts rebuilds them on the next backup).
//  - the `revision` setting, advanced by one per commit: other tabs and hooks watch it.

import Dexie from 'dexie';
import { isEmptyChangeSet, type ChangeSet, type Decision } from '../../shared/engine/change-set.ts';
import type { AttachmentQuery, LedgerReader } from '../../shared/engine/read-port.ts';
import {
  rowKey,
  rowKeyOf,
  reportKeyOf,
  type ReportKey,
  type ReportRef,
  type RowKey,
  type RowRef,
} from '../../shared/keys.ts';
import type { Attachment } from '../../shared/evidence/model.ts';
import type { ExtensionRequest } from '../../shared/extension.ts';
import type { Review } from '../../shared/review.ts';
import {
  completeSettings,
  LEDGER_FORMAT,
  LEDGER_VERSION,
  type Ledger,
  type LedgerSettings,
} from '../../shared/ledger.ts';
import { SEGMENT_PARTS, segmentName, type SegmentPart } from '../../shared/segments.ts';
import type { EvidenceBlob } from '../../shared/evidence/model.ts';
import {
  isEntrySource,
  type AuditEntry,
  type GroupResolution,
  type ImportBatch,
  type Period,
  type PlanDocument,
  type PlanMeta,
  type PlanRevision,
  type ProgressReport,
  type Task,
  type TaskLink,
  type Unit,
} from '../../shared/model.ts';
import type { PlanChanges } from '../../shared/engine/change-set.ts';
import { sortPlans } from '../../shared/engine/read-port.ts';
import { continueAnswers, linkMap } from '../../shared/continuity.ts';
import { planOfTaskId } from '../../shared/plan-ids.ts';
import type { PeriodSlice } from '../../shared/period-state.ts';
import { sliceExtras } from '../../shared/engine/memory-store.ts';
import type { DistrictBase } from '../../shared/return-exchange.ts';
import { sortTasks } from '../../shared/task-view.ts';
import { orderUnits, seedVersion } from './repository.ts';
import {
  SETTING_REVISION,
  SETTING_SEED,
  SETTING_UNIT_ORDER,
  type EntryRow,
  type PlanEntryIdbKey,
  type ReportIdbKey,
  type RowIdbKey,
  type SeedInfo,
  type SettingRow,
  type TaizhangDB,
  type TaskRow,
} from './schema.ts';

export { SETTING_LEDGER } from './db-names.ts';
import { SETTING_LEDGER } from './db-names.ts';

/** Pairs beyond this many are read through the month's index instead of one key each. */
const KEY_READ_LIMIT = 64;

const ledgerTables = (db: TaizhangDB) => [
  db.plans,
  db.tasks,
  db.taskLinks,
  db.planRevisions,
  db.units,
  db.reports,
  db.latest,
  db.audit,
  db.planEntries,
  db.imports,
  db.groupResolutions,
  db.planDistrictBases,
  db.segments,
  db.settings,
  db.attachments,
  db.blobs,
  db.reviews,
  db.extensions,
];

export type CommitListener = (changes: ChangeSet, revision: number) => void;

export class DexieLedgerStore implements LedgerReader {
  private readonly listeners = new Set<CommitListener>();
  /** The revision this window's last commit reached (set before the commit is visible elsewhere). */
  localRevision = 0;

  constructor(readonly db: TaizhangDB) {}

  // --- the read port (joins the ambient transaction when called inside run) -------------------

  async plans(): Promise<PlanMeta[]> {
    return sortPlans(await this.db.plans.toArray());
  }

  async tasks(planId: string): Promise<Task[]> {
    return sortTasks((await this.db.tasks.where('planId').equals(planId).toArray()).map(taskOf));
  }

  async taskLinks(): Promise<TaskLink[]> {
    return this.db.taskLinks.toArray();
  }

  async planRevisions(planId: string): Promise<PlanRevision[]> {
    return (await this.db.planRevisions.where('planId').equals(planId).toArray()).sort(
      (a, b) => a.version - b.version || (a.at < b.at ? -1 : 1),
    );
  }

  async units(): Promise<Unit[]> {
    const [units, order] = await Promise.all([
      this.db.units.toArray(),
      this.db.settings.get(SETTING_UNIT_ORDER),
    ]);
    return orderUnits(units, (order?.value as string[] | undefined) ?? []);
  }

  async groupResolutions(): Promise<GroupResolution[]> {
    return this.db.groupResolutions.toArray();
  }

  async settings(): Promise<LedgerSettings> {
    const row = (await this.db.settings.get(SETTING_LEDGER)) as
      SettingRow<Partial<LedgerSettings>> | undefined;
    return completeSettings(row?.value);
  }

  async reportsAsOf(period: Period, pairs: readonly RowRef[]): Promise<Map<RowKey, ProgressReport>> {
    const out = await this.ownReportsAsOf(period, pairs);
    if (out.size < pairs.length) {
      const links = await this.db.taskLinks.toArray();
      await continueAnswers(period, pairs, out, linkMap(links), (p, q) => this.ownReportsAsOf(p, q));
    }
    return out;
  }

  /** reportsAsOf without continuity: the pairs' own reports. */
  async ownReportsAsOf(period: Period, pairs: readonly RowRef[]): Promise<Map<RowKey, ProgressReport>> {
    const out = new Map<RowKey, ProgressReport>();
    if (pairs.length === 0) return out;
    const wanted = new Map<RowKey, RowRef>(pairs.map((p) => [rowKeyOf(p), p]));
    // 1. The month's own reports.
    const units = new Set(pairs.map((p) => p.unit));
    let own: (ProgressReport | undefined)[];
    if (wanted.size <= KEY_READ_LIMIT)
      own = await this.db.reports.bulkGet(
        [...wanted.values()].map((p) => [p.taskId, p.unit, period] as ReportIdbKey),
      );
    else if (units.size === 1)
      own = await this.db.reports
        .where('[unit+period]')
        .equals([[...units][0] as string, period])
        .toArray();
    else own = await this.db.reports.where('period').equals(period).toArray();
    for (const r of own) {
      if (!r) continue;
      const key = rowKeyOf(r);
      if (wanted.has(key)) out.set(key, r);
    }
    // 2. For the rest, their newest report, when it is not later than the month.
    if (out.size === wanted.size) return out;
    const rest = [...wanted.entries()].filter(([k]) => !out.has(k));
    const newest = await this.db.latest.bulkGet(rest.map(([, p]) => [p.taskId, p.unit] as RowIdbKey));
    const lookBack: RowRef[] = [];
    rest.forEach(([key, pair], i) => {
      const r = newest[i];
      if (!r) return;
      if (r.period <= period) out.set(key, r);
      else lookBack.push(pair);
    });
    // 3. Looking back from a later report: the latest report before the month, one ranged read each.
    const found = await Promise.all(
      lookBack.map((p) =>
        this.db.reports
          .where('[taskId+unit+period]')
          .between([p.taskId, p.unit, Dexie.minKey], [p.taskId, p.unit, period], true, true)
          .last(),
      ),
    );
    for (const r of found) if (r) out.set(rowKeyOf(r), r);
    return out;
  }

  async auditOf(unit: string, period: Period): Promise<AuditEntry[]> {
    return this.db.audit.where('[unit+period]').equals([unit, period]).toArray();
  }

  async importsOf(unit: string, period: Period): Promise<ImportBatch[]> {
    return this.db.imports.where('[unit+period]').equals([unit, period]).toArray();
  }

  async importBatch(id: string): Promise<ImportBatch | undefined> {
    return this.db.imports.get(id);
  }

  async importsWithHash(sha256: string): Promise<ImportBatch[]> {
    return this.db.imports.where('sha256').equals(sha256).toArray();
  }

  async districtBase(planId: string, unit: string, period: Period): Promise<DistrictBase | undefined> {
    return this.db.planDistrictBases.get([planId, unit, period]);
  }

  async reviews(refs: readonly ReportRef[]): Promise<Map<ReportKey, Review>> {
    const out = new Map<ReportKey, Review>();
    if (refs.length === 0) return out;
    const found = await this.db.reviews.bulkGet(
      refs.map((r) => [r.taskId, r.unit, r.period] as ReportIdbKey),
    );
    for (const r of found) if (r) out.set(reportKeyOf(r), r);
    return out;
  }

  async attachments(query: AttachmentQuery): Promise<Attachment[]> {
    const t = this.db.attachments;
    if ('taskId' in query && 'period' in query)
      return t.where('[taskId+unit+period]').equals([query.taskId, query.unit, query.period]).toArray();
    if ('period' in query) return t.where('[unit+period]').equals([query.unit, query.period]).toArray();
    return t.where('[taskId+unit]').equals([query.taskId, query.unit]).toArray();
  }

  async attachment(id: string): Promise<Attachment | undefined> {
    return this.db.attachments.get(id);
  }

  async knownBlobs(sha256s: readonly string[]): Promise<Set<string>> {
    if (sha256s.length === 0) return new Set();
    return new Set(
      (await this.db.blobs
        .where('sha256')
        .anyOf([...sha256s])
        .primaryKeys()) as string[],
    );
  }

  async extensions(row?: RowRef): Promise<ExtensionRequest[]> {
    return row
      ? this.db.extensions.where('[taskId+unit]').equals([row.taskId, row.unit]).toArray()
      : this.db.extensions.toArray();
  }

  // --- views ---------------------------------------------------------------------------------

  /** What the period read model needs for one plan's month: indexed slices only. */
  async periodSlice(planId: string, period: Period, pairs: readonly RowRef[]): Promise<PeriodSlice> {
    return (await this.periodSliceAt(planId, period, pairs)).slice;
  }

  /**
   * periodSlice and the ledger revision it shows, read in one transaction: what a cache of months
   * needs to tell later commits from those the slice already holds, without a second round trip.
   */
  async periodSliceAt(
    planId: string,
    period: Period,
    pairs: readonly RowRef[],
  ): Promise<{ slice: PeriodSlice; revision: number }> {
    const db = this.db;
    return db.transaction(
      'r',
      [
        db.settings,
        db.reports,
        db.latest,
        db.taskLinks,
        db.imports,
        db.planEntries,
        db.reviews,
        db.attachments,
        db.extensions,
      ],
      async () => {
        const [revision, reports, imports, entries, reviews, attachments, extensions] = await Promise.all([
          this.revision(),
          this.reportsAsOf(period, pairs),
          db.imports.where('period').equals(period).toArray(),
          db.planEntries.where('[planId+period]').equals([planId, period]).toArray(),
          db.reviews.where('period').equals(period).toArray(),
          db.attachments.where('period').equals(period).toArray(),
          db.extensions.toArray(),
        ]);
        const slice: PeriodSlice = {
          period,
          reports,
          imports: imports.filter((b) => b.planId === planId),
          firstEntries: new Map(entries.map((e) => [e.unit, e.firstAt])),
          ...sliceExtras(period, { reviews, attachments, extensions }),
        };
        return { slice, revision };
      },
    );
  }

  async revision(): Promise<number> {
    return ((await this.db.settings.get(SETTING_REVISION))?.value as number | undefined) ?? 0;
  }

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- writing -------------------------------------------------------------------------------

  /** Read, decide and commit in one transaction; subscribers hear of it once it is durable. */
  async run<R>(useCase: (reader: LedgerReader) => Promise<Decision<R>> | Decision<R>): Promise<R> {
    let committed: { changes: ChangeSet; revision: number } | null = null;
    const before = this.localRevision;
    let result: R;
    try {
      result = await this.db.transaction('rw', ledgerTables(this.db), async () => {
        const { changes, result } = await useCase(this);
        const revision = await this.commitInTransaction(changes);
        committed = revision === null ? null : { changes, revision };
        return result;
      });
    } catch (err) {
      this.localRevision = before;
      throw err;
    }
    if (committed) {
      const { changes, revision } = committed;
      for (const l of this.listeners) {
        try {
          l(changes, revision);
        } catch (err) {
          console.error('ledger store: a commit listener failed', err);
        }
      }
    }
    return result;
  }

  /** Decide without committing (a preview, a dry run): read-only, nothing written. */
  async preview<R>(useCase: (reader: LedgerReader) => Promise<Decision<R>> | Decision<R>): Promise<R> {
    return this.db.transaction('r', ledgerTables(this.db), async () => (await useCase(this)).result);
  }

  /** Commit a change set decided elsewhere (tests; the run above is the app's path). */
  async commit(changes: ChangeSet): Promise<void> {
    await this.run(() => ({ changes, result: undefined }));
  }

  /** Returns the new revision, or null when the change set was empty. */
  private async commitInTransaction(c: ChangeSet): Promise<number | null> {
    const db = this.db;
    if (c.replace) {
      await this.replaceAll(c.replace, c.blobs);
      return this.bumpRevision();
    }
    if (isEmptyChangeSet(c)) return null;
    // Reports, and the newest report per (task, unit).
    const puts = new Map(c.reports.put.map((r) => [reportKeyOf(r), r]));
    const deletes = c.reports.delete.filter((d) => !puts.has(reportKeyOf(d)));
    if (deletes.length)
      await db.reports.bulkDelete(deletes.map((d) => [d.taskId, d.unit, d.period] as ReportIdbKey));
    if (puts.size) await db.reports.bulkPut([...puts.values()]);
    const pairs = new Map<RowKey, RowRef>();
    for (const r of [...puts.values(), ...deletes]) pairs.set(rowKey(r.taskId, r.unit), r);
    if (pairs.size) {
      const keys = [...pairs.values()].map((p) => [p.taskId, p.unit] as RowIdbKey);
      const current = await db.latest.bulkGet(keys);
      const newestPut = new Map<RowKey, ProgressReport>();
      for (const r of puts.values()) {
        const seen = newestPut.get(rowKeyOf(r));
        if (!seen || seen.period <= r.period) newestPut.set(rowKeyOf(r), r);
      }
      const deleted = new Set(deletes.map((d) => reportKeyOf(d)));
      const nextLatest: ProgressReport[] = [];
      const recompute: RowRef[] = [];
      [...pairs.entries()].forEach(([key, p], i) => {
        const now = current[i];
        const put = newestPut.get(key);
        const best = put && (!now || now.period <= put.period) ? put : now;
        if (best && deleted.has(reportKeyOf(best))) recompute.push(p);
        else if (best && best !== now) nextLatest.push(best);
      });
      for (const p of recompute) {
        const newest = await db.reports
          .where('[taskId+unit+period]')
          .between([p.taskId, p.unit, Dexie.minKey], [p.taskId, p.unit, Dexie.maxKey])
          .last();
        if (newest) nextLatest.push(newest);
        else await db.latest.delete([p.taskId, p.unit]);
      }
      if (nextLatest.length) await db.latest.bulkPut(nextLatest);
    }
    // Audit, and the first typed value per unit and month.
    if (c.audit.length) {
      await db.audit.bulkAdd(c.audit);
      const typed = c.audit.filter((e) => isEntrySource(e.source));
      if (typed.length) {
        const plans = [...(c.plans?.put ?? []), ...(await db.plans.toArray())];
        const first = firstEntries(typed, plans);
        const rows = [...first.values()];
        const stored = await db.planEntries.bulkGet(
          rows.map((r) => [r.planId, r.unit, r.period] as PlanEntryIdbKey),
        );
        const earlier = rows.filter((r, i) => !stored[i] || r.firstAt < (stored[i] as EntryRow).firstAt);
        if (earlier.length) await db.planEntries.bulkPut(earlier);
      }
    }
    if (c.imports.length) await db.imports.bulkPut(c.imports);
    if (c.groupResolutions.delete.length)
      await db.groupResolutions.bulkDelete(
        c.groupResolutions.delete.map((d) => [d.taskId, d.group] as [string, string]),
      );
    if (c.groupResolutions.put.length) await db.groupResolutions.bulkPut(c.groupResolutions.put);
    if (c.settings)
      await db.settings.put({ key: SETTING_LEDGER, value: { ...(await this.settings()), ...c.settings } });
    if (c.districtBases.length) await db.planDistrictBases.bulkPut(c.districtBases);
    await this.commitEvidence(c);
    if (c.reviews.length) await db.reviews.bulkPut(c.reviews);
    if (c.extensions.delete.length) await db.extensions.bulkDelete(c.extensions.delete.map((d) => d.id));
    if (c.extensions.put.length) await db.extensions.bulkPut(c.extensions.put);
    if (c.plans) await this.commitPlans(c.plans);
    // The months whose backup segments are now out of date.
    const touched = new Map<string, [SegmentPart, Period]>();
    const mark = (part: SegmentPart, period: Period) =>
      touched.set(segmentName(part, period), [part, period]);
    for (const r of c.reports.put) mark('reports', r.period);
    for (const r of c.reports.delete) mark('reports', r.period);
    for (const e of c.audit) mark('audit', e.period);
    for (const b of c.imports) mark('imports', b.period);
    for (const a of c.attachments.put) mark('attachments', a.period);
    for (const a of c.attachments.delete) mark('attachments', a.period);
    for (const r of c.reviews) mark('reviews', r.period);
    for (const e of c.extensions.put) mark('extensions', e.period);
    for (const e of c.extensions.delete) mark('extensions', e.period);
    if (touched.size) {
      const keys = [...touched.values()];
      const rows = await db.segments.bulkGet(keys);
      await db.segments.bulkPut(
        keys.map(([part, period], i) => ({ part, period, gen: (rows[i]?.gen ?? 0) + 1 })),
      );
    }
    return this.bumpRevision();
  }

  /** A plan written whole replaces its tasks; new units join the registry's order last. */
  private async commitPlans(c: PlanChanges): Promise<void> {
    const db = this.db;
    for (const plan of c.put) {
      const { tasks, ...meta } = plan;
      await db.plans.put(meta);
      const keep = new Set(tasks.map((t) => t.id));
      const old = await db.tasks.where('planId').equals(plan.id).primaryKeys();
      const gone = old.filter((id) => !keep.has(id));
      if (gone.length) await db.tasks.bulkDelete(gone);
      await db.tasks.bulkPut(tasks.map((t): TaskRow => ({ ...t, planId: plan.id })));
    }
    if (c.units.length) {
      await db.units.bulkPut(c.units);
      const order = ((await db.settings.get(SETTING_UNIT_ORDER))?.value as string[] | undefined) ?? [];
      const added = c.units.map((u) => u.name).filter((n) => !order.includes(n));
      if (added.length) await db.settings.put({ key: SETTING_UNIT_ORDER, value: [...order, ...added] });
    }
    if (c.links.delete.length) await db.taskLinks.bulkDelete(c.links.delete);
    if (c.links.put.length) await db.taskLinks.bulkPut(c.links.put);
    if (c.revisions.length) await db.planRevisions.bulkAdd(c.revisions);
  }

  /**
   * Evidence links, then the bytes: a hash the table holds already is not written again (its blob
   * may be hundreds of MB); a hash no link points to any more is dropped with its thumbnail.
   */
  private async commitEvidence(c: ChangeSet): Promise<void> {
    const db = this.db;
    const puts = c.attachments.put;
    const deletes = c.attachments.delete.filter((d) => !puts.some((a) => a.id === d.id));
    const gone = deletes.length
      ? (await db.attachments.bulkGet(deletes.map((d) => d.id))).filter((a) => a)
      : [];
    if (deletes.length) await db.attachments.bulkDelete(deletes.map((d) => d.id));
    if (c.blobs.length) {
      const have = await this.knownBlobs(c.blobs.map((b) => b.sha256));
      const fresh = new Map(c.blobs.filter((b) => !have.has(b.sha256)).map((b) => [b.sha256, b]));
      if (fresh.size) await db.blobs.bulkAdd([...fresh.values()]);
    }
    if (puts.length) {
      const have = await this.knownBlobs(puts.map((a) => a.sha256));
      const missing = puts.find((a) => !have.has(a.sha256));
      if (missing) throw new Error(`attachment ${missing.id}: no bytes for ${missing.sha256}`);
      await db.attachments.bulkPut(puts);
    }
    for (const h of new Set(gone.map((a) => (a as Attachment).sha256)))
      if ((await db.attachments.where('sha256').equals(h).count()) === 0) await db.blobs.delete(h);
  }

  private async bumpRevision(): Promise<number> {
    const next = (await this.revision()) + 1;
    await this.db.settings.put({ key: SETTING_REVISION, value: next });
    this.localRevision = next;
    return next;
  }

  /** A restore: every piece of ledger data replaced; the user's own settings are kept. */
  private async replaceAll(ledger: Ledger, blobs: readonly EvidenceBlob[]): Promise<void> {
    const db = this.db;
    await Promise.all([
      db.plans.clear(),
      db.tasks.clear(),
      db.taskLinks.clear(),
      db.planRevisions.clear(),
      db.units.clear(),
      db.reports.clear(),
      db.latest.clear(),
      db.audit.clear(),
      db.planEntries.clear(),
      db.imports.clear(),
      db.groupResolutions.clear(),
      db.planDistrictBases.clear(),
      db.segments.clear(),
      db.attachments.clear(),
      db.blobs.clear(),
      db.reviews.clear(),
      db.extensions.clear(),
    ]);
    for (const plan of ledger.plans) {
      const { tasks, ...meta } = plan;
      await db.plans.add(meta);
      await db.tasks.bulkAdd(tasks.map((t): TaskRow => ({ ...t, planId: plan.id })));
    }
    await db.taskLinks.bulkAdd(ledger.taskLinks);
    await db.planRevisions.bulkAdd(ledger.planRevisions);
    await db.units.bulkAdd(ledger.units);
    await db.reports.bulkAdd(ledger.reports);
    const newest = new Map<RowKey, ProgressReport>();
    for (const r of ledger.reports) {
      const seen = newest.get(rowKeyOf(r));
      if (!seen || seen.period < r.period) newest.set(rowKeyOf(r), r);
    }
    await db.latest.bulkAdd([...newest.values()]);
    await db.audit.bulkAdd(ledger.audit);
    await db.planEntries.bulkAdd([
      ...firstEntries(
        ledger.audit.filter((e) => isEntrySource(e.source)),
        ledger.plans,
      ).values(),
    ]);
    await db.imports.bulkAdd(ledger.imports);
    await db.groupResolutions.bulkAdd(ledger.groupResolutions);
    await db.planDistrictBases.bulkAdd(ledger.districtBases);
    const bytes = new Map(blobs.map((b) => [b.sha256, b]));
    const missing = ledger.attachments.find((a) => !bytes.has(a.sha256));
    if (missing) throw new Error(`restore: attachment ${missing.id} has no bytes (${missing.sha256})`);
    await db.blobs.bulkAdd([...new Set(ledger.attachments.map((a) => a.sha256))].map((h) => bytes.get(h)!));
    await db.attachments.bulkAdd(ledger.attachments);
    await db.reviews.bulkAdd(ledger.reviews);
    await db.extensions.bulkAdd(ledger.extensions);
    const months = new Map<string, { part: SegmentPart; period: Period; gen: number }>();
    for (const part of SEGMENT_PARTS)
      for (const r of ledger[part])
        months.set(segmentName(part, r.period), { part, period: r.period, gen: 0 });
    await db.segments.bulkPut([...months.values()]);
    const first = ledger.plans.find((p) => p.bareIds) ?? (ledger.plans[0] as PlanDocument);
    const info: SeedInfo = {
      version: seedVersion(first, ledger.units),
      planId: first.id,
      taskCount: first.tasks.length,
      unitCount: ledger.units.length,
      seededAt: new Date().toISOString(),
    };
    await db.settings.bulkPut([
      { key: SETTING_SEED, value: info },
      { key: SETTING_LEDGER, value: ledger.settings },
      { key: SETTING_UNIT_ORDER, value: ledger.units.map((u) => u.name) },
    ]);
  }

  /** The whole ledger, read in one transaction (tests and the contract suite compare stores with it). */
  async snapshot(savedAt = new Date().toISOString()): Promise<Ledger> {
    return this.db.transaction('r', ledgerTables(this.db), async () => {
      const plans = await this.plans();
      return {
        format: LEDGER_FORMAT,
        version: LEDGER_VERSION,
        savedAt,
        plans: await Promise.all(plans.map(async (meta) => ({ ...meta, tasks: await this.tasks(meta.id) }))),
        units: await this.units(),
        reports: await this.db.reports.toArray(),
        audit: await this.db.audit.orderBy('at').toArray(),
        imports: await this.db.imports.toArray(),
        groupResolutions: await this.db.groupResolutions.toArray(),
        settings: await this.settings(),
        districtBases: await this.db.planDistrictBases.toArray(),
        taskLinks: await this.db.taskLinks.toArray(),
        planRevisions: await this.db.planRevisions.toArray(),
        attachments: await this.db.attachments.toArray(),
        reviews: await this.db.reviews.toArray(),
        extensions: await this.db.extensions.toArray(),
      };
    });
  }
}

/** A task row without the plan the table indexes it by. */
function taskOf(row: TaskRow): Task {
  const { planId: _planId, ...task } = row;
  return task;
}

/** Each (plan, unit, month)'s first typed or pasted value among `typed` (entry-source audit entries). */
function firstEntries(
  typed: readonly AuditEntry[],
  plans: readonly Pick<PlanMeta, 'id' | 'bareIds'>[],
): Map<string, EntryRow> {
  const first = new Map<string, EntryRow>();
  for (const e of typed) {
    const planId = planOfTaskId(plans, e.taskId)?.id;
    if (!planId) continue;
    const key = `${planId}|${rowKey(e.unit, e.period)}`;
    const seen = first.get(key);
    if (!seen || e.at < seen.firstAt)
      first.set(key, { planId, unit: e.unit, period: e.period, firstAt: e.at });
  }
  return first;
}
