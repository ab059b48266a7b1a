// What restoring a backup would lose: compares the ledger held now with the one in a backup file and
// summarises, for the confirmation people must give before a restore replaces their data — counts of
// reports / audit entries / import batches on each side, the periods each holds, the backup's save
// time, and exactly what of the current data the backup does not hold: reports, history, batches,
// resolutions, settings — and the plan itself (tasks, their texts, units). A backup whose plan lacks
// tasks or units the current one has (a truncated copy of the same plan) lists them as `planLosses`,
// which the person must confirm one by one. Pure.
import { periodLabel } from './deadline.ts';
import { reportKeyOf, rowKey } from './keys.ts';
import type { Ledger } from './ledger.ts';
import { PROGRESS_FIELDS, taskLabel, type ProgressReport, type Task, type Unit } from './model.ts';
import { comparePlans } from './plan-ids.ts';

export interface LedgerTally {
  savedAt: string;
  /** The plan the ledger began with (its ids bare): which ledger this is. */
  planId: string;
  /** Every plan's title, oldest first, joined with 、. */
  planTitle: string;
  /** How many plans the ledger runs. */
  plans: number;
  reports: number;
  audit: number;
  imports: number;
  groupResolutions: number;
  /** The periods the ledger holds reports for, sorted. */
  periods: string[];
}

export interface BackupDiff {
  current: LedgerTally;
  backup: LedgerTally;
  /** Both ledgers began with the same plan (same id): copies of one ledger. */
  samePlan: boolean;
  /** Reports held now whose (task, unit, period) the backup lacks. */
  reportsMissing: number;
  /** Reports held in both whose progress values differ: today's values would be replaced. */
  reportsChanged: number;
  /** Audit entries held now that the backup lacks (by id). */
  auditMissing: number;
  /** Import batches held now that the backup lacks (by id); their undo would be gone too. */
  importsMissing: number;
  /** Group resolutions held now that the backup lacks or holds differently. */
  resolutionsChanged: number;
  /** Continuity links held now that the backup lacks or holds differently. */
  linksChanged: number;
  /** The ledger settings (e.g. the return day) differ. */
  settingsChanged: boolean;
  periodsOnlyInCurrent: string[];
  periodsOnlyInBackup: string[];
  /** Tasks of the current plans the backup lacks (their ids), plans the backup lacks included. */
  tasksMissing: string[];
  /** Plans held now that the backup lacks (their titles): a restore drops them and their reports. */
  plansMissing: string[];
  /** Tasks in both whose text differs (key task, measures, deadline, leaders, units). */
  tasksChanged: string[];
  /** Units of the current registry the backup lacks, and those whose aliases or members differ. */
  unitsMissing: string[];
  unitsChanged: string[];
  /** What of the plan itself a restore would lose, one line each (Chinese): must be confirmed. */
  planLosses: string[];
  /** True when every piece of data held now is also in the backup, unchanged. */
  nothingLost: boolean;
}

const resolutionKey = (r: { taskId: string; group: string }) => rowKey(r.taskId, r.group);

function sameTask(a: Task, b: Task): boolean {
  return (
    JSON.stringify([a.keyTask, a.measures, a.deadline, a.leaders, a.leadUnits, a.coUnits, a.section]) ===
    JSON.stringify([b.keyTask, b.measures, b.deadline, b.leaders, b.leadUnits, b.coUnits, b.section])
  );
}

function sameUnit(a: Unit, b: Unit): boolean {
  return a.kind === b.kind && sameUnits(a.aliases, b.aliases) && sameUnits(a.members ?? [], b.members ?? []);
}

/** At most a few names, so a line stays readable however many there are. */
function someOf(names: readonly string[], limit = 8): string {
  return names.length > limit
    ? `${names.slice(0, limit).join('、')} 等 ${names.length} 项`
    : names.join('、');
}

function sameProgress(a: ProgressReport, b: ProgressReport): boolean {
  return PROGRESS_FIELDS.every((f) => a[f] === b[f]);
}

function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

