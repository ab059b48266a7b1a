// The Excel round trip through the app in Chromium: export 永乐店镇's workbook for 2021-03 from the
// export dialog (a real download), fill it in outside the app with exceljs (two tasks updated, a
// third one's progress changed while the coordinator changes the same cell in the grid), import it
// back through the wizard, resolve the conflict (take theirs), apply, see the grid and the row
// history show the import, then undo the batch from the import history and see the old values back.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTaskId } from '../../shared/workbook/validate-fields.ts';
import { giveName, launchBrowser, openApp, screenshot } from './browser.ts';
import { cell, expectCellText, waitForGrid } from './grid-helpers.ts';
import { closeExportDialog, exportUnitWorkbook } from './export-helpers.ts';

const SHOTS = 'test-output/screenshots';
const UNIT = '永乐店镇';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The grid's row index of a task (the grid shows one unit, so task ids are unique). */
async function rowIndexOf(page: Page, taskId: string): Promise<number> {
  const row = page.locator(`tr[data-task-id="${taskId}"]`).first();
  await row.waitFor();
  return Number(await row.getAttribute('data-index'));
}

async function showUnitMarch(page: Page): Promise<void> {
  await page.getByTestId('nav-ledger').click();
  await waitForGrid(page);
  await page.getByTestId('unit-picker').selectOption(UNIT);
  await page.getByTestId('period-picker').selectOption('2021-03');
  await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
}

