// What a unit clerk does in the app, end to end in Chromium: give a name, switch to the unit's mode
// (永乐店镇), pick 2021年3月, change a status with the keyboard, type a percent and text, get a
// validation message, paste a block from Excel, undo and redo it, type Chinese through an IME, reload
// and find everything still there, and read the row's history in the detail panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { giveName, launchBrowser, openApp, screenshot } from './browser.ts';
import {
  cell,
  cellText,
  copyText,
  expectCellText,
  focusedTestId,
  pasteText,
  waitForGrid,
} from './grid-helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SHOTS = 'test-output/screenshots';

async function proxyFocused(page: Page): Promise<boolean> {
  return (await focusedTestId(page)) === 'cell-proxy';
}

async function pickMarch(page: Page): Promise<void> {
  await page.getByTestId('period-picker').selectOption('2021-03');
  await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
}

describe('a clerk fills in the month', () => {
  it('edits, pastes, undoes, types Chinese through an IME, and finds it all after a reload', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      // First start: the inline prompt asks for a name.
      await giveName(page, '张三');
      expect(await page.getByTestId('user-name').textContent()).toBe('填报人：张三');

      // Settings: the clerk of 永乐店镇.
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('mode-unit').check();
      await page.getByTestId('settings-unit').selectOption('永乐店镇');
      await page.getByTestId('settings-save').click();
      await page.getByTestId('nav-ledger').click();
      await waitForGrid(page);
      expect(await page.getByTestId('unit-locked').textContent()).toContain('永乐店镇');
      await pickMarch(page);
      const count = (await page.getByTestId('row-count').textContent()) ?? '';
      const total = Number(/共 (\d+) 行/.exec(count)?.[1]);
      expect(total).toBeGreaterThan(80);
      // One unit's rows; the clerk layout leaves out the 单位 column that would repeat it.
      const units = await page
        .getByTestId('task-row')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')));
      expect(units.length).toBeGreaterThan(5);
      expect(units.every((u) => u === '永乐店镇')).toBe(true);
      expect(await page.locator('th[data-col="unit"]').count()).toBe(0);
      expect(await cellText(page, 0, 'label')).toBe('大气-01');

      // Status through the keyboard: Alt+↓ opens the list (as in Excel), ArrowDown twice = 推进中,
      // Enter commits and moves down.
      await cell(page, 0, 'status').click();
      expect(await proxyFocused(page)).toBe(true);
      await page.keyboard.press('Alt+ArrowDown');
      await page.getByTestId('status-editor').waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expectCellText(page, 0, 'status', '推进中');
      expect(await cell(page, 1, 'status').getAttribute('class')).toContain('cell-selected');

      // Back up, right: the percent cell. Typing replaces; an out-of-range value is refused with a message.
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.type('120');
      await page.keyboard.press('Enter');
      const error = page.getByTestId('cell-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('完成比例"120"无效，应为0到100之间的数字');
      expect(await cellText(page, 0, 'percent')).toBe('');
      await page.keyboard.press('Escape');
      await error.waitFor({ state: 'detached' });
      await page.keyboard.type('45');
      await screenshot(page, `${SHOTS}/clerk-editing.png`);
      await page.keyboard.press('Enter');
      await expectCellText(page, 0, 'percent', '45');

      // Text typed into 工作进展 (Tab moves right from the percent cell of row 0).
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Tab');
      await page.keyboard.type('已完成扬尘点位排查');
      await page.keyboard.press('Enter');
      await expectCellText(page, 0, 'progress', '已完成扬尘点位排查');

      // Paste a 3×2 block from Excel at row 2's status cell: status and percent of rows 2–4.
      await cell(page, 2, 'status').click();
      await pasteText(page, '已完成\t100\r\n推进中\t60\r\n未启动\t0\r\n');
      const pasted = [
        ['已完成', '100'],
        ['推进中', '60'],
        ['未启动', '0'],
      ];
      for (const [i, [status, percent]] of pasted.entries()) {
        await expectCellText(page, 2 + i, 'status', status as string);
        await expectCellText(page, 2 + i, 'percent', percent as string);
      }
      expect(await page.getByTestId('notice').textContent()).toContain('已粘贴 6 个单元格');
      // The pasted block is selected; Ctrl+C gives it back as TSV.
      expect(await copyText(page)).toBe('已完成\t100\r\n推进中\t60\r\n未启动\t0\r\n');
      await screenshot(page, `${SHOTS}/clerk-grid.png`);

      // One undo step takes the whole paste back; redo re-applies it; undo again.
      await page.keyboard.press('Control+z');
      for (let i = 0; i < 3; i++) {
        await expectCellText(page, 2 + i, 'status', '');
        await expectCellText(page, 2 + i, 'percent', '');
      }
      await expectCellText(page, 0, 'progress', '已完成扬尘点位排查');
      await page.keyboard.press('Control+y');
      await expectCellText(page, 3, 'status', '推进中');
      await page.keyboard.press('Control+z');
      await expectCellText(page, 3, 'status', '');

      // A paste with an invalid cell: the valid one is applied, the invalid one listed.
      await cell(page, 5, 'status').click();
      await pasteText(page, '进行中\t50\n');
      await expectCellText(page, 5, 'percent', '50');
      expect(await cellText(page, 5, 'status')).toBe('');
      const notice = (await page.getByTestId('notice').textContent()) ?? '';
      expect(notice).toContain('1 个单元格未粘贴');
      expect(notice).toContain('完成状态"进行中"无效');

      // One copied cell pasted over a selected block fills the block, as in Excel; one undo step.
      await cell(page, 6, 'status').click();
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await pasteText(page, '推进中\r\n');
      for (const i of [6, 7, 8]) await expectCellText(page, i, 'status', '推进中');
      expect(await page.getByTestId('notice').textContent()).toContain('已粘贴 3 个单元格');
      await page.keyboard.press('Control+z');
      for (const i of [6, 7, 8]) await expectCellText(page, i, 'status', '');

      // Chinese through a pinyin IME into a selected, not-yet-editing cell.
      await cell(page, 0, 'problems').click();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.imeSetComposition', { text: 'j', selectionStart: 1, selectionEnd: 1 });
      await cdp.send('Input.imeSetComposition', { text: 'jin', selectionStart: 3, selectionEnd: 3 });
      await screenshot(page, `${SHOTS}/clerk-ime.png`);
      await cdp.send('Input.insertText', { text: '进展顺利' });
      expect(await page.getByTestId('cell-proxy').inputValue()).toBe('进展顺利');
      await page.keyboard.press('Enter');
      await expectCellText(page, 0, 'problems', '进展顺利');

      // Reload: every value is still there (and the name and mode too).
      await page.reload();
      await waitForGrid(page);
      // The month the grid opened on was read before the app's code had loaded (early-read.ts).
      expect(await page.evaluate(() => performance.getEntriesByName('taizhang:early-read').length)).toBe(1);
      expect(await page.getByTestId('name-prompt').count()).toBe(0);
      await pickMarch(page);
      await expectCellText(page, 0, 'status', '推进中');
      await expectCellText(page, 0, 'percent', '45');
      await expectCellText(page, 0, 'progress', '已完成扬尘点位排查');
      await expectCellText(page, 0, 'problems', '进展顺利');
      await expectCellText(page, 5, 'percent', '50');
      for (let i = 2; i <= 4; i++) await expectCellText(page, i, 'status', '');

      // The next month starts from March's values.
      await page.getByTestId('period-picker').selectOption('2021-04');
      // (wait for April's rows: until they arrive the grid still shows March's own values)
      await cell(page, 0, 'status').and(page.locator('.carried')).waitFor();
      await expectCellText(page, 0, 'status', '推进中');
      await expectCellText(page, 0, 'progress', '已完成扬尘点位排查');
      await pickMarch(page);

      // The detail panel (Ctrl+Enter on a selected cell): full text, deadline in words and the row's
      // history, newest first.
      await cell(page, 0, 'percent').click();
      await page.keyboard.press('Control+Enter');
      const panel = page.getByTestId('detail-panel');
      await panel.waitFor();
      expect(await panel.getByTestId('detail-measures').textContent()).toContain('在完成市级目标任务基础上');
      expect(await panel.getByTestId('deadline-words').textContent()).toContain('2021年12月31日前完成');
      await page.getByTestId('audit-item').first().waitFor();
      const history = (await page.getByTestId('audit-item').allTextContents()).map((t) =>
        t.replace(/\s+/g, ' '),
      );
      expect(history[0]).toContain('存在问题：（空） → 进展顺利');
      expect(
        history.some(
          (h) => h.includes('完成状态：（空） → 推进中') && h.includes('张三') && h.includes('手工编辑'),
        ),
      ).toBe(true);
      expect(history.some((h) => h.includes('完成比例(%)：（空） → 45'))).toBe(true);
      expect(history.some((h) => h.includes('工作进展：（空） → 已完成扬尘点位排查'))).toBe(true);
      expect(history).toHaveLength(4);
      await screenshot(page, `${SHOTS}/clerk-detail.png`);

      // A pasted-then-undone row shows both in its history.
      await cell(page, 3, 'label').locator('button').click();
      await page.getByTestId('audit-item').nth(5).waitFor();
      const row3 = (await page.getByTestId('audit-item').allTextContents()).join('\n');
      expect(row3).toContain('粘贴');
      expect(row3).toContain('撤销');
      expect(row3).toContain('重做');

      // Esc closes the panel and hands the keyboard back to the grid.
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      expect(await proxyFocused(page)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works down 本月待填 as in Excel: Tab, Tab, Enter to the next task, the counter counting down', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      await giveName(page, '张三');
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('mode-unit').check();
      await page.getByTestId('settings-unit').selectOption('永乐店镇');
      await page.getByTestId('settings-save').click();
      await page.getByTestId('nav-ledger').click();
      await waitForGrid(page);
      await pickMarch(page);
      const counter = page.getByTestId('pending-count');
      expect(await counter.textContent()).toBe('还有 91 项未更新');
      // The clerk layout: the input columns right after 编号 and 重点任务, plan text collapsed.
      const headers = (await page.locator('thead th').allTextContents()).map((h) => h.trim());
      expect(headers.slice(0, 5)).toEqual(['编号', '重点任务', '完成状态', '完成比例(%)', '工作进展']);
      expect(headers).not.toContain('工作措施');

      await page.getByTestId('filter-pending').check();
      await page.getByTestId('row-count').filter({ hasText: '筛选出 91 / 91 行' }).waitFor();
      const first = await page.locator('tr[data-index="0"]').getAttribute('data-task-id');
      await cell(page, 0, 'status').click();
      await page.keyboard.type('推进中');
      await page.keyboard.press('Tab');
      await page.keyboard.type('40');
      await page.keyboard.press('Tab');
      await page.keyboard.type('已开展排查');
      await page.keyboard.press('Enter');
      // Enter after the Tabs: the next task's 完成状态; the row just filled stays until the filter is renewed.
      await expectCellText(page, 0, 'progress', '已开展排查');
      await counter.filter({ hasText: '还有 90 项未更新' }).waitFor();
      expect(await cell(page, 1, 'status').getAttribute('class')).toContain('cell-selected');
      expect(await page.locator('tr[data-index="0"]').getAttribute('data-task-id')).toBe(first);
      // Enter outside editing moves down too.
      await page.keyboard.press('Enter');
      expect(await cell(page, 2, 'status').getAttribute('class')).toContain('cell-selected');
      // Switched off and on, the list is what is left.
      await page.getByTestId('filter-pending').uncheck();
      await page.getByTestId('filter-pending').check();
      await page.getByTestId('row-count').filter({ hasText: '筛选出 90 / 91 行' }).waitFor();
      expect(await page.locator(`tr[data-task-id="${first}"]`).count()).toBe(0);
      await screenshot(page, `${SHOTS}/clerk-pending.png`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
