// The progress grid's two column layouts and their widths. Pure (no React, no DOM): unit-tested.
//
//  - 完整视图 (full): every column in the plan's order — what the coordinator reads across units.
//  - 填报视图 (clerk): the clerk's three input columns (完成状态, 完成比例, 工作进展) right after 编号
//    and 重点任务, the other input columns after them, then deadline, 序时 and role; the plan text
//    (类别, 工作措施, 牵头领导) is collapsed — it is one Ctrl+Enter away in the detail panel — and
//    can be shown again at the end. 单位 is shown only when the grid holds more than one unit.
//
// Widths in the clerk layout are fitted to the grid's width (docs/design.md §13): 编号, 重点任务,
// 完成状态, 完成比例 and 工作进展 fill the visible width — 工作进展 takes what is left, between 220 and
// 560 px — so on the narrowest screen the app targets (1366 × 768 at 150 %: 911 CSS px) the clerk
// sees all three input columns without scrolling sideways. A width the user set by hand wins.
import type { LayoutPreset } from '../../db/settings-repo.ts';
import { GRID_COLUMNS } from './columns.tsx';

export type { LayoutPreset };

export const PRESETS: readonly { id: LayoutPreset; label: string }[] = [
  { id: 'clerk', label: '填报视图' },
  { id: 'full', label: '完整视图' },
];

/** The plan text a clerk rarely needs beside the input columns (it is in the detail panel). */
export const PLAN_TEXT_COLUMNS: readonly string[] = ['category', 'measures', 'leaders'];

const FULL_ORDER: readonly string[] = GRID_COLUMNS.map((c) => c.id);

const CLERK_ORDER: readonly string[] = [
  'label',
  'unit',
  'keyTask',
  'status',
  'percent',
  'progress',
  'problems',
  'nextSteps',
  'lastYear',
  'review',
  'evidence',
  'evidenceCount',
  'reporter',
  'phone',
  'filledOn',
  'deadline',
  'deadlineState',
  'schedule',
  'role',
  'category',
  'measures',
  'leaders',
];

export function presetOrder(preset: LayoutPreset): readonly string[] {
  return preset === 'clerk' ? CLERK_ORDER : FULL_ORDER;
}

/** The preset the grid uses: the user's pick, else by mode (a unit's clerk gets the clerk layout). */
export function effectivePreset(picked: LayoutPreset | null, mode: 'coordinator' | 'unit'): LayoutPreset {
  return picked ?? (mode === 'unit' ? 'clerk' : 'full');
}

/** Which columns a preset shows before the user changes anything. */
export function presetVisibility(preset: LayoutPreset, oneUnit: boolean): Record<string, boolean> {
  if (preset === 'full') return { leaders: false };
  const out: Record<string, boolean> = { unit: !oneUnit };
  for (const id of PLAN_TEXT_COLUMNS) out[id] = false;
  return out;
}

/** Whether a column is shown: the user's choice for this preset, else the preset's default. */
export function isShown(
  id: string,
  preset: LayoutPreset,
  oneUnit: boolean,
  overrides: Readonly<Record<string, boolean>>,
): boolean {
  return overrides[id] ?? presetVisibility(preset, oneUnit)[id] ?? true;
}

const BASE_WIDTH: ReadonlyMap<string, number> = new Map(GRID_COLUMNS.map((c) => [c.id, c.size]));

export const PROGRESS_MIN = 220;
export const PROGRESS_MAX = 560;
const KEY_TASK_MIN = 110;
const KEY_TASK_MAX = 200;
/** In the clerk layout: the columns of the first screen, with the widths they keep. */
const CLERK_FIXED: Readonly<Record<string, number>> = { label: 80, unit: 110, status: 92, percent: 108 };

/**
 * Default widths for the visible columns of a preset (in display order) when the grid draws its rows
 * in `available` CSS px (the scroll box's client width: scroll bar excluded). `userWidths` are widths
 * the user set by hand: they are counted where they apply. The full layout keeps each column's width.
 */
export function fitWidths(
  preset: LayoutPreset,
  available: number,
  visible: readonly string[],
  userWidths: Readonly<Record<string, number>> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of visible) out[id] = BASE_WIDTH.get(id) ?? 100;
  if (preset === 'full') return out;
  for (const [id, w] of Object.entries(CLERK_FIXED)) if (id in out) out[id] = w;
  if ('keyTask' in out)
    out.keyTask = Math.round(Math.min(KEY_TASK_MAX, Math.max(KEY_TASK_MIN, available * 0.15)));
  if ('progress' in out) {
    const before = visible.slice(0, visible.indexOf('progress'));
    const used = before.reduce((n, id) => n + (userWidths[id] ?? out[id] ?? 0), 0);
    const left = Math.floor(available - used);
    out.progress = Math.min(PROGRESS_MAX, Math.max(PROGRESS_MIN, left));
  }
  return out;
}
