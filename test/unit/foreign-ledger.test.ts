// 永乐店镇's own three-sheet ledger (written by openpyxl, re-saved by LibreOffice) and the district's
// master ledger (months as column groups, or a sheet per month) — committed fixtures made by
// scripts/fixtures/make-foreign-fixtures.ts — detected, confirmed, merged and imported as history.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mappedReturn, proposeMapping } from '../../shared/engine/foreign-returns.ts';
import { importHistory } from '../../shared/engine/import-history.ts';
import { saveImportMapping } from '../../shared/engine/import-mappings.ts';
import { importReturns } from '../../shared/engine/import-returns.ts';
import { toSavedMapping } from '../../shared/mapping/saved-mapping.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { undoImport } from '../../shared/engine/undo-import.ts';
import { createLedger } from '../../shared/ledger-file.ts';
import { confirmItem } from '../../shared/mapping/edit-mapping.ts';
import { historyMonths } from '../../shared/mapping/history.ts';
import { HISTORY_BATCH_UNIT, taskLabel } from '../../shared/model.ts';
import { UNIT_REGISTRY, UnitIndex, tasksForUnit } from '../../shared/registry.ts';
import { readReturnWorkbook } from '../../shared/workbook/read-workbook.ts';
import { HISTORY_LIMITS } from '../../shared/workbook/xlsx-grid.ts';
import { ledgerBuilder, seedPlan, seedUnits } from '../support/ledger-builder.ts';

const DIR = 'test/fixtures/foreign';
const UNIT = '永乐店镇';
const plan = seedPlan();
const mine = tasksForUnit(plan.tasks, new UnitIndex(UNIT_REGISTRY), UNIT).map((x) => x.task.id);
const firstWater = mine.find((id) => id.startsWith('water-'))!;
const notMine = plan.tasks.find((t) => !mine.includes(t.id))!.id;

const read = (name: string, fileName = '永乐店镇污染防治台账.xlsx') =>
  readReturnWorkbook(readFileSync(`${DIR}/${name}`), { fileName, year: 2021 });
const readHistory = (name: string) =>
  readReturnWorkbook(readFileSync(`${DIR}/${name}`), {
    fileName: name,
    year: 2021,
    mode: 'history',
    limits: HISTORY_LIMITS,
  });

function context(prefix: string) {
  let n = 0;
  return { who: '协调员', at: '2021-03-26T08:00:00.000Z', newId: () => `${prefix}${++n}` };
}

