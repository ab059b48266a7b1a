import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { taskId } from '../model.ts';
import { DEFLATE_MAX_RATIO, MAX_FILE_BYTES, UNVERIFIED_INFLATE_BUDGET } from './container.ts';
import { exportReturnWorkbook, type ExportInput } from './export-workbook.ts';
import { MANIFEST_SHEET } from './manifest.ts';
import { parseFileName, parseTitle, readReturnWorkbook } from './read-workbook.ts';
import { PLAN, editWorkbook, fields, handMade, loadBytes, makeTask, rowOf, toBytes } from './test-helpers.ts';

function exportInput(n = 3): ExportInput {
  return {
    plan: PLAN,
    unit: '永乐店镇',
    period: '2021-03',
    exportId: 'exp-1',
    exportedAt: '2021-03-01T08:00:00.000Z',
    rows: Array.from({ length: n }, (_, i) => ({
      task: makeTask(taskId('air', i + 1)),
      role: '主责' as const,
      base: fields(),
    })),
  };
}

/**
 * A minimal, structurally valid OLE compound file (CFB v3, 512-byte sectors): header, one FAT
 * sector, one directory sector holding the root entry and the given stream names.
 */
function oleFile(streams: string[]): Uint8Array {
  const bytes = new Uint8Array(512 * 3);
  const v = new DataView(bytes.buffer);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  v.setUint16(0x18, 0x3e, true); // minor version
  v.setUint16(0x1a, 3, true); // major version
  v.setUint16(0x1c, 0xfffe, true); // byte order
  v.setUint16(0x1e, 9, true); // sector shift: 512
  v.setUint16(0x20, 6, true); // mini sector shift
  v.setUint32(0x2c, 1, true); // FAT sectors
  v.setUint32(0x30, 1, true); // first directory sector
  v.setUint32(0x38, 4096, true); // mini stream cutoff
  v.setUint32(0x3c, 0xfffffffe, true); // no mini FAT
  v.setUint32(0x44, 0xfffffffe, true); // no DIFAT sectors
  v.setUint32(0x4c, 0, true); // DIFAT[0] = sector 0 holds the FAT
  for (let i = 1; i < 109; i++) v.setUint32(0x4c + i * 4, 0xffffffff, true);
  const fat = 512;
  v.setUint32(fat, 0xfffffffd, true); // sector 0: FAT
  v.setUint32(fat + 4, 0xfffffffe, true); // sector 1: directory, end of chain
  for (let i = 2; i < 128; i++) v.setUint32(fat + i * 4, 0xffffffff, true);
  const dir = 1024;
  ['Root Entry', ...streams].forEach((name, i) => {
    const at = dir + i * 128;
    for (let c = 0; c < name.length; c++) v.setUint16(at + c * 2, name.charCodeAt(c), true);
    v.setUint16(at + 64, (name.length + 1) * 2, true);
    bytes[at + 66] = i === 0 ? 5 : 2; // root storage / stream
    v.setUint32(at + 68, 0xffffffff, true);
    v.setUint32(at + 72, i + 1 < streams.length + 1 ? i + 1 : 0xffffffff, true); // right sibling chain
    v.setUint32(at + 76, i === 0 ? 1 : 0xffffffff, true); // child
    v.setUint32(at + 116, 0xfffffffe, true);
  });
  return bytes;
}

async function zipOf(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Overwrite the declared uncompressed size of central-directory entries (all, or one by name). */
function patchCentralDirectorySizes(bytes: Uint8Array, size: number, only?: string): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  for (let p = 0; p + 46 <= out.length; p++) {
    if (v.getUint32(p, true) !== 0x02014b50) continue;
    const name = new TextDecoder().decode(out.subarray(p + 46, p + 46 + v.getUint16(p + 28, true)));
    if (only === undefined || name === only) v.setUint32(p + 24, size, true);
  }
  return out;
}

async function expectFileError(bytes: Uint8Array, code: string, message?: RegExp): Promise<void> {
  const t0 = performance.now();
  const r = await readReturnWorkbook(bytes);
  expect(performance.now() - t0).toBeLessThan(2000);
  expect(r.errors.map((e) => e.code)).toEqual([code]);
  expect(r.rows).toEqual([]);
  if (message) expect(r.errors[0]!.message).toMatch(message);
  expect(r.errors[0]!.log).toMatch(/^[\x20-\x7e]+$/); // English log line
}

