// The clerk's grid on the screens offices have: 1366 × 768 and 1920 × 1080 at Windows' 100 %, 125 %
// and 150 % scaling. Chromium is given the CSS viewport a maximised window leaves (screen ÷ scale,
// less a 40 px taskbar and 60 CSS px of title and menu bar) and the device scale factor, so the PNGs
// in test-output/screenshots/ have the screen's own pixels. "Fits" means (docs/design.md §13): in
// 填报视图, 编号, 重点任务 and the three input columns (完成状态, 完成比例, 工作进展) are on screen
// whole without scrolling sideways, the page itself never scrolls sideways, and at least two task
// rows show under the toolbars.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveName, launchBrowser, platformFonts, screenshot } from './browser.ts';
import { cell, waitForGrid } from './grid-helpers.ts';
import { openSeeded, seedLedger } from './seed-ledger.ts';

const SHOTS = 'test-output/screenshots';
const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const SCALES = [1, 1.25, 1.5];
const TASKBAR = 40; // physical px
const WINDOW_CHROME = 60; // CSS px: title bar and menu bar of a maximised window

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Three tasks of 永乐店镇 already filled in for March, with the texts clerks write. */
function seeded() {
  const builder = seedLedger();
  const at = '2021-03-18T02:00:00Z';
  builder.edit(
    '永乐店镇',
    'air-01',
    '2021-03',
    {
      status: '推进中',
      percent: 30,
      progress: '已制定本镇2021年大气污染防治工作方案，完成辖区12处裸露地面苫盖，PM2.5浓度同比下降8%。',
      problems: '部分村庄散煤替代资金尚未到位。',
    },
    at,
  );
  builder.edit(
    '永乐店镇',
    'air-02',
    '2021-03',
    { status: '推进中', percent: 25, progress: '已排查燃煤锅炉3台。' },
    at,
  );
  builder.edit(
    '永乐店镇',
    'air-19',
    '2021-03',
    { status: '已完成', percent: 100, progress: '全部完成。' },
    at,
  );
  return builder;
}

function viewportFor(screen: { width: number; height: number }, scale: number) {
  return {
    width: Math.floor(screen.width / scale),
    height: Math.floor((screen.height - TASKBAR) / scale) - WINDOW_CHROME,
  };
}

/** A clerk of 永乐店镇 (name, 单位填报 mode) in 2021年3月. */
async function becomeClerk(page: Page): Promise<void> {
  await giveName(page, '张三');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('mode-unit').check();
  await page.getByTestId('settings-unit').selectOption('永乐店镇');
  await page.getByTestId('settings-save').click();
  await page.getByTestId('nav-ledger').click();
  await page.getByTestId('unit-locked').waitFor();
  await waitForGrid(page);
  await page.getByTestId('period-picker').selectOption('2021-03');
  await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
}

/** What the layout looks like at this size: the numbers the assertions read. */
async function measure(page: Page) {
  const grid = page.getByTestId('task-grid');
  const { clientWidth, scrollLeft, pageScrolls } = await grid.evaluate((el) => ({
    clientWidth: el.clientWidth,
    scrollLeft: el.scrollLeft,
    pageScrolls: el.ownerDocument.documentElement.scrollWidth > el.ownerDocument.documentElement.clientWidth,
  }));
  const gridBox = await box(page, '[data-testid="task-grid"]');
  const right = gridBox.left + clientWidth;
  const whole: Record<string, boolean> = {};
  for (const col of ['label', 'keyTask', 'status', 'percent', 'progress']) {
    const b = await box(page, `th[data-col="${col}"]`);
    whole[col] = b.left >= gridBox.left - 0.5 && b.right <= right + 0.5;
  }
  let rowsShown = 0;
  for (const tr of await page.getByTestId('task-row').all()) {
    const b = await tr.boundingBox();
    if (b && b.y >= gridBox.top && b.y + b.height <= gridBox.bottom + 0.5) rowsShown++;
  }
  return { scrollLeft, pageScrolls, whole, rowsShown };
}

describe('the clerk layout on office screens', () => {
  for (const scale of SCALES) {
    it(`fits 1366 × 768 and 1920 × 1080 at ${scale * 100} %`, async () => {
      const { page, errors, close } = await openSeeded(browser, seeded(), '#/ledger', {
        viewport: viewportFor(SCREENS[0]!, scale),
        deviceScaleFactor: scale,
      });
      try {
        await becomeClerk(page);
        for (const screen of SCREENS) {
          const viewport = viewportFor(screen, scale);
          await page.setViewportSize(viewport);
          await cell(page, 0, 'status').click();
          const name = `clerk-${screen.width}x${screen.height}@${scale * 100}`;
          const m = await measure(page);
          await screenshot(page, `${SHOTS}/${name}.png`);
          expect(m, name).toMatchObject({
            scrollLeft: 0,
            pageScrolls: false,
            whole: { label: true, keyTask: true, status: true, percent: true, progress: true },
          });
          expect(m.rowsShown, `${name}: task rows shown whole`).toBeGreaterThanOrEqual(2);
          expect(await page.getByTestId('pending-count').textContent()).toBe('还有 88 项未更新');
          // The screen's CJK face from the stack (renderer/styles/fonts.ts): Noto on Debian.
          expect(await platformFonts(page, 'td[data-col="keyTask"] .cell-clamp')).toContain(
            'Noto Sans CJK SC',
          );
        }
        // The plan text opens beside the grid (detail panel) on the smallest of these screens too.
        if (scale === 1.25) {
          await page.setViewportSize(viewportFor(SCREENS[0]!, scale));
          await cell(page, 0, 'status').click();
          await page.keyboard.press('Control+Enter');
          await page.getByTestId('detail-panel').waitFor();
          const m = await measure(page);
          await screenshot(page, `${SHOTS}/clerk-1366x768@125-detail.png`);
          expect(m.whole, 'input columns beside the detail panel').toMatchObject({
            status: true,
            percent: true,
            progress: true,
          });
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
