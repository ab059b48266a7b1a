// `taizhang import FILE|DIR... --ledger F [--dry-run] [--json]`: merge returned workbooks into a
// ledger file (created from the seeds if absent). A folder stands for the workbooks and return
// packages in it (.xlsx, .xls, .et, .ods, .csv, .zip — Windows' cmd does not expand `*.xlsx`). A
// return package (.zip: the workbook and its evidence in a folder per task) is read by
// shared/evidence/package.ts and its files attached with the workbook's batch; every file's outcome
// is listed. Files are merged in the order given, each against the state the previous one left, as
// one batch (shared/engine/import-returns.ts) written in one go. Conflicts are applied only when
// decided here (`--take`, `--resolve`); the rest stay open on their batch (exit 1) and are decided in
// the app, or by importing the same file again with a decision.
//
// A unit's own ledger (a layout we did not write) is mapped first (shared/engine/foreign-returns.ts):
// with `--map M.json` by the mapping a person confirmed (from `taizhang map`, edited), else by
// detection — applied only when every match is confident (the mapping kept for the unit counts as
// confirmed); otherwise the file is not imported and what needs confirming is named (exit 1).
// `--password P` opens protected files. `--history FILE` imports the district's master ledger as one
// batch per month (./import-history.ts).

import { createHash, randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  importReturns,
  identifyFiles,
  type FileOutcome,
  type ReturnFile,
} from '../../shared/engine/import-returns.ts';
import { fieldKey, type FieldKey } from '../../shared/keys.ts';
import { createLedger } from '../../shared/ledger-file.ts';
import type { Resolution } from '../../shared/merge/apply-merge.ts';
import { PROGRESS_FIELD_LABELS, PROGRESS_FIELDS, taskLabel, type ProgressField } from '../../shared/model.ts';
import { isPeriod } from '../../shared/deadline.ts';
import { parseTaskId } from '../../shared/workbook/validate-fields.ts';
import { mappedReturn, proposeMapping } from '../../shared/engine/foreign-returns.ts';
import { fitMapping, readMappingFile } from '../../shared/mapping/mapping-file.ts';
import type { LayoutMapping } from '../../shared/mapping/types.ts';
import { readReturnWorkbook, type ReadResult } from '../../shared/workbook/read-workbook.ts';
import { readFile } from 'node:fs/promises';
import { readReturnFile } from '../read-input.ts';
import {
  CliError,
  EXIT,
  jsonTermSafe,
  openLedgerStore,
  openLedgerView,
  planOrFail,
  resolveUnitOrFail,
  SEED_PLAN,
  SEED_UNITS,
  termSafe,
  type Output,
} from '../context.ts';
import { UnitIndex } from '../../shared/registry.ts';
import { LedgerFileStore } from '../ledger-file-store.ts';
import type { PackageEvidence } from '../../shared/engine/import-returns.ts';
import { readReturnPackage } from '../../shared/evidence/package.ts';
import { fileSource, nodeCodec } from '../node-io.ts';
import type { ImportCliOptions } from './import-options.ts';

/** A return package on disk: read through its directory, file by file (never whole). */
async function readPackageFile(
  path: string,
  year: number,
): Promise<
  { ok: true; read: ReadResult; evidence: PackageEvidence; notes: string[] } | { ok: false; reason: string }
> {
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: '不是普通文件，未读取 (not a regular file)' };
    const source = { ...fileSource(handle, info.size), blob: await openAsBlob(path) };
    const pkg = await readReturnPackage(source, {
      inflate: nodeCodec.inflate,
      hash: async (bytes) => createHash('sha256').update(bytes).digest('hex'),
      keepCompressed: true,
    });
    if (pkg.error || !pkg.workbook) return { ok: false, reason: `${pkg.error?.message} (${pkg.error?.log})` };
    const read = await readReturnWorkbook(pkg.workbook.bytes, {
      fileName: pkg.workbook.name,
      year,
      inflate: nodeCodec.inflate,
    });
    return { ok: true, read, evidence: pkg.evidence, notes: pkg.notes };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      reason: `${code === 'ENOENT' ? '找不到文件' : '无法读取文件'} (cannot read: ${code})`,
    };
  } finally {
    await handle?.close();
  }
}

