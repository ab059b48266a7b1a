// Hostile and unlucky returned workbooks, each generated here from a real export (no committed
// binaries): a stray cell at the last row Excel has, thousands of rows repeating one task id, numbers
// no cell should hold, escape sequences in shared strings, a manifest naming another unit than its
// file. Each must end in a clear per-row or per-file message within a bound — and never blank a
// stored value or hang. Time and memory bounds are generous so a busy CI machine does not flake;
// the bench reports the real figures.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { identifyReturn } from '../../shared/file-identity.ts';
import { planMerge } from '../../shared/merge/plan-merge.ts';
import { fields } from '../../shared/workbook/test-helpers.ts';
import { exportReturnWorkbook } from '../../shared/workbook/export-workbook.ts';
import { readReturnWorkbook, type ReadResult } from '../../shared/workbook/read-workbook.ts';
import { MAX_SHEET_ROWS } from '../../shared/workbook/container.ts';
import { UNIT_REGISTRY, UnitIndex, tasksForUnit } from '../../shared/registry.ts';
import { seedPlan } from '../support/ledger-builder.ts';
import { taskLabel } from '../../shared/model.ts';

const UNIT = '永乐店镇';
const PERIOD = '2021-03';
const plan = seedPlan();
const units = new UnitIndex(UNIT_REGISTRY);
const mine = tasksForUnit(plan.tasks, units, UNIT);
const NAME = `${UNIT}_2021年03月_进展填报.xlsx`;

async function exported(base = fields({ percent: 50, progress: '已有的进展' })): Promise<Uint8Array> {
  return exportReturnWorkbook({
    plan,
    unit: UNIT,
    period: PERIOD,
    rows: mine.map(({ task, role }) => ({ task, role, base })),
    exportId: 'exp-hostile',
    exportedAt: '2021-03-01T00:00:00.000Z',
  });
}

/** Rewrite one part of the xlsx zip. */
async function patch(bytes: Uint8Array, path: string, edit: (xml: string) => string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file(path);
  if (!file) throw new Error(`no ${path}`);
  zip.file(path, edit(await file.async('string')));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The 填报 sheet's XML row of a task (ids are shared strings: find the string's index first). */
async function taskRow(bytes: Uint8Array, taskId: string): Promise<{ number: number; xml: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const strings = [
    ...(await zip.file('xl/sharedStrings.xml')!.async('string')).matchAll(/<si>([\s\S]*?)<\/si>/g),
  ].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, ''));
  const index = strings.indexOf(taskLabel(taskId)); // the sheet shows 大气-02 for air-02
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  const cell = new RegExp(`<c r="A(\\d+)"[^>]*t="s"[^>]*><v>${index}</v></c>`).exec(sheet);
  if (index < 0 || !cell) throw new Error(`no row for ${taskId}`);
  const number = Number(cell[1]);
  const row = new RegExp(`<row r="${number}"[\\s\\S]*?</row>`).exec(sheet)!;
  return { number, xml: row[0] };
}

/** Replace one cell of a task's row (column letter) with `cellXml` (its r attribute is filled in). */
async function setCell(
  bytes: Uint8Array,
  taskId: string,
  column: string,
  cellXml: (ref: string, style: string) => string,
) {
  const { number, xml } = await taskRow(bytes, taskId);
  const ref = `${column}${number}`;
  return patch(bytes, 'xl/worksheets/sheet1.xml', (sheet) => {
    const patched = xml.replace(
      new RegExp(`<c r="${ref}"( s="\\d+")?[^>]*?(/>|>[\\s\\S]*?</c>)`),
      (_m, style: string | undefined) => cellXml(ref, style ?? ''),
    );
    return sheet.replace(xml, patched);
  });
}

