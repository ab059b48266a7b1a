// The installed command as people run it: bin/taizhang.mjs running the esbuild bundle (dist-cli/).
// The bundle builds; `units` and `tasks` load neither exceljs nor zod; every command works through it
// with the exit codes of the sources; a missing or stale bundle is built on first use, silently.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../scripts/build-cli.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Metafile {
  outputs: Record<
    string,
    { entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[]; inputs: object }
  >;
}

function taizhang(args: string[], cwd = ROOT, bin = join(ROOT, 'bin', 'taizhang.mjs')) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What loading a command's chunk loads: its static imports, transitively (not dynamic imports). */
function loadedInputs(meta: Metafile, entryPoint: string): string[] {
  const main = Object.keys(meta.outputs).find((k) => meta.outputs[k]!.entryPoint === 'cli/main.ts')!;
  const command = Object.keys(meta.outputs).find((k) => meta.outputs[k]!.entryPoint === entryPoint)!;
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output) || !meta.outputs[output]) return;
    seen.add(output);
    for (const i of meta.outputs[output]!.imports)
      if (!i.external && i.kind === 'import-statement') visit(i.path);
  };
  visit(main);
  visit(command);
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
}

describe('the CLI bundle', () => {
  let meta: Metafile;
  beforeAll(async () => {
    meta = (await buildCli({ quiet: true })) as Metafile;
  }, 60_000);

  it('splits each command into its own chunk; units and tasks load neither exceljs nor zod, import no exceljs', () => {
    for (const command of ['units', 'tasks', 'init', 'export', 'import', 'report', 'doc', 'map'])
      expect(Object.values(meta.outputs).some((o) => o.entryPoint === `cli/commands/${command}.ts`)).toBe(
        true,
      );
    for (const command of ['units', 'tasks']) {
      const inputs = loadedInputs(meta, `cli/commands/${command}.ts`);
      expect(inputs).toContain(`cli/commands/${command}.ts`);
      expect(
        inputs.filter((i) =>
          /node_modules\/(exceljs|zod|docx|@e965\/xlsx|officecrypto-tool|chardet|iconv-lite)\//.test(i),
        ),
      ).toEqual([]);
      expect(inputs.filter((i) => /ledger-file|ledger-container/.test(i))).toEqual([]);
    }
    // Import reads returns with the project's own reader, never exceljs (≈ 1 MB to load); export
    // writes with exceljs (the check above is not vacuous).
    const imports = loadedInputs(meta, 'cli/commands/import.ts');
    expect(imports.filter((i) => i.startsWith('node_modules/exceljs/'))).toEqual([]);
    // The readers of other formats and the decryptor load only for a file that needs them.
    for (const command of ['import', 'map'])
      expect(
        loadedInputs(meta, `cli/commands/${command}.ts`).filter((i) =>
          /node_modules\/(@e965\/xlsx|officecrypto-tool|chardet|iconv-lite)\//.test(i),
        ),
      ).toEqual([]);
    expect(imports.some((i) => i.startsWith('node_modules/zod/'))).toBe(true);
    // zod is imported as a namespace (shared/zod.ts), so the bundler keeps only what the schemas
    // use: not its ~60 message locales nor its JSON Schema reader (~360 KB of the ~460 KB that
    // `import { z }` pulled in; ~35 ms of the import command's start-up).
    expect(
      imports.filter((i) => /node_modules\/zod\/.*(locales\/(?!en\.)|from-json-schema)/.test(i)),
    ).toEqual([]);
    expect(
      loadedInputs(meta, 'cli/commands/export.ts').some((i) => i.startsWith('node_modules/exceljs/')),
    ).toBe(true);
  });

  it('runs units and tasks through bin/taizhang.mjs', () => {
    const units = taizhang(['units', '--json']);
    expect(units.code).toBe(0);
    expect(units.err).toBe('');
    expect(JSON.parse(units.out)).toHaveLength(62);
    const tasks = taizhang(['tasks', '--plan', 'soil']);
    expect(tasks.code).toBe(0);
    expect(tasks.err).toContain('35');
  });

  it('keeps the exit codes and one-line messages: usage 2, rejected 1, ok 0', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const dir = mkdtempSync(join(tmpdir(), 'tz-bundle-'));
    const oneLine = (r: { err: string }) => {
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\.(ts|mjs|js):\d+/);
    };
    expect(taizhang(['--help']).code).toBe(0);
    expect(taizhang([]).code).toBe(2);
    for (const args of [['nonsense'], ['tasks', '--frobnicate'], ['tasks', '--unit', '不存在的单位']]) {
      const r = taizhang(args);
      expect(r.code).toBe(2);
      oneLine(r);
    }
    const ledger = join(dir, '台账.taizhang');
    expect(taizhang(['init', '-o', ledger]).code).toBe(0);
    const returns = join(dir, '回收');
    mkdirSync(returns);
    const xlsx = join(returns, '永乐店镇.xlsx');
    expect(
      taizhang(['export', '--unit', '永乐店镇', '--period', '2021-03', '--ledger', ledger, '-o', xlsx]).code,
    ).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('填报')!;
    const header = (ws.getRow(2).values as unknown[]).map(String);
    ws.getRow(3).getCell(header.indexOf('完成状态')).value = '推进中';
    ws.getRow(4).getCell(header.indexOf('完成状态')).value = '进行中'; // not a status: rejected
    await wb.xlsx.writeFile(xlsx);

    // a folder stands for its .xlsx files; --take and several --resolve parse
    const dry = taizhang(['import', returns, '--ledger', ledger, '--dry-run', '--json']);
    expect(dry.code).toBe(1);
    const file = (JSON.parse(dry.out) as { files: { status: string; counts: object }[] }).files[0]!;
    expect(file).toMatchObject({ status: 'dry-run', counts: { updated: 1, rejected: 1 } });
    const decided = taizhang([
      ...['import', xlsx, '--ledger', ledger, '--dry-run', '--take', 'theirs'],
      ...['--resolve', '大气-02.完成状态=ours', '--resolve', 'air-03.status=theirs'],
    ]);
    expect(decided.code).toBe(1);
    expect(decided.out).toContain('拒绝 1');
    const badResolve = taizhang(['import', xlsx, '--ledger', ledger, '--resolve', '大气-02=mine']);
    expect(badResolve.code).toBe(2);
    oneLine(badResolve);
    writeFileSync(join(dir, 'bad.xlsx'), 'not a workbook');
    const unreadable = taizhang(['import', join(dir, 'bad.xlsx'), '--ledger', ledger, '--dry-run']);
    expect(unreadable.code).toBe(2);
    expect(unreadable.out).toContain('不是 Excel 工作簿');

    // a real import writes the container; the report reads it
    expect(taizhang(['import', xlsx, '--ledger', ledger]).code).toBe(1); // imported, one row rejected
    const sum = join(dir, '汇总.xlsx');
    const report = taizhang(['report', '--ledger', ledger, '--period', '2021-03', '-o', sum]);
    expect(report.code).toBe(0);
    const summary = new ExcelJS.Workbook();
    await summary.xlsx.readFile(sum);
    expect(summary.getWorksheet('任务明细')!.rowCount).toBe(1 + 2498);
    // the official documents through the bundle (docx bundled, loaded by the doc command only)
    const notice = join(dir, '通报.docx');
    const doc = taizhang(['doc', 'tongbao', '--period', '2021-03', '--ledger', ledger, '-o', notice]);
    expect(doc.code).toBe(0);
    expect(readFileSync(notice).subarray(0, 2).toString()).toBe('PK');
    const notDocx = taizhang(['doc', 'tongbao', '--period', '2021-03', '--ledger', ledger, '-o', sum]);
    expect(notDocx.code).toBe(2);
    oneLine(notDocx);
    const all = taizhang([
      'export',
      '--all',
      '--period',
      '2021-04',
      '--ledger',
      ledger,
      '-o',
      join(dir, 'all'),
    ]);
    expect(all.code).toBe(0);
    expect(readdirSync(join(dir, 'all'))).toHaveLength(54);
    const missing = taizhang([
      'report',
      '--ledger',
      join(dir, 'none.json'),
      '--period',
      '2021-03',
      '-o',
      sum,
    ]);
    expect(missing.code).toBe(2);
    oneLine(missing);
  }, 120_000);
});

