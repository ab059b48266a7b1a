import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { restoreLedger } from '../shared/ledger-file.ts';
import { parseTaskId } from '../shared/workbook/validate-fields.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface TaskJson {
  id: string;
  plan: string;
  no: number;
  keyTaskInherited: boolean;
  deadline: { raw: string; kind: string; due?: string };
  leadUnits: string[];
  coUnits: string[];
  role?: string;
}

describe('taizhang tasks', () => {
  it('--json prints all 134 tasks with the contract fields', async () => {
    const r = await run('tasks', '--json');
    expect(r.code).toBe(0);
    const tasks = JSON.parse(r.out) as TaskJson[];
    expect(tasks).toHaveLength(134);
    expect(tasks[2]).toMatchObject({
      id: 'air-03',
      plan: 'air',
      no: 3,
      section: '二、推进机动车结构进一步优化',
      keyTask: '积极推广新能源汽车',
      keyTaskInherited: false,
      deadline: { raw: '年底前', kind: 'due', due: '2021-12-31' },
      leaders: ['苏国斌'],
      leadUnits: ['区科委'],
    });
    expect(Object.keys(tasks[0]!)).toEqual(
      expect.arrayContaining([
        'id',
        'plan',
        'no',
        'section',
        'keyTask',
        'keyTaskInherited',
        'measures',
        'deadline',
        'leaders',
        'leadUnits',
        'coUnits',
      ]),
    );
  });

  it.each([
    ['air', 56],
    ['water', 43],
    ['soil', 35],
  ])('--plan %s', async (plan, n) => {
    const tasks = JSON.parse((await run('tasks', '--plan', plan, '--json')).out) as TaskJson[];
    expect(tasks).toHaveLength(n);
    expect(tasks.every((t) => t.plan === plan)).toBe(true);
  });

  it('--unit takes an alias and expands groups, each task with its role', async () => {
    const tasks = JSON.parse((await run('tasks', '--unit', '于家务', '--json')).out) as TaskJson[];
    expect(tasks.length).toBe(91);
    expect(tasks.find((t) => t.id === 'air-02')?.role).toBe('主责');
    expect(tasks.find((t) => t.id === 'air-01')?.role).toBe('协办');
    const dept = JSON.parse((await run('tasks', '--unit', '区经济信息化局', '--json')).out) as TaskJson[];
    expect(dept.every((t) => ['主责', '协办'].includes(t.role!))).toBe(true);
    expect(dept.some((t) => t.leadUnits.includes('区经济和信息化局') && t.role === '主责')).toBe(true);
  });

  it('an unknown unit exits 2 with one line suggesting the closest names', async () => {
    const r = await run('tasks', '--unit', '永乐店');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain('永乐店镇');
    expect(r.err).toContain('unknown unit');
  });

  it('an unknown plan or option exits 2', async () => {
    expect((await run('tasks', '--plan', 'noise')).code).toBe(2);
    expect((await run('tasks', '--frobnicate')).code).toBe(2);
    expect((await run('nonsense')).code).toBe(2);
  });
});

describe('taizhang units', () => {
  it('--json prints the registry with groups', async () => {
    const units = JSON.parse((await run('units', '--json')).out) as {
      name: string;
      kind: string;
      members?: string[];
    }[];
    expect(units).toHaveLength(62);
    expect(units.find((u) => u.name === '各街道乡镇')?.members).toHaveLength(22);
    expect(units.find((u) => u.name === '于家务回族乡')?.kind).toBe('township');
  });
});

describe('taizhang init', () => {
  it('writes a fresh ledger that reads back, and refuses to overwrite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-'));
    const file = join(dir, 'ledger.json');
    expect((await run('init', '-o', file)).code).toBe(0);
    const ledger = restoreLedger(readFileSync(file, 'utf8'));
    expect(ledger.plans[0]!.tasks).toHaveLength(134);
    expect(ledger.reports).toEqual([]);
    writeFileSync(file, 'keep me');
    const again = await run('init', '-o', file);
    expect(again.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});