/** `count` copies of a task's row appended at rows 1000… */
async function repeatRow(bytes: Uint8Array, taskId: string, count: number): Promise<Uint8Array> {
  const { xml } = await taskRow(bytes, taskId);
  const copies: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = 1000 + i;
    copies.push(xml.replace(/<row r="\d+"/, `<row r="${r}"`).replace(/ r="([A-Z]+)\d+"/g, ` r="$1${r}"`));
  }
  return patch(bytes, 'xl/worksheets/sheet1.xml', (sheet) =>
    sheet.replace('</sheetData>', `${copies.join('')}</sheetData>`),
  );
}

function merge(
  read: ReadResult,
  ours = new Map(mine.map((m) => [m.task.id, fields({ percent: 50, progress: '已有的进展' })])),
) {
  return planMerge({
    file: read,
    identity: identifyReturn(read, units),
    expected: { unit: UNIT, period: PERIOD, planId: plan.id },
    unitTaskIds: new Set(mine.map((m) => m.task.id)),
    ours,
    knownHashes: new Set(),
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; mb: number }> {
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0, mb: (process.memoryUsage().rss - before) / 2 ** 20 };
}

describe('hostile returns', () => {
  it('a stray cell at row 1,048,576 (in 填报 and in the manifest) is read as the rows that exist', async () => {
    let bytes = await exported();
    const stray = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>';
    bytes = await patch(bytes, 'xl/worksheets/sheet1.xml', (xml) =>
      xml.replace('</sheetData>', `${stray}</sheetData>`),
    );
    const manifestSheet = (await JSZip.loadAsync(bytes)).file(/xl\/worksheets\/sheet\d+\.xml/).at(-1)!.name;
    bytes = await patch(bytes, manifestSheet, (xml) => xml.replace('</sheetData>', `${stray}</sheetData>`));
    expect(bytes.length).toBeLessThan(60_000);
    const { value: read, ms, mb } = await timed(() => readReturnWorkbook(bytes, { fileName: NAME }));
    expect(read.errors).toEqual([]);
    expect(read.rows.filter((r) => r.taskId !== '' && r.taskId !== 'x').length).toBe(mine.length);
    expect(ms).toBeLessThan(10_000); // ~0.3 s here; was 20–43 s
    expect(mb).toBeLessThan(600); // was 3 GB
  });

  it(`a sheet of ${MAX_SHEET_ROWS * 10} rows repeating one task id is refused before it is modelled`, async () => {
    const bytes = await repeatRow(await exported(), 'air-02', MAX_SHEET_ROWS * 10);
    const { value: read, ms } = await timed(() => readReturnWorkbook(bytes, { fileName: NAME }));
    expect(read.errors.map((e) => e.code)).toEqual(['too-many-rows']);
    expect(read.errors[0]?.message).toContain(`超过 ${MAX_SHEET_ROWS} 行`);
    expect(ms).toBeLessThan(5_000);
  });

  it('one task id repeated on a thousand rows: every occurrence rejected, each reason short', async () => {
    const bytes = await repeatRow(await exported(), 'air-02', 1000);
    const read = await readReturnWorkbook(bytes, { fileName: NAME });
    const { value: plan2, ms } = await timed(async () => merge(read));
    const dup = plan2.rejected.filter((r) => r.code === 'duplicate-id');
    expect(dup).toHaveLength(1001);
    expect(Math.max(...dup.map((r) => r.reason.length))).toBeLessThan(120);
    expect(dup[0]?.reason).toContain('等 1001 处');
    expect(ms).toBeLessThan(2_000);
  });

  it.each([
    ['NaN', '<v>NaN</v>', '完成比例"NaN"无效'],
    ['INF', '<v>INF</v>', '完成比例"NaN"无效'],
    ['1e999', '<v>1e999</v>', '完成比例"Infinity"无效'],
  ])('%s in a numeric 完成比例 cell rejects the row and keeps the stored 50', async (_n, v, reason) => {
    // 完成比例 is column K: give it the raw number.
    const bytes = await setCell(await exported(), 'air-02', 'K', (ref) => `<c r="${ref}">${v}</c>`);
    const read = await readReturnWorkbook(bytes, { fileName: NAME });
    const p = merge(read);
    const rejected = p.rejected.find((r) => r.taskId === 'air-02');
    expect(rejected?.code).toBe('invalid-value');
    expect(rejected?.reason).toContain(reason);
    expect(p.updates.filter((u) => u.taskId === 'air-02')).toEqual([]);
  });

  it.each([
    ['a date past 9999', '3000000', '+010113-09-19'],
    ['Excel’s phantom 1900-02-29 (serial 60)', '60', '1900-02-29'],
  ])('%s in a date cell is refused, not stored as another day', async (_n, serial, shown) => {
    // 填报日期 is column R, date-formatted by the export (its style kept).
    const bytes = await setCell(
      await exported(),
      'air-02',
      'R',
      (ref, style) => `<c r="${ref}"${style}><v>${serial}</v></c>`,
    );
    const read = await readReturnWorkbook(bytes, { fileName: NAME });
    const row = read.rows.find((r) => r.taskId === 'air-02');
    expect(row?.errors.map((e) => [e.field, e.code])).toEqual([['filledOn', 'invalid-date']]);
    expect(row?.errors[0]?.message).toContain(shown);
  });

  it('escape sequences (_x001B_) in shared strings never reach a stored value', async () => {
    // A new shared string (exceljs decodes _xHHHH_ there into the control character itself).
    let bytes = await exported();
    const zip = await JSZip.loadAsync(bytes);
    const count = [...(await zip.file('xl/sharedStrings.xml')!.async('string')).matchAll(/<si>/g)].length;
    bytes = await patch(bytes, 'xl/sharedStrings.xml', (xml) =>
      xml.replace('</sst>', '<si><t>_x001B_[2J_x001B_[31m已清屏_x0007_</t></si></sst>'),
    );
    bytes = await setCell(bytes, 'air-02', 'L', (ref) => `<c r="${ref}" t="s"><v>${count}</v></c>`);
    const read = await readReturnWorkbook(bytes, { fileName: NAME });
    const progress = read.rows.find((r) => r.taskId === 'air-02')?.fields.progress ?? '';
    // eslint-disable-next-line no-control-regex
    expect(progress).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(progress).toBe('[2J[31m已清屏');
  });

  it('a valid manifest naming 漷县镇 in a file whose title and name say 永乐店镇 waits for a person', async () => {
    const other = tasksForUnit(plan.tasks, units, '漷县镇');
    const bytes = await exportReturnWorkbook({
      plan,
      unit: '漷县镇',
      period: PERIOD,
      rows: other.map(({ task, role }) => ({ task, role, base: fields() })),
      exportId: 'exp-other',
      exportedAt: '2021-03-01T00:00:00.000Z',
    });
    const titled = await patch(bytes, 'xl/sharedStrings.xml', (xml) =>
      xml.replaceAll('漷县镇 2021年3月', `${UNIT} 2021年3月`),
    );
    const read = await readReturnWorkbook(titled, { fileName: NAME });
    const identity = identifyReturn(read, units);
    expect(identity.unit).toBe('漷县镇');
    expect(identity.disagreements.map((d) => d.code)).toEqual(['identity-disagrees', 'identity-disagrees']);
    const p = planMerge({
      file: read,
      identity,
      expected: { unit: '漷县镇', period: PERIOD, planId: plan.id },
      unitTaskIds: new Set(other.map((m) => m.task.id)),
      ours: new Map(),
      knownHashes: new Set(),
    });
    expect(p.rejection?.code).toBe('identity-unconfirmed');
    expect(p.rejection?.message).toContain(`文件名写的是“${UNIT}”`);
    const confirmed = planMerge({
      file: read,
      identity,
      expected: { unit: '漷县镇', period: PERIOD, planId: plan.id },
      unitTaskIds: new Set(other.map((m) => m.task.id)),
      ours: new Map(),
      knownHashes: new Set(),
      identityConfirmed: true,
    });
    expect(confirmed.rejection).toBeNull();
    expect(confirmed.warnings.map((w) => w.code)).toContain('identity-confirmed');
  });
});
