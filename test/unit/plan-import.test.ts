// Plans beyond 2021: a plan's Word document or workbook read through the seed's rules, a new plan
// added to a ledger (units decided first, ids qualified), continuity, a corrected reissue, and
// returns kept to their own plan.
import { describe, expect, it } from 'vitest';
import plan from '../../seeds/plan.json' with { type: 'json' };
import units from '../../seeds/units.json' with { type: 'json' };
import type { PlanDocument, Unit, UnitNameDecision } from '../../shared/model.ts';
import { UnitIndex } from '../../shared/registry.ts';
import { openPlanFile } from '../../shared/plan-import/open-plan-file.ts';
import { buildPlan } from '../../shared/plan-import/build-plan.ts';
import type { PlanSource } from '../../shared/plan-import/plan-table.ts';
import { createLedger } from '../../shared/ledger.ts';
import { restoreLedger, writeLedger } from '../../shared/ledger-file.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { importPlan, linkTasks, reissuePlan } from '../../shared/engine/plan-cases.ts';
import { importReturns } from '../../shared/engine/import-returns.ts';
import { unitWorkbookRows } from '../../shared/engine/workbook-rows.ts';
import { editCells } from '../../shared/engine/edit-cells.ts';
import { exportReturnWorkbook } from '../../shared/workbook/export-workbook.ts';
import { readReturnWorkbook } from '../../shared/workbook/read-workbook.ts';
import { rowKey } from '../../shared/keys.ts';
import { periodStateOf } from '../../shared/engine/ledger-period.ts';
import { periodRow } from '../../shared/period-state.ts';
import { finalStates, linkMap } from '../../shared/continuity.ts';
import { planDocSpec, planDocx, planXlsx, type PlanDocSpec } from '../support/plan-docx.ts';
import { CONTINUED_2022, PLAN_2022 } from '../support/plan-2022.ts';

const PLAN_2021 = plan as PlanDocument;
const UNITS = units as Unit[];
let seq = 0;
const ctx = (who = '协调员') => ({ who, at: '2022-03-05T08:00:00.000Z', newId: () => `id-${++seq}` });

async function sourceOf(bytes: Uint8Array, fileName: string): Promise<PlanSource> {
  const read = await openPlanFile(bytes, { fileName });
  if (!read.ok) throw new Error(read.error.log);
  return read.source;
}

const DECISIONS_2022: UnitNameDecision[] = [
  { name: '区数据局', action: 'add', to: '区数据局', kind: 'district' },
  { name: '区城市更新办', action: 'add', to: '区城市更新办', kind: 'district' },
  { name: '区河长办', action: 'alias', to: '区水务局' },
  { name: '宋庄镇政府', action: 'map', to: '宋庄镇' },
];

