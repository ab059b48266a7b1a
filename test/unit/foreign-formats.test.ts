// Returns in the formats units really send — our workbook saved by LibreOffice as .xls and .ods, a
// CSV in GBK, the workbook under a password as .xlsx (officecrypto-tool) and .xls (LibreOffice) —
// made by scripts/fixtures/make-foreign-fixtures.ts and committed. Each must read to the same values
// and merge to exactly the clerk's edits, like the .xlsx it was saved from; the bad ones (a wrong
// password, an .et the reader cannot open, a CSV in an unknown encoding, a sheet past the bounds) end
// in one Chinese message and nothing read.
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { nodeDecrypt } from '../../cli/decrypt-node.ts';
import { identifyFiles, importReturns } from '../../shared/engine/import-returns.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { restoreLedger } from '../../shared/ledger-file.ts';
import { MAX_SHEET_ROWS } from '../../shared/workbook/container.ts';
import { decodeCsv } from '../../shared/workbook/csv-grid.ts';
import { readReturnWorkbook, type ReadOptions } from '../../shared/workbook/read-workbook.ts';

const FOREIGN = 'test/fixtures/foreign';
const PASSWORD = 'tz2021';
const freshLedger = () => restoreLedger(readFileSync('test/fixtures/xlsx/ledger-at-export.json', 'utf8'));
const bytesOf = (name: string) => new Uint8Array(readFileSync(`${FOREIGN}/${name}`));

/** The clerk's six edits in ../xlsx/ylz-2021-03-openpyxl-plain.xlsx (see resaved-fixtures.test.ts). */
const PLAIN_EDITS = [
  'air-02.percent=35',
  'air-02.progress="已完成PM2.5监测点位布设，3月浓度同比下降8%。"',
  'air-23.percent=100',
  'air-23.status="已完成"',
  'water-43.progress="按月上报水生态监测数据。"',
  'water-43.reporter="王小明"',
].sort();

async function planOf(bytes: Uint8Array, options: ReadOptions) {
  const store = new MemoryLedgerStore(freshLedger());
  const read = await readReturnWorkbook(bytes, options);
  const [identity] = await identifyFiles(store, [read]);
  const file = { read, unit: identity?.unit ?? '', period: identity?.period ?? '', identityConfirmed: false };
  const ctx = { who: '测试', at: '2021-03-26T00:00:00.000Z', newId: () => 'x' };
  const [outcome] = (await importReturns(store, ctx, [file], { apply: false })).result;
  return { read, plan: outcome!.plan };
}

const edits = (plan: { updates: { taskId: string; field: string; to: unknown }[] }) =>
  plan.updates.map((u) => `${u.taskId}.${u.field}=${JSON.stringify(u.to)}`).sort();

describe('our workbook in other formats', () => {
  it.each([
    ['ylz-2021-03-plain.xls', 'xls'],
    ['ylz-2021-03-plain.ods', 'ods'],
  ])('%s (LibreOffice): manifest verified, 91 rows, exactly the clerk’s six edits', async (name, format) => {
    const { read, plan } = await planOf(bytesOf(name), { fileName: name });
    expect(read.errors).toEqual([]);
    expect(read.format).toBe(format);
    expect(read.manifestStatus).toBe('ok');
    expect([read.unit, read.period]).toEqual(['永乐店镇', '2021-03']);
    expect(read.rows).toHaveLength(91);
    expect(edits(plan)).toEqual(PLAIN_EDITS);
    expect(plan.counts).toEqual({ updated: 3, unchanged: 88, conflicts: 0, rejected: 0 });
  });

  it('an .xls named .et (WPS writes BIFF too) reads the same', async () => {
    const { read, plan } = await planOf(bytesOf('ylz-2021-03-plain.xls'), { fileName: '永乐店镇.et' });
    expect(read.format).toBe('xls');
    expect(edits(plan)).toEqual(PLAIN_EDITS);
  });

  it('an .et the reader cannot open → one message naming WPS .et, nothing read', async () => {
    const xls = bytesOf('ylz-2021-03-plain.xls');
    const broken = xls.slice(0, Math.floor(xls.length / 2)); // cut off half way
    const r = await readReturnWorkbook(broken, { fileName: '永乐店镇.et' });
    expect(r.errors.map((e) => e.code)).toEqual(['unreadable-format']);
    expect(r.errors[0]!.message).toContain('WPS 表格（.et）');
    expect(r.rows).toEqual([]);
  });
});

