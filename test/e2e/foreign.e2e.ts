// Returns we did not write, through the app in Chromium: 永乐店镇's own three-sheet ledger (openpyxl,
// re-saved by LibreOffice; committed fixture) goes through the wizard's mapping step — the sheets,
// columns and row matches with their scores, the one row below the confident score confirmed by
// hand — then merges; April's ledger in the same layout is mapped by itself. A password-protected
// file says in the browser host where it can be opened; the district's master ledger is imported as
// history, one batch per month.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveName, launchBrowser, openApp, screenshot } from './browser.ts';
import { expectCellText, waitForCount, waitForGrid } from './grid-helpers.ts';

const SHOTS = 'test-output/screenshots';
const FOREIGN = 'test/fixtures/foreign';
const UNIT = '永乐店镇';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function copy(dir: string, fixture: string, as: string): string {
  const path = join(dir, as);
  copyFileSync(join(FOREIGN, fixture), path);
  return path;
}

async function rowIndexOf(page: Page, taskId: string): Promise<number> {
  const row = page.locator(`tr[data-task-id="${taskId}"]`).first();
  await row.waitFor();
  return Number(await row.getAttribute('data-index'));
}

describe('returns we did not write', () => {
  it('maps a town’s own ledger in the wizard (one row confirmed by hand), merges it, and maps April by itself', async () => {
    const { context, page, errors } = await openApp(browser);
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-foreign-'));
    try {
      await giveName(page, '区里小王');
      await waitForGrid(page);
      await page.getByTestId('nav-exchange').click();

      // --- March: the town's own ledger ----------------------------------------------------------
      await page
        .getByTestId('import-file-input')
        .setInputFiles(copy(dir, 'town-ylz-2021-03.xlsx', '永乐店镇污染防治台账.xlsx'));
      const card = page.getByTestId('import-file');
      await card.getByTestId('import-file-foreign').waitFor();
      expect(await card.getByTestId('import-file-status').textContent()).toBe('待核对映射');
      expect(await card.getByTestId('import-file-foreign').textContent()).toContain('有 1 项识别需要确认');
      expect(await card.getByTestId('import-file-identity').textContent()).toContain(UNIT);
      await card.getByTestId('import-file-confirm').check();
      expect(await page.getByTestId('import-next').textContent()).toContain('核对 1 个文件的映射');
      await page.getByTestId('import-next').click();

      // The mapping step: three sheets with their plans, columns and the one row to confirm.
      const panel = page.getByTestId('mapping-panel');
      await panel.waitFor();
      expect(await panel.getByTestId('mapping-open-count').textContent()).toContain('有 1 项识别没有把握');
      expect(await panel.getByTestId('mapping-sheet').count()).toBe(3);
      const air = panel.locator('[data-testid="mapping-sheet"][data-sheet="大气"]');
      expect(await air.locator('summary').textContent()).toMatch(
        /工作表“大气”：大气（把握 1\.00，表名）· 表头第 3–4 行 · 21 行任务/,
      );
      const statusColumn = air.locator('[data-testid="mapping-column"][data-col="F"]');
      expect(await statusColumn.getByTestId('mapping-column-field').inputValue()).toBe('status');
      expect(await statusColumn.textContent()).toContain('落实情况 / 完成情况');
      expect(await statusColumn.textContent()).toContain('按内容');
      const flagged = panel.getByTestId('mapping-row');
      await waitForCount(flagged, 1);
      expect(await flagged.getAttribute('data-row')).toBe('17');
      expect(await flagged.textContent()).toContain('对辖区内未利用地开展巡查检查');
      expect(await flagged.getByTestId('mapping-row-task').inputValue()).toBe('soil-11');
      expect(await page.getByTestId('mapping-confirm').isDisabled()).toBe(true);
      // Every row with its score when asked for.
      await air.getByTestId('mapping-show-all').check();
      await waitForCount(air.getByTestId('mapping-row'), 21);
      expect(
        await air.locator('[data-testid="mapping-row"][data-row="7"]').getAttribute('data-task-id'),
      ).toBe('air-02');
      await screenshot(page, `${SHOTS}/foreign-mapping.png`);
      await flagged.getByTestId('mapping-row-confirm').click();
      expect(await panel.getByTestId('mapping-open-count').textContent()).toContain('均已有把握或已确认');
      await page.getByTestId('mapping-confirm').click();
      await page.getByTestId('mapping-confirmed').waitFor();
      await page.getByTestId('mapping-done').click();

      // Back in the file list: planned like any return without a manifest.
      await card.getByTestId('import-file-counts').waitFor();
      const counts = (await card.getByTestId('import-file-counts').textContent()) ?? '';
      expect(counts).toContain('更新 90');
      expect(counts).toContain('退回 1');
      expect(await card.getByTestId('import-file-rejected').textContent()).toContain(
        '完成状态“按月报送”无法识别',
      );
      expect(await card.getByTestId('import-file-warnings').textContent()).toContain(
        '“基本完成”不等于已完成',
      );
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-apply').click();
      await page.getByTestId('import-summary').waitFor();
      expect(await page.getByTestId('summary-row').textContent()).toContain('已写入');
      await page.getByTestId('import-again').click();

      // The grid shows the town's words read into the ledger's values.
      await page.getByTestId('nav-ledger').click();
      await waitForGrid(page);
      await page.getByTestId('unit-picker').selectOption(UNIT);
      await page.getByTestId('period-picker').selectOption('2021-03');
      await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      const a2 = await rowIndexOf(page, 'air-02');
      await expectCellText(page, a2, 'status', '推进中'); // 完成80%
      await expectCellText(page, a2, 'percent', '80');

      // --- April, the same layout: mapped by itself -------------------------------------------
      await page.getByTestId('nav-exchange').click();
      await page
        .getByTestId('import-file-input')
        .setInputFiles(copy(dir, 'town-ylz-2021-04.xlsx', '永乐店镇污染防治台账4月.xlsx'));
      await card.getByTestId('import-file-foreign').waitFor();
      expect(await card.getByTestId('import-file-foreign').textContent()).toContain('按上次确认的映射识别');
      expect(await card.getByTestId('import-file-identity').textContent()).toContain('2021年4月');
      await card.getByTestId('import-file-confirm').check();
      await card.getByTestId('import-file-counts').waitFor();
      expect(await page.getByTestId('import-next').textContent()).not.toContain('映射');

      // --- A password-protected file in the browser host --------------------------------------
      await page
        .getByTestId('import-file-input')
        .setInputFiles(copy(dir, 'ylz-2021-03-encrypted.xlsx', '加密.xlsx'));
      const locked = page.locator('[data-testid="import-file"][data-file-name="加密.xlsx"]');
      await locked.getByTestId('import-file-error').waitFor();
      expect(await locked.getByTestId('import-file-error').textContent()).toContain('浏览器版无法解密');
      expect(await locked.getByTestId('import-file-password').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('imports the district’s master ledger as history: one batch per month, listed in the import history', async () => {
    const { context, page, errors } = await openApp(browser);
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-history-'));
    try {
      await giveName(page, '区里小王');
      await waitForGrid(page);
      await page.getByTestId('nav-exchange').click();
      await page.getByTestId('tab-master').click();
      await page
        .getByTestId('history-file-input')
        .setInputFiles(copy(dir, 'master-ledger-2021q1.xlsx', '区级总台账.xlsx'));
      const months = page.getByTestId('history-month');
      await waitForCount(months, 3);
      expect(await months.allTextContents()).toEqual([
        expect.stringMatching(/^2021年1月46000/),
        expect.stringMatching(/^2021年2月70000/),
        expect.stringMatching(/^2021年3月70000/),
      ]);
      await screenshot(page, `${SHOTS}/foreign-history-preview.png`);
      await page.getByTestId('history-apply').click();
      await page.getByTestId('history-summary').waitFor();
      await page.getByTestId('tab-history').click();
      const rows = page.getByTestId('history-row');
      await waitForCount(rows, 3);
      expect(
        (await rows.allTextContents()).every(
          (t) => t.includes('区级总台账') && t.includes('历史导入，3 个单位'),
        ),
      ).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