describe('a town’s own ledger', () => {
  it.each(['town-ylz-2021-03-openpyxl.xlsx', 'town-ylz-2021-03.xlsx'])(
    '%s: three sheets, three plans, all 91 rows on the right task; one row to confirm',
    async (name) => {
      const file = await read(name);
      expect([file.layout, file.errors.map((e) => e.code)]).toEqual(['foreign', ['needs-mapping']]);
      const store = new MemoryLedgerStore(createLedger(seedPlan(), seedUnits()));
      const { mapping, confirmations, unit } = await proposeMapping(store, file);
      expect(unit).toBe(UNIT); // from the title rows (通州区永乐店镇…, 统计时间：截至2021年3月25日)
      expect(mapping.sheets.map((s) => [s.sheet, s.plan, s.planBy, s.headerRows])).toEqual([
        ['大气', 'air', 'name', [3, 4]],
        ['水污染防治', 'water', 'name', [3, 4]],
        ['土壤', 'soil', 'name', [3, 4]],
      ]);
      const matched = mapping.sheets.flatMap((s) => s.rows.map((r) => r.taskId));
      expect(matched).toEqual(mine); // the town's 91 tasks, in plan order
      expect(mapping.sheets[0]!.skipped.every((s) => s.reason.startsWith('标题行'))).toBe(true);
      expect(confirmations.map((c) => c.message)).toEqual([
        expect.stringMatching(
          /^工作表“土壤”第 17 行“对辖区内未利用地开展巡查检查.*”对应 土壤-11（把握 0\.\d\d）/,
        ),
      ]);
      expect(mapping.sheets[2]!.rows.find((r) => r.row === 17)!.candidates[0]!.taskId).toBe('soil-11');
    },
  );

  it('merges without a base: carried values update, a value typed for the month is a conflict; words are read', async () => {
    const b = ledgerBuilder();
    b.edit(UNIT, 'air-02', '2021-02', { status: '推进中', progress: '二月的进展' }, '2021-02-20T00:00:00Z');
    b.edit(UNIT, firstWater, '2021-03', { progress: '区里录入的进展' }, '2021-03-10T00:00:00Z');
    const store = new MemoryLedgerStore(await b.done());
    const file = await read('town-ylz-2021-03.xlsx');
    const { mapping, confirmations } = await proposeMapping(store, file);
    const confirmed = confirmItem(mapping, confirmations[0]!);
    const rows = mappedReturn(file, confirmed);
    const [o] = await store.run((r) =>
      importReturns(
        r,
        context('m'),
        [{ read: rows, unit: UNIT, period: '2021-03', identityConfirmed: true, mapping: confirmed }],
        {
          apply: true,
        },
      ),
    );
    const plan = o!.plan;
    // air-02 only carried February's values: updated (its status 完成80% reads as the same 推进中);
    // the first water task was typed for March itself: a conflict.
    expect(plan.updates.filter((u) => u.taskId === 'air-02').map((u) => [u.field, u.from, u.to])).toEqual([
      ['percent', null, 80],
      ['progress', '二月的进展', '3月：目标任务工作按计划推进。'],
    ]);
    expect(plan.conflicts.map((c) => [c.taskId, c.field, c.ours])).toEqual([
      [firstWater, 'progress', '区里录入的进展'],
    ]);
    expect(plan.rejected.map((r) => [r.sheet, r.rowNumber, r.taskId])).toEqual([['大气', 12, 'air-23']]);
    const report = (id: string) =>
      store.ledger.reports.find((r) => r.taskId === id && r.period === '2021-03');
    expect(report('air-22')).toMatchObject({
      status: '推进中',
      percent: null,
      progress: expect.stringContaining('（完成比例：八成）'),
    });
    expect(report('water-03')).toMatchObject({ status: '推进中', percent: 60 }); // 0.6 in a 0% cell
    expect(report('water-05')).toMatchObject({ percent: 45 }); // text 45%
    expect(plan.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^“基本完成”不等于已完成，按“推进中”导入（/),
    );
    expect(plan.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^完成比例“八成”不是数字/),
    );
    // Kept for the unit: the April file in the same layout maps by itself; a changed one warns.
    const april = await proposeMapping(store, await read('town-ylz-2021-04.xlsx'), { unit: UNIT });
    expect([april.mapping.saved, april.confirmations]).toEqual(['applied', []]);
    const changed = await proposeMapping(store, await read('town-ylz-2021-04-changed-layout.xlsx'), {
      unit: UNIT,
    });
    expect(changed.mapping.saved).toBe('changed');
    expect(changed.mapping.warnings[0]).toContain(
      '“大气”新增列：落实情况 / 工作推进情况、落实情况 / 佐证材料',
    );
    expect(changed.confirmations).toEqual([]); // every new header is a confident synonym
    expect(changed.mapping.sheets[0]!.columns.map((c) => c.field)).toContain('evidence');
  });
});

describe('a unit’s kept mapping, on its own', () => {
  it('is kept and forgotten through the use case; a group or a mapping for another unit is refused', async () => {
    const store = new MemoryLedgerStore(createLedger(seedPlan(), seedUnits()));
    const { mapping } = await proposeMapping(store, await read('town-ylz-2021-03.xlsx'));
    const saved = toSavedMapping(mapping, UNIT, '协调员', '2021-03-26T00:00:00Z');
    await store.run((r) => saveImportMapping(r, UNIT, saved));
    expect(store.ledger.settings.importMappings?.[UNIT]?.fingerprint).toBe(mapping.fingerprint);
    expect(store.ledger.settings.returnDueDay).toBe(25); // the rest of the settings stays
    await expect(store.run((r) => saveImportMapping(r, '各街道乡镇', saved))).rejects.toThrow(/not a unit/);
    await expect(store.run((r) => saveImportMapping(r, '宋庄镇', saved))).rejects.toThrow(/not 宋庄镇/);
    await store.run((r) => saveImportMapping(r, UNIT, null));
    expect(store.ledger.settings.importMappings).toEqual({});
  });
});