describe('exchange', () => {
  it('exports a workbook, imports it back with a conflict, and undoes the import', async () => {
    const { context, page, errors } = await openApp(browser);
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-'));
    try {
      await giveName(page, '区里小王');
      await waitForGrid(page);

      // --- Export through the dialog ---------------------------------------------------------
      const download = await exportUnitWorkbook(page, '2021-03', UNIT);
      expect(download.suggestedFilename()).toBe('永乐店镇_2021年03月_进展填报.xlsx');
      const exported = join(dir, download.suggestedFilename());
      await download.saveAs(exported);
      expect(await page.getByTestId('export-message').textContent()).toContain('已生成 1 个工作簿');
      await screenshot(page, `${SHOTS}/exchange-export.png`);
      await closeExportDialog(page);

      // The desktop menu's 导出填报工作簿 lands on #/exchange?export=1: the dialog opens by itself,
      // and closing it leaves the plain view.
      await page.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '#/exchange?export=1';
      });
      await page.getByTestId('export-dialog').waitFor();
      await closeExportDialog(page);
      expect(new URL(page.url()).hash).toBe('#/exchange');

      // --- Fill it in outside the app (exceljs, like Excel would) ------------------------------
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(exported);
      const ws = wb.getWorksheet('填报')!;
      const header = ws.getRow(2).values as unknown[];
      const colOf = (name: string) => header.indexOf(name);
      // The sheet numbers tasks as people do; the grid's rows carry the stable ids.
      expect(ws.getCell(3, 1).value).toBe('大气-01');
      const [a, b, c] = [3, 4, 5].map((r) => parseTaskId(String(ws.getCell(r, 1).value)));
      expect(a).toBe('air-01');
      ws.getCell(3, colOf('完成状态')).value = '推进中';
      ws.getCell(3, colOf('完成比例(%)')).value = 60;
      ws.getCell(3, colOf('工作进展')).value = '已完成燃煤锅炉排查';
      ws.getCell(4, colOf('完成状态')).value = '已完成';
      ws.getCell(4, colOf('完成比例(%)')).value = 100;
      ws.getCell(4, colOf('工作进展')).value = '全部完成';
      ws.getCell(5, colOf('工作进展')).value = '文件：点位已核查';
      const returned = join(dir, '永乐店镇_2021年03月_进展填报(回).xlsx');
      await wb.xlsx.writeFile(returned);

      // --- Meanwhile the coordinator changes the third task's progress in the grid -------------
      await showUnitMarch(page);
      const ic = await rowIndexOf(page, c!);
      await cell(page, ic, 'progress').click();
      await page.keyboard.type('台账：现场核查中');
      await page.keyboard.press('Enter');
      await expectCellText(page, ic, 'progress', '台账：现场核查中');

      // --- Import through the wizard ----------------------------------------------------------
      await page.getByTestId('nav-exchange').click();
      await page.getByTestId('import-file-input').setInputFiles(returned);
      const card = page.getByTestId('import-file');
      await card.getByTestId('import-file-counts').waitFor();
      expect(await card.getByTestId('import-file-identity').textContent()).toContain(UNIT);
      expect(await card.getByTestId('import-file-identity').textContent()).toContain('按工作簿清单识别');
      expect(await card.getByTestId('import-file-counts').textContent()).toContain('更新 2');
      expect(await card.getByTestId('import-file-counts').textContent()).toContain('冲突 1');
      expect(await card.getByTestId('import-file-status').textContent()).toBe('可导入');
      // A look at the grid and back: the picked file is still there, planned again.
      await page.getByTestId('nav-ledger').click();
      await waitForGrid(page);
      await page.getByTestId('nav-exchange').click();
      await card.getByTestId('import-file-counts').waitFor();
      expect(await card.getByTestId('import-file-counts').textContent()).toContain('冲突 1');
      await page.getByTestId('import-next').click();
      const conflict = page.getByTestId('conflict-row');
      await conflict.waitFor();
      expect(await conflict.count()).toBe(1);
      expect(await conflict.getAttribute('data-task-id')).toBe(c);
      const conflictText = (await conflict.textContent()) ?? '';
      expect(conflictText).toContain('工作进展');
      expect(conflictText).toContain('台账：现场核查中');
      expect(conflictText).toContain('文件：点位已核查');
      expect(await page.getByTestId('import-apply').isDisabled()).toBe(true);
      expect(await page.getByTestId('unsettled').textContent()).toContain('1 个冲突未处理');
      await screenshot(page, `${SHOTS}/exchange-conflict.png`);
      await conflict.getByTestId('choice-theirs').check();
      expect(await page.getByTestId('import-apply').isDisabled()).toBe(false);
      await page.getByTestId('import-apply').click();
      const summary = page.getByTestId('import-summary');
      await summary.waitFor();
      const summaryText = (await summary.getByTestId('summary-row').textContent()) ?? '';
      // a: status, percent, progress; b: status, percent, progress; c: progress.
      expect(summaryText).toContain('已写入 7 个字段');
      expect(await summary.getByTestId('import-backup-note').textContent()).toContain(
        '导入前已备份到本机浏览器',
      );
      await screenshot(page, `${SHOTS}/exchange-summary.png`);

      // --- The grid shows the new values, the row history shows the import ---------------------
      await page.getByTestId('nav-ledger').click();
      const ia = await rowIndexOf(page, a!);
      const ib = await rowIndexOf(page, b!);
      await expectCellText(page, ia, 'status', '推进中');
      await expectCellText(page, ia, 'percent', '60');
      await expectCellText(page, ia, 'progress', '已完成燃煤锅炉排查');
      await expectCellText(page, ib, 'status', '已完成');
      await expectCellText(page, ib, 'percent', '100');
      await expectCellText(page, ic, 'progress', '文件：点位已核查');
      await cell(page, ia, 'label').getByRole('button').click();
      const panel = page.getByTestId('detail-panel');
      await panel.getByTestId('audit-item').first().waitFor();
      const history = await panel.getByTestId('audit-item').allTextContents();
      expect(history).toHaveLength(3);
      expect(history.every((h) => h.includes('导入') && h.includes('区里小王'))).toBe(true);
      expect(history.join('\n')).toContain('已完成燃煤锅炉排查');
      await screenshot(page, `${SHOTS}/exchange-grid-after-import.png`);
      await panel.getByRole('button', { name: '关闭详情' }).click();

      // --- Undo the batch from the import history ---------------------------------------------
      await page.getByTestId('nav-exchange').click();
      await page.getByTestId('tab-history').click();
      const row = page.getByTestId('history-row');
      await row.waitFor();
      expect(await row.count()).toBe(1);
      const rowText = (await row.textContent()) ?? '';
      expect(rowText).toContain('永乐店镇_2021年03月_进展填报(回).xlsx');
      expect(rowText).toContain('2021年3月');
      expect(rowText).toContain('更新 2');
      expect(rowText).toContain('区里小王');
      await row.getByTestId('history-undo').click();
      await row.getByTestId('history-undo-confirm').click();
      await row.getByTestId('history-undone').waitFor();
      expect(await page.getByTestId('undo-result').textContent()).toContain('恢复 7 个字段');
      await screenshot(page, `${SHOTS}/exchange-history.png`);

      await page.getByTestId('nav-ledger').click();
      await expectCellText(page, ia, 'status', '');
      await expectCellText(page, ia, 'percent', '');
      await expectCellText(page, ia, 'progress', '');
      await expectCellText(page, ib, 'status', '');
      await expectCellText(page, ic, 'progress', '台账：现场核查中');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a clerk opens the district's workbook, fills it in the app, and the district imports exactly the edit", async () => {
    const district = await openApp(browser);
    const clerk = await openApp(browser);
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-'));
    try {
      for (const [{ page }, name] of [
        [district, '区里小王'],
        [clerk, '王五'],
      ] as const) {
        await giveName(page, name);
      }

      // The district exports two units at once (searchable multi-select): one .zip in the browser.
      const d = district.page;
      await d.getByTestId('nav-exchange').click();
      await d.getByTestId('open-export').click();
      await d.getByTestId('export-period').selectOption('2021-03');
      await d.getByTestId('export-scope-several').check();
      for (const name of ['永乐店镇', '西集镇']) {
        await d.getByTestId('export-search').fill(name.slice(0, 2));
        await d.getByTestId('export-unit-list').getByLabel(name).check();
      }
      const [zipDownload] = await Promise.all([
        d.waitForEvent('download'),
        d.getByTestId('export-run').click(),
      ]);
      expect(zipDownload.suggestedFilename()).toBe('填报工作簿_2021年03月_2个单位.zip');
      const zipPath = join(dir, 'sent.zip');
      await zipDownload.saveAs(zipPath);
      const zip = await JSZip.loadAsync(readFileSync(zipPath));
      expect(Object.keys(zip.files).sort()).toEqual([
        '永乐店镇_2021年03月_进展填报.xlsx',
        '西集镇_2021年03月_进展填报.xlsx',
      ]);
      const sent = join(dir, '永乐店镇_2021年03月_进展填报.xlsx');
      writeFileSync(sent, await zip.file('永乐店镇_2021年03月_进展填报.xlsx')!.async('uint8array'));
      await closeExportDialog(d);

      // The clerk opens it: unit-clerk mode for 永乐店镇, the grid at 2021年3月.
      const c = clerk.page;
      await c.getByTestId('nav-exchange').click();
      await c.getByTestId('tab-clerk').click();
      await c.getByTestId('clerk-open-input').setInputFiles(sent);
      const preview = c.getByTestId('clerk-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toContain('永乐店镇');
      expect(await preview.textContent()).toContain('2021年3月');
      expect(await c.getByTestId('clerk-switch-mode').isChecked()).toBe(true);
      await screenshot(c, `${SHOTS}/exchange-clerk-open.png`);
      await c.getByTestId('clerk-open-confirm').click();
      await waitForGrid(c);
      expect(await c.getByTestId('unit-locked').textContent()).toContain('永乐店镇');
      await c.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      const i = await rowIndexOf(c, 'air-01');
      await cell(c, i, 'percent').click();
      await c.keyboard.type('30');
      await c.keyboard.press('Enter');
      await expectCellText(c, i, 'percent', '30');

      // … and exports the return workbook (the district's base, the clerk's values).
      await c.getByTestId('nav-exchange').click();
      await c.getByTestId('clerk-base-row').waitFor();
      const [back] = await Promise.all([c.waitForEvent('download'), c.getByTestId('clerk-export').click()]);
      expect(back.suggestedFilename()).toBe('永乐店镇_2021年03月_进展填报.xlsx');
      const returned = join(dir, 'returned.xlsx');
      await back.saveAs(returned);

      // The district imports it: exactly one field updated, no conflicts.
      await d.getByTestId('import-file-input').setInputFiles(returned);
      const counts = d.getByTestId('import-file-counts');
      await counts.waitFor();
      expect(await counts.textContent()).toContain('更新 1');
      expect(await counts.textContent()).toContain('冲突 0');
      await d.getByTestId('import-next').click();
      await d.getByTestId('no-conflicts').waitFor();
      await d.getByTestId('import-apply').click();
      await d.getByTestId('import-summary').waitFor();
      expect(await d.getByTestId('summary-row').textContent()).toContain('已写入 1 个字段');

      // The same file again: recognised, nothing to import.
      await d.getByTestId('import-again').click();
      await d.getByTestId('import-file-input').setInputFiles(returned);
      await d.getByTestId('import-file-duplicate').waitFor();
      expect(await d.getByTestId('import-file-status').textContent()).toBe('已导入过');
      expect(await d.getByTestId('import-next').isDisabled()).toBe(true);
      expect(district.errors).toEqual([]);
      expect(clerk.errors).toEqual([]);
    } finally {
      await district.context.close();
      await clerk.context.close();
    }
  });

  it('a hand-made workbook without a manifest waits until its unit and period are confirmed', async () => {
    const { context, page, errors } = await openApp(browser);
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-'));
    try {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['编号', '完成状态', '工作进展']);
      ws.addRow(['大气-1', '推进中', '手工表：已部署']);
      ws.addRow(['大气-99', '推进中', '']);
      const handMade = join(dir, '永乐店镇-2021年3月进展.xlsx');
      await wb.xlsx.writeFile(handMade);

      await page.getByTestId('nav-exchange').click();
      await page.getByTestId('import-file-input').setInputFiles(handMade);
      const card = page.getByTestId('import-file');
      await card.getByTestId('import-file-confirm').waitFor();
      expect(await card.getByTestId('import-file-identity').textContent()).toContain('按文件名识别');
      expect(await card.getByTestId('import-file-unit').inputValue()).toBe(UNIT);
      expect(await card.getByTestId('import-file-period').inputValue()).toBe('2021-03');
      expect(await card.getByTestId('import-file-status').textContent()).toBe('待确认单位和月份');
      expect(await page.getByTestId('import-next').isDisabled()).toBe(true);
      await card.getByTestId('import-file-confirm').check();
      await card.getByTestId('import-file-counts').waitFor();
      expect(await card.getByTestId('import-file-status').textContent()).toBe('可导入');
      expect(await card.getByTestId('import-file-counts').textContent()).toContain('更新 1');
      expect(await card.getByTestId('import-file-counts').textContent()).toContain('退回 1');
      expect(await card.getByTestId('import-file-rejected').textContent()).toContain('大气-99');
      await screenshot(page, `${SHOTS}/exchange-no-manifest.png`);
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-apply').click();
      await page.getByTestId('import-summary').waitFor();
      expect(await page.getByTestId('summary-row').textContent()).toContain('已写入 2 个字段');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
