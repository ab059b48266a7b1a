// The district's export dialog, as the e2e tests drive it: one unit's workbook of a month.
import type { Download, Page } from 'playwright-core';

/** 导入导出 → 导出填报工作簿 for `unit` and `period`: the download (the dialog stays open). */
export async function exportUnitWorkbook(page: Page, period: string, unit: string): Promise<Download> {
  await page.getByTestId('nav-exchange').click();
  await page.getByTestId('open-export').click();
  await page.getByTestId('export-period').selectOption(period);
  await page.getByTestId('export-unit').selectOption(unit);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-run').click(),
  ]);
  return download;
}

/** Close the export dialog and wait until it is gone. */
export async function closeExportDialog(page: Page): Promise<void> {
  await page.getByTestId('export-dialog').getByRole('button', { name: '关闭' }).click();
  await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
}
