// `taizhang plan import` and `taizhang plan list`, run as the real process (bin/taizhang.mjs), on a
// ledger file: unknown units stop the import (exit 1) until a --map file decides them; the plan then
// enters the ledger beside 2021, and export/import work per plan.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreLedger } from '../shared/ledger-file.ts';
import { planDocx } from '../test/support/plan-docx.ts';
import { PLAN_2022 } from '../test/support/plan-2022.ts';
import { parseUnitMap } from './commands/plan.ts';

function taizhang(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/taizhang.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('taizhang plan', () => {
  it('import: lists unknown units and writes nothing; with --map imports the 2022 plan; list shows both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-plan-'));
    const ledger = join(dir, '台账.json');
    expect(taizhang('init', '-o', ledger).code).toBe(0);
    const docx = join(dir, '2022年行动计划.docx');
    writeFileSync(docx, await planDocx(PLAN_2022));

    const first = taizhang('plan', 'import', docx, '--ledger', ledger);
    expect(first.code).toBe(1);
    expect(first.out).toContain('单位名称“区数据局”不在名录中');
    expect(first.out).toContain('单位名称“区河长办”不在名录中');
    expect(first.err).toContain('4 个单位名称不在名录中');
    expect(first.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(restoreLedger(readFileSync(ledger, 'utf8')).plans).toHaveLength(1);

    const map = join(dir, '单位对应.json');
    writeFileSync(
      map,
      JSON.stringify({
        区数据局: { action: 'add', kind: 'district' },
        区城市更新办: { action: 'add', kind: 'district' },
        区河长办: { action: 'alias', to: '区水务局' },
        宋庄镇政府: { action: 'map', to: '宋庄镇' },
      }),
    );
    const dry = taizhang('plan', 'import', docx, '--ledger', ledger, '--map', map, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.out) as {
      ok: boolean;
      written: boolean;
      rows: { taskId: string; source: string }[];
    };
    expect(preview).toMatchObject({ ok: true, written: false });
    expect(preview.rows[0]).toMatchObject({ taskId: 'tongzhou-2022.air-01' });
    expect(preview.rows[0]!.source).toMatch(/表/);
    expect(restoreLedger(readFileSync(ledger, 'utf8')).plans).toHaveLength(1);

    const done = taizhang('plan', 'import', docx, '--ledger', ledger, '--map', map, '--link-suggested');
    expect(done.code).toBe(0);
    expect(done.err).toContain('已导入计划 tongzhou-2022');
    const after = restoreLedger(readFileSync(ledger, 'utf8'));
    expect(after.plans.map((p) => p.id)).toEqual(['tongzhou-2021', 'tongzhou-2022']);
    expect(after.taskLinks).toHaveLength(5);

    const list = taizhang('plan', 'list', '--ledger', ledger, '--json');
    expect(list.code).toBe(0);
    expect(
      (JSON.parse(list.out) as { id: string; tasks: number; continued: number }[]).map((p) => [
        p.id,
        p.continued,
      ]),
    ).toEqual([
      ['tongzhou-2021', 0],
      ['tongzhou-2022', 5],
    ]);

    // tasks of a plan the ledger runs: the newest by default, another by --plan-id.
    const t22 = taizhang('tasks', '--ledger', ledger, '--json');
    expect(t22.code).toBe(0);
    expect((JSON.parse(t22.out) as { id: string }[])[0]!.id).toBe('tongzhou-2022.air-01');
    const t21 = taizhang('tasks', '--ledger', ledger, '--plan-id', 'tongzhou-2021', '--json');
    expect((JSON.parse(t21.out) as { id: string }[]).length).toBe(134);

    // Continuity by hand: confirmed, refused within one plan, removed.
    expect(taizhang('plan', 'link', 'tongzhou-2022.air-04', 'air-10', '--ledger', ledger).code).toBe(0);
    const inOne = taizhang(
      'plan',
      'link',
      'tongzhou-2022.air-04',
      'tongzhou-2022.air-01',
      '--ledger',
      ledger,
    );
    expect(inOne.code).toBe(1);
    expect(inOne.err).toContain('只能接续另一份计划');
    expect(restoreLedger(readFileSync(ledger, 'utf8')).taskLinks).toHaveLength(6);
    expect(taizhang('plan', 'link', 'tongzhou-2022.air-04', '--remove', '--ledger', ledger).code).toBe(0);
    expect(restoreLedger(readFileSync(ledger, 'utf8')).taskLinks).toHaveLength(5);

    // Per plan: a 2022 month exports the 2022 plan's tasks; --plan-id picks another; a wrong id is bad usage.
    const out22 = join(dir, '2022.xlsx');
    expect(
      taizhang('export', '--unit', '永乐店镇', '--period', '2022-03', '--ledger', ledger, '-o', out22).code,
    ).toBe(0);
    const bad = taizhang(
      'export',
      '--unit',
      '永乐店镇',
      '--period',
      '2022-03',
      '--ledger',
      ledger,
      '--plan-id',
      'nope',
      '-o',
      out22,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('台账中没有计划“nope”');
    const imported = taizhang('import', out22, '--ledger', ledger, '--json');
    expect(imported.code).toBe(0);

    // A corrected reissue: the changed deadline listed and recorded, reports kept.
    const fixed = join(dir, '2022年行动计划（修订版）.docx');
    writeFileSync(
      fixed,
      await planDocx(
        JSON.parse(JSON.stringify(PLAN_2022).replace('2022年6月底前', '2022年7月底前')) as typeof PLAN_2022,
      ),
    );
    const reports = restoreLedger(readFileSync(ledger, 'utf8')).reports;
    const reissued = taizhang('plan', 'reissue', 'tongzhou-2022', fixed, '--ledger', ledger, '--map', map);
    expect(reissued.code).toBe(0);
    expect(reissued.out).toContain('大气-02 deadline');
    expect(reissued.err).toContain('改动 1 处');
    const revised = restoreLedger(readFileSync(ledger, 'utf8'));
    expect(revised.reports).toEqual(reports);
    expect(revised.planRevisions.map((r) => r.version)).toEqual([1, 2]);

    // Importing the same plan again: refused, the ledger unchanged.
    const again = taizhang('plan', 'import', docx, '--ledger', ledger, '--map', map);
    expect(again.code).toBe(1);
    expect(again.err).toContain('已有计划');
  }, 120_000);

  it.each([
    ['not JSON', '{', /不是有效的 JSON/],
    ['a bad action', '[{"name":"甲","action":"merge"}]', /action 只能是/],
    ['map without a target', '{"甲":{"action":"map"}}', /缺少 to/],
    ['a bad kind', '{"甲":{"action":"add","kind":"planet"}}', /kind 只能是/],
  ])('a --map file with %s is bad usage', (_name, text, message) => {
    expect(() => parseUnitMap(text)).toThrow(message);
  });

  it('a --map file as an array or an object reads to the same decisions', () => {
    expect(parseUnitMap('[{"name":"区数据局","action":"add"}]')).toEqual([
      { name: '区数据局', action: 'add', to: '区数据局' },
    ]);
    expect(parseUnitMap('{"区河长办":{"action":"alias","to":"区水务局"}}')).toEqual([
      { name: '区河长办', action: 'alias', to: '区水务局' },
    ]);
  });

  it('a file that is not a plan, and a missing subcommand, end as one line with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-plan-'));
    const junk = join(dir, 'x.docx');
    writeFileSync(junk, 'not a zip');
    const r = taizhang('plan', 'import', junk, '--ledger', join(dir, 'l.json'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    const none = taizhang('plan');
    expect(none.code).toBe(2);
    expect(none.err).toContain('plan list');
  }, 60_000);
});
