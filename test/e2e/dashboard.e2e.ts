// The dashboard (统计看板) for 2021年10月 against the hand-built October ledger
// (test/support/october-ledger.ts), whose figures were worked out by hand: 2498 task × unit rows
// (698 大气), done 5, overdue 23; 西集镇 first at 3.3%, 永乐店镇 second at 2.2%; 2 of 54 returns in,
// 1 late; 53 units on the reminder list (西集镇 owes 88 tasks, 区水务局 53); the reminder workbook's
// detail sheet has 2498-91-3 = 2404 rows.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { openSeeded, seedLedger } from './seed-ledger.ts';
import { octoberLedger } from '../support/october-ledger.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim();

const seeded = () => octoberLedger(seedLedger());

describe('dashboard', () => {
  it('shows the hand-computed figures, links a unit’s overdue count to the grid, exports the reminder list', async () => {
    const { page, errors, close } = await openSeeded(browser, seeded(), '#/dashboard');
    try {
      await page.getByTestId('dashboard-period').selectOption('2021-10');
      // While October loads the previous month stays on screen, dimmed and aria-busy: wait it out.
      await page.locator('.dashboard-view:not([aria-busy])').getByTestId('plan-row-air').waitFor();
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/dashboard?period=2021-10');

      expect(await text(page, 'total-all')).toBe('2498');
      expect(await text(page, 'total-done')).toBe('5');
      expect(await text(page, 'total-overdue')).toBe('23');
      expect(await text(page, 'total-returns')).toBe('2 / 54');
      const air = {
        total: '698',
        done: '5',
        inProgress: '0',
        late: '23',
        overdue: '23',
        behind: '0',
        notStarted: '670',
        na: '0',
      };
      for (const [k, v] of Object.entries(air)) expect(await text(page, `plan-air-${k}`), k).toBe(v);
      expect(await text(page, 'plan-water-done')).toBe('0');

      const rows = page.getByTestId('unit-row');
      expect(await rows.count()).toBe(54);
      expect(await rows.nth(0).getAttribute('data-unit')).toBe('西集镇');
      expect(await rows.nth(1).getAttribute('data-unit')).toBe('永乐店镇');
      const first = rows.nth(0);
      expect(await first.locator('td').first().textContent()).toBe('1');
      expect(await first.getByTestId('unit-share').textContent()).toBe('3.3%');
      expect(await first.getByTestId('unit-return').textContent()).toBe('逾期报送（在线填报 2021-10-28）');
      const yld = page.locator('[data-testid="unit-row"][data-unit="永乐店镇"]');
      expect(await yld.locator('td').first().textContent()).toBe('2');
      expect(await yld.getByTestId('unit-share').textContent()).toBe('2.2%');
      expect(await yld.getByTestId('unit-done').textContent()).toBe('2');
      expect(await yld.getByTestId('unit-overdue').textContent()).toBe('1');
      expect(await yld.getByTestId('unit-return').textContent()).toBe('已报送（导入 2021-10-20）');

      expect(await text(page, 'reminder-summary')).toContain('未报送 52 个单位，逾期报送 1 个单位');
      expect(await page.getByTestId('reminder-row').count()).toBe(53);
      const reminder = (unit: string) =>
        page.locator(`[data-testid="reminder-row"][data-unit="${unit}"] [data-testid="reminder-count"]`);
      expect(await reminder('西集镇').textContent()).toBe('88');
      expect(await reminder('区水务局').textContent()).toBe('53');
      expect(await page.locator('[data-testid="reminder-row"][data-unit="永乐店镇"]').count()).toBe(0);

      await screenshot(page, 'test-output/screenshots/dashboard.png');
      await page.getByTestId('ranking-table').scrollIntoViewIfNeeded();
      await page.locator('#dash-ranking').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'test-output/screenshots/dashboard-ranking.png');
      await page.getByTestId('reminder-panel').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'test-output/screenshots/dashboard-reminders.png');

      // Export the reminder list (browser host: a download) and read it back.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('reminder-export').click(),
      ]);
      expect(download.suggestedFilename()).toBe('催报名单-2021-10.xlsx');
      const path = 'test-output/催报名单-2021-10.xlsx';
      await download.saveAs(path);
      const wb = new ExcelJS.Workbook();
      const buf = readFileSync(path);
      await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
      const list = wb.getWorksheet('催报名单') as ExcelJS.Worksheet;
      expect(String(list.getCell('A1').value)).toContain('2021年10月 催报名单（报送截止：2021年10月25日）');
      expect(String(list.getCell('A1').value)).toContain('通政发〔2021〕2号');
      expect(list.getRow(2).values).toEqual([undefined, '序号', '单位', '报送情况', '任务数', '未报送任务']);
      expect(list.actualRowCount).toBe(2 + 53);
      const byUnit = new Map<string, unknown[]>();
      list.eachRow((row, n) => {
        if (n > 2) byUnit.set(String(row.getCell(2).value), (row.values as unknown[]).slice(1));
      });
      expect(byUnit.get('西集镇')?.slice(2, 4)).toEqual(['逾期报送', 88]);
      expect(byUnit.get('区水务局')?.slice(2, 4)).toEqual(['未报送', 53]);
      expect(String(byUnit.get('西集镇')?.[4])).not.toContain('大气-02');
      expect(byUnit.has('永乐店镇')).toBe(false);
      const detail = wb.getWorksheet('未报送任务明细') as ExcelJS.Worksheet;
      expect(detail.actualRowCount).toBe(2 + 2404);

      // Click-through: 永乐店镇's overdue figure opens the grid filtered to its overdue rows.
      await yld.getByTestId('unit-overdue').click();
      await page.waitForFunction("location.hash.startsWith('#/ledger')");
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(
        '#/ledger?period=2021-10&unit=永乐店镇&overdue=1',
      );
      expect(await page.getByTestId('nav-ledger').getAttribute('aria-current')).toBe('page');
      // The grid reads the link: only 永乐店镇's overdue row (air-33, the 6-9月 task) is left.
      await page.locator('[data-testid="task-row"][data-task-id="air-33"][data-unit="永乐店镇"]').waitFor();
      expect(await page.getByTestId('task-row').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the return due day set in 设置 decides who is late', async () => {
    const { page, errors, close } = await openSeeded(browser, seeded(), '#/settings');
    try {
      const day = page.getByTestId('return-due-day');
      await day.fill('40');
      await page.getByTestId('save-return-due-day').click();
      await page.getByText('请填写 1 到 31 之间的整数。').waitFor();
      await day.fill('30');
      await page.getByTestId('save-return-due-day').click();
      await page.getByText('已保存：每月30日前报送').waitFor();
      await page.evaluate((hash) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
      }, '#/dashboard?period=2021-10');
      const xj = page.locator('[data-testid="unit-row"][data-unit="西集镇"]');
      await xj.waitFor();
      // edited on the 28th: late against the 25th, on time against the 30th
      expect(await xj.getByTestId('unit-return').textContent()).toBe('已报送（在线填报 2021-10-28）');
      expect(await text(page, 'reminder-summary')).toContain('未报送 52 个单位，逾期报送 0 个单位');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