describe('the bundle reads what units send', () => {
  it('maps a town’s own ledger, opens a protected .xls, reads a GBK CSV and a master ledger — lazily loaded chunks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-bundle-foreign-'));
    const ledger = join(dir, '台账.json');
    const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'foreign', name);
    const map = taizhang(['map', fixture('town-ylz-2021-03.xlsx')]);
    expect(map.code).toBe(1);
    expect(JSON.parse(map.out).needsConfirmation).toHaveLength(1);
    const xls = taizhang([
      ...['import', fixture('ylz-2021-03-encrypted.xls'), '--ledger', ledger, '--dry-run', '--json'],
      ...['--password', 'tz2021'],
    ]);
    expect(JSON.parse(xls.out).files[0]).toMatchObject({
      unit: '永乐店镇',
      period: '2021-03',
      status: 'dry-run',
    });
    const csv = taizhang([
      ...['import', fixture('ylz-2021-03-gbk.csv'), '--ledger', ledger, '--dry-run', '--json'],
      ...['--unit', '永乐店镇', '--period', '2021-03'],
    ]);
    expect(JSON.parse(csv.out).files[0].counts.updated).toBe(3);
    const history = taizhang([
      'import',
      '--history',
      fixture('master-ledger-by-month.xlsx'),
      '--ledger',
      ledger,
      '--dry-run',
    ]);
    expect(history.code).toBe(0);
    expect(history.out).toContain('2021-03：3 个单位');
  }, 60_000);
});

