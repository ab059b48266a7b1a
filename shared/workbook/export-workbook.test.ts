import { parseFileName } from './read-workbook.ts';
import { describe, expect, it } from 'vitest';
import { taskId } from '../model.ts';
import { COLUMNS } from './columns.ts';
import {
  exportReturnWorkbook,
  returnWorkbookFileName,
  returnWorkbookTitle,
  type ExportInput,
} from './export-workbook.ts';
import { MANIFEST_SHEET } from './manifest.ts';
import { readReturnWorkbook } from './read-workbook.ts';
import { PLAN, fields, loadBytes, makeTask } from './test-helpers.ts';

function input(n = 3, overrides: Partial<ExportInput> = {}): ExportInput {
  return {
    plan: PLAN,
    unit: '永乐店镇',
    period: '2021-03',
    exportId: 'exp-1',
    exportedAt: '2021-03-01T08:00:00.000Z',
    rows: Array.from({ length: n }, (_, i) => ({
      task: makeTask(taskId('air', i + 1)),
      role: i % 2 === 0 ? ('主责' as const) : ('协办' as const),
      base: fields(
        i === 0 ? { status: '推进中', percent: 40, progress: '已排查 12 处', filledOn: '2021-02-25' } : {},
      ),
    })),
    ...overrides,
  };
}

describe('returnWorkbookFileName / title', () => {
  it('names the file by unit and zero-padded month', () => {
    expect(returnWorkbookFileName('永乐店镇', '2021-03')).toBe('永乐店镇_2021年03月_进展填报.xlsx');
    expect(returnWorkbookFileName('区城市管理委/区财政局', '2021-11')).toBe(
      '区城市管理委_区财政局_2021年11月_进展填报.xlsx',
    );
  });
  it.each([
    ['no tag', undefined, '永乐店镇_2021年03月_进展填报.xlsx'],
    ['a plan id', 'tongzhou-2021-water', '永乐店镇_2021年03月_进展填报_tongzhou-2021-water.xlsx'],
    ['a tag with characters a file name cannot take', 'a/b:c', '永乐店镇_2021年03月_进展填报_a_b_c.xlsx'],
  ])('with %s after the month, which the importer reads past', (_what, tag, name) => {
    expect(returnWorkbookFileName('永乐店镇', '2021-03', tag)).toBe(name);
    expect(parseFileName(name)).toEqual({ unit: '永乐店镇', period: '2021-03' });
  });
  it('titles the sheet', () => {
    expect(returnWorkbookTitle(PLAN.title, '永乐店镇', '2021-03')).toBe(
      '通州区深入打好污染防治攻坚战2021年行动计划 — 永乐店镇 2021年3月 进展填报',
    );
  });
  it('rejects a bad period', async () => {
    expect(() => returnWorkbookFileName('永乐店镇', '2021-3')).toThrow(/invalid period/);
    await expect(exportReturnWorkbook(input(1, { period: '202103' }))).rejects.toMatchObject({
      code: 'invalid-period',
    });
  });
  it('rejects duplicate tasks and over-long text', async () => {
    const i = input(1);
    await expect(exportReturnWorkbook({ ...i, rows: [i.rows[0]!, i.rows[0]!] })).rejects.toMatchObject({
      code: 'duplicate-task',
    });
    const long = { ...i.rows[0]!, base: fields({ progress: '长'.repeat(40_000) }) };
    await expect(exportReturnWorkbook({ ...i, rows: [long] })).rejects.toMatchObject({
      code: 'text-too-long',
    });
  });
});

