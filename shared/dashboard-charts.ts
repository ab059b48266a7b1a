// The dashboard's charts as data: each a title and stacked bars (rows of coloured segments), built
// from the dashboard's figures (shared/dashboard.ts). The 统计看板 draws them as SVG; the official
// documents (shared/documents) draw the same rows as PNG — one definition, so the chart in a 通报 is
// the chart on the screen.

import type { Dashboard } from './dashboard.ts';
import { periodLabel } from './deadline.ts';
import { dateWords } from './deadline-words.ts';
import { ROW_CATEGORIES, ROW_CATEGORY_LABELS } from './period-state.ts';

export const CATEGORY_COLORS = {
  done: '#2e7d32',
  inProgress: '#1f5fa8',
  late: '#c62828',
  notStarted: '#9aa5b1',
  na: '#d7dce3',
} as const;

export const RETURN_COLORS = { ontime: CATEGORY_COLORS.done, late: '#e39b1a', missing: CATEGORY_COLORS.late };

/** Segments this light take dark figures. */
export const LIGHT_SEGMENT_COLORS: ReadonlySet<string> = new Set([
  CATEGORY_COLORS.na,
  CATEGORY_COLORS.notStarted,
]);

export interface ChartSegment {
  key: string;
  label: string;
  value: number;
  color: string;
}

export interface ChartRow {
  key: string;
  label: string;
  segments: ChartSegment[];
}

export interface StackedChart {
  title: string;
  rows: ChartRow[];
}

/** 各类别任务推进情况: per plan, its task × unit rows by category. */
export function planChart(d: Dashboard): StackedChart {
  return {
    title: `${periodLabel(d.period)} 各类别任务推进情况（按任务 × 责任单位计）`,
    rows: d.plans.map((p) => ({
      key: p.plan,
      label: p.name,
      segments: ROW_CATEGORIES.map((k) => ({
        key: k,
        label: ROW_CATEGORY_LABELS[k],
        value: p.counts[k],
        color: CATEGORY_COLORS[k],
      })),
    })),
  };
}

/** The units' returns: on time, late, missing. */
export function returnCounts(d: Dashboard): { onTime: number; late: number; missing: number } {
  const out = { onTime: 0, late: 0, missing: 0 };
  for (const u of d.units) {
    if (!u.returned.received) out.missing++;
    else if (u.returned.late) out.late++;
    else out.onTime++;
  }
  return out;
}

/** 各单位报送情况: one bar of the units by how their return came in. */
export function returnsChart(d: Dashboard): StackedChart {
  const r = returnCounts(d);
  return {
    title: `${periodLabel(d.period)} 各单位报送情况（截止 ${dateWords(d.dueDate)}）`,
    rows: [
      {
        key: 'returns',
        label: '单位',
        segments: [
          { key: 'ontime', label: '按时报送', value: r.onTime, color: RETURN_COLORS.ontime },
          { key: 'late', label: '逾期报送', value: r.late, color: RETURN_COLORS.late },
          { key: 'missing', label: '未报送', value: r.missing, color: RETURN_COLORS.missing },
        ],
      },
    ],
  };
}