describe('bin/taizhang.mjs', () => {
  /** A copy of what the bundle is built from, with the project's node_modules (or none). */
  function project(withModules = true): string {
    const dir = mkdtempSync(join(tmpdir(), 'tz-bin-'));
    for (const name of ['bin', 'cli', 'shared', 'seeds', 'package.json', 'package-lock.json'])
      cpSync(join(ROOT, name), join(dir, name), { recursive: true });
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(ROOT, 'scripts', 'build-cli.mjs'), join(dir, 'scripts', 'build-cli.mjs'));
    if (withModules) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return dir;
  }

  it('builds a missing bundle on first use, silently; reuses it; rebuilds it when a source changes', () => {
    const dir = project();
    const bin = join(dir, 'bin', 'taizhang.mjs');
    const first = taizhang(['units', '--json'], dir, bin);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(first.out)).toHaveLength(62);
    const stamp = join(dir, 'dist-cli', 'stamp.json');
    const builtAt = statSync(stamp).mtimeMs;
    expect(taizhang(['units'], dir, bin).code).toBe(0);
    expect(statSync(stamp).mtimeMs).toBe(builtAt); // fresh: not rebuilt

    const units = join(dir, 'cli', 'commands', 'units.ts');
    writeFileSync(units, readFileSync(units, 'utf8').replace('io.err(`共 ', 'io.err(`STALE-CHECK 共 '));
    const later = new Date(Date.now() + 2000);
    utimesSync(units, later, later);
    const after = taizhang(['units'], dir, bin);
    expect(after.code).toBe(0);
    expect(after.err).toContain('STALE-CHECK'); // the bundle was rebuilt from the changed source
    expect(statSync(stamp).mtimeMs).toBeGreaterThan(builtAt);
  }, 60_000);

  it('says in one line that esbuild is missing, exit 2, when it has to build without it', () => {
    const dir = project(false);
    const r = taizhang(['units'], dir, join(dir, 'bin', 'taizhang.mjs'));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('esbuild');
    expect(existsSync(join(dir, 'dist-cli', 'main.mjs'))).toBe(false);
  });
});
