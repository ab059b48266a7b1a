// Window size/position persistence: <userData>/window-state.json.
//
// Stores the main window's normal (un-maximised) bounds and whether it was maximised, so the app
// reopens where the user left it. A saved position is only restored when the window would still be
// reachable on one of the current displays (a laptop undocked from its second monitor must not open
// off-screen); otherwise only the size is kept and the window is centred. Broken or foreign files are
// ignored, never trusted.
//
// Small screens: a 1366 × 768 screen at Windows' 150 % has a work area of about 911 × 485 (DIP). The
// first window is the default size where it fits and otherwise fills the work area, maximised; no
// window is opened larger than the largest work area; the minimum size fits that screen.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from '../shared/zod.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  width: number;
  height: number;
  /** Present only when the saved position is on a visible display. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_WIDTH = 760;
export const MIN_HEIGHT = 440;

/** The first window on a display (`workAreas[0]`, the primary): the default, or the work area maximised. */
export function firstWindowState(workAreas: readonly Rect[]): WindowState {
  const area = workAreas[0];
  if (!area || (area.width >= DEFAULT_WINDOW_STATE.width && area.height >= DEFAULT_WINDOW_STATE.height))
    return { ...DEFAULT_WINDOW_STATE };
  return {
    width: Math.max(MIN_WIDTH, Math.min(DEFAULT_WINDOW_STATE.width, area.width)),
    height: Math.max(MIN_HEIGHT, Math.min(DEFAULT_WINDOW_STATE.height, area.height)),
    maximized: true,
  };
}

const savedSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(100).max(20000),
  height: z.number().int().min(100).max(20000),
  maximized: z.boolean().default(false),
});

/** How much of the window (px) must overlap a display's work area for the position to count as visible. */
const MIN_VISIBLE_WIDTH = 120;
const MIN_VISIBLE_HEIGHT = 60;

/**
 * True when `rect` overlaps one of `workAreas` by at least 120×60 px and its top edge (the title bar)
 * lies inside that work area, so the user can grab and move the window.
 */
export function isVisibleOnSomeDisplay(rect: Rect, workAreas: readonly Rect[]): boolean {
  return workAreas.some((area) => {
    const overlapW = Math.min(rect.x + rect.width, area.x + area.width) - Math.max(rect.x, area.x);
    const overlapH = Math.min(rect.y + rect.height, area.y + area.height) - Math.max(rect.y, area.y);
    const titleBarInside = rect.y >= area.y && rect.y < area.y + area.height - MIN_VISIBLE_HEIGHT / 2;
    return overlapW >= MIN_VISIBLE_WIDTH && overlapH >= MIN_VISIBLE_HEIGHT && titleBarInside;
  });
}

/**
 * Turn the saved JSON (or anything) into a state to open the window with, given the displays now
 * (the primary display's work area first).
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const parsed = savedSchema.safeParse(saved);
  if (!parsed.success) return firstWindowState(workAreas);
  const s = parsed.data;
  const widest = Math.max(0, ...workAreas.map((a) => a.width));
  const tallest = Math.max(0, ...workAreas.map((a) => a.height));
  const width = Math.max(MIN_WIDTH, widest ? Math.min(s.width, widest) : s.width);
  const height = Math.max(MIN_HEIGHT, tallest ? Math.min(s.height, tallest) : s.height);
  const state: WindowState = { width, height, maximized: s.maximized };
  if (isVisibleOnSomeDisplay({ x: s.x, y: s.y, width, height }, workAreas)) {
    state.x = s.x;
    state.y = s.y;
  }
  return state;
}

/** Read `file` (missing or broken → defaults) and restore against the current displays. */
export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  let saved: unknown = null;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // No file yet, or unreadable: fall back to defaults.
  }
  return restoreWindowState(saved, workAreas);
}

/** Persist the window's normal bounds and maximised flag. Errors are logged, never thrown (runs on close). */
export function saveWindowState(file: string, bounds: Rect, maximized: boolean): void {
  const data = {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.round(bounds.width),
    height: Math.round(bounds.height),
    maximized,
  };
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2));
    renameSync(tmp, file);
  } catch (err) {
    console.error(`[taizhang] could not save window state to ${file}:`, err);
  }
}
