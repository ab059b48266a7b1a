// The inspection checklist (督查清单) for 永乐店镇, 2021年3月, printed to PDF by Chromium with the same
// footer template the Electron host passes to printToPDF; the PDF is checked with poppler:
// every task id of the unit, the document number and real Chinese text, and 第 X 页 / 共 N 页 on
// every page with N = pdfinfo's page count. The first page is rendered to PNG to be looked at.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { taskLabel } from '../../shared/model.ts';
import { tasksForUnit, UnitIndex } from '../../shared/registry.ts';
import { launchBrowser, platformFonts, screenshot } from './browser.ts';
import { openSeeded, seedLedger } from './seed-ledger.ts';
import { cell, waitForCount, waitForGrid } from './grid-helpers.ts';

const OUT = 'test-output';
const PDF = `${OUT}/checklist-永乐店镇-2021-03.pdf`;
const FOOTER =
  '<div style="font-size:9px;width:100%;text-align:center">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('inspection checklist', () => {
  it('prints 永乐店镇’s 91 tasks for 2021年3月 to a numbered A4 PDF with real Chinese text', async () => {
    const builder = seedLedger();
    const { edit, batch } = builder;
    edit(
      '永乐店镇',
      'air-02',
      '2021-03',
      { status: '推进中', percent: 30, progress: '已完成辖区燃煤锅炉排查，正在推进清洁能源替代。' },
      '2021-03-20T02:00:00Z',
      'import:b1',
    );
    batch('永乐店镇', '2021-03', '2021-03-20T02:00:00Z');
    const ledger = await builder.done();
    const ids = tasksForUnit(ledger.plan.tasks, new UnitIndex(ledger.units), '永乐店镇').map((t) =>
      taskLabel(t.task.id),
    );
    expect(ids).toHaveLength(91);

    const { page, errors, close } = await openSeeded(browser, ledger, '#/checklist');
    try {
      // Choose the unit and the period with the view's own pickers.
      await page.getByTestId('checklist-unit').selectOption('永乐店镇');
      await page.getByTestId('checklist-period').selectOption('2021-03');
      await waitForCount(page.locator('.checklist-view:not([aria-busy])').getByTestId('checklist-block'), 91);
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/checklist?period=2021-03&unit=永乐店镇');
      expect(await page.getByTestId('nav-checklist').getAttribute('aria-current')).toBe('page');
      const block = page.locator('[data-testid="checklist-block"][data-task-id="air-02"]');
      expect(await block.textContent()).toContain('已完成辖区燃煤锅炉排查');
      // The orientation toggle rewrites the @page rule.
      await page.getByTestId('checklist-landscape').check();
      expect(await page.locator('.checklist-print style').textContent()).toContain('size: A4 landscape');
      await page.getByTestId('checklist-portrait').check();
      expect(await page.locator('.checklist-print style').textContent()).toContain('size: A4 portrait');
      // Printed with the system's 宋体-style face for text and its 黑体-style face for labels (on
      // this Debian machine: Noto Serif / Sans CJK SC from the CSS stacks in renderer/styles/fonts.ts).
      await page.emulateMedia({ media: 'print' });
      expect(await platformFonts(page, '.cl-measures p')).toContain('Noto Serif CJK SC');
      expect(await platformFonts(page, '.cl-label')).toContain('Noto Sans CJK SC');
      await page.emulateMedia({ media: null });

      mkdirSync(`${OUT}/screenshots`, { recursive: true });
      await page.pdf({
        path: PDF,
        format: 'A4',
        displayHeaderFooter: true,
        headerTemplate: '<div></div>',
        footerTemplate: FOOTER,
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
        printBackground: true,
      });
      await screenshot(page, `${OUT}/screenshots/checklist-screen.png`);

      // A selection from the grid: `#/checklist?tasks=…` without a unit lists every unit's status.
      await page.evaluate("location.hash = '#/checklist?period=2021-03&tasks=air-03,air-02'");
      await waitForCount(page.getByTestId('checklist-block'), 2);
      const blocks = page.getByTestId('checklist-block');
      expect(await blocks.evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')))).toEqual([
        'air-02',
        'air-03',
      ]);
      expect(await blocks.first().textContent()).toContain('推进中（1）：永乐店镇');
      expect(await page.locator('.cl-meta').textContent()).toContain('范围：选定任务 2 项（共 2 项）');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    const text = execFileSync('pdftotext', ['-layout', PDF, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    const missing = ids.filter((id) => !text.includes(id));
    expect(missing, 'task ids missing from the PDF text').toEqual([]);
    expect(flat).toContain('通政发〔2021〕2号');
    expect(flat).toContain('永乐店镇');
    expect(flat).toContain('工作措施');
    expect(flat).toContain('2021年3月');
    expect(flat).toContain('检查日期');
    expect(flat).toContain('□已落实□部分落实□未落实');
    expect(flat).toContain('检查人：');
    expect(flat).toContain('已完成辖区燃煤锅炉排查');

    const info = execFileSync('pdfinfo', [PDF], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    const [w, h] = (/Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)/.exec(info) ?? []).slice(1).map(Number);
    expect(w, 'A4 portrait').toBeLessThan(h as number);
    const numbered = [...text.matchAll(/第\s*(\d+)\s*页\s*\/\s*共\s*(\d+)\s*页/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(numbered).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, pages]));
    // The repeated header: the plan title is on every page (title block on page 1, thead after).
    const perPage = text.split('\f').filter((p) => p.trim() !== '');
    expect(perPage).toHaveLength(pages);
    for (const p of perPage) expect(p.replace(/\s+/g, '')).toContain('通政发〔2021〕2号');

    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      PDF,
      `${OUT}/screenshots/checklist-p1`,
    ]);
  });

  it('opens from a block of rows selected in the grid', async () => {
    const ledger = await seedLedger().done();
    const { page, errors, close } = await openSeeded(
      browser,
      ledger,
      '#/ledger?period=2021-03&unit=永乐店镇',
    );
    try {
      await waitForGrid(page);
      await cell(page, 0, 'status').click();
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await page.getByTestId('grid-checklist').click();
      await page.locator('[data-testid="checklist-block"]').nth(2).waitFor();
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(
        '#/checklist?period=2021-03&unit=永乐店镇&tasks=air-01,air-02,air-19',
      );
      expect(await page.locator('[data-testid="checklist-block"]').count()).toBe(3);
      const ids = await page
        .locator('[data-testid="checklist-block"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')));
      expect(ids).toEqual(['air-01', 'air-02', 'air-19']);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
