// The CLI on returns we did not write: `taizhang map` (JSON with scores, exit 1 when something needs
// confirming), `import` without --map (applied only when every match is confident, else exit 1 naming
// what — nothing written), `import --map` with a mapping a person edited, the kept mapping applied by
// itself next month, `--password`, and `import --history` (one batch per month).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreLedger } from '../shared/ledger-file.ts';
import { main } from './main.ts';

const FOREIGN = 'test/fixtures/foreign';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function workspace(): { dir: string; file: (fixture: string, as?: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'tz-foreign-'));
  return {
    dir,
    file: (fixture, as = fixture) => {
      const path = join(dir, as);
      copyFileSync(join(FOREIGN, fixture), path);
      return path;
    },
  };
}

interface MapJson {
  unit: string;
  period: string;
  confident: boolean;
  needsConfirmation: { kind: string; sheet: string; row: number; score: number; message: string }[];
  mapping: {
    sheets: {
      sheet: string;
      plan: string;
      columns: { letter: string; field: string | null; score: number; by: string }[];
      rows: {
        row: number;
        taskId: string | null;
        score: number;
        by: string;
        candidates: { taskId: string }[];
      }[];
    }[];
  };
}

describe('taizhang map', () => {
  it('prints the detected mapping with scores; exit 1 naming the row to confirm', async () => {
    const w = workspace();
    const r = await run('map', w.file('town-ylz-2021-03.xlsx', '永乐店镇台账.xlsx'));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as MapJson;
    expect([json.unit, json.period, json.confident]).toEqual(['永乐店镇', '2021-03', false]);
    expect(json.mapping.sheets.map((s) => [s.sheet, s.plan])).toEqual([
      ['大气', 'air'],
      ['水污染防治', 'water'],
      ['土壤', 'soil'],
    ]);
    const air = json.mapping.sheets[0]!;
    expect(air.columns.find((c) => c.letter === 'F')).toMatchObject({ field: 'status', by: 'content' });
    expect(air.rows[0]).toMatchObject({ row: 6, taskId: 'air-01', by: 'ordinal+text' });
    expect(json.needsConfirmation).toEqual([
      expect.objectContaining({
        kind: 'row',
        sheet: '土壤',
        row: 17,
        message: expect.stringContaining('土壤-11'),
      }),
    ]);
    expect(r.err).toContain('1 项需要确认');
  });

  it('our own workbook needs no mapping; an unreadable file exits 2 in one line', async () => {
    expect((await run('map', 'test/fixtures/xlsx/ylz-2021-03-exported.xlsx')).code).toBe(0);
    const w = workspace();
    writeFileSync(join(w.dir, 'x.xlsx'), 'not a workbook');
    const bad = await run('map', join(w.dir, 'x.xlsx'));
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')).toHaveLength(1);
  });
});