describe('the district’s master ledger as history', () => {
  it.each([
    ['master-ledger-2021q1.xlsx', 'text'],
    ['master-ledger-by-month.xlsx', 'id'],
  ])('%s: three months, one batch each, rows matched by %s, audited, undoable', async (name, by) => {
    const store = new MemoryLedgerStore(createLedger(seedPlan(), seedUnits()));
    const file = await readHistory(name);
    const { mapping, confirmations } = await proposeMapping(store, file, { mode: 'history' });
    expect(confirmations).toEqual([]);
    expect(new Set(mapping.sheets.flatMap((s) => s.rows.map((r) => r.by)))).toEqual(new Set([by]));
    const { months } = historyMonths(file.grid!, mapping);
    expect(months.map((m) => [m.period, m.records.length])).toEqual([
      ['2021-01', 46],
      ['2021-02', 70],
      ['2021-03', 70],
    ]);
    const input = { fileName: name, sha256: file.sha256, months };
    const dry = await store.run((r) => importHistory(r, context('d'), input, { apply: false }));
    expect(store.ledger.reports).toEqual([]);
    const out = await store.run((r) => importHistory(r, context('h'), input, { apply: true }));
    expect(out.map((o) => o.counts)).toEqual(dry.map((o) => o.counts));
    expect(out.map((o) => [o.period, o.batch?.unit, o.batch?.kind, o.batch?.units])).toEqual(
      ['2021-01', '2021-02', '2021-03'].map((p) => [
        p,
        HISTORY_BATCH_UNIT,
        'history',
        ['区生态环境局', '宋庄镇', '永乐店镇'],
      ]),
    );
    // January: row 1 of the ledger (永乐店镇, its first air task) was not reported; row 2 was.
    const r = (unit: string, id: string, period: string) =>
      store.ledger.reports.find((x) => x.unit === unit && x.taskId === id && x.period === period);
    const firstAir = mine.filter((id) => id.startsWith('air-'));
    expect(r(UNIT, firstAir[0]!, '2021-01')).toBeUndefined();
    expect(r(UNIT, firstAir[1]!, '2021-01')).toMatchObject({
      status: '推进中',
      progress: '1月按计划推进（第2项）',
    });
    expect(r(UNIT, firstAir[0]!, '2021-03')).toMatchObject({ progress: '3月按计划推进（第1项）' });
    expect(store.ledger.audit.every((e) => e.source.startsWith('import:h'))).toBe(true);
    // Undo February: its reports go, January's and March's stay.
    const undone = await store.run((x) => undoImport(x, context('u'), out[1]!.batch!.id));
    expect(undone.removed).toHaveLength(70);
    expect(store.ledger.reports.filter((x) => x.period === '2021-02')).toEqual([]);
    expect(store.ledger.reports.filter((x) => x.period === '2021-03')).toHaveLength(70);
  });

  it('a value already in the ledger for the month: a conflict, kept unless taken; rows the ledger cannot hold are rejected', async () => {
    const b = ledgerBuilder(createLedger(seedPlan(), seedUnits()));
    const firstAir = mine.filter((id) => id.startsWith('air-'));
    b.edit(UNIT, firstAir[1]!, '2021-03', { progress: '区里核实的进展' }, '2021-03-28T00:00:00Z');
    const store = new MemoryLedgerStore(await b.done());
    const file = await readHistory('master-ledger-by-month.xlsx');
    const { mapping } = await proposeMapping(store, file, { mode: 'history' });
    const { months } = historyMonths(file.grid!, mapping);
    // A row for a unit the registry lacks and one for a task the unit does not have.
    months[2]!.records.push(
      { ...months[2]!.records[0]!, rowNumber: 99, unit: null, unitText: '某某公司' },
      { ...months[2]!.records[0]!, rowNumber: 100, taskId: notMine },
    );
    const input = { fileName: 'x.xlsx', sha256: file.sha256, months };
    const kept = await store.run((r) => importHistory(r, context('k'), input, { apply: false }));
    expect(kept[2]!.conflicts).toEqual([
      {
        taskId: firstAir[1],
        unit: UNIT,
        field: 'progress',
        ours: '区里核实的进展',
        theirs: '3月按计划推进（第2项）',
        taken: false,
      },
    ]);
    expect(kept[2]!.rejected.map((x) => x.reason)).toEqual([
      '“3月”第 99 行的责任单位“某某公司”不在单位名录中，未导入',
      `“3月”第 100 行：任务 ${taskLabel(notMine)} 不属于“永乐店镇”牵头或协办的任务，未导入`,
    ]);
    await store.run((r) => importHistory(r, context('t'), input, { apply: true, take: 'theirs' }));
    expect(
      store.ledger.reports.find((x) => x.unit === UNIT && x.taskId === firstAir[1] && x.period === '2021-03')
        ?.progress,
    ).toBe('3月按计划推进（第2项）');
  });
});