describe('the installed command', () => {
  it('runs through bin/taizhang.mjs with exit codes and no stack traces', async () => {
    const { spawnSync } = await import('node:child_process');
    const help = spawnSync(process.execPath, ['bin/taizhang.mjs', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('taizhang tasks');
    const bad = spawnSync(process.execPath, ['bin/taizhang.mjs', 'tasks', '--unit', '不存在的单位'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('taizhang report', () => {
  it('writes the district summary: per-unit totals and every task × unit', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const dir = mkdtempSync(join(tmpdir(), 'tz-'));
    const ledgerFile = join(dir, 'ledger.json');
    await run('init', '-o', ledgerFile);
    const ledger = restoreLedger(readFileSync(ledgerFile, 'utf8'));
    ledger.reports.push({
      taskId: 'air-02',
      unit: '永乐店镇',
      period: '2021-03',
      status: '已完成',
      percent: 100,
      progress: '=SUM(A1)',
      problems: '',
      nextSteps: '',
      evidence: '',
      reporter: '',
      phone: '',
      filledOn: null,
      updatedAt: '2021-03-20T00:00:00Z',
      updatedBy: 'x',
    });
    ledger.audit.push({
      id: 'a',
      at: '2021-03-20T00:00:00Z',
      who: 'x',
      source: 'edit',
      taskId: 'air-02',
      unit: '永乐店镇',
      period: '2021-03',
      field: 'status',
      old: null,
      new: '已完成',
    });
    const { writeLedger } = await import('../shared/ledger-file.ts');
    writeFileSync(ledgerFile, writeLedger(ledger));
    const out = join(dir, 'sum.xlsx');
    const r = await run('report', '--ledger', ledgerFile, '--period', '2021-03', '-o', out);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const totals = wb.getWorksheet('单位汇总')!;
    expect(totals.getRow(2).getCell(1).value).toBe('单位');
    const ylz = totals.getColumn(1).values.indexOf('永乐店镇');
    const row = totals.getRow(ylz);
    expect([
      row.getCell(2).value,
      row.getCell(4).value,
      row.getCell(12).value,
      row.getCell(14).value,
    ]).toEqual([91, 1, '已报送（系统填报）', '否']);
    const detail = wb.getWorksheet('任务明细')!;
    expect(detail.rowCount).toBe(1 + 2498);
    const hit = detail
      .getColumn(5)
      .values.findIndex((v, i) => v === '永乐店镇' && detail.getRow(i).getCell(1).value === '大气-02');
    expect(detail.getRow(hit).getCell(7).value).toBe('已完成');
    // text that looks like a formula stays text
    expect(detail.getRow(hit).getCell(11).value).toBe('=SUM(A1)');
    expect(detail.getRow(hit).getCell(11).formula).toBeUndefined();
  });

  it('bad period or missing ledger exits 2', async () => {
    expect(
      (await run('report', '--ledger', '/nonexistent.json', '--period', '2021-03', '-o', '/tmp/x.xlsx')).code,
    ).toBe(2);
    expect(
      (await run('report', '--ledger', '/nonexistent.json', '--period', '2021-13', '-o', '/tmp/x.xlsx')).code,
    ).toBe(2);
  });
});

describe('taizhang doc', () => {
  async function ledgerWithSettings(): Promise<{ dir: string; file: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'tz-doc-'));
    const file = join(dir, '台账.json');
    await run('init', '-o', file);
    const ledger = restoreLedger(readFileSync(file, 'utf8'));
    ledger.settings.documents = {
      ...ledger.settings.documents,
      issuer: '通州区生态环境局',
      docNumberPattern: '通环〔{年}〕{号}号',
      numbers: { tongbao: 9, cuibao: 10 },
      issuedOn: '2021-04-02',
    };
    const { writeLedger } = await import('../shared/ledger-file.ts');
    writeFileSync(file, writeLedger(ledger));
    return { dir, file };
  }

  it.each([
    ['tongbao', '通环〔2021〕9号', '关于2021年3月污染防治\n攻坚战重点任务推进情况的通报'],
    ['cuibao', '通环〔2021〕10号', '关于催报2021年3月污染防治\n攻坚战重点任务进展情况的通知'],
    ['annex', null, '2021年3月各单位重点任务进展情况'],
  ])('%s: the document with the ledger’s issuer, number and date', async (kind, number, title) => {
    const { readDocx, paragraphs } = await import('../test/support/docx-read.ts');
    const { dir, file } = await ledgerWithSettings();
    const out = join(dir, `${kind}.docx`);
    const r = await run('doc', kind, '--period', '2021-03', '--ledger', file, '-o', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^已生成2021年3月.+54 个单位/);
    const p = paragraphs((await readDocx(new Uint8Array(readFileSync(out)))).document);
    expect(p.find((x) => x.style === 'GwTitle')?.text).toBe(title);
    if (number) {
      expect(p.find((x) => x.style === 'GwDocNumber')?.text).toBe(number);
      expect(p.at(-2)?.text).toBe('通州区生态环境局');
      expect(p.at(-1)?.text).toBe('2021年4月2日');
    } else expect(p[0]?.text).toBe('附件');
  });

  it.each([
    [['doc'], '请指定文种'],
    [['doc', 'memo', '--period', '2021-03', '--ledger', 'x.json', '-o', 'x.docx'], 'got memo'],
    [['doc', 'tongbao', 'cuibao', '--period', '2021-03', '--ledger', 'x.json', '-o', 'x.docx'], '多余的参数'],
    [['doc', 'tongbao', '--ledger', 'x.json', '-o', 'x.docx'], '--period'],
    [['doc', 'tongbao', '--period', '2021-13', '--ledger', 'x.json', '-o', 'x.docx'], '2021-13'],
    [['doc', 'tongbao', '--period', '2021-03', '-o', 'x.docx'], '--ledger'],
    [['doc', 'tongbao', '--period', '2021-03', '--ledger', 'x.json'], '-o'],
    [
      ['doc', 'tongbao', '--period', '2021-03', '--ledger', '/nonexistent.json', '-o', '/tmp/x.docx'],
      '找不到',
    ],
  ])('%j exits 2 with one line', async (args, words) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain(words);
  });

  it('never writes a Word file over anything that is not named .docx — the ledger least of all', async () => {
    const { file } = await ledgerWithSettings();
    const before = readFileSync(file);
    const r = await run('doc', 'tongbao', '--period', '2021-03', '--ledger', file, '-o', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('.docx');
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('taizhang export / import', () => {
  async function fill(file: string, edits: Record<string, Record<string, unknown>>) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('填报')!;
    const header = ws.getRow(2).values as unknown[];
    ws.eachRow((row, n) => {
      if (n <= 2) return;
      // The sheet numbers tasks as people do (大气-02); the edits are keyed by stable id.
      const id = parseTaskId(row.getCell(1).value as string);
      for (const [label, value] of Object.entries(edits[id] ?? {}))
        row.getCell(header.indexOf(label)).value = value as never;
    });
    await wb.xlsx.writeFile(file);
  }

  it('exports a unit, imports the clerk’s edits, reports them as JSON, and a re-import changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-'));
    const ledger = join(dir, 'ledger.json');
    const xlsx = join(dir, 'ylz.xlsx');
    expect(
      (
        await run(
          'export',
          '--unit',
          '永乐店镇',
          '--period',
          '2021-03',
          '--ledger',
          (await run('init', '-o', ledger), ledger),
          '-o',
          xlsx,
        )
      ).code,
    ).toBe(0);
    await fill(xlsx, { 'air-02': { 完成状态: '推进中', '完成比例(%)': 30 }, 'air-99': {} });
    const dry = await run('import', xlsx, '--ledger', ledger, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.out) as {
      files: { unit: string; period: string; status: string; counts: object; changes: object[] }[];
    };
    expect(report.files[0]).toMatchObject({
      unit: '永乐店镇',
      period: '2021-03',
      status: 'dry-run',
      counts: { updated: 1, unchanged: 90, conflicts: 0, rejected: 0 },
    });
    expect(report.files[0]!.changes).toEqual([
      { taskId: 'air-02', field: 'status', from: null, to: '推进中' },
      { taskId: 'air-02', field: 'percent', from: null, to: 30 },
    ]);
    expect(restoreLedger(readFileSync(ledger, 'utf8')).reports).toEqual([]); // dry run wrote nothing
    expect((await run('import', xlsx, '--ledger', ledger)).code).toBe(0);
    const after = restoreLedger(readFileSync(ledger, 'utf8'));
    expect(after.reports.find((r) => r.taskId === 'air-02')).toMatchObject({
      status: '推进中',
      percent: 30,
      unit: '永乐店镇',
      period: '2021-03',
    });
    expect(after.imports).toHaveLength(1);
    const again = JSON.parse((await run('import', xlsx, '--ledger', ledger, '--json')).out) as {
      files: { status: string }[];
    };
    expect(again.files[0]!.status).toBe('already-imported');
  });

  it('a field changed on both sides is a conflict: not applied, listed, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-'));
    const ledger = join(dir, 'ledger.json');
    await run('init', '-o', ledger);
    const xlsx = join(dir, 'ylz.xlsx');
    await run('export', '--unit', '永乐店镇', '--period', '2021-03', '--ledger', ledger, '-o', xlsx);
    // the coordinator edits the ledger after the export
    const { writeLedger } = await import('../shared/ledger-file.ts');
    const l = restoreLedger(readFileSync(ledger, 'utf8'));
    l.reports.push({
      taskId: 'air-02',
      unit: '永乐店镇',
      period: '2021-03',
      status: '未启动',
      percent: null,
      progress: '',
      problems: '',
      nextSteps: '',
      evidence: '',
      reporter: '',
      phone: '',
      filledOn: null,
      updatedAt: 't',
      updatedBy: '协调员',
    });
    writeFileSync(ledger, writeLedger(l));
    await fill(xlsx, { 'air-02': { 完成状态: '推进中' }, 'air-23': { 完成状态: '进行中' } });
    const r = await run('import', xlsx, '--ledger', ledger, '--json');
    expect(r.code).toBe(1);
    const file = (
      JSON.parse(r.out) as {
        files: { counts: object; conflicts: object[]; rejected: { taskId: string; reason: string }[] }[];
      }
    ).files[0]!;
    expect(file.counts).toEqual({ updated: 0, unchanged: 89, conflicts: 1, rejected: 1 });
    expect(file.conflicts).toEqual([
      { taskId: 'air-02', field: 'status', base: null, ours: '未启动', theirs: '推进中' },
    ]);
    expect(file.rejected[0]).toMatchObject({ taskId: 'air-23' });
    expect(file.rejected[0]!.reason).toContain('进行中');
    expect(
      restoreLedger(readFileSync(ledger, 'utf8')).reports.find((x) => x.taskId === 'air-02')!.status,
    ).toBe('未启动');
    // The conflict stays open on its batch: the same file is not "already imported", and running
    // it again with a resolution settles it on that batch.
    const kept = restoreLedger(readFileSync(ledger, 'utf8'));
    expect(kept.imports).toHaveLength(1);
    expect(kept.imports[0]!.openConflicts).toHaveLength(1);
    const settled = await run(
      'import',
      xlsx,
      '--ledger',
      ledger,
      '--resolve',
      '大气-02.完成状态=theirs',
      '--json',
    );
    expect(settled.code).toBe(1); // air-23 is still rejected
    const after = restoreLedger(readFileSync(ledger, 'utf8'));
    expect(after.reports.find((x) => x.taskId === 'air-02')!.status).toBe('推进中');
    expect(after.imports).toHaveLength(1);
    expect(after.imports[0]!.openConflicts ?? []).toEqual([]);
    const again = JSON.parse((await run('import', xlsx, '--ledger', ledger, '--json')).out) as {
      files: { status: string }[];
    };
    expect(again.files[0]!.status).toBe('already-imported');
  });

  it('a dry run plans several files in order, as the real run does, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-'));
    const ledger = join(dir, 'ledger.json');
    await run('init', '-o', ledger);
    const first = join(dir, 'first.xlsx');
    const second = join(dir, 'second.xlsx');
    await run('export', '--unit', '永乐店镇', '--period', '2021-03', '--ledger', ledger, '-o', first);
    await run('export', '--unit', '永乐店镇', '--period', '2021-03', '--ledger', ledger, '-o', second);
    await fill(first, { 'air-02': { 完成状态: '推进中' } });
    await fill(second, { 'air-02': { 完成状态: '已完成' } });
    type Report = { files: { status: string; counts: { updated: number; conflicts: number } }[] };
    const dry = await run('import', first, second, first, '--ledger', ledger, '--dry-run', '--json');
    const files = (JSON.parse(dry.out) as Report).files;
    expect(files.map((f) => [f.status, f.counts.updated, f.counts.conflicts])).toEqual([
      ['dry-run', 1, 0],
      ['dry-run', 0, 1], // planned against the state the first file leaves: both changed 未填 → conflict
      ['already-imported', 0, 0],
    ]);
    expect(dry.code).toBe(1);
    expect(restoreLedger(readFileSync(ledger, 'utf8')).reports).toEqual([]);
    const real = await run('import', first, second, '--ledger', ledger, '--json');
    expect((JSON.parse(real.out) as Report).files.map((f) => [f.counts.updated, f.counts.conflicts])).toEqual(
      [
        [1, 0],
        [0, 1],
      ],
    );
  });

  it('--all writes one workbook per unit with tasks; an unreadable file exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-'));
    expect((await run('export', '--all', '--period', '2021-03', '-o', join(dir, 'out'))).code).toBe(0);
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(join(dir, 'out'));
    expect(files).toHaveLength(54);
    expect(files).toContain('永乐店镇_2021年03月_进展填报.xlsx');
    writeFileSync(join(dir, 'bad.xlsx'), 'not a workbook');
    const r = await run('import', join(dir, 'bad.xlsx'), '--ledger', join(dir, 'l.json'));
    expect(r.code).toBe(2);
    expect(r.out).toContain('不是 Excel 工作簿');
  });
});

