// The lazy container reader answers every read exactly as the whole-file read (readLedgerFile →
// MemoryLedgerStore) does, and refuses what the whole-file read refuses, with the same message, as
// soon as it reads the part concerned.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ledgerAsUsed, townReturns } from '../scripts/bench/bench-data.ts';
import { allAssignments } from '../shared/assignments.ts';
import { MemoryLedgerStore } from '../shared/engine/memory-store.ts';
import { CONTAINER_VERSION, HEADER_ENTRY, readContainerWithFiles } from '../shared/ledger-container.ts';
import { fileSource, nodeCodec } from './node-io.ts';
import { open } from 'node:fs/promises';
import { LedgerFileError, type Ledger } from '../shared/ledger-file.ts';
import { crc32 } from '../shared/zip/crc32.ts';
import { ZipWriter } from '../shared/zip/zip-writer.ts';
import { ContainerLedgerReader, sha256Values } from './container-reader.ts';
import { encodeLedger, readLedgerFile } from './ledger-file-store.ts';
import { main } from './main.ts';
import { writeFileSafely } from './safe-write.ts';

const dir = mkdtempSync(join(tmpdir(), 'tz-lazy-'));
let files = 0;

async function containerOf(ledger: Ledger): Promise<string> {
  const file = join(dir, `l${++files}.taizhang`);
  await writeFileSafely(file, await encodeLedger(ledger, 'container'));
  return file;
}

/** A container made entry by entry (to make the broken ones): header document and JSON-lines texts. */
async function handMade(header: Record<string, unknown>, segments: Record<string, string>): Promise<string> {
  const zip = new ZipWriter();
  const add = (name: string, text: string) => {
    const raw = new TextEncoder().encode(text);
    zip.add({ name, method: 8, crc: crc32(raw), size: raw.length, data: zlib.deflateRawSync(raw) });
  };
  add(HEADER_ENTRY, JSON.stringify(header));
  for (const [name, text] of Object.entries(segments)) add(name, text);
  const file = join(dir, `h${++files}.taizhang`);
  await writeFileSafely(file, zip.finish());
  return file;
}

/** The parts of a ledger as handMade takes them. */
function partsOf(ledger: Ledger): { header: Record<string, unknown>; segments: Record<string, string> } {
  const { reports, audit, imports, ...frame } = ledger;
  const segments: Record<string, string> = {};
  const listed: { part: string; period: string; count: number }[] = [];
  for (const [part, records] of Object.entries({ reports, audit, imports })) {
    const byPeriod = new Map<string, unknown[]>();
    for (const r of records) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r]);
    for (const [period, list] of byPeriod) {
      segments[`${part}/${period}.jsonl`] = list.map((r) => JSON.stringify(r)).join('\n');
      listed.push({ part, period, count: list.length });
    }
  }
  return { header: { ...frame, container: CONTAINER_VERSION, segments: listed }, segments };
}

async function openBoth(file: string) {
  const lazy = await ContainerLedgerReader.open(file);
  if (!lazy) throw new Error('not read lazily');
  const whole = new MemoryLedgerStore((await readLedgerFile(file)).ledger);
  return { lazy, whole };
}

const { ledger: used } = ledgerAsUsed(8000); // 2019-01 … 2019-04, with edits in 2019-02
used.reports[5]!.progress = '第一段\n"引号"\\反斜杠'; // escapes in the JSON text of its month
used.imports[3]!.before[0] = { ...used.imports[3]!.before[0]!, report: used.reports[5]! };
used.districtBases = [];
used.groupResolutions = [
  {
    taskId: 'air-05',
    group: '相关部门',
    units: ['区交通局'],
    resolvedBy: '区协调员',
    resolvedAt: '2019-01-02T00:00:00.000Z',
  },
];