interface FileReport {
  file: string;
  unit: string | null;
  period: string | null;
  status: 'imported' | 'dry-run' | 'already-imported' | 'rejected' | 'unreadable' | 'needs-confirmation';
  /** A unit's own layout: how it was mapped, and what a person must still confirm. */
  mapping?: { saved: LayoutMapping['saved']; sheets: string[]; from: 'map-file' | 'detected' };
  needsConfirmation?: {
    kind: string;
    sheet: string;
    row?: number;
    col?: number;
    score: number;
    message: string;
  }[];
  reason?: string;
  batchId?: string;
  counts: { updated: number; unchanged: number; conflicts: number; rejected: number };
  changes: { taskId: string; field: string; from: unknown; to: unknown }[];
  conflicts: { taskId: string; field: string; base: unknown; ours: unknown; theirs: unknown }[];
  /** Conflicts left undecided (on the batch, to decide later). */
  open: number;
  rejected: { taskId: string; row: number; sheet?: string; reason: string }[];
  warnings: { code: string; message: string }[];
  /** A return package's files: attached, duplicate or refused, with the reason. */
  evidence: { path: string; taskId: string | null; status: string; reason: string }[];
  /** Extension requests the workbook made, and requests not taken. */
  extensions: { taskId: string; until: string; reason: string }[];
  notes: string[];
}

const ZERO = { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 };

function emptyReport(file: string, status: FileReport['status'], reason: string): FileReport {
  return {
    file,
    unit: null,
    period: null,
    status,
    reason,
    counts: ZERO,
    changes: [],
    conflicts: [],
    open: 0,
    rejected: [],
    warnings: [],
    evidence: [],
    extensions: [],
    notes: [],
  };
}

function toReport(file: string, outcome: FileOutcome, dryRun: boolean): FileReport {
  const plan = outcome.plan;
  const unreadable = plan.rejection?.code === 'unreadable';
  return {
    file,
    unit: plan.unit || null,
    period: plan.period || null,
    status: unreadable
      ? 'unreadable'
      : plan.rejection
        ? 'rejected'
        : plan.alreadyImported
          ? 'already-imported'
          : dryRun
            ? 'dry-run'
            : 'imported',
    reason: plan.rejection?.message ?? (plan.alreadyImported ? '该文件已导入过，未做任何更改' : undefined),
    batchId: outcome.batch?.id,
    counts: plan.counts,
    changes: outcome.applied.map((u) => ({ taskId: u.taskId, field: u.field, from: u.old, to: u.new })),
    conflicts: plan.conflicts.map((c) => ({
      taskId: c.taskId,
      field: c.field,
      base: c.base ?? null,
      ours: c.ours,
      theirs: c.theirs,
    })),
    open: outcome.unresolved.length,
    rejected: plan.rejected.map((r) => ({
      taskId: r.taskId,
      row: r.rowNumber,
      ...(r.sheet ? { sheet: r.sheet } : {}),
      reason: r.reason,
    })),
    warnings: plan.warnings.map((w) => ({ code: w.code, message: w.message })),
    evidence: outcome.evidence.map((e) => ({
      path: e.path,
      taskId: e.taskId,
      status: e.status,
      reason: e.reason,
    })),
    extensions: outcome.extensionRequests.map((e) => ({
      taskId: e.taskId,
      until: e.until,
      reason: e.reason,
    })),
    notes: outcome.requestNotes,
  };
}

const EVIDENCE_STATUS: Record<string, string> = {
  attached: '已附上',
  duplicate: '未重复添加',
  refused: '未导入',
};

