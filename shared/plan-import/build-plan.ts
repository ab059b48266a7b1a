// The plan's rules, once: paragraphs and table rows (plan-table.ts) → the plan document and its
// tasks. Whatever the plan came as — its text as extracted, a Word document, a workbook — it is read
// here, so the seed build and a coordinator's import can never read a plan differently.
//
//  - The covering letter gives the document number (its year is the year deadlines refer to), the
//    date of issue and the title (《…》).
//  - A sub-plan's title (大气/水/土壤污染防治…计划) opens its table(s); a header row names the
//    columns (other plans' names for them are in plan-words.ts) and is skipped where it repeats.
//  - A section heading (`一、…`) starts a section; a row of empty cells is skipped and noted.
//  - A task row: its number (1, 2, … per sub-plan), key task (blank or merged with the row above:
//    the value above, and `keyTaskInherited`), measures (paragraphs kept), deadline (a key task or
//    deadline wrapped over two lines is one phrase), leaders (inner spaces removed), lead and
//    co-units split against the registry. A cell merged with the one above takes its value.
//  - Deadlines are read by shared/deadline.ts; a phrase it does not know is kept as written and
//    flagged, never guessed.
//
// Two modes. `strict` (the seed build): the first problem throws a SeedParseError naming the line.
// Otherwise (a coordinator's import) every problem is collected as an issue with its source row,
// unit names not in the registry are collected for the coordinator to decide, and nothing throws.

import { parseDeadline } from '../deadline.ts';
import { planName, taskId, type PlanDocument, type PlanId, type SubPlan, type Task } from '../model.ts';
import type { UnitIndex } from '../registry.ts';
import {
  cellText,
  isBlankCell,
  type PlanSource,
  type SourceRef,
  type TableCell,
  type TableRow,
} from './plan-table.ts';
import {
  COLUMN_HEADERS,
  DOC_NUMBER_RE,
  headerColumn,
  isNoneMarker,
  isSectionHeading,
  ISSUE_DATE_RE,
  PLAN_COLUMNS,
  REQUIRED_COLUMNS,
  subPlanOfTitle,
  type PlanColumn,
} from './plan-words.ts';

/** The seed build's failure: the line of the plan's text, and what is wrong there. */
export class SeedParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'SeedParseError';
  }
}

export type PlanIssueCode =
  | 'no-doc-number'
  | 'no-issue-date'
  | 'no-year'
  | 'no-sub-plan'
  | 'sub-plan-twice'
  | 'table-without-sub-plan'
  | 'no-header'
  | 'bad-header'
  | 'unread-row'
  | 'short-row'
  | 'number-sequence'
  | 'number-twice'
  | 'no-section'
  | 'blank-key-task'
  | 'empty-measures'
  | 'unknown-deadline'
  | 'no-lead-unit'
  | 'unknown-unit';

/** A problem found reading the plan: an error stops the import, a warning is shown with it. */
export interface PlanIssue {
  severity: 'error' | 'warning';
  code: PlanIssueCode;
  source: SourceRef;
  /** The task the problem is in, when it is in one (plan-local id, `air-03`). */
  taskId?: string;
  /** For people, in Chinese. */
  message: string;
  /** For logs, in English. */
  log: string;
}

/** A unit name the registry does not know, and every cell it was written in. */
export interface UnknownUnitName {
  name: string;
  occurrences: { taskId: string; column: '主责单位' | '协办单位'; source: SourceRef }[];
  /** The registry's closest names, best first. */
  suggestions: string[];
}

/** A task as read, with the row it came from and each column's text as written there. */
export interface ParsedTaskRow {
  task: Task;
  source: SourceRef;
  cells: Record<PlanColumn, string>;
  /** Unit names in this task the registry does not know (kept out of the task until decided). */
  unknownUnits: string[];
}

/** What the rules noted while reading (the seed keeps these in seeds/parse-notes.json). */
export interface BuildNotes {
  blankRows: SourceRef[];
  inheritedKeyTasks: string[];
  removedArtefacts: { source: SourceRef; text: string }[];
  emptyMarkers: { taskId: string; column: string }[];
  /** Cells other than 重点任务 that took the value of a merged cell above. */
  mergedCells: { taskId: string; column: string }[];
  /** Paragraphs between the tables that are not a sub-plan's title (notes, page furniture). */
  skippedParagraphs: SourceRef[];
}

