// Bench of the Excel round trip in Node: export every unit's return workbook for a period, and the
// import use case over 22 returned town workbooks against a ledger holding 100k reports (dry run,
// then apply), on the engine's memory store — the CLI's engine, not the app's path (the app's own
// path is timed in Chromium by scripts/bench/app.ts; the whole CLI process by scripts/bench/cli.ts).
// Each is also timed as plain exceljs writing/reading the same files in the same run.
// Run alone: npx tsx scripts/bench/exchange.ts
import ExcelJS from 'exceljs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import units from '../../seeds/units.json' with { type: 'json' };
import { identifyFiles, importReturns, type ReturnFile } from '../../shared/engine/import-returns.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import { unitsWithWork, unitWorkbookRows } from '../../shared/engine/workbook-rows.ts';
import type { Unit } from '../../shared/model.ts';
import { COLUMNS } from '../../shared/workbook/columns.ts';
import { exportReturnWorkbook, type ExportRow } from '../../shared/workbook/export-workbook.ts';
import { readReturnWorkbook } from '../../shared/workbook/read-workbook.ts';
import { fillLikeAClerk, ledgerWithReports } from './bench-data.ts';
import { median, withBaseline, type BenchResult } from './result.ts';

const PERIOD = '2021-03';
const REPORTS = 100_000;

/** The same cells as a return workbook, written by plain exceljs: no styles, validation, protection or manifest. */
async function plainWorkbook(unit: string, rows: readonly ExportRow[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('填报');
  ws.addRow([unit]);
  ws.addRow(COLUMNS.map((c) => c.header));
  for (const r of rows)
    ws.addRow([
      r.task.id,
      r.task.plan,
      r.task.keyTask,
      r.task.measures,
      r.task.deadline.raw,
      r.task.leaders.join('、'),
      r.task.leadUnits.join('、'),
      r.task.coUnits.join('、'),
      r.role,
      r.base.status,
      r.base.percent,
      r.base.progress,
      r.base.problems,
      r.base.nextSteps,
      r.base.evidence,
      r.base.reporter,
      r.base.phone,
      r.base.filledOn,
    ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Collect garbage before each timed segment (npm run bench passes --expose-gc), so one segment's
 * garbage — five copies of a 100k-report ledger — is not charged to the next. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  collect();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export async function benchExchange(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const ledger = ledgerWithReports(REPORTS);
  const store = new MemoryLedgerStore(ledger);
  const unitNames = await unitsWithWork(store, 'tongzhou-2021');

  // Export: every unit, ours vs plain exceljs over the same rows (best of 2 runs each).
  const rowsByUnit = new Map<string, ExportRow[]>();
  for (const u of unitNames) rowsByUnit.set(u, await unitWorkbookRows(store, 'tongzhou-2021', u, PERIOD));
  const exportOurs: number[] = [];
  const exportPlain: number[] = [];
  const exported = new Map<string, Uint8Array>();
  for (let run = 0; run < 2; run++) {
    exportOurs.push(
      (
        await time(async () => {
          for (const u of unitNames)
            exported.set(
              u,
              await exportReturnWorkbook({
                plan: ledger.plans[0]!,
                unit: u,
                period: PERIOD,
                rows: rowsByUnit.get(u)!,
                exportId: `bench-${u}`,
                exportedAt: '2021-03-01T00:00:00Z',
              }),
            );
        })
      ).ms,
    );
    exportPlain.push(
      (
        await time(async () => {
          for (const u of unitNames) await plainWorkbook(u, rowsByUnit.get(u)!);
        })
      ).ms,
    );
  }
  results.push(
    withBaseline({
      name: `export all ${unitNames.length} units' workbooks (${[...rowsByUnit.values()].reduce((n, r) => n + r.length, 0)} rows)`,
      value: Math.min(...exportOurs),
      unit: 'ms',
      baseline: { name: 'plain exceljs, same cells', value: Math.min(...exportPlain) },
      target: '< 5000 ms',
    }),
  );

  // Import: 22 towns' returned workbooks into the 100k-report ledger.
  const towns = (units as Unit[]).find((u) => u.name === '各街道乡镇')!.members!;
  const returned = await Promise.all(
    towns.map(async (t) => ({ unit: t, bytes: await fillLikeAClerk(exported.get(t)!) })),
  );
  // Best of 5 interleaved runs each, so JIT warm-up and noise treat ours and the baseline alike;
  // every apply runs on a fresh copy of the 100k-report ledger (copying is not timed).
  const plainRuns: number[] = [];
  const dryRuns: number[] = [];
  const applyRuns: number[] = [];
  let dryUpdated = 0;
  let applied = 0;
  const copies = [0, 1, 2, 3, 4].map(() => new MemoryLedgerStore(structuredClone(ledger)));
  let ids = 0;
  const ctx = { who: 'bench', at: '2021-03-26T00:00:00Z', newId: () => `id-${++ids}` };
  const plannedFiles = async (reader: MemoryLedgerStore): Promise<ReturnFile[]> => {
    const reads = [];
    for (const f of returned) reads.push(await readReturnWorkbook(f.bytes, { fileName: `${f.unit}.xlsx` }));
    const who = await identifyFiles(reader, reads);
    return reads.map((read, i) => ({
      read,
      unit: who[i]!.unit ?? '',
      period: who[i]!.period ?? '',
      identityConfirmed: false,
    }));
  };
  for (let run = 0; run < copies.length; run++) {
    plainRuns.push(
      (
        await time(async () => {
          for (const f of returned) await new ExcelJS.Workbook().xlsx.load(f.bytes as unknown as ArrayBuffer);
        })
      ).ms,
    );
    const dry = await time(async () => {
      const outcomes = (await importReturns(store, ctx, await plannedFiles(store), { apply: false })).result;
      return outcomes.reduce((n, o) => n + o.plan.counts.updated, 0);
    });
    dryRuns.push(dry.ms);
    dryUpdated = dry.value;
    const copy = copies[run]!;
    const apply = await time(async () => {
      const files = await plannedFiles(copy);
      const outcomes = await copy.run((r) => importReturns(r, ctx, files, { apply: true }));
      return outcomes.reduce((n, o) => n + (o.batch?.counts.updated ?? 0), 0);
    });
    applyRuns.push(apply.ms);
    applied = apply.value;
  }
  const dry = { ms: Math.min(...dryRuns), value: dryUpdated };
  const apply = { ms: Math.min(...applyRuns), value: applied };
  const plainRead = { ms: Math.min(...plainRuns) };
  if (dry.value !== apply.value || apply.value === 0)
    throw new Error(`bench import mismatch: dry ${dry.value} vs applied ${apply.value}`);
  const baseline = { name: 'plain exceljs load of the same 22 files', value: plainRead.ms };
  results.push(
    withBaseline({
      name: `import 22 town returns, dry run (${dry.value} rows updated; ledger ${REPORTS} reports)`,
      value: dry.ms,
      unit: 'ms',
      baseline,
      target: '< 2000 ms, ratio ≤ 1.5',
    }),
  );
  results.push(
    withBaseline({
      name: 'import 22 town returns, apply',
      value: apply.ms,
      unit: 'ms',
      baseline,
      target: '< 2000 ms, ratio ≤ 1.5',
    }),
  );
  results.push({
    name: 'median export of one town workbook',
    value: median(exportOurs) / unitNames.length,
    unit: 'ms',
  });
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { printResults } = await import('./print.ts');
  printResults(await benchExchange());
}
