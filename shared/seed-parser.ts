// Seed parser: turns the plan's text as extracted from the official document (tab-led table cells,
// merged cells, names run together, typos) into the exact structured plan. Every oddity it meets is
// either handled by a named rule below or raised as an error that names the source line.

import { parseDeadline } from './deadline.ts';
import { SUB_PLANS, taskId, type PlanDocument, type PlanId, type Task } from './model.ts';
import type { UnitIndex } from './registry.ts';

export class SeedParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'SeedParseError';
  }
}

/** One table cell: the line it starts on and its paragraphs (continuation lines). */
interface Cell {
  line: number;
  paragraphs: string[];
}

const COLUMN_HEADERS = [
  '序号',
  '重点任务',
  '工作措施',
  '完成时限',
  '牵头领导',
  '主责单位',
  '协办单位',
] as const;
const SECTION_RE = /^[一二三四五六七八九十]+、\S/;
const ARTEFACT_RE = /\[bookmark:[^\]]*\]/;
const ARTEFACTS_RE = new RegExp(ARTEFACT_RE.source, 'g');
const NONE_CELL = '——';

export interface ParseNotes {
  /** Rows of empty cells in the table (an artefact of the export), by source line. */
  blankRows: number[];
  /** Key-task cells left blank (merged with the row above), by task id. */
  inheritedKeyTasks: string[];
  /** Artefacts removed from cell text, e.g. `[bookmark: _GoBack]`, by source line. */
  removedArtefacts: { line: number; text: string }[];
  /** Cells holding `——` (nothing), by task id and column. */
  emptyMarkers: { taskId: string; column: string }[];
}

export interface ParseResult {
  plan: PlanDocument;
  notes: ParseNotes;
}

function planIdForTitle(line: string): PlanId | undefined {
  const t = line.trim();
  return SUB_PLANS.find((p) => p.title === t)?.id;
}

/** Leader names: white space inside names is layout (`郑  皓` → `郑皓`). */
export function normaliseLeader(name: string): string {
  return name.replace(/[\s\u3000]+/g, '');
}

/**
 * Parse the seed text. `units` splits and canonicalises unit cells; an unknown unit name is an error.
 */
