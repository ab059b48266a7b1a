// Choosing a reporting period (`YYYY-MM`): the default one for today, the months a picker offers,
// stepping a month back or forward. Pure; dates as people read them come from periodLabel.

import { previousPeriod } from './deadline.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** The current month, clamped into the plan year (before it → January, after it → December). */
export function defaultPeriod(now: Date, planYear: number): string {
  const y = now.getFullYear();
  if (y < planYear) return `${planYear}-01`;
  if (y > planYear) return `${planYear}-12`;
  return `${planYear}-${pad(now.getMonth() + 1)}`;
}

export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

export function stepPeriod(period: string, months: number): string {
  let p = period;
  for (let i = 0; i < Math.abs(months); i++) p = months > 0 ? nextPeriod(p) : previousPeriod(p);
  return p;
}

/** Months a picker lists: the plan year and the year after, plus `current` if it lies outside. */
export function periodChoices(planYear: number, current?: string): string[] {
  const out: string[] = [];
  for (let y = planYear; y <= planYear + 1; y++) for (let m = 1; m <= 12; m++) out.push(`${y}-${pad(m)}`);
  if (current && !out.includes(current)) out.push(current);
  return out.sort();
}
