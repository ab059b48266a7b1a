import { describe, expect, it } from 'vitest';
import { readGridLayout } from '../../db/settings-repo.ts';
import { GRID_COLUMNS } from './columns.tsx';
import {
  effectivePreset,
  fitWidths,
  isShown,
  PLAN_TEXT_COLUMNS,
  presetOrder,
  PROGRESS_MAX,
  PROGRESS_MIN,
} from './layouts.ts';

const ALL = GRID_COLUMNS.map((c) => c.id);

/** The clerk layout's visible columns for one unit, in display order. */
const clerkVisible = (oneUnit = true) =>
  presetOrder('clerk').filter((id) => isShown(id, 'clerk', oneUnit, {}));

/** Right edge of column `id` when the visible columns are laid out with `widths`. */
function rightEdge(visible: readonly string[], widths: Record<string, number>, id: string): number {
  let x = 0;
  for (const v of visible) {
    x += widths[v] ?? 0;
    if (v === id) return x;
  }
  throw new Error(`${id} not visible`);
}

describe('grid layouts', () => {
  it('puts the input columns right after 编号 and 重点任务 in the clerk layout; both orders hold every column', () => {
    expect(presetOrder('clerk').slice(0, 6)).toEqual([
      'label',
      'unit',
      'keyTask',
      'status',
      'percent',
      'progress',
    ]);
    expect([...presetOrder('clerk')].sort()).toEqual([...ALL].sort());
    expect(presetOrder('full')).toEqual(ALL);
    expect(clerkVisible().slice(0, 5)).toEqual(['label', 'keyTask', 'status', 'percent', 'progress']);
  });

  it('collapses the plan text in the clerk layout and shows 单位 only for several units', () => {
    for (const id of PLAN_TEXT_COLUMNS) expect(isShown(id, 'clerk', true, {})).toBe(false);
    expect(isShown('unit', 'clerk', true, {})).toBe(false);
    expect(isShown('unit', 'clerk', false, {})).toBe(true);
    expect(isShown('measures', 'clerk', true, { measures: true })).toBe(true);
    expect(isShown('measures', 'full', true, {})).toBe(true);
    expect(isShown('leaders', 'full', false, {})).toBe(false);
  });

  it('follows the mode unless the user picked a layout', () => {
    expect(effectivePreset(null, 'unit')).toBe('clerk');
    expect(effectivePreset(null, 'coordinator')).toBe('full');
    expect(effectivePreset('clerk', 'coordinator')).toBe('clerk');
    expect(effectivePreset('full', 'unit')).toBe('full');
  });

  // CSS widths a grid gets: 1366 and 1920 px screens at 100/125/150 %, and 1366 at 125 % beside
  // the detail panel (36vw).
  it.each([911, 1093, 1280, 1366, 1536, 1920, 700])(
    'fits 编号 … 工作进展 into a %i px wide grid',
    (width) => {
      const visible = clerkVisible();
      const w = fitWidths('clerk', width, visible);
      expect(w.progress).toBeGreaterThanOrEqual(PROGRESS_MIN);
      expect(w.progress).toBeLessThanOrEqual(PROGRESS_MAX);
      expect(rightEdge(visible, w, 'progress')).toBeLessThanOrEqual(width);
    },
  );

  it('fills a narrow grid exactly, stops 工作进展 at its widest, and counts widths set by hand', () => {
    const visible = clerkVisible();
    expect(rightEdge(visible, fitWidths('clerk', 911, visible), 'progress')).toBe(911);
    expect(fitWidths('clerk', 1920, visible).progress).toBe(PROGRESS_MAX);
    const byHand = fitWidths('clerk', 911, visible, { keyTask: 260 });
    expect(rightEdge(visible, { ...byHand, keyTask: 260 }, 'progress')).toBe(911);
    // With several units the 单位 column comes first and 工作进展 gives way.
    const several = clerkVisible(false);
    expect(rightEdge(several, fitWidths('clerk', 911, several), 'progress')).toBe(911);
    // The full layout keeps each column's own width.
    expect(fitWidths('full', 911, ['label', 'measures'])).toEqual({ label: 92, measures: 360 });
  });

  it('reads layouts saved before presets as the full view’s', () => {
    expect(readGridLayout({ hidden: ['measures'], widths: { keyTask: 240 } })).toEqual({
      preset: null,
      clerk: { visibility: {}, widths: {} },
      full: { visibility: { measures: false }, widths: { keyTask: 240 } },
    });
    expect(readGridLayout(undefined).preset).toBeNull();
    expect(readGridLayout({ preset: 'clerk', clerk: { visibility: { unit: true }, widths: {} } })).toEqual({
      preset: 'clerk',
      clerk: { visibility: { unit: true }, widths: {} },
      full: { visibility: {}, widths: {} },
    });
    expect(readGridLayout({ preset: 'weird' }).preset).toBeNull();
  });
});
