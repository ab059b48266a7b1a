// Real re-saves: 永乐店镇's 2021-03 return workbook edited by a second writer (openpyxl) and opened and
// re-saved by LibreOffice — made by scripts/fixtures/make-xlsx-fixtures.ts, committed — must merge
// exactly as the clerk meant. Also pins what LibreOffice changes in a file.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { identifyFiles, importReturns } from '../../shared/engine/import-returns.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { restoreLedger } from '../../shared/ledger-file.ts';
import { readReturnWorkbook } from '../../shared/workbook/read-workbook.ts';

const DIR = 'test/fixtures/xlsx';
const fixture = (name: string) => readFileSync(`${DIR}/ylz-2021-03-${name}.xlsx`);
const freshLedger = () => restoreLedger(readFileSync(`${DIR}/ledger-at-export.json`, 'utf8'));

/** Import one fixture through the import use case, as `taizhang import` does (batch id `b-<name>`). */
async function importFixture(name: string, store = new MemoryLedgerStore(freshLedger()), dryRun = false) {
  const read = await readReturnWorkbook(fixture(name), { fileName: `${name}.xlsx` });
  const [identity] = await identifyFiles(store, [read]);
  let n = 0;
  const ctx = {
    who: '测试',
    at: '2021-03-26T00:00:00.000Z',
    newId: () => (n++ === 0 ? `b-${name}` : `a${n}`),
  };
  const file = { read, unit: identity?.unit ?? '', period: identity?.period ?? '', identityConfirmed: false };
  const [outcome] = await store.run((r) => importReturns(r, ctx, [file], { apply: !dryRun }));
  return { read, outcome: outcome!, ledger: store.ledger, store, plan: outcome!.plan };
}

const changeList = (plan: { updates: { taskId: string; field: string; to: unknown }[] }) =>
  plan.updates.map((u) => `${u.taskId}.${u.field}=${JSON.stringify(u.to)}`).sort();

const PLAIN_EDITS = [
  'air-02.percent=35',
  'air-02.progress="已完成PM2.5监测点位布设，3月浓度同比下降8%。"',
  'air-23.percent=100',
  'air-23.status="已完成"',
  'water-43.progress="按月上报水生态监测数据。"',
  'water-43.reporter="王小明"',
].sort();

describe('re-saved return workbooks', () => {
  it.each(['exported', 'libreoffice-untouched'])(
    '%s: manifest verified, 91 rows, zero changes',
    async (name) => {
      const { read, plan } = await importFixture(name, undefined, true);
      expect(read.manifestStatus).toBe('ok');
      expect([read.unit, read.period]).toEqual(['永乐店镇', '2021-03']);
      expect(plan.counts).toEqual({ updated: 0, unchanged: 91, conflicts: 0, rejected: 0 });
    },
  );

  it.each(['openpyxl-plain', 'openpyxl-plain-libreoffice'])(
    '%s: exactly the clerk’s six field edits',
    async (name) => {
      const { plan, ledger, outcome } = await importFixture(name);
      expect(changeList(plan)).toEqual(PLAIN_EDITS);
      expect(plan.counts).toEqual({ updated: 3, unchanged: 88, conflicts: 0, rejected: 0 });
      expect(outcome.batch?.counts.updated).toBe(3);
      const r = ledger.reports.find((x) => x.taskId === 'air-02' && x.period === '2021-03')!;
      // carried forward from February, then the clerk's edits on top
      expect(r).toMatchObject({
        status: '推进中',
        percent: 35,
        progress: '已完成PM2.5监测点位布设，3月浓度同比下降8%。',
      });
      expect(ledger.audit.filter((e) => e.source === `import:b-${name}`)).toHaveLength(6);
    },
  );

  it('the same edits arriving again in a differently saved file change nothing', async () => {
    const first = await importFixture('openpyxl-plain-libreoffice');
    const again = await importFixture('openpyxl-plain', first.store);
    expect(again.plan.counts).toEqual({ updated: 0, unchanged: 91, conflicts: 0, rejected: 0 });
  });

  it.each([
    ['openpyxl-messy', []],
    ['openpyxl-messy-libreoffice', ['soil-02.percent=45']], // LibreOffice caches the formula's result
  ])('%s: sorted, blank row, own column, full-width, 80%%, text date, plan edit', async (name, extra) => {
    const { plan } = await importFixture(name, undefined, true);
    expect(changeList(plan)).toEqual(
      [
        ...PLAIN_EDITS,
        'soil-01.status="推进中"', // ' 推进中 ' trimmed
        'soil-01.percent=80', // 0.8 in a %-formatted cell
        'soil-01.phone="010-69541234"', // full-width digits folded
        'soil-01.filledOn="2021-03-22"', // 2021年3月22日 typed as text
        'soil-02.status="推进中"',
        ...extra,
      ].sort(),
    );
    expect(plan.rejected).toEqual([]);
    expect(plan.warnings.map((w) => [w.code, w.message.includes('大气-19')])).toEqual([
      ['plan-text-edited', true],
    ]);
    // the plan itself is never touched by an import
    const ledger = freshLedger();
    expect(ledger.plans[0]!.tasks.find((t) => t.id === 'air-19')!.measures).not.toContain('本镇已落实');
  });
});

describe('what LibreOffice changes in a re-saved file', () => {
  const sheetXml = async (name: string) => {
    const zip = await JSZip.loadAsync(fixture(name));
    return {
      sheet: await zip.file('xl/worksheets/sheet1.xml')!.async('string'),
      workbook: await zip.file('xl/workbook.xml')!.async('string'),
    };
  };

  it('keeps protection (as "true"/"false" strings), validations, print titles; loses frozen panes and veryHidden', async () => {
    const ours = await sheetXml('exported');
    const lo = await sheetXml('libreoffice-untouched');
    expect(ours.workbook).toContain('state="veryHidden"');
    expect(lo.workbook).toContain('state="hidden"');
    expect(lo.workbook).not.toContain('veryHidden');
    expect(ours.sheet).toMatch(/<pane [^>]*state="frozen"/);
    expect(lo.sheet).not.toMatch(/<pane /);
    expect(lo.sheet).toMatch(/<sheetProtection sheet="true"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(fixture('libreoffice-untouched')).buffer);
    const ws = wb.getWorksheet('填报')!;
    // exceljs 4.4 reads LibreOffice's "true" as absent: protection looks off, validations survive
    expect(
      Object.keys((ws as unknown as { dataValidations: { model: object } }).dataValidations.model).length,
    ).toBe(91 * 3);
    expect(ws.pageSetup.printTitlesRow).toBe('1:2');
    expect(ws.pageSetup.orientation).toBe('landscape');
  });
});