export function tallyLedger(ledger: Ledger): LedgerTally {
  const first = ledger.plans.find((p) => p.bareIds) ?? ledger.plans[0];
  return {
    savedAt: ledger.savedAt,
    planId: first?.id ?? '',
    planTitle: [...ledger.plans]
      .sort(comparePlans)
      .map((p) => p.title)
      .join('、'),
    plans: ledger.plans.length,
    reports: ledger.reports.length,
    audit: ledger.audit.length,
    imports: ledger.imports.length,
    groupResolutions: ledger.groupResolutions.length,
    periods: [...new Set(ledger.reports.map((r) => r.period))].sort(),
  };
}

/** What replacing `current` with `backup` would lose (and what it would bring back). */
export function diffLedgers(current: Ledger, backup: Ledger): BackupDiff {
  const backupReports = new Map(backup.reports.map((r) => [reportKeyOf(r), r]));
  let reportsMissing = 0;
  let reportsChanged = 0;
  for (const r of current.reports) {
    const b = backupReports.get(reportKeyOf(r));
    if (!b) reportsMissing++;
    else if (!sameProgress(r, b)) reportsChanged++;
  }
  const backupAudit = new Set(backup.audit.map((a) => a.id));
  const auditMissing = current.audit.filter((a) => !backupAudit.has(a.id)).length;
  const backupImports = new Set(backup.imports.map((i) => i.id));
  const importsMissing = current.imports.filter((i) => !backupImports.has(i.id)).length;
  const backupResolutions = new Map(backup.groupResolutions.map((r) => [resolutionKey(r), r]));
  const resolutionsChanged = current.groupResolutions.filter((r) => {
    const b = backupResolutions.get(resolutionKey(r));
    return !b || !sameUnits(r.units, b.units);
  }).length;
  const settingsChanged = JSON.stringify(current.settings) !== JSON.stringify(backup.settings);
  const backupLinks = new Map(backup.taskLinks.map((l) => [l.taskId, l.continues]));
  const linksChanged = current.taskLinks.filter((l) => backupLinks.get(l.taskId) !== l.continues).length;
  const cur = tallyLedger(current);
  const bak = tallyLedger(backup);
  const bakPeriods = new Set(bak.periods);
  const curPeriods = new Set(cur.periods);
  const backupTasks = new Map(backup.plans.flatMap((p) => p.tasks).map((t) => [t.id, t]));
  const currentTasks = current.plans.flatMap((p) => p.tasks);
  const backupTaskCount = backupTasks.size;
  const tasksMissing = currentTasks.filter((t) => !backupTasks.has(t.id)).map((t) => t.id);
  const tasksChanged = currentTasks
    .filter((t) => backupTasks.has(t.id) && !sameTask(t, backupTasks.get(t.id) as Task))
    .map((t) => t.id);
  const backupPlans = new Set(backup.plans.map((p) => p.id));
  const plansMissing = current.plans.filter((p) => !backupPlans.has(p.id)).map((p) => p.title);
  const backupUnits = new Map(backup.units.map((u) => [u.name, u]));
  const unitsMissing = current.units.filter((u) => !backupUnits.has(u.name)).map((u) => u.name);
  const unitsChanged = current.units
    .filter((u) => backupUnits.has(u.name) && !sameUnit(u, backupUnits.get(u.name) as Unit))
    .map((u) => u.name);
  const samePlan = cur.planId === bak.planId;
  const planLosses: string[] = [];
  if (samePlan && plansMissing.length)
    planLosses.push(
      `备份中没有计划${plansMissing.map((t) => `《${t}》`).join('、')}。恢复后这些计划及其全部填报将不再显示。`,
    );
  if (samePlan && tasksMissing.length)
    planLosses.push(
      `备份中的计划缺少 ${tasksMissing.length} 项任务（当前 ${currentTasks.length} 项，备份 ${backupTaskCount} 项）：${someOf(tasksMissing.map(taskLabel))}。恢复后这些任务及其全部填报将不再显示。`,
    );
  if (samePlan && unitsMissing.length)
    planLosses.push(
      `备份中的单位名录缺少 ${unitsMissing.length} 个单位（当前 ${current.units.length} 个，备份 ${backup.units.length} 个）：${someOf(unitsMissing)}。`,
    );
  if (samePlan && tasksChanged.length)
    planLosses.push(
      `${tasksChanged.length} 项任务的计划内容与备份不同，将改回备份中的内容：${someOf(tasksChanged.map(taskLabel))}。`,
    );
  return {
    current: cur,
    backup: bak,
    samePlan: cur.planId === bak.planId,
    reportsMissing,
    reportsChanged,
    auditMissing,
    importsMissing,
    resolutionsChanged,
    linksChanged,
    settingsChanged,
    periodsOnlyInCurrent: cur.periods.filter((p) => !bakPeriods.has(p)),
    periodsOnlyInBackup: bak.periods.filter((p) => !curPeriods.has(p)),
    tasksMissing,
    plansMissing,
    tasksChanged,
    unitsMissing,
    unitsChanged,
    planLosses,
    nothingLost:
      reportsMissing + reportsChanged + auditMissing + importsMissing + resolutionsChanged + linksChanged ===
        0 &&
      tasksMissing.length + tasksChanged.length + unitsMissing.length + unitsChanged.length === 0 &&
      !settingsChanged &&
      samePlan,
  };
}