describe('bad input (real bytes)', () => {
  it('random bytes → not-xlsx', async () => {
    let seed = 42;
    const bytes = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    bytes[0] = 0x13; // not a PK / OLE signature by accident
    await expectFileError(bytes, 'not-xlsx');
  });
  it('empty file → empty', async () => {
    await expectFileError(new Uint8Array(0), 'empty', /空/);
  });
  it('an OLE file with a Workbook stream that is no real .xls → unreadable-format, naming the format', async () => {
    await expectFileError(oleFile(['Workbook', '\u0005SummaryInformation']), 'unreadable-format', /\.xls/);
  });
  it('encrypted .xlsx (OLE with EncryptionInfo + EncryptedPackage) on a host without a decryptor → decrypt-unavailable', async () => {
    await expectFileError(
      oleFile(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']),
      'decrypt-unavailable',
      /设置了打开密码/,
    );
  });
  it('encrypted .xlsx with a decryptor but no password yet → encrypted (asks for one); nothing decrypted', async () => {
    let called = 0;
    const r = await readReturnWorkbook(oleFile(['EncryptionInfo', 'EncryptedPackage']), {
      decrypt: async () => {
        called++;
        return { ok: false, reason: 'wrong-password', log: 'x' };
      },
    });
    expect(r.errors.map((e) => e.code)).toEqual(['encrypted']);
    expect(called).toBe(0);
    const wrong = await readReturnWorkbook(oleFile(['EncryptionInfo', 'EncryptedPackage']), {
      password: 'nope',
      decrypt: async () => ({ ok: false, reason: 'wrong-password', log: 'x' }),
    });
    expect(wrong.errors.map((e) => [e.code, e.message])).toEqual([
      ['wrong-password', '密码不正确，无法打开文件。'],
    ]);
    expect(JSON.stringify(wrong)).not.toContain('nope');
  });
  it('CSV (UTF-8 with a BOM) with our headers → read like a hand-made sheet', async () => {
    const r = await readReturnWorkbook(new TextEncoder().encode('\ufeff编号,完成状态\nair-01,推进中\n'));
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('csv');
    expect(r.rows.map((x) => [x.taskId, x.fields])).toEqual([['air-01', { status: '推进中' }]]);
  });
  it('HTML disguised as .xls → not-xlsx', async () => {
    await expectFileError(
      new TextEncoder().encode('<html><body><table><tr><td>1</td></tr></table>'),
      'not-xlsx',
      /网页/,
    );
  });
  it('oversized file → too-large (checked before anything else)', async () => {
    const bytes = new Uint8Array(MAX_FILE_BYTES + 1);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    await expectFileError(bytes, 'too-large', /文件过大/);
  });
  it('zip bomb: central directory declares a huge uncompressed size → zip-bomb, nothing inflated', async () => {
    const zip = await zipOf({ '[Content_Types].xml': '<x/>', 'xl/workbook.xml': '<x/>' });
    await expectFileError(patchCentralDirectorySizes(zip, 0xf0000000), 'zip-bomb', /压缩炸弹/);
  });
  it('zip bomb: extreme compression ratio (20 MB of zeros) → zip-bomb', async () => {
    const zip = await zipOf({
      '[Content_Types].xml': '<x/>',
      'xl/workbook.xml': '<x/>',
      'xl/worksheets/sheet1.xml': new Uint8Array(20 * 1024 * 1024),
    });
    await expectFileError(zip, 'zip-bomb');
  });
  it('zip bomb: a lying central directory is caught (the zip reader checks inflated against declared sizes)', async () => {
    // A real workbook whose directory under-declares the sheet: small files are provably bounded
    // (size × 1032 ≤ the limit), so the lie is caught when the sheet is inflated and compared.
    const workbook = await exportReturnWorkbook(exportInput());
    await expectFileError(patchCentralDirectorySizes(workbook, 100, 'xl/worksheets/sheet1.xml'), 'zip-bomb');
  });
  it('zip bomb: in a large file, a lying directory is caught while inflating through a counting stream', async () => {
    // Over ~48 KB the shortcut no longer applies, so every entry is inflated through a counting stream first.
    const noise = new Uint8Array(400 * 1024);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
    const zip = await zipOf({
      '[Content_Types].xml': '<x/>',
      'xl/workbook.xml': '<x/>',
      'xl/media/noise.bin': noise,
      'xl/worksheets/sheet1.xml': new Uint8Array(2 * 1024 * 1024),
    });
    expect(zip.length).toBeGreaterThan(UNVERIFIED_INFLATE_BUDGET / DEFLATE_MAX_RATIO);
    await expectFileError(patchCentralDirectorySizes(zip, 100, 'xl/worksheets/sheet1.xml'), 'zip-bomb');
  });
  it('a second directory hidden behind a gap before the end record → rejected before inflating', async () => {
    // JSZip would treat the gap as prepended data and shift every offset onto another directory.
    const workbook = await exportReturnWorkbook(exportInput());
    const v = new DataView(workbook.buffer, workbook.byteOffset, workbook.byteLength);
    let eocd = workbook.length - 22;
    while (v.getUint32(eocd, true) !== 0x06054b50) eocd--;
    const gap = new Uint8Array(64);
    const out = new Uint8Array(workbook.length + gap.length);
    out.set(workbook.subarray(0, eocd));
    out.set(gap, eocd);
    out.set(workbook.subarray(eocd), eocd + gap.length);
    await expectFileError(out, 'corrupt');
  });
  it('zip bomb: overlapping entries (one compressed run counted many times) → zip-bomb', async () => {
    const zip = await zipOf({ '[Content_Types].xml': '<x/>', 'xl/workbook.xml': '<x/>' });
    // Point the second entry's local-header offset at the first entry's.
    const out = zip.slice();
    const v = new DataView(out.buffer);
    const headers: number[] = [];
    for (let p = 0; p + 46 <= out.length; p++) if (v.getUint32(p, true) === 0x02014b50) headers.push(p);
    v.setUint32(headers[1]! + 42, v.getUint32(headers[0]! + 42, true), true);
    await expectFileError(out, 'zip-bomb');
  });
  it('truncated zip → corrupt', async () => {
    const bytes = await exportReturnWorkbook(exportInput());
    await expectFileError(bytes.subarray(0, Math.floor(bytes.length / 2)), 'corrupt', /损坏/);
  });
  it('a zip that is not a workbook (docx, a broken ods, other) → not-xlsx / unreadable-format', async () => {
    await expectFileError(
      await zipOf({ '[Content_Types].xml': '<x/>', 'word/document.xml': '<x/>' }),
      'not-xlsx',
      /Word/,
    );
    await expectFileError(
      await zipOf({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' }),
      'unreadable-format',
      /OpenDocument/,
    );
    await expectFileError(await zipOf({ 'a.txt': 'hello' }), 'not-xlsx');
  });
  it('a workbook zip with broken XML → corrupt', async () => {
    const zip = await zipOf({ '[Content_Types].xml': '<x', 'xl/workbook.xml': '<<<' });
    await expectFileError(zip, 'corrupt');
  });
  it('no recognisable header → no-header', async () => {
    await expectFileError(
      await handMade([
        ['序号', '名称', '备注'],
        [1, 'a', 'b'],
      ]),
      'no-header',
      /未找到可识别的表头/,
    );
  });
});

describe('hand-made and re-saved workbooks', () => {
  it('finds the header by name under a title row, with spaces/newlines/full-width parentheses, extra and reordered columns', async () => {
    const bytes = await handMade([
      ['永乐店镇 2021年3月 进展填报'],
      [],
      ['备注', '完成 状态', '编 号', '完成比例\n（％）', '工作\n进展', '我的列', '填报日期'],
      [],
      [
        'x',
        ' 推进中 ',
        '大气-02',
        { formula: '40*2', result: 80 },
        { richText: [{ text: '完成' }, { text: '3处' }] },
        'y',
        '２０２１/３/５',
      ],
      ['', '', '', '', '', '', ''],
      [
        null,
        { formula: 'IF(1,"已完成")', result: '已完成' },
        'ａｉｒ－０１',
        { sharedFormula: 'D5', result: 100 },
        { text: '见附件', hyperlink: 'http://x' },
        null,
        44260,
      ],
      [
        null,
        '\u3000已完成\u00a0',
        'air-03',
        '８０％',
        null,
        null,
        { formula: 'DATE(2021,3,5)', result: new Date(Date.UTC(2021, 2, 5)) },
      ],
    ]);
    const r = await readReturnWorkbook(bytes, { fileName: 'whatever.xlsx' });
    expect(r.errors).toEqual([]);
    expect(r.headerRow).toBe(3);
    expect(r.columns).toEqual({ status: 2, taskId: 3, percent: 4, progress: 5, filledOn: 7 });
    expect(r).toMatchObject({
      manifest: null,
      manifestStatus: 'absent',
      unit: '永乐店镇',
      period: '2021-03',
      identifiedBy: 'title',
    });
    expect(r.rows).toEqual([
      {
        rowNumber: 5,
        taskId: 'air-02',
        rawTaskId: '大气-02',
        fields: { status: '推进中', percent: 80, progress: '完成3处', filledOn: '2021-03-05' },
        errors: [],
        planCells: {},
      },
      {
        rowNumber: 7,
        taskId: 'air-01',
        rawTaskId: 'ａｉｒ－０１',
        fields: { status: '已完成', percent: 100, progress: '见附件', filledOn: '2021-03-05' },
        errors: [],
        planCells: {},
      },
      {
        rowNumber: 8,
        taskId: 'air-03',
        rawTaskId: 'air-03',
        fields: { status: '已完成', percent: 80, progress: '', filledOn: '2021-03-05' },
        errors: [],
        planCells: {},
      },
    ]);
    expect(r.warnings.map((w) => w.code)).toEqual(['missing-progress-columns']);
    expect(r.warnings[0]!.message).toContain('存在问题');
  });

  it('reports invalid values per row and field, keeping valid ones', async () => {
    const r = await readReturnWorkbook(
      await handMade([
        ['编号', '完成状态', '完成比例(%)', '填报日期'],
        ['air-01', '进行中', 120, '2021-02-30'],
      ]),
    );
    expect(r.rows[0]!.fields).toEqual({});
    expect(r.rows[0]!.errors.map((e) => [e.field, e.code])).toEqual([
      ['status', 'invalid-status'],
      ['percent', 'invalid-percent'],
      ['filledOn', 'invalid-date'],
    ]);
  });

  it('keeps a row that has progress but no id (so the merge lists it) and skips blank/note rows', async () => {
    const r = await readReturnWorkbook(
      await handMade([
        ['编号', '完成状态', '工作进展'],
        [null, '推进中', '无编号的内容'],
        [null, null, null],
        ['编号', '完成状态', '工作进展'],
      ]),
    );
    expect(r.rows.map((row) => [row.rowNumber, row.taskId])).toEqual([[2, '']]);
  });

  it('infers unit and period from the file name when there is no title', async () => {
    const r = await readReturnWorkbook(
      await handMade([
        ['编号', '完成状态'],
        ['air-01', '推进中'],
      ]),
      {
        fileName: 'C:\\下载\\永乐店镇_2021年03月_进展填报 (1).xlsx',
      },
    );
    expect(r).toMatchObject({ unit: '永乐店镇', period: '2021-03', identifiedBy: 'file-name' });
  });

  it('warns when title and file name disagree', async () => {
    const r = await readReturnWorkbook(
      await handMade([['于家务回族乡 2021年4月 进展填报'], ['编号', '完成状态'], ['air-01', '推进中']]),
      { fileName: '永乐店镇_2021年03月_进展填报.xlsx' },
    );
    expect(r).toMatchObject({ unit: '于家务回族乡', period: '2021-04' });
    expect(r.warnings.map((w) => w.code)).toContain('unit-mismatch-title');
    expect(r.warnings.map((w) => w.code)).toContain('period-mismatch-title');
  });

  it('an edited manifest is detected and treated as no manifest', async () => {
    const bytes = await exportReturnWorkbook(exportInput());
    const edited = await editWorkbook(bytes, (wb) => {
      const ws = wb.getWorksheet(MANIFEST_SHEET)!;
      const chunk = String(ws.getCell('A4').value);
      ws.getCell('A4').value = chunk.slice(0, 10) + (chunk[10] === 'A' ? 'B' : 'A') + chunk.slice(11);
      ws.state = 'hidden'; // as LibreOffice leaves it
    });
    const r = await readReturnWorkbook(edited);
    expect(r.manifest).toBeNull();
    expect(r.manifestStatus).toBe('invalid');
    expect(r.warnings[0]).toMatchObject({ code: 'manifest-invalid', message: '清单校验失败，按无清单处理' });
    expect(r).toMatchObject({ unit: '永乐店镇', period: '2021-03', identifiedBy: 'title' });
    expect(r.rows).toHaveLength(3);
  });

  it('survives sorting, inserted rows, added columns and a deleted row of an exported workbook', async () => {
    const bytes = await exportReturnWorkbook(exportInput(4));
    const edited = await editWorkbook(bytes, (_wb, ws) => {
      ws.spliceRows(rowOf(ws, 'air-02'), 1); // delete air-02
      ws.insertRow(3, []); // blank row above the first task
      ws.getCell(rowOf(ws, 'air-03'), 10).value = '已完成';
      ws.getCell(rowOf(ws, 'air-03'), 19).value = '我的备注'; // own column to the right
      ws.getCell(2, 19).value = '备注';
    });
    const r = await readReturnWorkbook(edited);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((row) => row.taskId)).toEqual(['air-01', 'air-03', 'air-04']);
    expect(r.rows[1]!.fields.status).toBe('已完成');
    expect(r.warnings.map((w) => w.code)).toEqual(['manifest-row-missing']);
    expect(r.warnings[0]!.message).toContain('大气-02');
  });

  it('numbers tasks 大气-01 in the sheet, keeps air-01 in the manifest, and reads either form back', async () => {
    const bytes = await exportReturnWorkbook(exportInput(3));
    const r = await readReturnWorkbook(bytes);
    expect(r.rows.map((row) => [row.rawTaskId, row.taskId])).toEqual([
      ['大气-01', 'air-01'],
      ['大气-02', 'air-02'],
      ['大气-03', 'air-03'],
    ]);
    expect(r.manifest?.rows.map((m) => m.taskId)).toEqual(['air-01', 'air-02', 'air-03']);
    // A clerk (or an older export) writes the number in any of the forms people use.
    const rewritten = await editWorkbook(bytes, (_wb, ws) => {
      ws.getCell(rowOf(ws, 'air-01'), 1).value = 'air-01';
      ws.getCell(rowOf(ws, 'air-02'), 1).value = '大气０２';
      ws.getCell(rowOf(ws, 'air-03'), 1).value = 'ＡＩＲ－３';
    });
    const again = await readReturnWorkbook(rewritten);
    expect(again.rows.map((row) => row.taskId)).toEqual(['air-01', 'air-02', 'air-03']);
    expect(again.warnings).toEqual([]);
  });

  it('accepts ArrayBuffer input and hashes the bytes', async () => {
    const bytes = await toBytes((await loadBytes(await exportReturnWorkbook(exportInput(1)))) as never);
    const copy = bytes.slice().buffer;
    const r = await readReturnWorkbook(copy);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.size).toBe(bytes.length);
  });
});

describe('parseTitle / parseFileName', () => {
  it.each([
    ['通州区深入打好污染防治攻坚战2021年行动计划 — 永乐店镇 2021年3月 进展填报', '永乐店镇', '2021-03'],
    ['通州区…行动计划 — 区生态环境局 2021年12月 进展填报', '区生态环境局', '2021-12'],
    ['永乐店镇2021年3月进展填报', '永乐店镇', '2021-03'],
    ['进展填报表', null, null],
  ])('title %s', (title, unit, period) => {
    expect(parseTitle(title)).toEqual({ unit, period });
  });
  it.each([
    ['永乐店镇_2021年03月_进展填报.xlsx', '永乐店镇', '2021-03'],
    ['永乐店镇-2021年3月进展填报(已填).xlsx', '永乐店镇', '2021-03'],
    ['永乐店镇_2021-03.xlsx', '永乐店镇', '2021-03'],
    ['填报.xlsx', null, null],
  ])('file name %s', (name, unit, period) => {
    expect(parseFileName(name)).toEqual({ unit, period });
  });
});
