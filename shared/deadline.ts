// Deadlines (完成时限): parse the cell text into a meaning, and tell for a date or a period where a
// task stands (due, overdue, in window, ongoing). Unknown text keeps its raw form and is flagged.

import type { Deadline } from './model.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Collapse white space and line breaks (`长期\n实施` → `长期实施`) and full-width digits. */
function normaliseDeadlineText(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－—–~～至到]/g, '-')
    .replace(/\s+/g, '');
}

/** Parse 完成时限 text for a plan whose deadlines refer to `year`. */
export function parseDeadline(raw: string, year: number): Deadline {
  const text = normaliseDeadlineText(raw);
  if (/^(年底前|年内|\d{4}年底前)$/.test(text)) {
    const y = Number(/^(\d{4})/.exec(text)?.[1] ?? year);
    return { raw, kind: 'due', due: ymd(y, 12, 31) };
  }
  if (/^长期(实施|坚持|推进|执行)$/.test(text)) {
    return { raw, kind: 'ongoing' };
  }
  // `6-9月`: a window within the plan year.
  const window = /^(\d{1,2})-(\d{1,2})月$/.exec(text) ?? /^(\d{1,2})月-(\d{1,2})月$/.exec(text);
  if (window) {
    const from = Number(window[1]);
    const to = Number(window[2]);
    if (from >= 1 && to <= 12 && from <= to) {
      return { raw, kind: 'window', from: ymd(year, from, 1), to: ymd(year, to, lastDayOfMonth(year, to)) };
    }
  }
  // `供暖季前（11月15日前）`, `11月15日前`, `6月底前`.
  const day = /(\d{1,2})月(\d{1,2})日前/.exec(text);
  if (day) {
    const m = Number(day[1]);
    const d = Number(day[2]);
    if (m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(year, m))
      return { raw, kind: 'due', due: ymd(year, m, d) };
  }
  const monthEnd = /^(\d{1,2})月(底|末)?前$/.exec(text);
  if (monthEnd) {
    const m = Number(monthEnd[1]);
    if (m >= 1 && m <= 12) return { raw, kind: 'due', due: ymd(year, m, lastDayOfMonth(year, m)) };
  }
  return { raw, kind: 'unknown' };
}

export type DeadlineState =
  'due' | 'overdue' | 'in-window' | 'before-window' | 'ongoing' | 'done' | 'unknown';

export const DEADLINE_STATE_LABELS: Readonly<Record<DeadlineState, string>> = {
  due: '未到期',
  overdue: '已逾期',
  'in-window': '实施期内',
  'before-window': '未到实施期',
  ongoing: '长期任务',
  done: '已完成',
  unknown: '时限不明',
};

/**
 * Where a task stands on `date` (YYYY-MM-DD). `done` wins when the task is completed; a due date
 * passed without completion is overdue; a window is in force between its ends and overdue after it.
 */
export function deadlineState(deadline: Deadline, date: string, completed = false): DeadlineState {
  if (completed) return 'done';
  switch (deadline.kind) {
    case 'ongoing':
      return 'ongoing';
    case 'due':
      return date > (deadline.due as string) ? 'overdue' : 'due';
    case 'window':
      if (date < (deadline.from as string)) return 'before-window';
      return date > (deadline.to as string) ? 'overdue' : 'in-window';
    default:
      return 'unknown';
  }
}

/** The last day of a period `YYYY-MM`. */
export function periodEnd(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return ymd(y, m, lastDayOfMonth(y, m));
}

/** Deadline state judged at the end of a monthly period. */
export function deadlineStateForPeriod(deadline: Deadline, period: string, completed = false): DeadlineState {
  return deadlineState(deadline, periodEnd(period), completed);
}

/** Valid period `YYYY-MM` (2000–2099). */
export function isPeriod(value: string): boolean {
  return /^20\d\d-(0[1-9]|1[0-2])$/.test(value);
}

/** `2021-03` → `2021年3月` (as people read it). */
export function periodLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}

/** The period before `2021-03` is `2021-02`; before `2021-01` is `2020-12`. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}

/**
 * The calendar date (YYYY-MM-DD) of an ISO timestamp in China Standard Time (UTC+8, no daylight
 * saving): when a return that arrived at 07:00 on the 26th in Beijing (23:00Z on the 25th) came in.
 */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}
