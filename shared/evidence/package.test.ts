// The return package reader and the evidence sniffer, on real files (photos and a PDF made by
// Chromium, under test/fixtures/evidence) and on hostile packages built here: a hash that does not
// match, a type that lies, an executable renamed .jpg, a path that climbs out, device names, a
// duplicate, a zip bomb, too many files — each refused by name while the rest still reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { createHash } from 'node:crypto';
import { bytesSource, decodeEntryName } from '../zip/zip-reader.ts';
import { fflateCodec } from '../zip/deflate.ts';
import {
  PACKAGE_MANIFEST,
  readLooseFiles,
  readReturnPackage,
  pathProblem,
  taskFolderOf,
  type PackageManifest,
} from './package.ts';
import { buildReturnPackage, returnPackageFileName } from './package-writer.ts';
import { sniffEvidence } from './sniff.ts';
import { crc32 } from '../zip/crc32.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/evidence/${name}`));
const PHOTO1 = fixture('现场照片1.jpg');
const PHOTO2 = fixture('现场照片2.jpg');
const PNG = fixture('围挡.png');
const PDF = fixture('整改记录.pdf');
const WORKBOOK = new Uint8Array(readFileSync('test/fixtures/xlsx/ylz-2021-03-exported.xlsx'));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const EXE = new Uint8Array([
  0x4d,
  0x5a,
  0x90,
  0,
  3,
  0,
  0,
  0,
  4,
  0,
  0,
  0,
  0xff,
  0xff,
  ...new Array(100).fill(0),
]);
const io = { inflate: fflateCodec.inflate };

async function read(files: Record<string, Uint8Array>, level = 0) {
  const bytes = zipSync(files, { level: level as 0 });
  return readReturnPackage(bytesSource(bytes), io);
}

describe('sniffEvidence: by content, never by name', () => {
  it.each([
    ['现场照片1.jpg', PHOTO1, 'jpeg'],
    ['围挡.png', PNG, 'png'],
    ['整改记录.pdf', PDF, 'pdf'],
    ['scan', PDF, 'pdf'],
  ])('%s is %s', async (name, bytes, kind) => {
    expect(await sniffEvidence(bytesSource(bytes), name)).toMatchObject({ ok: true, kind });
  });
  it('takes a PNG named .jpg as the image it is, with a note', async () => {
    expect(await sniffEvidence(bytesSource(PNG), '照片.jpg')).toMatchObject({
      ok: true,
      kind: 'png',
      note: expect.stringContaining('PNG'),
    });
  });
  it.each([
    ['an executable renamed .jpg', EXE, '照片.jpg', 'executable'],
    ['a PDF named .jpg (a type that lies)', PDF, '照片.jpg', 'lying-name'],
    ['a photo named .pdf', PHOTO1, '报告.pdf', 'lying-name'],
    ['an HTML page named .pdf', strToU8('<!doctype html><script>alert(1)</script>'), 'a.pdf', 'html'],
    ['a zip that is no document', zipSync({ 'a.txt': strToU8('x') }), 'a.docx', 'archive'],
    ['a shell script', strToU8('#!/bin/sh\nrm -rf /'), 'run.jpg', 'executable'],
    ['an empty file', new Uint8Array(), 'x.jpg', 'empty'],
    ['plain text', strToU8('just some text'), 'x.txt', 'unsupported'],
  ])('refuses %s', async (_what, bytes, name, code) => {
    expect(await sniffEvidence(bytesSource(bytes), name)).toMatchObject({ ok: false, code });
  });
});