export interface BuildResult {
  /** Task ids are plan-local (`air-03`); the ledger qualifies them when the plan is added. */
  plan: PlanDocument;
  rows: ParsedTaskRow[];
  notes: BuildNotes;
  issues: PlanIssue[];
  unknownUnits: UnknownUnitName[];
}

export interface BuildOptions {
  units: UnitIndex;
  /** The seed build: throw at the first problem. */
  strict?: boolean;
  /** The plan's id (default `plan-<year>`). */
  id?: string;
  /** The year deadlines refer to, when the document does not say (an .xlsx of the table alone). */
  year?: number;
}

const COLUMN_LABELS: Readonly<Record<PlanColumn, string>> = COLUMN_HEADERS;

/** Leader names: white space inside names is layout (`郑  皓` → `郑皓`). */
export function normaliseLeader(name: string): string {
  return name.replace(/[\s\u3000]+/g, '');
}

function emptyCells(): Record<PlanColumn, string> {
  return { no: '', keyTask: '', measures: '', deadline: '', leaders: '', leadUnits: '', coUnits: '' };
}

/** Cells laid out on the table's grid: a cell spanning columns fills them all with itself. */
function gridOf(row: TableRow): TableCell[] {
  const out: TableCell[] = [];
  for (const cell of row.cells) {
    const span = Math.max(1, Math.min(cell.span ?? 1, 64));
    for (let k = 0; k < span; k++)
      out.push(k === 0 ? cell : { paragraphs: [], mergedAbove: cell.mergedAbove });
  }
  return out;
}

function metadata(source: PlanSource) {
  const paragraphs = source.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b] : []));
  const texts = paragraphs.map((p) => p.text.replace(/[\s\u3000]+/g, ''));
  const docNumber = texts.find((t) => DOC_NUMBER_RE.test(t)) ?? '';
  const issued = texts.map((t) => ISSUE_DATE_RE.exec(t)).find((m) => m !== null);
  const one = paragraphs.find((p) => p.text.includes('《') && p.text.includes('》'));
  const title = (/《([^》]+)》/.exec(one?.text ?? '') ?? /《([^》]+)》/.exec(texts.join('')))?.[1] ?? '';
  return { docNumber, issued, title, texts };
}

