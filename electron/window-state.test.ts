import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  isVisibleOnSomeDisplay,
  MIN_HEIGHT,
  MIN_WIDTH,
  loadWindowState,
  restoreWindowState,
  saveWindowState,
} from './window-state.ts';

const laptop = [{ x: 0, y: 0, width: 1920, height: 1040 }];
const docked = [...laptop, { x: 1920, y: 0, width: 2560, height: 1400 }];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-ws-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('window state', () => {
  it('restores a position that is on a display', () => {
    expect(restoreWindowState({ x: 100, y: 80, width: 1200, height: 800, maximized: false }, laptop)).toEqual(
      {
        x: 100,
        y: 80,
        width: 1200,
        height: 800,
        maximized: false,
      },
    );
  });

  it('ignores a position on a monitor that is no longer attached, keeping the size', () => {
    const saved = { x: 2500, y: 100, width: 1200, height: 800, maximized: true };
    expect(restoreWindowState(saved, docked)).toMatchObject({ x: 2500, y: 100 });
    const restored = restoreWindowState(saved, laptop);
    expect(restored).toEqual({ width: 1200, height: 800, maximized: true });
    expect(restored.x).toBeUndefined();
  });

  it('ignores a position with the title bar above the screen or only a sliver visible', () => {
    expect(restoreWindowState({ x: 100, y: -500, width: 1200, height: 800 }, laptop).x).toBeUndefined();
    expect(restoreWindowState({ x: 1880, y: 100, width: 1200, height: 800 }, laptop).x).toBeUndefined();
    expect(isVisibleOnSomeDisplay({ x: -1100, y: 0, width: 1200, height: 800 }, laptop)).toBe(false);
    expect(isVisibleOnSomeDisplay({ x: -1000, y: 0, width: 1200, height: 800 }, laptop)).toBe(true);
  });

  it('falls back to defaults for garbage and enforces the minimum size', () => {
    expect(restoreWindowState(null, laptop)).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState({ x: 'a' }, laptop)).toEqual(DEFAULT_WINDOW_STATE);
    expect(restoreWindowState({ x: 0, y: 0, width: 300, height: 200 }, laptop)).toMatchObject({
      width: MIN_WIDTH,
      height: MIN_HEIGHT,
    });
  });

  // Work areas (DIP) of 1366 × 768 at 100/125/150 % and 1920 × 1080 at 150 %, less a 40 px taskbar.
  it.each([
    [
      { x: 0, y: 0, width: 1366, height: 728 },
      { width: 1280, height: 728, maximized: true },
    ],
    [
      { x: 0, y: 0, width: 1093, height: 582 },
      { width: 1093, height: 582, maximized: true },
    ],
    [
      { x: 0, y: 0, width: 911, height: 485 },
      { width: 911, height: 485, maximized: true },
    ],
    [
      { x: 0, y: 0, width: 1280, height: 693 },
      { width: 1280, height: 693, maximized: true },
    ],
  ])('opens the first window within a small screen (%o), maximised', (area, state) => {
    expect(restoreWindowState(null, [area])).toEqual(state);
    expect(state.width).toBeGreaterThanOrEqual(MIN_WIDTH);
    expect(state.height).toBeGreaterThanOrEqual(MIN_HEIGHT);
  });

  it('never reopens a window larger than the largest screen now attached', () => {
    const small = [{ x: 0, y: 0, width: 911, height: 485 }];
    expect(restoreWindowState({ x: 0, y: 0, width: 1800, height: 1000, maximized: false }, small)).toEqual({
      x: 0,
      y: 0,
      width: 911,
      height: 485,
      maximized: false,
    });
  });

  it('saves and loads through the file, and survives a broken file', async () => {
    const file = join(dir, 'sub', 'window-state.json');
    saveWindowState(file, { x: 40, y: 30, width: 1300.4, height: 820 }, false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      x: 40,
      y: 30,
      width: 1300,
      height: 820,
      maximized: false,
    });
    expect(loadWindowState(file, laptop)).toEqual({
      x: 40,
      y: 30,
      width: 1300,
      height: 820,
      maximized: false,
    });
    await writeFile(file, '{ broken');
    expect(loadWindowState(file, laptop)).toEqual(DEFAULT_WINDOW_STATE);
    expect(loadWindowState(join(dir, 'missing.json'), laptop)).toEqual(DEFAULT_WINDOW_STATE);
  });
});
