import { readFileSync, readdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { nodeCodec } from '../../cli/node-io.ts';
import { normaliseCell } from '../../test/support/exceljs-cell.ts';
import { streamCodec } from '../zip/deflate.ts';
import { checkContainer } from './container.ts';
import { InvalidCell, type PlainValue } from './normalise-cell.ts';
import { fillMerges, type SheetGrid } from './sheet-grid.ts';
import { exportReturnWorkbook } from './export-workbook.ts';
import { PLAN, fields, makeTask, toBytes } from './test-helpers.ts';
import { isDateFormat, readXlsxGrid, type InflateRaw } from './xlsx-grid.ts';
import { taskId } from '../model.ts';

async function grid(bytes: Uint8Array): Promise<SheetGrid> {
  const container = checkContainer(bytes);
  if (!container.ok) throw new Error(container.error.log);
  if (container.format !== 'xlsx') throw new Error(`not an xlsx: ${container.format}`);
  const read = await readXlsxGrid(bytes, container.entries);
  if (!read.ok) throw new Error(read.error.log);
  return read.grid;
}

async function gridError(bytes: Uint8Array, inflate?: InflateRaw): Promise<string> {
  const container = checkContainer(bytes);
  if (!container.ok) throw new Error(container.error.log);
  if (container.format !== 'xlsx') throw new Error(`not an xlsx: ${container.format}`);
  const read = await readXlsxGrid(bytes, container.entries, undefined, inflate);
  if (read.ok) throw new Error('expected an error');
  return `${read.error.code}: ${read.error.log}`;
}

/** Every non-null value of every sheet, as `Sheet!r,c = value` lines (merges filled). */
function gridValues(g: SheetGrid): string[] {
  const out: string[] = [];
  for (const sheet of g.sheets.map(fillMerges))
    for (const row of sheet.rows)
      for (const [c, cell] of row.cells) out.push(`${sheet.name}!${row.r},${c} = ${show(cell.value)}`);
  return out.sort();
}

function show(v: PlainValue): string {
  return v instanceof InvalidCell ? `invalid(${v.raw})` : JSON.stringify(v);
}

/** The same, through exceljs and the oracle's normalisation. */
async function exceljsValues(bytes: Uint8Array): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        const v = normaliseCell(cell.value);
        if (v !== null) out.push(`${ws.name}!${r},${c} = ${show(v)}`);
      }),
    ),
  );
  return out.sort();
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A workbook from raw parts: one sheet (`sheet`), optional shared strings and styles. */
async function rawXlsx(parts: {
  sheet: string;
  strings?: string;
  styles?: string;
  workbook?: string;
  extra?: Record<string, string>;
}): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file(
    'xl/workbook.xml',
    parts.workbook ??
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="填报" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file('xl/worksheets/sheet1.xml', parts.sheet);
  if (parts.strings) zip.file('xl/sharedStrings.xml', parts.strings);
  if (parts.styles) zip.file('xl/styles.xml', parts.styles);
  for (const [name, text] of Object.entries(parts.extra ?? {})) zip.file(name, text);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const sheetXml = (rows: string) => `<worksheet><sheetData>${rows}</sheetData></worksheet>`;
const STYLES = `<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="[&gt;=100]0;0.0%"/><numFmt numFmtId="165" formatCode='yyyy"年"m"月"d"日"'/></numFmts>
  <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
  <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="164"/></cellXfs></styleSheet>`;

describe('readXlsxGrid: cell values', () => {
  const cases: [string, string, PlainValue][] = [
    ['a number', '<c r="A1"><v>80</v></c>', 80],
    ['a shared string, trimmed', '<c r="A1" t="s"><v>0</v></c>', '推进中'],
    ['rich-text runs joined, phonetic guide left out', '<c r="A1" t="s"><v>1</v></c>', '计划1'],
    [
      'an inline string with entities',
      '<c r="A1" t="inlineStr"><is><t>A&amp;B &lt;3&gt; &#x4E2D;&#25991;</t></is></c>',
      'A&B <3> 中文',
    ],
    [
      'a CDATA inline string',
      '<c r="A1" t="inlineStr"><is><t><![CDATA[<b>粗</b>]]></t></is></c>',
      '<b>粗</b>',
    ],
    [
      '_x escapes decoded, control characters dropped',
      '<c r="A1" t="inlineStr"><is><t>a_x001B_[31mb_x005F_x0041_</t></is></c>',
      'a[31mb_x0041_',
    ],
    ['a formula string: its cached result', '<c r="A1" t="str"><f>A2&amp;"x"</f><v>结果</v></c>', '结果'],
    ['a formula without a cached result: nothing', '<c r="A1"><f>1+1</f></c>', null],
    ['a boolean', '<c r="A1" t="b"><v>1</v></c>', true],
    ['an error value', '<c r="A1" t="e"><v>#REF!</v></c>', new InvalidCell('#REF!')],
    ['NaN', '<c r="A1"><v>NaN</v></c>', new InvalidCell('NaN')],
    ['1e999', '<c r="A1"><v>1e999</v></c>', new InvalidCell('Infinity')],
    ['an empty string cell is no value', '<c r="A1" t="inlineStr"><is><t>  </t></is></c>', null],
    ['a serial in a date format', '<c r="A1" s="2"><v>44260</v></c>', '2021-03-05'],
    ['a serial with a time of day', '<c r="A1" s="2"><v>44260.99</v></c>', '2021-03-05'],
    ['a CJK custom date format', '<c r="A1" s="3"><v>44260</v></c>', '2021-03-05'],
    ['serial 60, Excel’s phantom 1900-02-29', '<c r="A1" s="2"><v>60</v></c>', new InvalidCell('1900-02-29')],
    ['a serial before 1900-03-01', '<c r="A1" s="2"><v>12</v></c>', new InvalidCell('日期序号 12')],
    ['a date past 9999', '<c r="A1" s="2"><v>3000000</v></c>', new InvalidCell('+010113-09-19')],
    ['an ISO date cell (t="d")', '<c r="A1" t="d"><v>2021-03-05T00:00:00</v></c>', '2021-03-05'],
    ['a percent-formatted number stays a number', '<c r="A1" s="1"><v>0.8</v></c>', 0.8],
    ['a prefixed element name (x:c)', '<x:c r="A1"><x:v>7</x:v></x:c>', 7],
    ['a style index past the table', '<c r="A1" s="99"><v>5</v></c>', 5],
    ['a shared-string index past the table', '<c r="A1" t="s"><v>99</v></c>', null],
  ];
  it.each(cases)('%s', async (_name, cell, expected) => {
    const bytes = await rawXlsx({
      sheet: sheetXml(`<row r="1">${cell}</row>`),
      strings:
        '<sst><si><t xml:space="preserve"> 推进中 </t></si><si><r><t>计划</t></r><r><rPr><b/></rPr><t>1</t></r><rPh><t>けいかく</t></rPh></si></sst>',
      styles: STYLES,
    });
    const row = (await grid(bytes)).sheets[0]!.rows[0];
    expect(row?.cells.get(1)?.value ?? null).toEqual(expected);
  });

  it('keeps the number format of each cell, resolving built-in ids and attributes holding ">"', async () => {
    const bytes = await rawXlsx({
      sheet: sheetXml(
        '<row r="1"><c r="A1" s="1"><v>0.5</v></c><c r="B1" s="4"><v>0.5</v></c><c r="C1" s="0"><v>1</v></c></row>',
      ),
      styles: STYLES,
    });
    const cells = (await grid(bytes)).sheets[0]!.rows[0]!.cells;
    expect([cells.get(1)?.numFmt, cells.get(2)?.numFmt, cells.get(3)?.numFmt]).toEqual([
      '0%',
      '[>=100]0;0.0%',
      undefined,
    ]);
  });

  it('places cells without references one after another, and rows without numbers below the last', async () => {
    const bytes = await rawXlsx({
      sheet: sheetXml(
        '<row r="3"><c><v>1</v></c><c r="D3"><v>2</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row>',
      ),
    });
    expect(gridValues(await grid(bytes))).toEqual([
      '填报!3,1 = 1',
      '填报!3,4 = 2',
      '填报!3,5 = 3',
      '填报!4,1 = 4',
    ]);
  });

  it('reads the 1904 date system', async () => {
    const bytes = await rawXlsx({
      workbook:
        '<workbook xmlns:r="r"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
      sheet: sheetXml('<row r="1"><c r="A1" s="2"><v>42798</v></c></row>'),
      styles: STYLES,
    });
    expect((await grid(bytes)).sheets[0]!.rows[0]!.cells.get(1)?.value).toBe('2021-03-05');
  });

  it('names sheets with their visibility and finds parts by relationship, not by file name', async () => {
    const bytes = await rawXlsx({
      workbook:
        '<workbook xmlns:r="r"><sheets><sheet name="填报" sheetId="1" r:id="rId1"/><sheet name="_manifest" sheetId="2" state="veryHidden" r:id="rId9"/></sheets></workbook>',
      sheet: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'),
      extra: {
        'xl/_rels/workbook.xml.rels':
          '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Target="/xl/worksheets/../hidden/m.xml"/></Relationships>',
        'xl/hidden/m.xml': sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>清单</t></is></c></row>'),
      },
    });
    const g = await grid(bytes);
    expect(g.sheets.map((s) => [s.name, s.state])).toEqual([
      ['填报', 'visible'],
      ['_manifest', 'veryHidden'],
    ]);
    expect(gridValues(g)).toContain('_manifest!1,1 = "清单"');
  });

  it('fills merged ranges with their top-left value, bounded by the cells that exist', async () => {
    const bytes = await rawXlsx({
      sheet: `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>推进中</t></is></c></row><row r="2"><c r="C2"><v>1</v></c></row></sheetData>
        <mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="A3:XFD1048576"/></mergeCells></worksheet>`,
    });
    expect(gridValues(await grid(bytes))).toEqual([
      '填报!1,1 = "推进中"',
      '填报!1,2 = "推进中"',
      '填报!2,1 = "推进中"',
      '填报!2,2 = "推进中"',
      '填报!2,3 = 1',
    ]);
  });
});

describe('readXlsxGrid: hostile and broken files', () => {
  it.each([
    ['a workbook part that is not XML', { workbook: '<<<' }, /^corrupt: xl\/workbook.xml names no sheets/],
    ['a sheet part that is not a worksheet', { sheet: 'hello' }, /^corrupt: sheet "填报" is not a worksheet/],
    [
      'more rows than a return can hold',
      { sheet: sheetXml('<row><c><v>1</v></c></row>'.repeat(2_001)) },
      /^too-many-rows: sheet "填报" has more than 2000 rows/,
    ],
    [
      'more cells than a return can hold',
      {
        sheet: sheetXml(
          Array.from(
            { length: 7 },
            (_, r) =>
              `<row>${Array.from({ length: 16_000 }, (_, c) => `<c><v>${(r * 7919 + c * 104729) % 99991}</v></c>`).join('')}</row>`,
          ).join(''),
        ),
      },
      /^too-many-rows: sheet "填报" has more than 100000 cells/,
    ],
  ])('%s', async (_name, parts, expected) => {
    expect(await gridError(await rawXlsx({ sheet: sheetXml(''), ...parts }))).toMatch(expected);
  });

  // A zip directory that understates a part's size: each platform's inflater must stop there.
  it.each([
    ['fflate', undefined],
    ['Node zlib (the CLI)', nodeCodec.inflate],
    ['DecompressionStream (the app)', streamCodec()?.inflate],
  ])('a part that inflates past its declared size → zip-bomb, with %s', async (_name, inflate) => {
    const bytes = await rawXlsx({ sheet: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(50)) });
    const out = bytes.slice();
    const v = new DataView(out.buffer);
    for (let p = 0; p + 46 <= out.length; p++) {
      if (v.getUint32(p, true) !== 0x02014b50) continue;
      const name = new TextDecoder().decode(out.subarray(p + 46, p + 46 + v.getUint16(p + 28, true)));
      if (name === 'xl/worksheets/sheet1.xml') v.setUint32(p + 24, 100, true);
    }
    if (inflate === undefined && _name !== 'fflate') return; // no native stream inflater here
    expect(await gridError(out, inflate)).toMatch(
      /^zip-bomb: entry xl\/worksheets\/sheet1.xml inflates past/,
    );
  });

  it('a chart sheet in the sheet list is an empty sheet, not a broken file', async () => {
    const bytes = await rawXlsx({
      workbook:
        '<workbook xmlns:r="r"><sheets><sheet name="填报" sheetId="1" r:id="rId1"/><sheet name="图表" sheetId="2" r:id="rId2"/></sheets></workbook>',
      sheet: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>'),
      extra: {
        'xl/_rels/workbook.xml.rels':
          '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="chartsheets/sheet1.xml"/></Relationships>',
        'xl/chartsheets/sheet1.xml': '<chartsheet><drawing r:id="rId1"/></chartsheet>',
      },
    });
    expect((await grid(bytes)).sheets.map((s) => [s.name, s.rows.length])).toEqual([
      ['填报', 1],
      ['图表', 0],
    ]);
  });

  it('a DOCTYPE with entity definitions is skipped, never expanded', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>`;
    const bytes = await rawXlsx({
      sheet: `${bomb}${sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>&b;x</t></is></c></row>')}`,
    });
    // The declarations are skipped as markup; the cell's unknown entity stays as written.
    expect((await grid(bytes)).sheets[0]!.rows.at(-1)!.cells.get(1)?.value).toBe('&b;x');
  });
});