describe('taizhang import of a unit’s own ledger', () => {
  it('without --map: not imported while a match needs confirming (exit 1, nothing written)', async () => {
    const w = workspace();
    const ledger = join(w.dir, '台账.json');
    const r = await run(
      'import',
      w.file('town-ylz-2021-03.xlsx', '永乐店镇台账.xlsx'),
      '--ledger',
      ledger,
      '--json',
    );
    expect(r.code).toBe(1);
    const file = (JSON.parse(r.out) as { files: { status: string; needsConfirmation: { row: number }[] }[] })
      .files[0]!;
    expect(file.status).toBe('needs-confirmation');
    expect(file.needsConfirmation.map((c) => c.row)).toEqual([17]);
    // A fresh ledger is created by a real import (as before), but no report was written.
    expect(restoreLedger(readFileSync(ledger, 'utf8')).reports).toEqual([]);
  });

  it('--map with the confirmed row imports; the mapping is kept, and April in the same layout goes by itself', async () => {
    const w = workspace();
    const ledger = join(w.dir, '台账.json');
    const march = w.file('town-ylz-2021-03.xlsx', '永乐店镇台账.xlsx');
    const mapped = JSON.parse((await run('map', march)).out) as MapJson;
    const soil = mapped.mapping.sheets.find((s) => s.sheet === '土壤')!;
    soil.rows.find((x) => x.row === 17)!.taskId = 'soil-11'; // the person's confirmation
    const mapFile = join(w.dir, '映射.json');
    writeFileSync(mapFile, JSON.stringify(mapped));
    const r = await run('import', march, '--ledger', ledger, '--map', mapFile, '--json');
    const file = (JSON.parse(r.out) as { files: { status: string; counts: object; mapping: object }[] })
      .files[0]!;
    expect(file).toMatchObject({
      status: 'imported',
      counts: { updated: 90, unchanged: 0, conflicts: 0, rejected: 1 },
      mapping: { from: 'map-file', sheets: ['大气', '水污染防治', '土壤'] },
    });
    expect(r.code).toBe(1); // the row with an unreadable status word (按月报送) was rejected
    const after = restoreLedger(readFileSync(ledger, 'utf8'));
    expect(after.reports.find((x) => x.taskId === 'soil-11')).toMatchObject({
      period: '2021-03',
      status: '已完成',
    });
    expect(after.settings.importMappings?.['永乐店镇']?.rows).toEqual([
      { key: expect.any(String), taskId: 'soil-11' },
    ]);

    const april = await run(
      'import',
      w.file('town-ylz-2021-04.xlsx', '永乐店镇台账4月.xlsx'),
      ...['--ledger', ledger, '--period', '2021-04', '--json'],
    );
    const aprilFile = (JSON.parse(april.out) as { files: { status: string; mapping: { saved: string } }[] })
      .files[0]!;
    expect(aprilFile).toMatchObject({ status: 'imported', mapping: { saved: 'applied', from: 'detected' } });
  });

  it('a mapping file for another layout is refused (exit 1), and a broken one exits 2', async () => {
    const w = workspace();
    const ledger = join(w.dir, '台账.json');
    const mapFile = join(w.dir, '映射.json');
    writeFileSync(mapFile, (await run('map', w.file('town-ylz-2021-03.xlsx', 'a.xlsx'))).out);
    const other = await run(
      'import',
      w.file('town-ylz-2021-04-changed-layout.xlsx', '永乐店镇台账.xlsx'),
      '--ledger',
      ledger,
      '--map',
      mapFile,
    );
    expect(other.code).toBe(1);
    expect(other.out).toContain('版式不同');
    writeFileSync(mapFile, '{"mapping": {"version": 2}}');
    const broken = await run(
      'import',
      w.file('town-ylz-2021-03.xlsx', 'b.xlsx'),
      '--ledger',
      ledger,
      '--map',
      mapFile,
    );
    expect(broken.code).toBe(2);
    expect(broken.err.split('\n')).toHaveLength(1);
  });
});

describe('taizhang import --password', () => {
  it('asks for it, refuses a wrong one (exit 2), opens with the right one', async () => {
    const w = workspace();
    const ledger = join(w.dir, '台账.json');
    const file = w.file('ylz-2021-03-encrypted.xls', '永乐店镇_2021年03月_进展填报.xls');
    const none = await run('import', file, '--ledger', ledger, '--dry-run');
    expect(none.code).toBe(2);
    expect(none.out).toContain('--password');
    const wrong = await run('import', file, '--ledger', ledger, '--dry-run', '--password', 'nope');
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('密码不正确');
    const right = await run(
      'import',
      file,
      '--ledger',
      ledger,
      '--dry-run',
      '--password',
      'tz2021',
      '--json',
    );
    const report = (
      JSON.parse(right.out) as { files: { status: string; unit: string; counts: { unchanged: number } }[] }
    ).files[0]!;
    expect(report).toMatchObject({ status: 'dry-run', unit: '永乐店镇' });
    expect(right.out).not.toContain('tz2021');
    expect(existsSync(ledger)).toBe(false); // a dry run writes nothing
  }, 30_000);
});

describe('taizhang import --history', () => {
  it('imports the master ledger, one batch per month; again: every month already imported', async () => {
    const w = workspace();
    const ledger = join(w.dir, '台账.taizhang');
    const file = w.file('master-ledger-2021q1.xlsx', '区级总台账.xlsx');
    const dry = await run('import', '--history', file, '--ledger', ledger, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(existsSync(ledger)).toBe(false);
    const r = await run('import', '--history', file, '--ledger', ledger, '--json');
    expect(r.code).toBe(0);
    const months = (
      JSON.parse(r.out) as {
        months: { period: string; status: string; units: number; counts: { updated: number } }[];
      }
    ).months;
    expect(months.map((m) => [m.period, m.status, m.units, m.counts.updated])).toEqual([
      ['2021-01', 'imported', 3, 46],
      ['2021-02', 'imported', 3, 70],
      ['2021-03', 'imported', 3, 70],
    ]);
    const again = await run('import', '--history', file, '--ledger', ledger, '--json');
    expect((JSON.parse(again.out) as { months: { status: string }[] }).months.map((m) => m.status)).toEqual([
      'already-imported',
      'already-imported',
      'already-imported',
    ]);
  });

  it('a file with no recognisable header names its sheets and columns (exit 2)', async () => {
    const w = workspace();
    const r = await run(
      'import',
      '--history',
      w.file('ylz-2021-03-gbk.csv', '汇总.csv'),
      '--ledger',
      join(w.dir, 'l.json'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('未找到可识别的表头');
    expect(r.err).toContain('责任单位');
  });
});
