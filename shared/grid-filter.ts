// Filtering and sorting of the progress grid's rows: pure predicates and comparators the renderer
// wires to its filter bar and column headers. Free-text search matches Chinese text without word
// splitting (substring over the task's texts and the progress texts), ignoring white space and case.
//
// 本月待填 (pending): a row is still to be updated this month when its unit has no report of its own
// for the month (PeriodRow.ownReport false) — it only shows values carried from an earlier month, or
// nothing. Typing any field, a paste or an imported change gives it one; a clerk whose task did not
// move marks it updated by filling in 填报日期 (carried values never carry the fill date).

import type { DeadlineState } from './deadline.ts';
import type { PeriodRow, RowCategory } from './period-state.ts';
import { PLAN_IDS, STATUSES, type PlanId, type Status } from './model.ts';
import type { ScheduleJudgement } from './schedule.ts';
import { REVIEW_STATES, type ReviewState } from './review.ts';

/** The review filter: a state, `unreported` (nothing to review this month) or '' (any). */
export type ReviewFilter = ReviewState | 'unreported' | '';
export const REVIEW_FILTERS: readonly Exclude<ReviewFilter, ''>[] = [...REVIEW_STATES, 'unreported'];

export interface GridFilter {
  plan: PlanId | '';
  section: string;
  unit: string;
  leader: string;
  deadlineState: DeadlineState | '';
  /** A status, `none` (no status yet) or '' (any). */
  status: Status | 'none' | '';
  /** Only rows past their deadline and not completed. */
  overdueOnly: boolean;
  /** A 序时 judgement, or '' (any). */
  judgement: ScheduleJudgement | '';
  /** The dashboard's category of the row (a link from 统计看板), or '' (any). */
  category: RowCategory | '';
  /** The district's review of the month's report. */
  review: ReviewFilter;
  /** Only rows not yet updated this month (本月待填). */
  pending: boolean;
  text: string;
}

export const EMPTY_FILTER: GridFilter = {
  plan: '',
  section: '',
  unit: '',
  leader: '',
  deadlineState: '',
  status: '',
  overdueOnly: false,
  judgement: '',
  category: '',
  review: '',
  pending: false,
  text: '',
};

/** Not updated this month: the row has no report of its own for the period. */
export function isPending(row: PeriodRow): boolean {
  return !row.ownReport;
}

/** How many of `rows` are still to be updated this month (the 还有 N 项未更新 counter). */
export function countPending(rows: readonly PeriodRow[]): number {
  let n = 0;
  for (const r of rows) if (isPending(r)) n++;
  return n;
}

/** Lower-case, no white space, full-width ASCII folded: for matching typed search text. */
export function normaliseSearch(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase();
}

const haystacks = new WeakMap<PeriodRow, string>();

/** Everything a free-text search looks at for a row, normalised (cached per row object). */
export function searchHaystack(row: PeriodRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = buildHaystack(row);
    haystacks.set(row, text);
  }
  return text;
}

function buildHaystack(row: PeriodRow): string {
  const t = row.task;
  const p = row.progress;
  return normaliseSearch(
    [
      t.id,
      t.section,
      t.keyTask,
      t.measures,
      t.deadline.raw,
      t.leaders.join(' '),
      t.leadUnits.join(' '),
      t.coUnits.join(' '),
      row.unit,
      p.status ?? '',
      p.progress,
      p.problems,
      p.nextSteps,
      p.evidence,
      p.reporter,
    ].join('\u0001'),
  );
}

/** Task label as typed by people: `大气-03`, `大气03` → matches too. */
const PLAN_LABEL_ALIASES: Record<PlanId, string> = { air: '大气', water: '水', soil: '土壤' };

/** A task's label both ways it is typed, `大气-03` and `大气03` (per task object, made once). */
const taskLabels = new WeakMap<PeriodRow['task'], readonly [string, string]>();

function labelsOf(task: PeriodRow['task']): readonly [string, string] {
  let labels = taskLabels.get(task);
  if (!labels) {
    const label = normaliseSearch(`${PLAN_LABEL_ALIASES[task.plan]}-${String(task.no).padStart(2, '0')}`);
    labels = [label, label.replace('-', '')];
    taskLabels.set(task, labels);
  }
  return labels;
}

/** `needle` is normalised (normaliseSearch) once per filtering, not once per row. */
function matchesText(row: PeriodRow, needle: string): boolean {
  if (!needle) return true;
  const [label, bare] = labelsOf(row.task);
  if (label === needle || bare === needle) return true;
  return searchHaystack(row).includes(needle);
}

function matchesFields(row: PeriodRow, f: GridFilter): boolean {
  if (f.plan && row.task.plan !== f.plan) return false;
  if (f.section && row.task.section !== f.section) return false;
  if (f.unit && row.unit !== f.unit) return false;
  if (f.leader && !row.task.leaders.includes(f.leader)) return false;
  if (f.deadlineState && row.deadlineState !== f.deadlineState) return false;
  if (f.status === 'none' ? row.progress.status !== null : f.status && row.progress.status !== f.status)
    return false;
  if (f.overdueOnly && row.deadlineState !== 'overdue') return false;
  if (f.judgement && row.judgement !== f.judgement) return false;
  if (f.category && row.category !== f.category) return false;
  if (f.review && (f.review === 'unreported' ? row.review !== null : row.review !== f.review)) return false;
  if (f.pending && !isPending(row)) return false;
  return true;
}