describe('the 2021 plan as the office issued it', () => {
  it.each([
    ['a Word document (.docx) with merged cells and repeated headers', 'docx'],
    ['a workbook (.xlsx) of the same table', 'xlsx'],
  ] as const)('%s reads back as seeds/plan.json, task for task', async (_name, kind) => {
    const spec = planDocSpec(PLAN_2021);
    const bytes = kind === 'docx' ? await planDocx(spec) : await planXlsx(spec);
    const built = buildPlan(await sourceOf(bytes, `plan.${kind}`), {
      units: new UnitIndex(UNITS),
      id: PLAN_2021.id,
      year: 2021,
    });
    expect(built.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(built.unknownUnits).toEqual([]);
    expect(built.plan.tasks).toHaveLength(134);
    built.plan.tasks.forEach((t, i) => expect(t).toEqual(PLAN_2021.tasks[i]));
    if (kind === 'docx') expect(built.plan).toEqual(PLAN_2021);
  });
});

describe('a synthetic 2022 plan', () => {
  it('reports the unknown unit names, with where they are written, before anything is written', async () => {
    const source = await sourceOf(await planDocx(PLAN_2022), '2022.docx');
    const store = new MemoryLedgerStore(createLedger(PLAN_2021, UNITS));
    const tried = await importPlan(
      store,
      ctx(),
      { source, fileName: '2022.docx', sha256: null },
      { apply: true },
    );
    expect(tried.result.ok).toBe(false);
    expect(tried.changes.plans).toBeNull();
    expect(tried.result.undecided.map((u) => u.name).sort()).toEqual(
      ['区城市更新办', '区数据局', '区河长办', '宋庄镇政府'].sort(),
    );
    expect(tried.result.refusal).toContain('4 个单位名称不在名录中');
    const river = tried.result.undecided.find((u) => u.name === '区河长办')!;
    expect(river.occurrences[0]).toMatchObject({ taskId: 'water-01', column: '主责单位' });
  });

  it.each([
    ['2022年6月底前', { kind: 'due', due: '2022-06-30' }],
    ['每季度', { kind: 'ongoing', every: 'quarter' }],
    ['2022—2025年', { kind: 'window', from: '2022-01-01', to: '2025-12-31' }],
    ['持续推进', { kind: 'ongoing' }],
    ['2022年9月30日前', { kind: 'due', due: '2022-09-30' }],
    ['根据上级部署', { kind: 'unknown' }],
  ])('reads the deadline %s as %o (never guessed)', async (raw, meaning) => {
    const source = await sourceOf(await planDocx(PLAN_2022), '2022.docx');
    const built = buildPlan(source, { units: new UnitIndex(UNITS) });
    const task = built.plan.tasks.find((t) => t.deadline.raw.replace(/\s/g, '') === raw);
    expect(task?.deadline).toMatchObject(meaning);
    if (meaning.kind === 'unknown')
      expect(built.issues.some((i) => i.code === 'unknown-deadline' && i.taskId === task!.id)).toBe(true);
  });

  it('enters the ledger as a second plan: units decided, ids qualified, continuity suggested and confirmed', async () => {
    const source = await sourceOf(await planDocx(PLAN_2022), '2022.docx');
    const store = new MemoryLedgerStore(createLedger(PLAN_2021, UNITS));
    const preview = await importPlan(
      store,
      ctx(),
      { source, fileName: '2022.docx', sha256: null, units: DECISIONS_2022 },
      { apply: false },
    );
    expect(preview.result.ok).toBe(true);
    expect(preview.result.plan.id).toBe('tongzhou-2022');
    // Suggestions: exactly the tasks written as continuations, each to the 2021 task it rewords.
    expect(Object.fromEntries(preview.result.suggestions.map((s) => [s.taskId, s.continues]))).toEqual(
      Object.fromEntries(Object.entries(CONTINUED_2022).map(([n, o]) => [`tongzhou-2022.${n}`, o])),
    );
    const links = preview.result.suggestions.map((s) => ({
      taskId: s.taskId,
      continues: s.continues,
      score: s.score,
    }));
    const applied = await importPlan(
      store,
      ctx(),
      { source, fileName: '2022.docx', sha256: 'a'.repeat(64), units: DECISIONS_2022, links },
      { apply: true },
    );
    store.commit(applied.changes);
    const ledger = restoreLedger(writeLedger(store.ledger));
    expect(ledger.plans.map((p) => [p.id, p.bareIds ?? false])).toEqual([
      ['tongzhou-2021', true],
      ['tongzhou-2022', false],
    ]);
    const p22 = ledger.plans[1]!;
    expect(p22.tasks.every((t) => t.id.startsWith('tongzhou-2022.'))).toBe(true);
    // The decisions: new units, an alias kept, a mapped spelling read as the unit.
    expect(ledger.units.find((u) => u.name === '区数据局')).toMatchObject({ kind: 'district' });
    expect(ledger.units.find((u) => u.name === '区水务局')?.aliases).toContain('区河长办');
    expect(ledger.units.find((u) => u.name === '宋庄镇')?.aliases).not.toContain('宋庄镇政府');
    expect(p22.tasks.find((t) => t.id === 'tongzhou-2022.water-01')?.leadUnits).toEqual(['区水务局']);
    expect(p22.tasks.some((t) => t.coUnits.includes('宋庄镇'))).toBe(true);
    expect(ledger.taskLinks.map((l) => [l.taskId, l.continues, l.linkedBy])).toHaveLength(5);
    expect(ledger.planRevisions).toEqual([
      expect.objectContaining({ planId: 'tongzhou-2022', version: 1, kind: 'import', fileName: '2022.docx' }),
    ]);
    // The same document again is another plan with the same id: refused.
    const again = await importPlan(
      store,
      ctx(),
      { source, fileName: '2022.docx', sha256: null, units: DECISIONS_2022 },
      { apply: true },
    );
    expect(again.result.refusal).toContain('已有计划');
  });
});

/** A ledger holding 2021 and 2022, with 永乐店镇's 2021 final state of air-02 reported. */
async function twoPlans(): Promise<MemoryLedgerStore> {
  const store = new MemoryLedgerStore(createLedger(PLAN_2021, UNITS));
  const source = await sourceOf(await planDocx(PLAN_2022), '2022.docx');
  const pre = await importPlan(
    store,
    ctx(),
    { source, fileName: '2022.docx', sha256: null, units: DECISIONS_2022 },
    { apply: false },
  );
  const links = pre.result.suggestions.map((s) => ({ taskId: s.taskId, continues: s.continues }));
  store.commit(
    (
      await importPlan(
        store,
        ctx(),
        { source, fileName: '2022.docx', sha256: null, units: DECISIONS_2022, links },
        { apply: true },
      )
    ).changes,
  );
  store.commit(
    (
      await editCells(store, ctx('永乐店镇'), {
        source: 'edit',
        writes: [
          { taskId: 'air-02', unit: '永乐店镇', period: '2021-12', field: 'status', value: '推进中' },
          { taskId: 'air-02', unit: '永乐店镇', period: '2021-12', field: 'percent', value: 90 },
        ],
      })
    ).changes,
  );
  return store;
}

describe('continuity', () => {
  it("carries a continued task forward from last year's final state, until the unit reports", async () => {
    const store = await twoPlans();
    const pair = { taskId: 'tongzhou-2022.air-02', unit: '永乐店镇' };
    const march = await store.reportsAsOf('2022-03', [pair]);
    expect(march.get(rowKey(pair.taskId, pair.unit))).toMatchObject({ taskId: 'air-02', percent: 90 });
    // The workbook's base values start from it too.
    const rows = await unitWorkbookRows(store, 'tongzhou-2022', '永乐店镇', '2022-03');
    expect(rows.find((r) => r.task.id === pair.taskId)?.base).toMatchObject({
      status: '推进中',
      percent: 90,
    });
    // The read model marks the row as showing last year's final state (the grid's 续 badge).
    const state = await periodStateOf(store.ledger, 'tongzhou-2022', '2022-03');
    const row = state.rows.find((r) => r.task.id === pair.taskId && r.unit === pair.unit)!;
    expect([row.continuedFrom, row.progress.percent, row.ownReport]).toEqual([
      { taskId: 'air-02', period: '2021-12' },
      90,
      false,
    ]);
    // A task that continues nothing starts empty.
    expect(
      (await store.reportsAsOf('2022-03', [{ taskId: 'tongzhou-2022.air-04', unit: '永乐店镇' }])).size,
    ).toBe(0);
    // The unit's own 2022 report wins.
    store.commit(
      (
        await editCells(store, ctx('永乐店镇'), {
          source: 'edit',
          writes: [{ ...pair, period: '2022-03', field: 'percent', value: 10 }],
        })
      ).changes,
    );
    expect((await store.reportsAsOf('2022-04', [pair])).get(rowKey(pair.taskId, pair.unit))?.percent).toBe(
      10,
    );
    // Beside this year's own value the grid still shows last year's final state (上年最终状态).
    const key = rowKey(pair.taskId, pair.unit);
    const states = await finalStates([pair], linkMap(store.ledger.taskLinks), (p, q) =>
      store.ownReportsAsOf(p, q),
    );
    const april = await periodStateOf(store.ledger, 'tongzhou-2022', '2022-04');
    const a = april.rows.find((r) => r.key === key)!;
    const withLastYear = periodRow(
      { task: a.task, unit: a.unit, role: a.role, via: a.via },
      (await store.reportsAsOf('2022-04', [pair])).get(key),
      '2022-04',
      2022,
      new Set(),
      { lastYear: states.get(key)! },
    );
    expect([withLastYear.progress.percent, withLastYear.continuedFrom, withLastYear.lastYear]).toEqual([
      10,
      null,
      { taskId: 'air-02', period: '2021-12', status: '推进中', percent: 90 },
    ]);
    expect(a.lastYear).toBeNull(); // a slice without the continuity read has none
  });

  it.each([
    ['a link within one plan', { taskId: 'tongzhou-2022.air-04', continues: 'tongzhou-2022.air-04' }],
    ['a link to a task the ledger lacks', { taskId: 'tongzhou-2022.air-04', continues: 'air-99' }],
    [
      'a 2021 task continuing one of the later 2022 plan',
      { taskId: 'air-01', continues: 'tongzhou-2022.air-01' },
    ],
  ])('refuses %s', async (_name, link) => {
    const store = await twoPlans();
    const decided = await linkTasks(store, ctx(), [link]);
    expect(decided.result.ok).toBe(false);
    expect(decided.result.problems).toHaveLength(1);
    expect(decided.changes.plans).toBeNull();
  });

  it('a coordinator links and unlinks by hand', async () => {
    const store = await twoPlans();
    store.commit(
      (await linkTasks(store, ctx(), [{ taskId: 'tongzhou-2022.air-04', continues: 'air-10' }])).changes,
    );
    expect(store.ledger.taskLinks.find((l) => l.taskId === 'tongzhou-2022.air-04')?.continues).toBe('air-10');
    store.commit(
      (await linkTasks(store, ctx(), [{ taskId: 'tongzhou-2022.air-04', continues: null }])).changes,
    );
    expect(store.ledger.taskLinks.some((l) => l.taskId === 'tongzhou-2022.air-04')).toBe(false);
  });
});

describe('returns keep to their plan', () => {
  async function workbook(store: MemoryLedgerStore, planId: string, period: string): Promise<Uint8Array> {
    const meta = (await store.plans()).find((p) => p.id === planId)!;
    const rows = await unitWorkbookRows(store, planId, '永乐店镇', period);
    return exportReturnWorkbook({
      plan: meta,
      unit: '永乐店镇',
      period,
      rows,
      exportId: `exp-${planId}`,
      exportedAt: '2022-03-01T00:00:00.000Z',
    });
  }

  it('a 2021 return imported while 2022 is chosen lands in 2021 (its manifest names its plan)', async () => {
    const store = await twoPlans();
    const bytes = await workbook(store, 'tongzhou-2021', '2021-12');
    const read = await readReturnWorkbook(bytes, { fileName: 'r.xlsx', year: 2021 });
    expect(read.manifest?.planId).toBe('tongzhou-2021');
    expect(read.manifest?.rows.every((r) => !r.taskId.includes('.'))).toBe(true);
    const row = read.rows[0]!;
    expect(row.taskId).not.toContain('.');
    row.fields.status = '已完成';
    row.fields.percent = 100;
    const done = await importReturns(
      store,
      ctx('协调员'),
      [{ read, planId: 'tongzhou-2022', unit: '永乐店镇', period: '2021-12', identityConfirmed: true }],
      { apply: true },
    );
    expect(done.result[0]!.plan.rejection).toBeNull();
    expect(done.result[0]!.batch?.planId).toBe('tongzhou-2021');
    store.commit(done.changes);
    expect(store.ledger.reports.find((r) => r.taskId === row.taskId && r.period === '2021-12')?.percent).toBe(
      100,
    );
    expect(store.ledger.reports.some((r) => r.taskId.startsWith('tongzhou-2022.'))).toBe(false);
  });

  it('a 2022 return: the workbook speaks 2022 ids, the ledger stores them qualified; a ledger without 2022 refuses it', async () => {
    const store = await twoPlans();
    const bytes = await workbook(store, 'tongzhou-2022', '2022-03');
    const read = await readReturnWorkbook(bytes, { fileName: 'r.xlsx', year: 2022 });
    expect(read.manifest?.planId).toBe('tongzhou-2022');
    const row = read.rows.find((r) => r.taskId === 'air-01')!;
    row.fields.percent = 30;
    row.fields.status = '推进中';
    const file = { read, unit: '永乐店镇', period: '2022-03', identityConfirmed: true };
    const done = await importReturns(store, ctx(), [file], { apply: true });
    expect(done.result[0]!.plan.rejection).toBeNull();
    store.commit(done.changes);
    expect(store.ledger.reports.find((r) => r.taskId === 'tongzhou-2022.air-01')?.percent).toBe(30);
    const state = await periodStateOf(store.ledger, 'tongzhou-2022', '2022-03');
    expect(state.returns.get('永乐店镇')?.received).toBeTruthy();
    const state21 = await periodStateOf(store.ledger, 'tongzhou-2021', '2022-03');
    expect(state21.returns.get('永乐店镇')?.received).toBeFalsy();
    // The same file in a ledger that only has 2021: refused whole, nothing written.
    const only2021 = new MemoryLedgerStore(createLedger(PLAN_2021, UNITS));
    const refused = await importReturns(only2021, ctx(), [file], { apply: true });
    expect(refused.result[0]!.plan.rejection).not.toBeNull();
    expect(refused.changes.reports.put).toEqual([]);
  });
});

describe('a corrected reissue (修订版)', () => {
  it('replaces task texts with an audited diff and keeps the reports (names mapped at import stay mapped)', async () => {
    const store = await twoPlans();
    const spec: PlanDocSpec = structuredClone(PLAN_2022);
    const text = JSON.stringify(spec).replace('2022年6月底前', '2022年7月底前');
    const source = await sourceOf(await planDocx(JSON.parse(text) as PlanDocSpec), '2022-修订版.docx');
    const decided = await reissuePlan(
      store,
      ctx(),
      'tongzhou-2022',
      { source, fileName: '2022-修订版.docx', sha256: null },
      { apply: true },
    );
    expect(decided.result.ok).toBe(true);
    expect(decided.result.changes).toEqual([
      expect.objectContaining({
        taskId: 'tongzhou-2022.air-02',
        field: 'deadline',
        old: expect.objectContaining({ raw: '2022年6月底前' }),
        new: expect.objectContaining({ raw: '2022年7月底前', due: '2022-07-31' }),
      }),
    ]);
    const before = structuredClone(store.ledger.reports);
    store.commit(decided.changes);
    const ledger = restoreLedger(writeLedger(store.ledger));
    expect(ledger.reports).toEqual(before);
    expect(ledger.plans[1]!.version).toBe(2);
    expect(ledger.planRevisions.map((r) => [r.kind, r.version])).toEqual([
      ['import', 1],
      ['reissue', 2],
    ]);
  });

  it('refuses a reissue that drops a task', async () => {
    const store = await twoPlans();
    const spec: PlanDocSpec = structuredClone(PLAN_2022);
    spec.subPlans[2]!.tables[0]!.pop();
    const source = await sourceOf(await planDocx(spec), 'x.docx');
    const decided = await reissuePlan(
      store,
      ctx(),
      'tongzhou-2022',
      { source, fileName: 'x.docx', sha256: null, units: DECISIONS_2022 },
      { apply: true },
    );
    expect(decided.result.ok).toBe(false);
    expect(decided.changes.plans).toBeNull();
  });
});