export function buildPlan(source: PlanSource, options: BuildOptions): BuildResult {
  const { units, strict = false } = options;
  const issues: PlanIssue[] = [];
  const notes: BuildNotes = {
    blankRows: [],
    inheritedKeyTasks: [],
    removedArtefacts: [...source.removedArtefacts],
    emptyMarkers: [],
    mergedCells: [],
    skippedParagraphs: [],
  };
  const unknown = new Map<string, UnknownUnitName>();
  const lastLine = () =>
    source.blocks.reduce(
      (n, b) =>
        Math.max(n, b.source.line ?? 0, ...(b.kind === 'table' ? b.rows.map((r) => r.source.line ?? 0) : [])),
      1,
    );
  const report = (
    severity: PlanIssue['severity'],
    code: PlanIssueCode,
    where: SourceRef,
    message: string,
    log: string,
    taskId?: string,
  ) => {
    if (strict && severity === 'error') throw new SeedParseError(where.line ?? lastLine(), log);
    issues.push({ severity, code, source: where, message, log, ...(taskId ? { taskId } : {}) });
  };

  // 1. The covering letter.
  const meta = metadata(source);
  const top: SourceRef = { label: '文件开头', line: 1 };
  if (!meta.docNumber)
    report(
      'warning',
      'no-doc-number',
      top,
      '未找到发文字号（如 通政发〔2021〕2号）。',
      'document number (通政发〔YYYY〕N号) not found',
    );
  if (!meta.issued)
    report(
      'warning',
      'no-issue-date',
      top,
      '未找到成文日期（如 2021年2月24日）。',
      'date of issue (YYYY年M月D日) not found',
    );
  if (strict && (!meta.docNumber || !meta.issued))
    throw new SeedParseError(
      1,
      !meta.docNumber
        ? 'document number (通政发〔YYYY〕N号) not found'
        : 'date of issue (YYYY年M月D日) not found',
    );
  const titleYear = meta.texts
    .map((t) => /^\S*?(\d{4})年/.exec(t))
    .find((m) => m && subPlanOfTitle(m.input))?.[1];
  const year =
    Number(DOC_NUMBER_RE.exec(meta.docNumber)?.[1] ?? 0) ||
    options.year ||
    Number(titleYear ?? 0) ||
    Number(meta.issued?.[1] ?? 0);
  if (!year)
    report(
      'error',
      'no-year',
      top,
      '无法确定计划年度（文件中没有发文字号、成文日期或带年份的分计划标题），请指定年度。',
      'plan year unknown',
    );
  const issuedOn = meta.issued
    ? `${meta.issued[1]}-${meta.issued[2]!.padStart(2, '0')}-${meta.issued[3]!.padStart(2, '0')}`
    : `${year || 2000}-01-01`;

  // 2. Tables, under the sub-plan whose title came last.
  const subPlans: SubPlan[] = [];
  const rows: ParsedTaskRow[] = [];
  const tasks: Task[] = [];
  let plan: PlanId | undefined;
  let columns: Map<number, PlanColumn> | null = null;
  let section = '';
  let lastKeyTask: string | undefined;
  const seenNumbers = new Map<PlanId, Set<number>>();

  const unitsOf = (
    paragraphs: readonly string[],
    column: '主责单位' | '协办单位',
    id: string,
    where: SourceRef,
    unknownHere: string[],
  ): string[] => {
    const out: string[] = [];
    for (const p of paragraphs) {
      if (p.trim() === '') continue;
      if (isNoneMarker(p)) {
        notes.emptyMarkers.push({ taskId: id, column });
        continue;
      }
      if (strict) {
        let names: string[];
        try {
          names = units.splitCell(p);
        } catch (err) {
          throw new SeedParseError(where.line ?? 0, `${id} ${column}: ${(err as Error).message}`);
        }
        for (const n of names) if (!out.includes(n)) out.push(n);
        continue;
      }
      for (const token of units.splitCellLenient(p)) {
        if (token.known) {
          if (!out.includes(token.name)) out.push(token.name);
          continue;
        }
        if (!unknownHere.includes(token.name)) unknownHere.push(token.name);
        const entry = unknown.get(token.name) ?? {
          name: token.name,
          occurrences: [],
          suggestions: units.suggest(token.name),
        };
        entry.occurrences.push({ taskId: id, column, source: where });
        unknown.set(token.name, entry);
      }
    }
    return out;
  };

  for (const block of source.blocks) {
    if (block.kind === 'paragraph') {
      const sub = subPlanOfTitle(block.text);
      if (!sub) {
        if (plan) notes.skippedParagraphs.push(block.source);
        continue;
      }
      if (subPlans.some((s) => s.id === sub)) {
        report(
          'error',
          'sub-plan-twice',
          block.source,
          `分计划“${block.text.trim()}”出现了两次。`,
          `sub-plan "${block.text.trim()}" appears twice`,
        );
        plan = undefined;
        continue;
      }
      plan = sub;
      subPlans.push({ id: sub, name: planName(sub), title: block.text.trim() });
      columns = null;
      section = '';
      lastKeyTask = undefined;
      continue;
    }
    if (!plan) {
      report(
        'error',
        'table-without-sub-plan',
        block.source,
        '表格前没有分计划标题（如“通州区2021年大气污染防治行动计划”），表中任务未读取。',
        'table before any sub-plan title',
      );
      continue;
    }
    const sub = plan;
    /** The value of each grid column in the row above, for cells merged with it. */
    const above = new Map<number, TableCell>();
    for (const row of block.rows) {
      const grid = gridOf(row);
      const filled = grid.map((c, k) => (c.mergedAbove && above.has(k) ? (above.get(k) as TableCell) : c));
      const texts = grid.map((c) => cellText(c));
      const names = texts.map((t) => headerColumn(t));
      // The header (also where it repeats on each page or at each sub-plan).
      if (row.repeatedHeader || (names[0] === 'no' && names.filter(Boolean).length >= 3)) {
        const mapping = new Map<number, PlanColumn>();
        names.forEach((c, k) => {
          if (c && ![...mapping.values()].includes(c)) mapping.set(k, c);
        });
        if (strict && texts.join('|') !== PLAN_COLUMNS.map((c) => COLUMN_HEADERS[c]).join('|'))
          throw new SeedParseError(row.source.line ?? 0, `unexpected table header: ${texts.join(' | ')}`);
        const missing = REQUIRED_COLUMNS.filter((c) => ![...mapping.values()].includes(c));
        if (missing.length) {
          report(
            'error',
            'bad-header',
            row.source,
            `表头缺少列：${missing.map((c) => COLUMN_LABELS[c]).join('、')}。`,
            `header lacks ${missing.join(', ')}`,
          );
          columns = null;
        } else columns = mapping;
        continue;
      }
      grid.forEach((c, k) => {
        if (!c.mergedAbove) above.set(k, c);
      });
      const nonBlank = filled.filter((c) => !isBlankCell(c));
      // A section heading: one cell (or one cell spanning the row) reading `一、…`.
      if (nonBlank.length === 1 && isSectionHeading(cellText(nonBlank[0])) && !/^\d+$/.test(texts[0] ?? '')) {
        section = cellText(nonBlank[0]);
        lastKeyTask = undefined;
        continue;
      }
      if (grid.every((c) => isBlankCell(c))) {
        if (strict && columns && grid.length < columns.size) {
          throw new SeedParseError(row.source.line ?? 0, 'empty cell where a task number was expected');
        }
        notes.blankRows.push(row.source);
        continue;
      }
      if (!columns) {
        if (!strict && grid.length !== PLAN_COLUMNS.length) {
          report(
            'error',
            'no-header',
            row.source,
            '表格没有表头行（序号、重点任务、工作措施…），该行未读取。',
            'row before any header',
          );
          continue;
        }
        // No header: the columns of the 2021 plan's table, in its order (the seed text has no other).
        if (!strict)
          report(
            'warning',
            'no-header',
            row.source,
            '表格没有表头行，按“序号、重点任务、工作措施、完成时限、牵头领导、主责单位、协办单位”的顺序读取。',
            'no header: the standard seven columns assumed',
          );
        columns = new Map(PLAN_COLUMNS.map((c, k) => [k, c]));
      }
      const col = (c: PlanColumn): TableCell | undefined => {
        for (const [k, name] of columns as Map<number, PlanColumn>) if (name === c) return filled[k];
        return undefined;
      };
      const noText = cellText(col('no')).replace(/[\s\u3000]/g, '');
      if (!/^\d+$/.test(noText)) {
        const first = texts.find((t) => t !== '') ?? '';
        if (noText === '')
          report(
            'error',
            'unread-row',
            row.source,
            `应为任务序号的单元格是空的，该行未读取：“${first.slice(0, 30)}”。`,
            'empty cell where a task number was expected',
          );
        else
          report(
            'error',
            'unread-row',
            row.source,
            `无法识别的行（应以任务序号开头）：“${first.slice(0, 30)}”。`,
            `expected a task number, found "${noText.slice(0, 30)}"`,
          );
        continue;
      }
      if (strict && row.cells.length < columns.size)
        throw new SeedParseError(
          row.source.line ?? 0,
          `task ${noText}: row has only ${row.cells.length} cells`,
        );
      if (!section)
        report(
          'error',
          'no-section',
          row.source,
          `任务 ${noText} 之前没有章节标题（如“一、…”）。`,
          'task before any section heading',
        );
      const no = Number(noText);
      const id = taskId(sub, no);
      const numbers = seenNumbers.get(sub) ?? new Set<number>();
      seenNumbers.set(sub, numbers);
      if (numbers.has(no)) {
        report(
          'error',
          'number-twice',
          row.source,
          `${planName(sub)}序号 ${no} 重复，该行未读取。`,
          `${id}: number repeated`,
          id,
        );
        continue;
      }
      const expectedNo = numbers.size + 1;
      if (no !== expectedNo) {
        if (strict)
          throw new SeedParseError(
            col('no')?.source?.line ?? row.source.line ?? 0,
            `task number ${no}, expected ${expectedNo}`,
          );
        report(
          'warning',
          'number-sequence',
          row.source,
          `${planName(sub)}序号 ${no} 不连续（应为 ${expectedNo}），按原序号保存。`,
          `task number ${no}, expected ${expectedNo}`,
          id,
        );
      }
      numbers.add(no);
      const where = (c: PlanColumn): SourceRef => col(c)?.source ?? row.source;
      const raw = emptyCells();
      for (const c of PLAN_COLUMNS) raw[c] = cellText(col(c));

      // Key task: blank or merged with the row above → the value above; wrapped lines are one phrase.
      let keyTask = (col('keyTask')?.paragraphs ?? []).join('').trim();
      let keyTaskInherited = false;
      const keyCell = grid[[...columns].find(([, c]) => c === 'keyTask')?.[0] ?? -1];
      if (keyTask === '' || keyCell?.mergedAbove) {
        if (!lastKeyTask) {
          report(
            'error',
            'blank-key-task',
            where('keyTask'),
            `${planName(sub)}-${String(no).padStart(2, '0')} 的重点任务为空，且本章节中没有上一行可以沿用。`,
            `${id}: blank key task with no row above in its section`,
            id,
          );
          continue;
        }
        keyTask = lastKeyTask;
        keyTaskInherited = true;
        notes.inheritedKeyTasks.push(id);
      }
      lastKeyTask = keyTask;
      for (const c of ['measures', 'deadline', 'leaders', 'leadUnits', 'coUnits'] as const) {
        const k = [...columns].find(([, name]) => name === c)?.[0];
        if (k !== undefined && grid[k]?.mergedAbove && above.has(k))
          notes.mergedCells.push({ taskId: id, column: COLUMN_LABELS[c] });
      }

      const measures = (col('measures')?.paragraphs ?? []).filter((p) => p !== '').join('\n');
      if (measures === '') {
        report(
          'error',
          'empty-measures',
          where('measures'),
          `${planName(sub)}-${String(no).padStart(2, '0')} 的工作措施为空。`,
          `${id}: empty measures`,
          id,
        );
        continue;
      }
      // Deadline: `长期` + `实施` on two lines is one phrase broken by the narrow column.
      const deadlineRaw = (col('deadline')?.paragraphs ?? []).join('').trim();
      const deadline = parseDeadline(deadlineRaw, year || 2000);
      if (deadline.kind === 'unknown') {
        if (strict)
          throw new SeedParseError(where('deadline').line ?? 0, `${id}: unknown deadline "${deadlineRaw}"`);
        report(
          'warning',
          'unknown-deadline',
          where('deadline'),
          `完成时限“${deadlineRaw || '（空）'}”无法识别：按原文保存，标为“时限不明”，不推算日期。`,
          `${id}: unknown deadline "${deadlineRaw}"`,
          id,
        );
      }
      const leaderParas = col('leaders')?.paragraphs ?? [];
      const leaders = leaderParas.map(normaliseLeader).filter((p) => p !== '' && !isNoneMarker(p));
      if (leaderParas.some((p) => isNoneMarker(p)))
        notes.emptyMarkers.push({ taskId: id, column: '牵头领导' });
      const unknownHere: string[] = [];
      const leadUnits = unitsOf(
        col('leadUnits')?.paragraphs ?? [],
        '主责单位',
        id,
        where('leadUnits'),
        unknownHere,
      );
      const coUnits = unitsOf(
        col('coUnits')?.paragraphs ?? [],
        '协办单位',
        id,
        where('coUnits'),
        unknownHere,
      );
      if (
        leadUnits.length === 0 &&
        !unknownHere.some((n) =>
          unknown.get(n)?.occurrences.some((o) => o.taskId === id && o.column === '主责单位'),
        )
      ) {
        if (strict) throw new SeedParseError(where('leadUnits').line ?? 0, `${id}: no lead unit`);
        report(
          'error',
          'no-lead-unit',
          where('leadUnits'),
          `${planName(sub)}-${String(no).padStart(2, '0')} 没有主责单位。`,
          `${id}: no lead unit`,
          id,
        );
        continue;
      }
      const task: Task = {
        id,
        plan: sub,
        no,
        section,
        keyTask,
        keyTaskInherited,
        measures,
        deadline,
        leaders,
        leadUnits,
        coUnits,
      };
      tasks.push(task);
      rows.push({ task, source: row.source, cells: raw, unknownUnits: unknownHere });
    }
  }
  if (subPlans.length === 0)
    report(
      'error',
      'no-sub-plan',
      top,
      '未找到分计划标题（大气/水/土壤污染防治行动计划）及其任务表。',
      'no sub-plan title found',
    );
  for (const u of unknown.values())
    report(
      'error',
      'unknown-unit',
      u.occurrences[0]!.source,
      `单位名称“${u.name}”不在单位名录中：请对应到已有单位、记为别名或新增单位。`,
      `unknown unit name "${u.name}"`,
      u.occurrences[0]!.taskId,
    );

  return {
    plan: {
      id: options.id ?? `plan-${year || 'unknown'}`,
      title: meta.title,
      docNumber: meta.docNumber,
      issuedOn,
      year: year || 0,
      subPlans,
      tasks,
    },
    rows,
    notes,
    issues,
    unknownUnits: [...unknown.values()],
  };
}