describe('CSV', () => {
  it('GBK (written by Python’s csv module): detected, decoded, read by our headers', async () => {
    const bytes = bytesOf('ylz-2021-03-gbk.csv');
    expect(await decodeCsv(bytes)).toMatchObject({ ok: true, encoding: 'gb18030' });
    const { read, plan } = await planOf(bytes, { fileName: '永乐店镇_2021年03月_进展填报.csv' });
    expect(read.format).toBe('csv');
    expect(read.rows.map((r) => [r.taskId, r.fields])).toEqual([
      [
        'air-02',
        {
          status: '推进中',
          percent: 40,
          progress: '完成燃煤锅炉排查，3月浓度同比下降8%',
          problems: '',
          reporter: '王小明',
          phone: '010-80881234',
        },
      ],
      [
        'air-23',
        {
          status: '已完成',
          percent: 100,
          progress: '全部完成',
          problems: '',
          reporter: '王小明',
          phone: '010-80881234',
        },
      ],
      [
        'water-43',
        {
          status: '推进中',
          percent: null,
          progress: '按月上报水生态监测数据',
          problems: '资金尚未到位',
          reporter: '王小明',
          phone: '010-80881234',
        },
      ],
    ]);
    expect([plan.unit, plan.period, plan.rejection]).toEqual(['永乐店镇', '2021-03', null]);
    expect(plan.counts.updated).toBe(3);
  });

  it.each([
    ['UTF-8 without a BOM', new TextEncoder().encode('编号,完成状态\n水-01,已完成\n')],
    [
      'UTF-16LE with a BOM (WPS “Unicode text”, tab-separated)',
      utf16le('\ufeff编号\t完成状态\r\n水-01\t已完成\r\n'),
    ],
  ])('%s', async (_name, bytes) => {
    const r = await readReturnWorkbook(bytes);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.taskId, x.fields.status])).toEqual([['water-01', '已完成']]);
  });

  it('quoted fields with commas, quotes and line breaks', async () => {
    const r = await readReturnWorkbook(
      new TextEncoder().encode('编号,完成状态,工作进展\n大气-05,推进中,"完成3处,""重点""\n第二行"\n'),
    );
    expect(r.rows[0]!.fields.progress).toBe('完成3处,"重点"\n第二行');
  });

  it('an encoding that is neither UTF-8 nor GBK → unknown-encoding, one message', async () => {
    // Windows-1252 (`café,état`): not valid UTF-8, and 0xE9 before a comma is no GBK character.
    const latin = Uint8Array.from(
      [...'caf']
        .map((c) => c.charCodeAt(0))
        .concat(
          [0xe9, 0x2c, 0xe9],
          [...'tat\nair-01,termin'].map((c) => c.charCodeAt(0)),
          [0xe9, 0x0a],
        ),
    );
    const r = await readReturnWorkbook(latin);
    expect(r.errors.map((e) => e.code)).toEqual(['unknown-encoding']);
    expect(r.errors[0]!.message).toContain('UTF-8');
  });
});

describe('password-protected', () => {
  it.each(['ylz-2021-03-encrypted.xlsx', 'ylz-2021-03-encrypted.xls'])(
    '%s: asks for the password, refuses a wrong one, opens with the right one to the clerk’s edits',
    async (name) => {
      const bytes = bytesOf(name);
      const none = await readReturnWorkbook(bytes, { fileName: name, decrypt: nodeDecrypt });
      expect(none.errors.map((e) => e.code)).toEqual(['encrypted']);
      const wrong = await readReturnWorkbook(bytes, {
        fileName: name,
        decrypt: nodeDecrypt,
        password: 'wrong',
      });
      expect(wrong.errors.map((e) => e.code)).toEqual(['wrong-password']);
      expect(wrong.rows).toEqual([]);
      const { read, plan } = await planOf(bytes, {
        fileName: name,
        decrypt: nodeDecrypt,
        password: PASSWORD,
      });
      expect(read.errors).toEqual([]);
      expect(read.encrypted).toBe(true);
      expect(read.manifestStatus).toBe('ok');
      expect(edits(plan)).toEqual(PLAIN_EDITS);
      // The password is nowhere in what the reader hands on.
      expect(JSON.stringify(read)).not.toContain(PASSWORD);
    },
    30_000,
  );

  it('without a decryptor (the browser host) → one message saying where it can be opened', async () => {
    const r = await readReturnWorkbook(bytesOf('ylz-2021-03-encrypted.xls'), { password: PASSWORD });
    expect(r.errors.map((e) => e.code)).toEqual(['decrypt-unavailable']);
    expect(r.errors[0]!.message).toContain('桌面版');
  });
});

describe('bounds hold for every reader', () => {
  it('an .xls sheet past the row limit → too-many-rows', async () => {
    const rows = Array.from({ length: MAX_SHEET_ROWS + 5 }, (_, i) => [`air-${i}`, '推进中']);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['编号', '完成状态'], ...rows]), '填报');
    const xls = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const r = await readReturnWorkbook(xls);
    expect(r.errors.map((e) => e.code)).toEqual(['too-many-rows']);
  });

  it('an .ods zip bomb is refused before SheetJS sees it', async () => {
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet');
    zip.file('content.xml', new Uint8Array(20 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const r = await readReturnWorkbook(bytes, { fileName: 'x.ods' });
    expect(r.errors.map((e) => e.code)).toEqual(['zip-bomb']);
  });

  it('a CSV past the row limit → too-many-rows', async () => {
    const text = [
      '编号,完成状态',
      ...Array.from({ length: MAX_SHEET_ROWS + 5 }, (_, i) => `air-${i},推进中`),
    ].join('\n');
    const r = await readReturnWorkbook(new TextEncoder().encode(text));
    expect(r.errors.map((e) => e.code)).toEqual(['too-many-rows']);
  });
});

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}