describe('readXlsxGrid agrees with exceljs', () => {
  const files = readdirSync('test/fixtures/xlsx').filter((f) => f.endsWith('.xlsx'));
  it.each(files)('fixture %s (openpyxl and LibreOffice re-saves included)', async (name) => {
    const bytes = new Uint8Array(readFileSync(`test/fixtures/xlsx/${name}`));
    expect(gridValues(await grid(bytes))).toEqual(await exceljsValues(bytes));
  });

  it('our own export of 30 tasks', async () => {
    const bytes = await exportReturnWorkbook({
      plan: PLAN,
      unit: '永乐店镇',
      period: '2021-03',
      exportId: 'exp-1',
      exportedAt: '2021-03-01T08:00:00.000Z',
      rows: Array.from({ length: 30 }, (_, i) => ({
        task: makeTask(taskId('air', i + 1)),
        role: '主责' as const,
        base: fields({
          status: '推进中',
          percent: i * 3,
          progress: `第${i}项 A&B <x>`,
          filledOn: '2021-03-05',
        }),
      })),
    });
    const values = gridValues(await grid(bytes));
    expect(values.length).toBeGreaterThan(300);
    expect(values).toEqual(await exceljsValues(bytes));
  });

  it('a hand-made workbook of every kind of value exceljs writes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('各种值');
    const values: ExcelJS.CellValue[] = [
      '文本',
      42.5,
      true,
      new Date(Date.UTC(2021, 2, 5)),
      { richText: [{ text: '计划' }, { text: '1', font: { bold: true } }] },
      { formula: 'B1*2', result: 85 },
      { formula: 'A1&"x"', result: '文本x' },
      { text: '佐证材料.pdf', hyperlink: 'http://example.com/x.pdf' },
      { error: '#N/A' },
      ' 前后空格 ',
    ];
    values.forEach((v, i) => (ws.getCell(1, i + 1).value = v));
    ws.getCell(2, 1).value = 0.8;
    ws.getCell(2, 1).numFmt = '0%';
    ws.getCell(3, 1).value = '合并';
    ws.mergeCells('A3:C4');
    ws.getCell(5, 2).value = 44260;
    ws.getCell(5, 2).numFmt = 'yyyy-mm-dd';
    const bytes = await toBytes(wb);
    const ours = gridValues(await grid(bytes));
    expect(ours).toContain('各种值!1,5 = "计划1"');
    expect(ours).toContain('各种值!4,3 = "合并"');
    expect(ours).toContain('各种值!5,2 = "2021-03-05"');
    expect(ours).toEqual(await exceljsValues(bytes));
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy-mm-dd', true],
    ['yyyy"年"m"月"d"日"', true],
    ['[$-804]yyyy/m/d', true],
    ['h:mm', true],
    ['0%', false],
    ['0.00%', false],
    ['General', false],
    ['@', false],
    ['#,##0 "天"', false],
    ['[Red]0.00', false],
    ['0.00E+00', false],
    [undefined, false],
  ])('%s → %s', (format, expected) => {
    expect(isDateFormat(format)).toBe(expected);
  });
});