describe('taizhang import of a return package (.zip)', () => {
  it('imports the workbook and attaches its evidence into a container ledger; a JSON ledger takes the workbook only', async () => {
    const { zipSync } = await import('fflate');
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-pkg-'));
    const wb = join(dir, '永乐店镇.xlsx');
    expect((await run('export', '--unit', '永乐店镇', '--period', '2021-03', '-o', wb)).code).toBe(0);
    const photo = new Uint8Array(readFileSync('test/fixtures/evidence/现场照片1.jpg'));
    const pdf = new Uint8Array(readFileSync('test/fixtures/evidence/整改记录.pdf'));
    const zip = join(dir, '永乐店镇_2021年03月_回报.zip');
    writeFileSync(
      zip,
      zipSync(
        {
          '永乐店镇_2021年03月_进展填报.xlsx': new Uint8Array(readFileSync(wb)),
          '佐证材料/大气-02/现场照片1.jpg': [photo, { level: 6 }],
          '佐证材料/大气-02/整改记录.pdf': [pdf, { level: 0 }],
          '佐证材料/大气-02/木马.jpg': new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]),
          '佐证材料/../逃出去.jpg': photo,
        },
        { level: 0 },
      ),
    );
    const ledger = join(dir, '台账.taizhang');
    const r = await run('import', zip, '--ledger', ledger, '--json');
    expect(r.code).toBe(1); // two files refused
    const report = JSON.parse(r.out) as {
      files: { status: string; evidence: { path: string; status: string; reason: string }[] }[];
    };
    const f = report.files[0]!;
    expect(f.status).toBe('imported');
    expect(f.evidence.map((e) => [e.path, e.status])).toEqual([
      ['佐证材料/../逃出去.jpg', 'refused'],
      ['佐证材料/大气-02/木马.jpg', 'refused'],
      ['佐证材料/大气-02/现场照片1.jpg', 'attached'],
      ['佐证材料/大气-02/整改记录.pdf', 'attached'],
    ]);
    const { readLedgerFile } = await import('./ledger-file-store.ts');
    const loaded = await readLedgerFile(ledger);
    expect(loaded.ledger.attachments.map((a) => [a.taskId, a.name, a.kind]).sort()).toEqual([
      ['air-02', '整改记录.pdf', 'pdf'],
      ['air-02', '现场照片1.jpg', 'jpeg'],
    ]);
    // The bytes in the ledger are the files' own (a deflated photo kept deflated, read back whole).
    const blob = loaded.blobs.get(loaded.ledger.attachments.find((a) => a.kind === 'jpeg')!.sha256)!;
    const { inflateRawSync } = await import('node:zlib');
    const stored = new Uint8Array(await blob.data.arrayBuffer());
    expect(Buffer.from(blob.method === 8 ? inflateRawSync(stored) : stored).equals(Buffer.from(photo))).toBe(
      true,
    );
    // Again: nothing new.
    const again = JSON.parse((await run('import', zip, '--ledger', ledger, '--json')).out) as typeof report;
    expect(again.files[0]!.status).toBe('already-imported');

    const json = join(dir, '台账.json');
    const j = JSON.parse((await run('import', zip, '--ledger', json, '--json')).out) as typeof report;
    expect(j.files[0]!.status).toBe('imported');
    expect(j.files[0]!.evidence.filter((e) => e.status === 'refused').map((e) => e.reason)).toContain(
      'JSON 格式的台账不能保存附件，请改用 .taizhang 格式的台账',
    );
  }, 120_000);
});