function describe(r: FileReport): string[] {
  const head = `${basename(r.file)}：${r.unit ?? '?'} ${r.period ?? '?'} — 更新 ${r.counts.updated}，未变 ${r.counts.unchanged}，冲突 ${r.counts.conflicts}，拒绝 ${r.counts.rejected}`;
  const lines = [r.reason ? `${head}（${r.reason}）` : head];
  const label = (f: string) => PROGRESS_FIELD_LABELS[f as ProgressField] ?? f;
  for (const c of r.conflicts)
    lines.push(
      `  冲突 ${taskLabel(c.taskId)} ${label(c.field)}：台账"${String(c.ours ?? '')}" / 文件"${String(c.theirs ?? '')}"`,
    );
  if (r.open > 0)
    lines.push(
      `  ${r.open} 个冲突尚未处理：已记在本次导入上，可在软件中处理，或加 --take theirs|ours / --resolve 后再次导入本文件`,
    );
  for (const x of r.rejected)
    lines.push(
      `  拒绝 ${x.sheet ? `“${x.sheet}”` : ''}第${x.row}行 ${x.taskId ? taskLabel(x.taskId) : ''}：${x.reason}`,
    );
  for (const c of r.needsConfirmation ?? []) lines.push(`  需要确认：${c.message}`);
  for (const w of r.warnings) lines.push(`  提示：${w.message}`);
  for (const e of r.extensions)
    lines.push(`  延期申请 ${taskLabel(e.taskId)}：申请延至 ${e.until}（${e.reason}），待批准`);
  for (const n of r.notes) lines.push(`  提示：${n}`);
  for (const e of r.evidence)
    lines.push(
      `  附件 ${e.path}：${EVIDENCE_STATUS[e.status] ?? e.status}${e.reason && e.status !== 'attached' ? `（${e.reason}）` : ''}`,
    );
  return lines.map((line) => termSafe(line));
}

/** What a folder's files may be: every format the reader opens. */
const WORKBOOK_FILE = /\.(xlsx|xls|et|ods|csv)$/i;

/** Files and folders → the files to import, in order (a folder's workbooks sorted by name). */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info?.isDirectory()) {
      out.push(input);
      continue;
    }
    const names = (await readdir(input))
      .filter(
        (n) => (WORKBOOK_FILE.test(n) || /\.zip$/i.test(n)) && !n.startsWith('~$') && !n.startsWith('.'),
      )
      .sort((a, b) => a.localeCompare(b, 'zh'));
    if (names.length === 0)
      throw new CliError(
        EXIT.usage,
        `文件夹 ${input} 中没有工作簿或回报包（.xlsx/.xls/.et/.ods/.csv/.zip） (no workbooks or return packages in ${input})`,
      );
    out.push(...names.map((n) => join(input, n)));
  }
  return out;
}

const FIELD_BY_NAME = new Map<string, ProgressField>([
  ...PROGRESS_FIELDS.map((f) => [f, f] as [string, ProgressField]),
  ...PROGRESS_FIELDS.map(
    (f) => [PROGRESS_FIELD_LABELS[f].replace(/\(%\)$/, ''), f] as [string, ProgressField],
  ),
]);

/** `--resolve 大气-03.完成状态=theirs` (or air-03.status=ours) → the field key and the decision. */
export function parseResolveOption(text: string): [FieldKey, Resolution] {
  const m = /^(.+?)[.:：](.+?)=(ours|theirs)$/.exec(text.trim());
  const taskId = m ? parseTaskId(m[1] as string) : '';
  const field = m ? FIELD_BY_NAME.get((m[2] as string).trim()) : undefined;
  if (!m || !taskId || !field)
    throw new CliError(
      EXIT.usage,
      `--resolve 的格式应为 编号.字段=ours|theirs，如 大气-03.完成状态=theirs (bad --resolve "${termSafe(text)}")`,
    );
  return [fieldKey(taskId, field), m[3] as Resolution];
}