describe('exportReturnWorkbook: structure', () => {
  it('writes 填报, 说明 and a veryHidden _manifest last', async () => {
    const wb = await loadBytes(await exportReturnWorkbook(input()));
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['填报', 'visible'],
      ['说明', 'visible'],
      [MANIFEST_SHEET, 'veryHidden'],
    ]);
    const ws = wb.getWorksheet('填报')!;
    expect(ws.getCell('A1').value).toBe(
      '通州区深入打好污染防治攻坚战2021年行动计划 — 永乐店镇 2021年3月 进展填报',
    );
    expect(COLUMNS.map((_, i) => ws.getCell(2, i + 1).value)).toEqual([
      '编号',
      '类别',
      '重点任务',
      '工作措施',
      '完成时限',
      '牵头领导',
      '主责单位',
      '协办单位',
      '本单位角色',
      '完成状态',
      '完成比例(%)',
      '工作进展',
      '存在问题',
      '下步计划',
      '佐证材料',
      '填报人',
      '联系电话',
      '填报日期',
      '申请延期至',
      '延期理由',
      '区里意见',
    ]);
    // task numbers as people write them (大气-01), as text; plan columns locked; progress unlocked
    expect(ws.getCell('A3').value).toBe('大气-01');
    expect(ws.getCell('A3').numFmt).toBe('@');
    expect(ws.getCell('B3').value).toBe('大气');
    expect(ws.getCell('I4').value).toBe('协办');
    expect(ws.getCell('D3').protection?.locked).not.toBe(false);
    for (const col of 'JKLMNOPQR') expect(ws.getCell(`${col}3`).protection?.locked).toBe(false);
    expect(ws.getCell('J3').value).toBe('推进中');
    expect(ws.getCell('K3').value).toBe(40);
    expect(ws.getCell('R3').value).toEqual(new Date(Date.UTC(2021, 1, 25)));
    // validations
    expect(ws.getCell('J4').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"未启动,推进中,已完成,不涉及"'],
    });
    expect(ws.getCell('K5').dataValidation).toMatchObject({ type: 'whole', formulae: [0, 100] });
    expect(ws.getCell('R5').dataValidation).toMatchObject({ type: 'date' });
    // protection, frozen header, print setup
    const protection = (ws as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
    expect(protection).toMatchObject({
      sheet: true,
      sort: true,
      autoFilter: true,
      formatCells: true,
    });
    expect(protection).not.toHaveProperty('hashValue');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
    });
    expect(ws.getColumn(4).width).toBe(50);
    expect(ws.getCell('L3').alignment?.wrapText).toBe(true);
    expect(String(wb.getWorksheet('说明')!.getCell('A1').value)).toContain('通政发〔2021〕2号');
  });

  it('never writes a formula: leading = + - @ stay strings in Text-formatted cells', async () => {
    const i = input(1);
    const row = {
      ...i.rows[0]!,
      task: makeTask('air-01', { measures: '=HYPERLINK("http://evil","点我")', keyTask: '+1', section: '' }),
      base: fields({ progress: '-5 处', problems: '@SUM(A1)', nextSteps: '=1+1' }),
    };
    const bytes = await exportReturnWorkbook({ ...i, rows: [row] });
    const ws = (await loadBytes(bytes)).getWorksheet('填报')!;
    for (const addr of ['C3', 'D3', 'L3', 'M3', 'N3']) {
      expect(typeof ws.getCell(addr).value).toBe('string');
      expect(ws.getCell(addr).numFmt).toBe('@');
    }
    expect(ws.getCell('D3').value).toBe('=HYPERLINK("http://evil","点我")');
    const read = await readReturnWorkbook(bytes);
    expect(read.rows[0]!.fields).toMatchObject({
      progress: '-5 处',
      problems: '@SUM(A1)',
      nextSteps: '=1+1',
    });
  });
});

describe('export → read round trip', () => {
  it('reads back exactly what was written, with a verified manifest', async () => {
    const i = input(3);
    const r = await readReturnWorkbook(await exportReturnWorkbook(i), {
      fileName: '永乐店镇_2021年03月_进展填报.xlsx',
    });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.manifestStatus).toBe('ok');
    expect(r).toMatchObject({
      unit: '永乐店镇',
      period: '2021-03',
      identifiedBy: 'manifest',
      sheetName: '填报',
      headerRow: 2,
    });
    expect(r.manifest!.rows.map((m) => [m.taskId, m.role])).toEqual([
      ['air-01', '主责'],
      ['air-02', '协办'],
      ['air-03', '主责'],
    ]);
    expect(r.rows.map((row) => row.fields)).toEqual(r.manifest!.rows.map((m) => m.base));
    expect(r.rows[0]!.planCells).toMatchObject({ category: '大气', keyTask: '重点任务01', role: '主责' });
  });

  it('stores canonical bases so untouched cells read back equal to the base', async () => {
    const i = input(1);
    const messy = fields({
      progress: '  已开展\r\n第二段  ',
      phone: '１３８００１３８０００',
      reporter: '张\u0007三',
    });
    const r = await readReturnWorkbook(
      await exportReturnWorkbook({ ...i, rows: [{ ...i.rows[0]!, base: messy }] }),
    );
    expect(r.rows[0]!.fields).toEqual(r.manifest!.rows[0]!.base);
    expect(r.manifest!.rows[0]!.base).toMatchObject({
      progress: '已开展\n第二段',
      phone: '13800138000',
      reporter: '张三',
    });
  });

  it('exports and reads ~100 rows quickly', async () => {
    const t0 = performance.now();
    const bytes = await exportReturnWorkbook(input(100));
    const t1 = performance.now();
    const r = await readReturnWorkbook(bytes);
    const t2 = performance.now();
    expect(r.rows).toHaveLength(100);
    console.log(
      `100 rows: export ${(t1 - t0).toFixed(0)} ms, read ${(t2 - t1).toFixed(0)} ms, ${bytes.length} bytes`,
    );
    expect(t2 - t0).toBeLessThan(5000);
  });
});