export function filterRows(rows: readonly PeriodRow[], f: GridFilter): PeriodRow[] {
  const active = Object.entries(f).some(([k, v]) => v !== EMPTY_FILTER[k as keyof GridFilter]);
  if (!active) return [...rows];
  const needle = normaliseSearch(f.text);
  return rows.filter((r) => matchesFields(r, f) && matchesText(r, needle));
}

/** True when any filter is set. */
export function isFiltered(f: GridFilter): boolean {
  return Object.entries(f).some(([k, v]) => v !== EMPTY_FILTER[k as keyof GridFilter]);
}

/** The choices the filter bar offers, from the rows at hand, in first-seen order. */
export function filterChoices(rows: readonly PeriodRow[]): {
  sections: string[];
  units: string[];
  leaders: string[];
} {
  const sections = new Set<string>();
  const units = new Set<string>();
  const leaders = new Set<string>();
  for (const r of rows) {
    sections.add(r.task.section);
    units.add(r.unit);
    for (const l of r.task.leaders) leaders.add(l);
  }
  return { sections: [...sections], units: [...units], leaders: [...leaders] };
}

// ---- sorting ----

export type SortColumn =
  | 'label'
  | 'category'
  | 'keyTask'
  | 'measures'
  | 'deadline'
  | 'deadlineState'
  | 'unit'
  | 'role'
  | 'leaders'
  | 'status'
  | 'percent'
  | 'progress'
  | 'problems'
  | 'nextSteps'
  | 'evidence'
  | 'reporter'
  | 'phone'
  | 'filledOn'
  | 'schedule'
  | 'evidenceCount'
  | 'review'
  | 'lastYear';

export interface SortSpec {
  id: SortColumn;
  desc: boolean;
}

const collator = new Intl.Collator('zh-CN-u-co-pinyin', { numeric: true });

const DEADLINE_STATE_ORDER: readonly DeadlineState[] = [
  'overdue',
  'due',
  'in-window',
  'before-window',
  'ongoing',
  'unknown',
  'done',
];

/** The 序时 judgements, worst first: the order the filter lists them and the column sorts by. */
export const SCHEDULE_ORDER: readonly ScheduleJudgement[] = [
  '已逾期',
  '欠进度',
  '未填比例',
  '未报送',
  '达到序时',
  '超进度',
  '已报送',
  '未到实施期',
  '已完成',
  '不涉及',
];

type SortValue = number | string | null;

function taskOrder(row: PeriodRow): number {
  return PLAN_IDS.indexOf(row.task.plan) * 10_000 + row.task.no;
}

/** The value a column sorts by; null sorts last in either direction. */
export function sortValue(row: PeriodRow, id: SortColumn): SortValue {
  const t = row.task;
  const p = row.progress;
  const text = (s: string) => (s === '' ? null : s);
  switch (id) {
    case 'label':
    case 'category':
      return taskOrder(row);
    case 'keyTask':
      return text(t.keyTask);
    case 'measures':
      return text(t.measures);
    case 'deadline':
      return row.deadline.due ?? row.deadline.to ?? (t.deadline.kind === 'ongoing' ? '9999-ongoing' : null);
    case 'deadlineState':
      return DEADLINE_STATE_ORDER.indexOf(row.deadlineState);
    case 'unit':
      return row.unit;
    case 'role':
      return row.role === '主责' ? 0 : 1;
    case 'leaders':
      return text(t.leaders.join('、'));
    case 'status':
      return p.status === null ? null : STATUSES.indexOf(p.status);
    case 'percent':
      return p.percent;
    case 'filledOn':
      return p.filledOn;
    case 'schedule':
      return SCHEDULE_ORDER.indexOf(row.judgement);
    case 'evidenceCount':
      return row.evidenceCount;
    case 'review':
      return row.review === null ? null : REVIEW_STATES.indexOf(row.review);
    case 'lastYear':
      return row.lastYear?.status == null ? null : STATUSES.indexOf(row.lastYear.status);
    default:
      return text(p[id]);
  }
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Sort by the specs in order (empties last), ties kept in their incoming order (stable). */
export function sortRows(rows: readonly PeriodRow[], specs: readonly SortSpec[]): PeriodRow[] {
  if (specs.length === 0) return [...rows];
  const keyed = rows.map((row, i) => ({ row, i, values: specs.map((s) => sortValue(row, s.id)) }));
  keyed.sort((x, y) => {
    for (let k = 0; k < specs.length; k++) {
      const a = x.values[k] as SortValue;
      const b = y.values[k] as SortValue;
      if (a === null || b === null) {
        if (a === b) continue;
        return a === null ? 1 : -1;
      }
      const c = compareValues(a, b);
      if (c !== 0) return (specs[k] as SortSpec).desc ? -c : c;
    }
    return x.i - y.i;
  });
  return keyed.map((k) => k.row);
}

/** What a link into the grid may carry (navigation's #/ledger?… query, already validated). */
export interface GridLinkFilter {
  plan?: PlanId;
  section?: string;
  unit?: string;
  status?: Status | 'none';
  deadlineState?: DeadlineState;
  overdue?: boolean;
  judgement?: ScheduleJudgement;
  category?: RowCategory;
  review?: Exclude<ReviewFilter, ''>;
}

/** The filter a link asks for: every other filter cleared. */
export function filterFromLink(link: GridLinkFilter): GridFilter {
  return {
    ...EMPTY_FILTER,
    plan: link.plan ?? '',
    section: link.section ?? '',
    unit: link.unit ?? '',
    status: link.status ?? '',
    deadlineState: link.deadlineState ?? '',
    overdueOnly: link.overdue ?? false,
    judgement: link.judgement ?? '',
    category: link.category ?? '',
    review: link.review ?? '',
  };
}