export function parsePlanText(text: string, units: UnitIndex): ParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const notes: ParseNotes = { blankRows: [], inheritedKeyTasks: [], removedArtefacts: [], emptyMarkers: [] };

  const docNumber = lines.map((l) => l.trim()).find((l) => /^通政发〔\d{4}〕\d+号$/.test(l));
  if (!docNumber) throw new SeedParseError(1, 'document number (通政发〔YYYY〕N号) not found');
  const year = Number(/〔(\d{4})〕/.exec(docNumber)?.[1]);
  const issued = lines.map((l) => l.trim()).find((l) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(l));
  if (!issued) throw new SeedParseError(1, 'date of issue (YYYY年M月D日) not found');
  const [iy, im, id] = issued.match(/\d+/g)!.map(Number) as [number, number, number];
  const titleLine = lines.findIndex((l) => l.includes('《') && l.includes('》')) + 1;
  const titleMatch = /《([^》]+)》/.exec(lines[titleLine - 1] ?? '') ?? /《([^》]+)》/.exec(lines.join(''));
  const title = titleMatch?.[1] ?? '';

  // 1. Cells, per sub-plan. A tab-led line starts a cell; a non-blank line without a tab continues it.
  const cellsByPlan = new Map<PlanId, Cell[]>();
  let plan: PlanId | undefined;
  let current: Cell | undefined;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const pid = planIdForTitle(raw);
    if (pid) {
      if (cellsByPlan.has(pid)) throw new SeedParseError(lineNo, `sub-plan "${raw.trim()}" appears twice`);
      plan = pid;
      cellsByPlan.set(pid, []);
      current = undefined;
      return;
    }
    if (!plan) return; // the covering letter before the first table
    let line = raw;
    if (ARTEFACT_RE.test(line)) {
      notes.removedArtefacts.push({ line: lineNo, text: line.match(ARTEFACTS_RE)!.join('') });
      line = line.replace(ARTEFACTS_RE, '');
    }
    if (line.startsWith('\t')) {
      current = { line: lineNo, paragraphs: [line.slice(1).trim()] };
      cellsByPlan.get(plan)!.push(current);
    } else if (line.trim() !== '') {
      if (!current) throw new SeedParseError(lineNo, `text outside any table cell: "${line.trim()}"`);
      current.paragraphs.push(line.trim());
    }
  });

  // 2. Rows: header cells, section rows, task rows of exactly seven cells, blank rows.
  const tasks: Task[] = [];
  for (const sub of SUB_PLANS) {
    const cells = cellsByPlan.get(sub.id);
    if (!cells) throw new SeedParseError(lines.length, `sub-plan "${sub.title}" not found`);
    let section = '';
    let lastKeyTask: string | undefined;
    let i = 0;
    const cellText = (c: Cell) => c.paragraphs.filter((p) => p !== '').join('\n');
    while (i < cells.length) {
      const c = cells[i] as Cell;
      const t = cellText(c);
      if (t === COLUMN_HEADERS[0]) {
        // The table header, repeated at the top of each sub-plan.
        const got = cells.slice(i, i + COLUMN_HEADERS.length).map(cellText);
        if (got.join('|') !== COLUMN_HEADERS.join('|'))
          throw new SeedParseError(c.line, `unexpected table header: ${got.join(' | ')}`);
        i += COLUMN_HEADERS.length;
        continue;
      }
      if (SECTION_RE.test(t) && !t.includes('\n')) {
        section = t;
        lastKeyTask = undefined;
        i++;
        continue;
      }
      if (t === '') {
        // A row of empty cells: the export's leftover of a deleted row. Skip all seven, or fail.
        const run = cells.slice(i, i + COLUMN_HEADERS.length);
        if (run.length === COLUMN_HEADERS.length && run.every((x) => cellText(x) === '')) {
          notes.blankRows.push(c.line);
          i += COLUMN_HEADERS.length;
          continue;
        }
        throw new SeedParseError(c.line, 'empty cell where a task number was expected');
      }
      if (!/^\d+$/.test(t))
        throw new SeedParseError(c.line, `expected a task number, found "${t.slice(0, 30)}"`);
      if (!section) throw new SeedParseError(c.line, 'task before any section heading');
      const row = cells.slice(i, i + COLUMN_HEADERS.length);
      if (row.length < COLUMN_HEADERS.length)
        throw new SeedParseError(c.line, `task ${t}: row has only ${row.length} cells`);
      i += COLUMN_HEADERS.length;

      const [noCell, keyCell, measuresCell, deadlineCell, leaderCell, leadCell, coCell] = row as [
        Cell,
        Cell,
        Cell,
        Cell,
        Cell,
        Cell,
        Cell,
      ];
      const no = Number(t);
      const expectedNo = tasks.filter((x) => x.plan === sub.id).length + 1;
      if (no !== expectedNo)
        throw new SeedParseError(noCell.line, `task number ${no}, expected ${expectedNo}`);
      const id = taskId(sub.id, no);

      // Key task: a blank cell is merged with the row above; the text wraps inside a narrow column.
      let keyTask = keyCell.paragraphs.join('').trim();
      let keyTaskInherited = false;
      if (keyTask === '') {
        if (!lastKeyTask)
          throw new SeedParseError(keyCell.line, `${id}: blank key task with no row above in its section`);
        keyTask = lastKeyTask;
        keyTaskInherited = true;
        notes.inheritedKeyTasks.push(id);
      }
      lastKeyTask = keyTask;

      const measures = measuresCell.paragraphs.filter((p) => p !== '').join('\n');
      if (measures === '') throw new SeedParseError(measuresCell.line, `${id}: empty measures`);

      // Deadline: `长期` + `实施` on two lines is one phrase broken by the narrow column.
      const deadlineRaw = deadlineCell.paragraphs.join('').trim();
      const deadline = parseDeadline(deadlineRaw, year);
      if (deadline.kind === 'unknown')
        throw new SeedParseError(deadlineCell.line, `${id}: unknown deadline "${deadlineRaw}"`);

      const leaders = leaderCell.paragraphs.map(normaliseLeader).filter((p) => p !== '' && p !== NONE_CELL);
      if (leaderCell.paragraphs.some((p) => p.trim() === NONE_CELL))
        notes.emptyMarkers.push({ taskId: id, column: '牵头领导' });

      const unitsOf = (cell: Cell, column: string): string[] => {
        const out: string[] = [];
        for (const p of cell.paragraphs) {
          if (p === '') continue;
          if (p === NONE_CELL) {
            notes.emptyMarkers.push({ taskId: id, column });
            continue;
          }
          let names: string[];
          try {
            names = units.splitCell(p);
          } catch (err) {
            throw new SeedParseError(cell.line, `${id} ${column}: ${(err as Error).message}`);
          }
          for (const n of names) if (!out.includes(n)) out.push(n);
        }
        return out;
      };
      const leadUnits = unitsOf(leadCell, '主责单位');
      const coUnits = unitsOf(coCell, '协办单位');
      if (leadUnits.length === 0) throw new SeedParseError(leadCell.line, `${id}: no lead unit`);

      tasks.push({
        id,
        plan: sub.id,
        no,
        section,
        keyTask,
        keyTaskInherited,
        measures,
        deadline,
        leaders,
        leadUnits,
        coUnits,
      });
    }
  }

  return {
    plan: {
      id: 'tongzhou-2021',
      title,
      docNumber,
      issuedOn: `${iy}-${String(im).padStart(2, '0')}-${String(id).padStart(2, '0')}`,
      year,
      subPlans: SUB_PLANS.map((p) => ({ ...p })),
      tasks,
    },
    notes,
  };
}