export async function importCommand(inputs: string[], opts: ImportCliOptions, io: Output): Promise<number> {
  if (!opts.ledger) throw new CliError(EXIT.usage, '请用 --ledger 指定台账文件 (missing --ledger FILE)');
  if (opts.history) return (await import('./import-history.ts')).importHistoryCommand(inputs, opts, io);
  if (inputs.length === 0)
    throw new CliError(EXIT.usage, '请给出要导入的工作簿文件或文件夹 (no files given)');
  if (opts.period !== undefined && !isPeriod(opts.period))
    throw new CliError(EXIT.usage, `--period 格式应为 YYYY-MM (bad --period: ${termSafe(opts.period)})`);
  if (opts.take !== undefined && opts.take !== 'ours' && opts.take !== 'theirs')
    throw new CliError(EXIT.usage, `--take 只能是 ours 或 theirs (bad --take: ${termSafe(opts.take)})`);
  const decisions = new Map((opts.resolve ?? []).map(parseResolveOption));
  const files = await expandInputs(inputs);
  const given = opts.map !== undefined ? await loadMappingFile(opts.map) : null;
  const dryRun = Boolean(opts.dryRun);

  const fresh = () => createLedger(SEED_PLAN, SEED_UNITS);
  // A dry run only reads: the ledger is read as the use case asks (a container month by month),
  // without the lock. A real run reads it whole, under the lock, and writes it back.
  const store = dryRun
    ? await openLedgerView(opts.ledger, { fresh })
    : await openLedgerStore(opts.ledger, { write: true, command: 'import', fresh });
  try {
    const unitIndex = new UnitIndex(await store.reader.units());
    const forcedUnit = opts.unit !== undefined ? resolveUnitOrFail(unitIndex, opts.unit) : undefined;
    // The plan named (else a file's month picks the newest plan of its year; a manifest's own wins).
    const chosenPlan = planOrFail(await store.reader.plans(), opts.planId, opts.period);
    const year = chosenPlan.year;
    const reports: (FileReport | null)[] = [];
    const reads: { index: number; read: ReadResult; evidence?: PackageEvidence; notes?: string[] }[] = [];
    const jsonLedger = store instanceof LedgerFileStore ? store.fileEncoding === 'json' : false;
    for (const file of files) {
      if (/\.zip$/i.test(file)) {
        const pkg = await readPackageFile(file, year);
        if (!pkg.ok) {
          reports.push(emptyReport(file, 'unreadable', pkg.reason));
          continue;
        }
        const { read, evidence, notes } = pkg;
        // A JSON ledger can hold no files: the workbook imports, its evidence is listed as not taken.
        const kept: PackageEvidence = jsonLedger
          ? {
              files: [],
              refused: [
                ...evidence.refused,
                ...evidence.files.map((f) => ({
                  path: f.path,
                  reason: 'JSON 格式的台账不能保存附件，请改用 .taizhang 格式的台账',
                  log: 'JSON ledger',
                })),
              ],
            }
          : evidence;
        reads.push({ index: reports.length, read, evidence: kept, notes });
        reports.push(null);
        continue;
      }
      const got = await readReturnFile(file, { password: opts.password, year });
      if (!got.ok) {
        reports.push(emptyReport(file, 'unreadable', got.reason));
        continue;
      }
      reads.push({ index: reports.length, read: got.read });
      reports.push(null);
    }
    const identities = await identifyFiles(
      store.reader,
      reads.map((r) => r.read),
    );
    const planned: { index: number; file: ReturnFile; notes: string[] }[] = [];
    const mappings = new Map<number, { mapping: LayoutMapping; from: 'map-file' | 'detected' }>();
    for (const [i, { index, read }] of reads.entries()) {
      if (read.layout !== 'foreign') continue;
      // A unit's own layout: a mapping given by a person, or one detected with confidence.
      const unit = forcedUnit ?? identities[i]!.unit;
      const proposal = await proposeMapping(store.reader, read, { planId: chosenPlan.id, unit });
      if (given) {
        const fit = fitMapping(given, proposal.mapping);
        if (!fit.ok) {
          reports[index] = {
            ...emptyReport(files[index]!, 'rejected', `${fit.message} (${fit.log})`),
            unit: unit ?? null,
          };
          continue;
        }
        mappings.set(index, { mapping: fit.mapping, from: 'map-file' });
      } else if (proposal.confirmations.length > 0) {
        reports[index] = {
          ...emptyReport(
            files[index]!,
            'needs-confirmation',
            `这份文件不是本系统下发的填报表，有 ${proposal.confirmations.length} 项识别没有把握，未导入：请用 taizhang map 生成映射、核对修改后加 --map 导入`,
          ),
          unit: unit ?? null,
          period: opts.period ?? identities[i]!.period,
          needsConfirmation: proposal.confirmations.map((c) => ({
            kind: c.kind,
            sheet: c.sheet,
            ...(c.row !== undefined ? { row: c.row } : {}),
            ...(c.col !== undefined ? { col: c.col } : {}),
            score: c.score,
            message: c.message,
          })),
        };
      } else mappings.set(index, { mapping: proposal.mapping, from: 'detected' });
    }
    reads.forEach(({ index, read: original, evidence, notes }, i) => {
      if (reports[index]) return; // settled above: a mapping to confirm or that does not fit
      const mapped = mappings.get(index);
      const read = mapped ? mappedReturn(original, mapped.mapping) : original;
      const id = identities[i]!;
      const unit = forcedUnit ?? id.unit;
      const period = opts.period ?? id.period;
      if (read.errors.length === 0 && (!unit || !period)) {
        const what = !unit
          ? id.unknownUnit
            ? `单位（文件写的“${id.unknownUnit}”不在名录中）`
            : '单位'
          : '月份';
        reports[index] = {
          ...emptyReport(
            files[index]!,
            'rejected',
            `无法确定该文件所属的${what}，请用 --unit 和 --period 指定`,
          ),
          unit: unit ?? null,
          period: period ?? null,
        };
        return;
      }
      const resolutions: ReadonlyMap<FieldKey, Resolution> = decisions;
      planned.push({
        index,
        notes: notes ?? [],
        file: {
          read,
          ...(opts.planId !== undefined || mapped ? { planId: chosenPlan.id } : {}),
          unit: unit ?? '',
          period: period ?? '',
          identityConfirmed: opts.unit !== undefined || opts.period !== undefined,
          resolutions,
          defaultResolution: opts.take as 'ours' | 'theirs' | undefined,
          ...(evidence ? { evidence } : {}),
          ...(mapped ? { mapping: mapped.mapping } : {}),
        },
      });
    });
    const ctx = { who: opts.who ?? 'taizhang-cli', at: new Date().toISOString(), newId: () => randomUUID() };
    const toImport = planned.map((p) => p.file);
    const outcomes =
      store instanceof LedgerFileStore
        ? await store.run((reader) => importReturns(reader, ctx, toImport, { apply: true }))
        : (await importReturns(store.reader, ctx, toImport, { apply: false })).result;
    planned.forEach((p, i) => {
      const report = toReport(files[p.index]!, outcomes[i]!, dryRun);
      report.notes.push(...p.notes);
      const mapped = mappings.get(p.index);
      if (mapped)
        report.mapping = {
          saved: mapped.mapping.saved,
          sheets: mapped.mapping.sheets.filter((s) => s.use).map((s) => s.sheet),
          from: mapped.from,
        };
      reports[p.index] = report;
    });
    const done = reports as FileReport[];
    const imported = done.filter(
      (r) => r.status === 'imported' || r.evidence.some((e) => e.status === 'attached'),
    ).length;
    if (store instanceof LedgerFileStore && (imported > 0 || store.created)) await store.save();

    if (opts.json) io.out(jsonTermSafe({ ledger: opts.ledger, dryRun, files: done }));
    else for (const r of done) for (const line of describe(r)) io.out(line);
    io.err(
      `${dryRun ? '预览（未写入）' : '已导入'} ${dryRun ? done.length : imported}/${files.length} 个文件 (${dryRun ? 'dry run' : `${imported} imported`})`,
    );
    if (done.some((r) => r.status === 'unreadable')) return EXIT.usage;
    if (
      done.some(
        (r) =>
          r.status === 'rejected' ||
          r.status === 'needs-confirmation' ||
          r.counts.rejected > 0 ||
          r.evidence.some((e) => e.status === 'refused') ||
          (dryRun ? r.counts.conflicts > 0 : r.open > 0),
      )
    )
      return EXIT.rejected;
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `--map M.json`: a mapping file as `taizhang map` printed it (a person may have edited it). */
async function loadMappingFile(path: string): Promise<LayoutMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(
      EXIT.usage,
      `无法读取映射文件 ${termSafe(path)} (cannot read --map: ${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const parsed = readMappingFile(text);
  if (!parsed.ok)
    throw new CliError(EXIT.usage, `${parsed.message} (${termSafe(path)}: ${termSafe(parsed.log, 300)})`);
  return parsed.mapping;
}