describe('readReturnPackage', () => {
  it('reads the clerk app’s package: workbook, manifest, every hash checked', async () => {
    const files = [
      { taskId: 'air-03', name: '现场照片1.jpg', bytes: PHOTO1 },
      { taskId: 'air-03', name: '现场照片2.jpg', bytes: PHOTO2 },
      { taskId: 'water-01', name: '整改记录.pdf', bytes: PDF },
    ].map((f, i) => ({
      ...f,
      sha256: sha(f.bytes),
      size: f.bytes.length,
      crc32: crc32(f.bytes),
      data: new Blob([f.bytes]),
      // The second file as a package of an earlier version has it: no attribution.
      ...(i === 1 ? {} : { addedBy: '镇里小李', addedAt: `2021-03-0${i + 5}T02:00:00.000Z` }),
    }));
    const { parts, manifest } = buildReturnPackage({
      unit: '永乐店镇',
      period: '2021-03',
      workbook: { name: '永乐店镇_2021年03月_进展填报.xlsx', bytes: WORKBOOK },
      files,
    });
    expect(manifest.files.map((f) => f.path)).toEqual([
      '佐证材料/大气-03/现场照片1.jpg',
      '佐证材料/大气-03/现场照片2.jpg',
      '佐证材料/水-01/整改记录.pdf',
    ]);
    const bytes = new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
    const seen: number[] = [];
    const got = await readReturnPackage(bytesSource(bytes), { ...io, progress: (d) => seen.push(d) });
    expect(got.error).toBeNull();
    expect(got.workbook?.name).toBe('永乐店镇_2021年03月_进展填报.xlsx');
    expect(got.manifest?.unit).toBe('永乐店镇');
    expect(got.evidence.refused).toEqual([]);
    expect(got.evidence.files.map((f) => [f.taskId, f.file.name, f.file.kind, f.file.sha256])).toEqual(
      files.map((f) => [f.taskId, f.name, f.name.endsWith('pdf') ? 'pdf' : 'jpeg', f.sha256]),
    );
    // Who attached each file in the clerk's app, and when, travel with it.
    expect(got.evidence.files.map((f) => [f.file.addedBy, f.file.addedAt])).toEqual([
      ['镇里小李', '2021-03-05T02:00:00.000Z'],
      [undefined, undefined],
      ['镇里小李', '2021-03-07T02:00:00.000Z'],
    ]);
    expect(seen.at(-1)).toBe(PHOTO1.length + PHOTO2.length + PDF.length);

    // A package from elsewhere with an impossible date and a name that would rewrite the screen:
    // the manifest still checks the hashes; the attribution is cleaned or dropped.
    const edited = structuredClone(manifest);
    edited.files[0]!.addedAt = '2025-13-01T00:00:00Z';
    edited.files[0]!.addedBy = '\u202e镇里小李';
    const zipped = zipSync({
      [PACKAGE_MANIFEST]: [strToU8(JSON.stringify(edited)), { level: 0 }],
      '永乐店镇_2021年03月_进展填报.xlsx': [WORKBOOK, { level: 0 }],
      [edited.files[0]!.path]: [PHOTO1, { level: 0 }],
    });
    const hostile = await readReturnPackage(bytesSource(zipped), io);
    expect(hostile.manifest).not.toBeNull();
    expect(hostile.evidence.files.map((f) => [f.file.addedBy, f.file.addedAt])).toEqual([
      ['镇里小李', undefined],
    ]);
    expect(returnPackageFileName('永乐店镇', '2021-03')).toBe('永乐店镇_2021年03月_回报.zip');
    expect(returnPackageFileName('永乐店镇', '2021-03', 'tongzhou-2021-water')).toBe(
      '永乐店镇_2021年03月_回报_tongzhou-2021-water.zip',
    );
  });

  it('reads a package zipped by hand: a folder per task id, any depth, deflated', async () => {
    const got = await read(
      {
        '永乐店镇回报/永乐店镇_2021年03月_进展填报.xlsx': WORKBOOK,
        '永乐店镇回报/大气03/现场照片1.jpg': PHOTO1,
        '永乐店镇回报/佐证材料/水-01/整改记录.pdf': PDF,
        '永乐店镇回报/说明.txt': strToU8('这些是照片'),
        '__MACOSX/._x': strToU8('junk'),
      },
      6,
    );
    expect(got.error).toBeNull();
    expect(got.evidence.files.map((f) => [f.path, f.taskId])).toEqual([
      ['永乐店镇回报/大气03/现场照片1.jpg', 'air-03'],
      ['永乐店镇回报/佐证材料/水-01/整改记录.pdf', 'water-01'],
    ]);
    expect(got.evidence.refused.map((r) => r.path)).toEqual(['永乐店镇回报/说明.txt']);
    expect(got.evidence.refused[0]?.reason).toContain('任务编号命名的文件夹');
  });

  it('names every bad file and still reads the rest', async () => {
    const manifest: PackageManifest = {
      format: 'taizhang-evidence',
      version: 1,
      unit: '永乐店镇',
      period: '2021-03',
      workbook: 'wb.xlsx',
      files: [
        {
          path: '佐证材料/大气-03/照片.jpg',
          taskId: 'air-03',
          name: '照片.jpg',
          sha256: sha(PHOTO1),
          size: PHOTO1.length,
        },
        {
          path: '佐证材料/大气-03/被换掉的.jpg',
          taskId: 'air-03',
          name: '被换掉的.jpg',
          sha256: sha(PHOTO1),
          size: PHOTO1.length,
        },
        {
          path: '佐证材料/大气-03/丢了.jpg',
          taskId: 'air-03',
          name: '丢了.jpg',
          sha256: sha(PHOTO2),
          size: PHOTO2.length,
        },
      ],
    };
    const got = await read({
      'wb.xlsx': WORKBOOK,
      'manifest.json': strToU8(JSON.stringify(manifest)),
      '佐证材料/大气-03/照片.jpg': PHOTO1,
      '佐证材料/大气-03/被换掉的.jpg': PHOTO2,
      '佐证材料/大气-03/病毒.jpg': EXE,
      '佐证材料/大气-03/报告.jpg': PDF,
      '佐证材料/大气-03/../../逃出去.jpg': PHOTO1,
      '佐证材料/大气-03/CON.jpg': PHOTO1,
      '佐证材料\\大气-03\\反斜杠.jpg': PHOTO1,
      '/etc/绝对路径.jpg': PHOTO1,
      '佐证材料/大气-03/副本.jpg': PHOTO1,
    });
    expect(got.error).toBeNull();
    expect(got.evidence.files.map((f) => f.path)).toEqual([
      '佐证材料/大气-03/照片.jpg',
      '佐证材料/大气-03/副本.jpg',
    ]);
    const why = Object.fromEntries(got.evidence.refused.map((r) => [r.path, r.reason]));
    expect(why['佐证材料/大气-03/被换掉的.jpg']).toContain('哈希值不符');
    expect(why['佐证材料/大气-03/病毒.jpg']).toContain('可执行程序');
    expect(why['佐证材料/大气-03/报告.jpg']).toContain('与文件名不符');
    expect(why['佐证材料/大气-03/../../逃出去.jpg']).toContain('..');
    expect(why['佐证材料/大气-03/CON.jpg']).toContain('设备名');
    expect(why['佐证材料\\大气-03\\反斜杠.jpg']).toContain('反斜杠');
    expect(why['/etc/绝对路径.jpg']).toContain('绝对路径');
    expect(got.notes).toEqual(['清单列出的文件“佐证材料/大气-03/丢了.jpg”不在压缩包中']);
  });

  it('refuses a whole package only for what concerns it whole', async () => {
    expect((await read({ '大气-03/a.jpg': PHOTO1 })).error?.message).toContain('没有填报工作簿');
    expect((await read({ 'a.xlsx': WORKBOOK, 'b.xlsx': WORKBOOK })).error?.message).toContain('2 个工作簿');
    expect((await readReturnPackage(bytesSource(PHOTO1), io)).error?.message).toContain('不是 .zip');
    // A zip bomb: 150 MB of zeros declared, a few hundred KB stored.
    const bomb = zipSync(
      { 'a.xlsx': WORKBOOK, '大气-03/zeros.jpg': new Uint8Array(150 * 1024 * 1024) },
      { level: 9 },
    );
    expect((await readReturnPackage(bytesSource(bomb), io)).error?.message).toContain('压缩炸弹');
  });

  it('reads a workbook dropped together with its folder', async () => {
    const loose = (path: string, bytes: Uint8Array) => ({ path, source: bytesSource(bytes) });
    const got = await readLooseFiles(
      [
        loose('永乐店镇.xlsx', WORKBOOK),
        loose('佐证材料/大气-03/现场照片1.jpg', PHOTO1),
        loose('佐证材料/土壤-02/围挡.png', PNG),
      ],
      io,
    );
    expect(got.workbook?.name).toBe('永乐店镇.xlsx');
    expect(got.evidence.files.map((f) => [f.taskId, f.file.kind])).toEqual([
      ['air-03', 'jpeg'],
      ['soil-02', 'png'],
    ]);
  });

  it('decodes names the way they were written (UTF-8 flag, UTF-8 without it, GBK from Chinese Windows)', () => {
    const gbk = new Uint8Array([0xd7, 0xf4, 0xd6, 0xa4, 0xb2, 0xc4, 0xc1, 0xcf]); // 佐证材料 in GBK
    expect(decodeEntryName(gbk, false)).toBe('佐证材料');
    expect(decodeEntryName(new TextEncoder().encode('佐证材料'), false)).toBe('佐证材料');
    expect(decodeEntryName(new TextEncoder().encode('佐证材料'), true)).toBe('佐证材料');
  });

  it('knows unsafe paths and task folders', () => {
    expect(pathProblem('佐证材料/大气-03/a.jpg')).toBeNull();
    expect(pathProblem('a/./b.jpg')).not.toBeNull();
    expect(pathProblem('C:/x.jpg')).toContain('绝对');
    expect(pathProblem('a/nul.txt')).toContain('设备名');
    expect(pathProblem('a/\u202Egpj.exe')).toContain('控制字符');
    expect(taskFolderOf('x/大气-03/y/z.jpg')).toBe('air-03');
    expect(taskFolderOf('大气-03.jpg')).toBeNull();
  });
});