/** `['2021-01','2021-02','2021-03','2021-05']` → `2021年1月—2021年3月、2021年5月`; `[]` → `无`. */
export function formatPeriods(periods: readonly string[]): string {
  const sorted = [...new Set(periods)].sort();
  if (sorted.length === 0) return '无';
  const index = (p: string) => {
    const [y, m] = p.split('-').map(Number) as [number, number];
    return y * 12 + m - 1;
  };
  const runs: [string, string][] = [];
  for (const p of sorted) {
    const last = runs[runs.length - 1];
    if (last && index(p) === index(last[1]) + 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs.map(([a, b]) => (a === b ? periodLabel(a) : `${periodLabel(a)}—${periodLabel(b)}`)).join('、');
}

/** An ISO time as people read it, in the given offset (default: UTC+8, Beijing time). */
export function formatSavedAt(iso: string, offsetMinutes = 8 * 60): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * The confirmation text, one line each: what will be lost first (or that nothing will), then both
 * sides' counts and periods. Chinese, for people.
 */
export function describeLoss(diff: BackupDiff, offsetMinutes = 8 * 60): string[] {
  const lines: string[] = [];
  const { current: cur, backup: bak } = diff;
  if (!diff.samePlan)
    lines.push(
      `备份属于另一份计划（${bak.planTitle}），恢复后当前计划（${cur.planTitle}）的全部数据将被替换。`,
    );
  if (diff.nothingLost) {
    lines.push('当前数据已全部包含在备份中，恢复不会丢失任何内容。');
  } else {
    const lost: string[] = [];
    if (diff.reportsMissing) lost.push(`${diff.reportsMissing} 条备份中没有的填报记录`);
    if (diff.reportsChanged) lost.push(`${diff.reportsChanged} 条填报记录的当前内容（将改回备份中的内容）`);
    if (diff.auditMissing) lost.push(`${diff.auditMissing} 条修改记录`);
    if (diff.importsMissing) lost.push(`${diff.importsMissing} 个导入批次（及其撤销信息）`);
    if (diff.resolutionsChanged) lost.push(`${diff.resolutionsChanged} 处泛指单位的指定`);
    if (diff.linksChanged) lost.push(`${diff.linksChanged} 项任务与上年任务的延续关系`);
    if (diff.settingsChanged) lost.push('台账设置（如报送截止日）');
    if (diff.unitsChanged.length) lost.push(`${diff.unitsChanged.length} 个单位的别名或成员`);
    if (lost.length) lines.push(`恢复后将丢失：${lost.join('；')}。`);
    lines.push(...diff.planLosses);
    if (diff.periodsOnlyInCurrent.length)
      lines.push(`备份中没有以下月份的填报：${formatPeriods(diff.periodsOnlyInCurrent)}。`);
  }
  lines.push(
    `当前数据：填报记录 ${cur.reports} 条，修改记录 ${cur.audit} 条，导入批次 ${cur.imports} 个；月份：${formatPeriods(cur.periods)}。`,
  );
  lines.push(
    `备份数据（保存于 ${formatSavedAt(bak.savedAt, offsetMinutes)}）：填报记录 ${bak.reports} 条，修改记录 ${bak.audit} 条，导入批次 ${bak.imports} 个；月份：${formatPeriods(bak.periods)}。`,
  );
  return lines;
}
