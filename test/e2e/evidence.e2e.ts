// Evidence, review and the next month's workbook, end to end in Chromium, as the issue tells it:
// the coordinator exports 永乐店镇's March workbook; a clerk opens it in her own copy of the app,
// attaches two photos and a PDF to 大气-02 (real files from test/fixtures/evidence) and exports the
// return package (.zip); the coordinator imports the package through the wizard (each file listed),
// previews a photo from the row's detail panel, returns the report with a comment, and exports
// April's workbook — whose locked 区里意见 column tells the unit why, read back with exceljs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveName, launchBrowser, openApp, screenshot } from './browser.ts';
import { waitForCount, waitForGrid } from './grid-helpers.ts';
import { closeExportDialog, exportUnitWorkbook } from './export-helpers.ts';

const SHOTS = 'test-output/screenshots';
const UNIT = '永乐店镇';
const FILES = ['现场照片1.jpg', '现场照片2.jpg', '整改记录.pdf'].map((n) =>
  join('test/fixtures/evidence', n),
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function startAs(page: Page, name: string): Promise<void> {
  await giveName(page, name);
  await waitForGrid(page);
}

async function exportWorkbook(page: Page, period: string, dir: string): Promise<string> {
  const download = await exportUnitWorkbook(page, period, UNIT);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  await closeExportDialog(page);
  return path;
}

async function openRow(page: Page, taskId: string): Promise<void> {
  const link = page.locator(`tr[data-task-id="${taskId}"] td[data-col="label"] button`).first();
  await link.waitFor();
  await link.click();
  await page.getByTestId('detail-panel').waitFor();
}

describe('evidence and review', () => {
  it('a clerk attaches two photos and a PDF, the coordinator imports the package, previews, returns the report; April’s workbook says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-evidence-e2e-'));
    const district = await openApp(browser);
    const clerk = await openApp(browser);
    try {
      // --- The district sends March's workbook. ----------------------------------------------
      await startAs(district.page, '区里小王');
      const march = await exportWorkbook(district.page, '2021-03', dir);

      // --- The clerk opens it, fills 大气-02 and attaches the evidence. ------------------------
      const c = clerk.page;
      await startAs(c, '镇里小李');
      await c.getByTestId('nav-exchange').click();
      await c.getByTestId('tab-clerk').click();
      await c.getByTestId('clerk-open-input').setInputFiles(march);
      await c.getByTestId('clerk-open-confirm').click();
      await waitForGrid(c);
      await c.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      await openRow(c, 'air-02');
      await c.getByTestId('evidence-input').setInputFiles(FILES);
      await c.getByTestId('evidence-note').filter({ hasText: '已附上 3 个文件' }).waitFor();
      await waitForCount(c.getByTestId('evidence-item'), 3);
      expect(await c.getByTestId('evidence-name').allTextContents()).toEqual([
        '现场照片1.jpg',
        '现场照片2.jpg',
        '整改记录.pdf',
      ]);
      // The same photo again is not attached twice.
      await c.getByTestId('evidence-input').setInputFiles([FILES[0]!]);
      await c.getByTestId('evidence-note').filter({ hasText: '未重复添加' }).waitFor();
      await waitForCount(c.getByTestId('evidence-item'), 3);
      // The grid counts them.
      expect(
        (await c.locator('tr[data-task-id="air-02"] td[data-col="evidenceCount"]').textContent())?.trim(),
      ).toBe('📎3');
      await screenshot(c, `${SHOTS}/evidence-clerk.png`);

      // The return package.
      await c.getByTestId('nav-exchange').click();
      await c.getByTestId('tab-clerk').click();
      const [pkgDownload] = await Promise.all([
        c.waitForEvent('download'),
        c.getByTestId('clerk-export-package').click(),
      ]);
      expect(pkgDownload.suggestedFilename()).toBe('永乐店镇_2021年03月_回报.zip');
      const pkg = join(dir, pkgDownload.suggestedFilename());
      await pkgDownload.saveAs(pkg);
      const zip = await JSZip.loadAsync(readFileSync(pkg));
      expect(Object.keys(zip.files).sort()).toEqual(
        [
          'manifest.json',
          '永乐店镇_2021年03月_进展填报.xlsx',
          '佐证材料/大气-02/整改记录.pdf',
          '佐证材料/大气-02/现场照片1.jpg',
          '佐证材料/大气-02/现场照片2.jpg',
        ].sort(),
      );

      // --- The district imports the package. -------------------------------------------------
      const d = district.page;
      await d.getByTestId('nav-exchange').click();
      await d.getByTestId('tab-import').click();
      await d.getByTestId('import-file-input').setInputFiles(pkg);
      const card = d.getByTestId('import-file');
      // (While the file is being checked the line says so; then it says what the import does.)
      await card.locator('[data-testid="import-file-evidence"]:not([aria-busy])').waitFor();
      expect(await card.getByTestId('import-file-evidence').locator('summary').textContent()).toContain(
        '佐证材料 3 个文件：将附上 3 个',
      );
      await d.getByTestId('import-next').click();
      await d.getByTestId('import-apply').click();
      await d.getByTestId('import-summary').waitFor();
      expect(await d.getByTestId('summary-row').first().textContent()).toContain('附上佐证材料 3 个文件');

      // --- Preview a photo from the row's detail panel, then return the report. ---------------
      await d.getByTestId('nav-ledger').click();
      await waitForGrid(d);
      await d.getByTestId('unit-picker').selectOption(UNIT);
      await d.getByTestId('period-picker').selectOption('2021-03');
      await d.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      expect(
        (await d.locator('tr[data-task-id="air-02"] td[data-col="evidenceCount"]').textContent())?.trim(),
      ).toBe('📎3');
      await openRow(d, 'air-02');
      await waitForCount(d.getByTestId('evidence-item'), 3);
      await d.getByTestId('evidence-preview').first().click();
      const image = d.getByTestId('evidence-image');
      await image.waitFor();
      // The photo is drawn: its real size is known to the page.
      const deadline = Date.now() + 5000;
      let width = 0;
      while (Date.now() < deadline && width === 0) {
        width = await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
        if (width === 0) await d.waitForTimeout(50);
      }
      expect(width).toBe(320);
      await screenshot(d, `${SHOTS}/evidence-preview.png`);
      await d.getByTestId('evidence-viewer').getByRole('button', { name: '关闭' }).click();
      await d.getByTestId('evidence-viewer').waitFor({ state: 'detached' });

      expect(await d.getByTestId('review-state').textContent()).toContain('待审核');
      await d.getByTestId('review-return').click();
      await d.getByRole('alert').filter({ hasText: '退回时请填写意见' }).waitFor();
      await d.getByTestId('review-comment').fill('照片看不清整改前后对比，请补充');
      await d.getByTestId('review-return').click();
      await d.getByTestId('review-state').filter({ hasText: '退回' }).waitFor();
      expect((await d.locator('tr[data-task-id="air-02"] td[data-col="review"]').textContent())?.trim()).toBe(
        '退回',
      );
      await screenshot(d, `${SHOTS}/evidence-returned.png`);

      // The grid filters by review state; the dashboard counts it, and its figure opens that filter.
      await d.getByTestId('filter-review').selectOption('退回');
      await waitForCount(d.getByTestId('task-row'), 1);
      await d.getByTestId('filter-review').selectOption('');
      await d.getByTestId('nav-dashboard').click();
      await d.getByTestId('dashboard-period').selectOption('2021-03');
      const unitRow = d.locator(`[data-testid="unit-row"][data-unit="${UNIT}"]`);
      await unitRow.getByTestId('unit-returned').filter({ hasText: /^1$/ }).waitFor();
      expect(Number(await unitRow.getByTestId('unit-unreviewed').textContent())).toBeGreaterThan(80);
      await unitRow.getByTestId('unit-returned').click();
      await waitForCount(d.getByTestId('task-row'), 1);
      expect(await d.locator('tr[data-task-id="air-02"]').count()).toBe(1);

      // --- April's workbook tells the unit. ---------------------------------------------------
      const april = await exportWorkbook(d, '2021-04', dir);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(april);
      const ws = wb.getWorksheet('填报')!;
      const header = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
      const opinionCol = header.indexOf('区里意见');
      expect(opinionCol).toBeGreaterThan(0);
      let found = '';
      ws.eachRow((row) => {
        if (String(row.getCell(1).value) === '大气-02') found = String(row.getCell(opinionCol).value);
      });
      expect(found).toBe('2021年3月报送已退回：照片看不清整改前后对比，请补充');
      expect(district.errors).toEqual([]);
      expect(clerk.errors).toEqual([]);
    } finally {
      await district.context.close();
      await clerk.context.close();
    }
  });
});
