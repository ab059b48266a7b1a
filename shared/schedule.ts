// On-schedule judgement (序时进度): how Chinese supervision offices grade monthly progress. The share of
// a task's time window that has elapsed by the end of the period is compared with the reported
// percent. Computed, never typed by a clerk. Completion and overdue override; ongoing (长期) tasks are
// judged only by whether a report came in.

import { deadlineStateForPeriod, periodEnd } from './deadline.ts';
import type { Deadline, ProgressFields } from './model.ts';
import { remembered } from './remembered.ts';

/** Reported percent within this many points of the expected share counts as on schedule. */
export const ON_SCHEDULE_TOLERANCE = 5;

export type ScheduleJudgement =
  | '已完成'
  | '超进度'
  | '达到序时'
  | '欠进度'
  | '已逾期'
  | '未到实施期'
  | '已报送'
  | '未报送'
  | '未填比例'
  | '不涉及';

/** A date split as monthsUntil reads it: year, month from 0, and the day as a share of its month. */
interface DateParts {
  y: number;
  m0: number;
  dayShare: number;
}

/** A date's split, remembered (shared/remembered.ts): each row of a month asks for the same few. */
const dateParts = remembered((date): Readonly<DateParts> => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Object.freeze({ y, m0: m - 1, dayShare: d / daysInMonth });
}, 4096);

/** Months (fractional for a mid-month date) from the start of `fromYear` to the given day. */
function monthsUntil(fromYear: number, date: string): number {
  const { y, m0, dayShare } = dateParts(date);
  return (y - fromYear) * 12 + m0 + dayShare;
}

/**
 * The share (0–100) of the task's window elapsed at the end of `period`, in months: a 年底前 task of
 * 2021 at the end of November has 11/12 = 91.7% elapsed. Null for ongoing or unknown deadlines.
 * A due-date task's window runs from the start of the plan year; a window task's from its first day.
 */
export function expectedShare(deadline: Deadline, period: string, planYear: number): number | null {
  const end = periodEnd(period);
  let startYear = planYear;
  let startOffset = 0;
  let finish: string;
  if (deadline.kind === 'due') finish = deadline.due as string;
  else if (deadline.kind === 'window') {
    const [fy, fm] = (deadline.from as string).split('-').map(Number) as [number, number];
    startYear = fy;
    startOffset = fm - 1;
    finish = deadline.to as string;
  } else return null;
  const total = monthsUntil(startYear, finish) - startOffset;
  const elapsed = Math.min(Math.max(monthsUntil(startYear, end) - startOffset, 0), total);
  return Math.round((elapsed / total) * 1000) / 10;
}

/** Judge one task × unit for a period from its effective progress. `reported`: a return came in. */
export function judgeSchedule(
  deadline: Deadline,
  period: string,
  planYear: number,
  progress: Pick<ProgressFields, 'status' | 'percent'>,
  reported: boolean,
): ScheduleJudgement {
  if (progress.status === '不涉及') return '不涉及';
  if (progress.status === '已完成') return '已完成';
  const state = deadlineStateForPeriod(deadline, period);
  if (state === 'overdue') return '已逾期';
  if (state === 'before-window') return '未到实施期';
  if (deadline.kind === 'ongoing' || deadline.kind === 'unknown') return reported ? '已报送' : '未报送';
  const expected = expectedShare(deadline, period, planYear) as number;
  if (progress.percent === null) return '未填比例';
  if (progress.percent > expected + ON_SCHEDULE_TOLERANCE) return '超进度';
  if (progress.percent >= expected - ON_SCHEDULE_TOLERANCE) return '达到序时';
  return '欠进度';
}
