// Deadlines (完成时限): parse the cell text into a meaning, and tell for a date or a period where a
// task stands (due, overdue, in window, ongoing). Unknown text keeps its raw form and is flagged.

import type { Deadline } from './model.ts';
import { remembered } from './remembered.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Collapse white space and line breaks (`长期\n实施` → `长期实施`), full-width digits and dashes. */
function normaliseDeadlineText(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－—–~～至到]+/g, '-')
    .replace(/\s+/g, '')
    .replace(/完成$/, '');
}

const QUARTER: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 };

/** Every rule reads the normalised text and the plan's year; the first that answers wins. */
type DeadlineRule = (text: string, year: number) => Omit<Deadline, 'raw'> | undefined;

const dueEndOfMonth = (y: number, m: number) =>
  m >= 1 && m <= 12 ? { kind: 'due' as const, due: ymd(y, m, lastDayOfMonth(y, m)) } : undefined;

/**
 * The deadline words plans use, one rule each (docs/design.md §17 lists them). A phrase no rule
 * answers is `unknown`: kept as written and flagged, never guessed.
 */
const DEADLINE_RULES: readonly DeadlineRule[] = [
  // 年底前 / 年内 / 2022年底前 / 2022年年底前: the end of that year.
  (t, year) => {
    const m = /^(?:(\d{4})年年?(?:底前|底|末前|内)|年底前|年内|年底|年末前)$/.exec(t);
    return m ? { kind: 'due', due: ymd(Number(m[1] ?? year), 12, 31) } : undefined;
  },
  // 长期实施 / 长期坚持 / 持续推进 / 常态化推进 …: ongoing, checked every period.
  (t) =>
    /^(长期(实施|坚持|推进|执行)|持续(推进|实施|开展)|常态化(推进|开展|实施)?)$/.test(t)
      ? { kind: 'ongoing' }
      : undefined,
  // 每月 / 每季度 / 按季度 / 每年 (…前, …末): a recurring duty, ongoing on that cycle.
  (t) => {
    const m = /^(?:每|按)(月|季度|季|年|半年)(?:末|底)?(?:\d{1,2}日)?(?:前)?$/.exec(t);
    if (!m) return undefined;
    const every =
      m[1] === '月' ? 'month' : m[1] === '年' ? 'year' : m[1] === '半年' ? 'half-year' : 'quarter';
    return { kind: 'ongoing', every };
  },
  // 2022-2025年 / 2022年-2025年: a window of whole years.
  (t) => {
    const m = /^(\d{4})年?-(\d{4})年(?:底前|底)?$/.exec(t);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = Number(m[2]);
    return from < to ? { kind: 'window', from: ymd(from, 1, 1), to: ymd(to, 12, 31) } : undefined;
  },
  // 6-9月 / 6月-9月 (within the plan year).
  (t, year) => {
    const m = /^(?:(\d{4})年)?(\d{1,2})月?-(\d{1,2})月(?:底)?$/.exec(t);
    if (!m) return undefined;
    const y = Number(m[1] ?? year);
    const from = Number(m[2]);
    const to = Number(m[3]);
    return from >= 1 && to <= 12 && from <= to
      ? { kind: 'window', from: ymd(y, from, 1), to: ymd(y, to, lastDayOfMonth(y, to)) }
      : undefined;
  },
  // 供暖季前（11月15日前） / 11月15日前 / 2022年9月30日前: that day.
  (t, year) => {
    const m = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日前/.exec(t);
    if (!m) return undefined;
    const y = Number(m[1] ?? year);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDayOfMonth(y, mo)
      ? { kind: 'due', due: ymd(y, mo, d) }
      : undefined;
  },
  // 6月底前 / 6月前 / 2022年6月底前 / 2022年6月末: the end of that month.
  (t, year) => {
    const m = /^(?:(\d{4})年)?(\d{1,2})月(?:(?:底|末)前?|前)$/.exec(t);
    return m ? dueEndOfMonth(Number(m[1] ?? year), Number(m[2])) : undefined;
  },
  // 上半年 / 上半年前 / 2022年上半年: the end of June; 下半年: the second half as a window.
  (t, year) => {
    const m = /^(?:(\d{4})年)?(上|下)半年(?:底|末)?前?$/.exec(t);
    if (!m) return undefined;
    const y = Number(m[1] ?? year);
    return m[2] === '上'
      ? { kind: 'due', due: ymd(y, 6, 30) }
      : { kind: 'window', from: ymd(y, 7, 1), to: ymd(y, 12, 31) };
  },
  // 一季度 / 第二季度末前 / 2022年三季度: the end of that quarter.
  (t, year) => {
    const m = /^(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?前?$/.exec(t);
    return m ? dueEndOfMonth(Number(m[1] ?? year), (QUARTER[m[2] as string] as number) * 3) : undefined;
  },
];

/** Parse 完成时限 text for a plan whose deadlines refer to `year`. */
export function parseDeadline(raw: string, year: number): Deadline {
  const text = normaliseDeadlineText(raw);
  for (const rule of DEADLINE_RULES) {
    const meaning = rule(text, year);
    if (meaning) return { raw, ...meaning };
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

/**
 * The last day of a period `YYYY-MM`. Remembered (shared/remembered.ts): every row of a month asks
 * for the same few periods, and building the date each time was a measurable part of a month read.
 * A ledger spans a few hundred months at most.
 */
export const periodEnd: (period: string) => string = remembered((period) => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return ymd(y, m, lastDayOfMonth(y, m));
}, 1024);

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