describe('ContainerLedgerReader', () => {
  it('answers every read of the port exactly as the whole-file read does', async () => {
    const { lazy, whole } = await openBoth(await containerOf(used));
    try {
      expect(await lazy.plans()).toEqual(await whole.plans());
      expect(await lazy.tasks('tongzhou-2021')).toEqual(await whole.tasks('tongzhou-2021'));
      expect(await lazy.units()).toEqual(await whole.units());
      expect(await lazy.groupResolutions()).toEqual(await whole.groupResolutions());
      expect(await lazy.settings()).toEqual(await whole.settings());
      const pairs = allAssignments(used.plans[0]!.tasks, used.units).map((a) => ({
        taskId: a.task.id,
        unit: a.unit,
      }));
      pairs.push({ taskId: 'air-99', unit: '永乐店镇' }, pairs[7]!, { taskId: 'air-01', unit: '' });
      for (const period of ['2018-12', '2019-01', '2019-02', '2019-04', '2019-07', '2021-03'])
        expect([...(await lazy.reportsAsOf(period, pairs))]).toEqual([
          ...(await whole.reportsAsOf(period, pairs)),
        ]);
      const units = [...new Set(pairs.map((p) => p.unit))];
      for (const period of ['2019-01', '2019-02', '2019-05'])
        for (const unit of units) {
          expect(await lazy.auditOf(unit, period)).toEqual(await whole.auditOf(unit, period));
          expect(await lazy.importsOf(unit, period)).toEqual(await whole.importsOf(unit, period));
          expect(await lazy.districtBase(used.plans[0]!.id, unit, period)).toEqual(
            await whole.districtBase(used.plans[0]!.id, unit, period),
          );
        }
      for (const b of [...used.imports.slice(0, 5), ...used.imports.slice(-3)]) {
        expect(await lazy.importsWithHash(b.sha256)).toEqual(await whole.importsWithHash(b.sha256));
        expect(await lazy.importBatch(b.id)).toEqual(await whole.importBatch(b.id));
      }
      for (const missing of ['0'.repeat(64), '', 'a"b', 'x\\y'])
        expect(await lazy.importsWithHash(missing)).toEqual(await whole.importsWithHash(missing));
      expect(await lazy.importBatch('no such id')).toBeUndefined();
    } finally {
      await lazy.close();
    }
  });

  it('finds a batch whose hash key the file spells with spaces around the colon', async () => {
    const { header, segments } = partsOf(used);
    const batch = used.imports.find((b) => b.period === '2019-04')!;
    const name = 'imports/2019-04.jsonl';
    segments[name] = segments[name]!.replace(`"sha256":"${batch.sha256}"`, `"sha256" :\t "${batch.sha256}"`);
    expect(segments[name]!.includes(`"sha256":"${batch.sha256}"`)).toBe(false);
    const { lazy, whole } = await openBoth(await handMade(header, segments));
    expect((await lazy.importsWithHash(batch.sha256)).map((b) => b.id)).toEqual([batch.id]);
    expect(await lazy.importsWithHash(batch.sha256)).toEqual(await whole.importsWithHash(batch.sha256));
    await lazy.close();
  });

  it('finds a batch whose hash the file spells with \\u escapes', async () => {
    const { header, segments } = partsOf(used);
    const batch = used.imports.find((b) => b.period === '2019-03')!;
    const name = 'imports/2019-03.jsonl';
    const escaped = batch.sha256.replace(/./g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    segments[name] = segments[name]!.replace(batch.sha256, escaped);
    expect(segments[name]!.includes(batch.sha256)).toBe(false);
    const { lazy, whole } = await openBoth(await handMade(header, segments));
    expect(await lazy.importsWithHash(batch.sha256)).toEqual(await whole.importsWithHash(batch.sha256));
    expect((await lazy.importsWithHash(batch.sha256)).map((b) => b.id)).toEqual([batch.id]);
    await lazy.close();
  });

  it('refuses a bad record when it reads its month, with the message the whole-file read gives', async () => {
    const { header, segments } = partsOf(used);
    const name = 'reports/2019-01.jsonl';
    const lines = segments[name]!.split('\n');
    lines[17] = JSON.stringify({ ...JSON.parse(lines[17]!), status: '进行中' });
    segments[name] = lines.join('\n');
    const file = await handMade(header, segments);
    const wholeError = await readLedgerFile(file).catch((err: unknown) => err);
    expect(wholeError).toBeInstanceOf(LedgerFileError);
    const lazy = (await ContainerLedgerReader.open(file))!;
    // A month that is not read is not checked: a later month answers.
    const pair = { taskId: used.reports[0]!.taskId, unit: used.reports[0]!.unit };
    expect((await lazy.reportsAsOf('2019-03', [pair])).size).toBe(1);
    const lazyError = await lazy.reportsAsOf('2019-01', [pair]).catch((err: unknown) => err);
    expect(lazyError).toBeInstanceOf(LedgerFileError);
    expect((lazyError as LedgerFileError).userMessage).toBe((wholeError as LedgerFileError).userMessage);
    expect((lazyError as LedgerFileError).userMessage).toContain('reports.17.status');
    expect((lazyError as Error).message).toBe((wholeError as Error).message);
    await lazy.close();
  });

  it('judges a report given twice in a month as the whole-file read does', async () => {
    const { header, segments } = partsOf(used);
    const name = 'reports/2019-02.jsonl';
    const lines = segments[name]!.split('\n');
    const twice = { ...JSON.parse(lines[3]!), progress: '重复的一行' };
    segments[name] = [...lines, JSON.stringify(twice)].join('\n');
    (header.segments as { part: string; period: string; count: number }[]).find(
      (s) => `${s.part}/${s.period}.jsonl` === name,
    )!.count += 1;
    const file = await handMade(header, segments);
    const whole = await readLedgerFile(file).catch((err: unknown) => err);
    const lazy = (await ContainerLedgerReader.open(file))!;
    const pair = [{ taskId: twice.taskId as string, unit: twice.unit as string }];
    const answer = await lazy.reportsAsOf('2019-02', pair).catch((err: unknown) => err);
    if (whole instanceof LedgerFileError) {
      // refused (nothing may be in a ledger twice): refused alike, when the month is read
      expect(answer).toBeInstanceOf(LedgerFileError);
      expect((answer as Error).message).toBe(whole.message);
    } else {
      // accepted: the same answer (the last of the two)
      const wholeStore = new MemoryLedgerStore((whole as { ledger: Ledger }).ledger);
      expect([...(answer as Map<string, unknown>)]).toEqual([
        ...(await wholeStore.reportsAsOf('2019-02', pair)),
      ]);
    }
    await lazy.close();
  });

  it('refuses a month whose count or months differ from the header, as the whole-file read does', async () => {
    for (const breakIt of [
      (p: ReturnType<typeof partsOf>) => {
        (p.header.segments as { count: number }[])[1]!.count += 1;
      },
      (p: ReturnType<typeof partsOf>) => {
        p.segments['audit/2019-02.jsonl'] = p.segments['audit/2019-02.jsonl']!.replace(
          '"period":"2019-02"',
          '"period":"2019-03"',
        );
      },
      (p: ReturnType<typeof partsOf>) => {
        p.segments['imports/2019-02.jsonl'] += '\n{';
      },
    ]) {
      const parts = partsOf(used);
      breakIt(parts);
      const file = await handMade(parts.header, parts.segments);
      const wholeError = (await readLedgerFile(file).catch((err: unknown) => err)) as Error;
      expect(wholeError).toBeInstanceOf(LedgerFileError);
      const lazy = (await ContainerLedgerReader.open(file))!;
      const reads = [
        () => lazy.reportsAsOf('2019-04', [{ taskId: 'air-01', unit: 'none' }]),
        () => lazy.auditOf('永乐店镇', '2019-02'),
        () => lazy.importsWithHash(''),
      ];
      const errors = await Promise.all(reads.map((read) => read().catch((err: unknown) => err)));
      expect(errors.map((e) => (e instanceof Error ? e.message : 'no error'))).toContain(wholeError.message);
      await lazy.close();
    }
  });

  it('checks the header and the segment list on opening', async () => {
    const { header, segments } = partsOf(used);
    // a segment the header does not list
    const unlisted = await handMade(header, { ...segments, 'audit/2030-01.jsonl': '' });
    await expect(ContainerLedgerReader.open(unlisted)).rejects.toThrow(/not listed in the header/);
    await expect(readLedgerFile(unlisted)).rejects.toThrow(/not listed in the header/);
    // a listed segment that is missing
    const { ['audit/2019-02.jsonl']: _gone, ...fewer } = segments;
    await expect(ContainerLedgerReader.open(await handMade(header, fewer))).rejects.toThrow(
      /listed in the header but missing/,
    );
    // the header's own fields are validated as restoreLedger validates them
    const plans = structuredClone(used.plans);
    plans[0]!.tasks[3]!.id = 'nonsense';
    const badFrame = await handMade({ ...header, plans }, segments);
    const wholeError = (await readLedgerFile(badFrame).catch((err: unknown) => err)) as LedgerFileError;
    const lazyError = (await ContainerLedgerReader.open(badFrame).catch((err: unknown) => err)) as Error;
    expect(lazyError).toBeInstanceOf(LedgerFileError);
    expect(lazyError.message).toBe(wholeError.message);
    // a newer container, or a foreign zip
    await expect(
      ContainerLedgerReader.open(await handMade({ ...header, container: 9 }, segments)),
    ).rejects.toThrow(/newer/);
    await expect(ContainerLedgerReader.open(await handMade({ hello: 1 }, {}))).rejects.toThrow(
      /not a taizhang-ledger/,
    );
  });

  it('reads a v4 container (its records written as now) month by month, as this version', async () => {
    const { header, segments } = partsOf(used);
    const v4 = await handMade({ ...header, version: 4 }, segments);
    const { lazy, whole } = await openBoth(v4);
    const pairs = allAssignments(used.plans[0]!.tasks, used.units)
      .slice(0, 50)
      .map((a) => ({ taskId: a.task.id, unit: a.unit }));
    expect(await lazy.reportsAsOf('2019-03', pairs)).toEqual(await whole.reportsAsOf('2019-03', pairs));
    const batch = used.imports[0]!;
    expect(await lazy.importsWithHash(batch.sha256)).toEqual(await whole.importsWithHash(batch.sha256));
    await lazy.close();
  });

  it('a v4 container’s stored months are kept for the next write; a v1 container’s are made anew', async () => {
    const { header, segments } = partsOf(used);
    const storedOf = async (file: string) => {
      const handle = await open(file, 'r');
      try {
        const source = fileSource(handle, (await handle.stat()).size);
        return (await readContainerWithFiles(source, nodeCodec)).segments.length;
      } finally {
        await handle.close();
      }
    };
    expect(await storedOf(await handMade({ ...header, version: 4 }, segments))).toBe(
      Object.keys(segments).length,
    );
    const { districtBases: _d, plans, taskLinks: _l, planRevisions: _r, ...v1 } = header;
    const { bareIds: _b, ...plan } = (plans as Ledger['plans'])[0]!;
    expect(await storedOf(await handMade({ ...v1, plan, version: 1 }, segments))).toBe(0);
  });

  it('answers a district base by plan, unit and month', async () => {
    const { header, segments } = partsOf(used);
    const planId = used.plans[0]!.id;
    const base = (plan: string, period: string) => ({
      planId: plan,
      unit: '永乐店镇',
      period,
      exportId: `exp-${plan}-${period}`,
      exportedAt: `${period}-01T00:00:00.000Z`,
      rows: [],
      fileName: null,
      sha256: 'e'.repeat(64),
      openedAt: `${period}-02T00:00:00.000Z`,
    });
    const bases = [base(planId, '2019-03'), base('tongzhou-2019-water', '2019-03'), base(planId, '2019-04')];
    const { lazy, whole } = await openBoth(await handMade({ ...header, districtBases: bases }, segments));
    for (const [plan, period] of [
      [planId, '2019-03'],
      ['tongzhou-2019-water', '2019-03'],
      [planId, '2019-04'],
      ['tongzhou-2019-water', '2019-04'],
    ] as const) {
      const got = await lazy.districtBase(plan, '永乐店镇', period);
      expect(got).toEqual(await whole.districtBase(plan, '永乐店镇', period));
      expect(got?.exportId).toBe(bases.find((b) => b.planId === plan && b.period === period)?.exportId);
    }
    await lazy.close();
  });

  it('leaves an older version (to migrate) and JSON text to the whole-file read', async () => {
    const { header, segments } = partsOf(used);
    // A v1 header: one plan, no district bases, no continuity or revisions.
    const { districtBases: _d, plans, taskLinks: _l, planRevisions: _r, ...v1 } = header;
    const { bareIds: _b, ...plan } = (plans as Ledger['plans'])[0]!;
    const older = await handMade({ ...v1, plan, version: 1 }, segments);
    expect(await ContainerLedgerReader.open(older)).toBeNull();
    expect((await readLedgerFile(older)).ledger.districtBases).toEqual([]);
    const json = join(dir, 'l.json');
    writeFileSync(json, (await encodeLedger(used, 'json')).join(''));
    expect(await ContainerLedgerReader.open(json)).toBeNull();
  });
});

describe('taizhang import --dry-run on a container', () => {
  async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('reports exactly what the same dry run on the JSON ledger reports, already-imported files too', async () => {
    const container = await containerOf(used);
    const json = join(dir, 'same.json');
    await writeFileSafely(json, await encodeLedger(used, 'json'));
    const returns = join(dir, 'returns');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(returns);
    for (const r of await townReturns(used, '2019-04', ['永乐店镇', '宋庄镇', '于家务回族乡']))
      writeFileSync(join(returns, r.fileName), r.bytes);
    // One of them imported for real first (into both): its second import is found by its hash.
    const first = join(returns, '宋庄镇_2019年04月_进展填报.xlsx');
    for (const ledger of [container, json])
      expect((await run('import', first, '--ledger', ledger, '--who', 't')).code).toBe(0);
    const dry = async (ledger: string) => {
      const r = await run('import', returns, '--ledger', ledger, '--dry-run', '--json');
      return { ...r, report: { ...(JSON.parse(r.out) as object), ledger: '' } };
    };
    const [a, b] = [await dry(container), await dry(json)];
    expect(a.code).toBe(b.code);
    expect(a.err).toBe(b.err);
    expect(a.report).toEqual(b.report);
    const statuses = (a.report as unknown as { files: { status: string }[] }).files.map((f) => f.status);
    expect(statuses.sort()).toEqual(['already-imported', 'dry-run', 'dry-run']);
  }, 60_000);

  it('a broken month the dry run needs ends as one line, exit 2', async () => {
    const { header, segments } = partsOf(used);
    segments['reports/2019-03.jsonl'] += '\n{'; // the month the returns' rows carry forward from
    const file = await handMade(header, segments);
    const returns = join(dir, 'one');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(returns);
    for (const r of await townReturns(used, '2019-04', ['永乐店镇']))
      writeFileSync(join(returns, r.fileName), r.bytes);
    const r = await run('import', returns, '--ledger', file, '--dry-run');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain('台账文件已损坏');
    expect(r.err).toContain(file);
  }, 30_000);
});

describe('sha256Values', () => {
  const h = 'ab'.repeat(32);
  it.each([
    ['a key and its value', `{"sha256":"${h}"}`, [h]],
    ['JSON whitespace around the colon', `{"sha256" :\r\n "${h}"}`, [h]],
    ['nested keys count too', `{"sha256":"${h}","files":[{"sha256":"x1"}]}`, [h, 'x1']],
    ['"sha256" as a value is not a key', `{"name":"sha256","sha256":"${h}"}`, [h]],
    ['a key inside a string is escaped, so not found', `{"note":"\\"sha256\\":\\"${h}\\""}`, []],
    ['a key without a string value', `{"sha256":null}`, []],
    ['text cut short after the key', `{"sha256":"${h}`, []],
    ['nothing', '', []],
    ['text cut short after the colon', `{"sha256": `, []],
    ['the key as the very last bytes', `{"x":1,"sha256"`, []],
    ['Chinese text around it (bytes, not characters)', `{"fileName":"永乐店镇.xlsx","sha256":"${h}"}`, [h]],
  ])('%s', (_name, text, want) => {
    expect([...sha256Values(Buffer.from(text, 'utf8'))]).toEqual(want);
  });
});
