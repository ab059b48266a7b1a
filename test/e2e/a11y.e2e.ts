// Every view through axe-core (WCAG 2.x A/AA rules, the machine-checkable part of GB/T 37668-2019):
// 台账 as coordinator and as a unit's clerk (cell selected, editor open, detail panel open), 计划任务,
// 导入导出 (each tab and the export dialog), 统计看板, 督查清单 and 设置, on a seeded ledger so tables and
// charts have content; then the screens added since, each reached by clicking: the import wizard with
// a town's own ledger (its file card and the mapping step), the district's master ledger as history
// (preview and result), the coordinator's detail panel with evidence, 审核 and 延期 (a request
// registered), the evidence preview of a photo, and 设置 → 公文. No serious or critical violation may
// remain; every finding (any impact) is written to test-output/axe/<view>.json for the record.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, describeFindings, isSevere, type AxeFinding } from './axe.ts';
import { giveName, launchBrowser } from './browser.ts';
import { cell, focusedTestId, waitForCount, waitForGrid } from './grid-helpers.ts';
import { openSeeded, seedLedger } from './seed-ledger.ts';

const OUT = 'test-output/axe';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function seeded() {
  const builder = seedLedger();
  const { edit, batch } = builder;
  const at = '2021-03-20T02:00:00Z';
  edit(
    '永乐店镇',
    'air-01',
    '2021-03',
    { status: '推进中', percent: 40, progress: '已部署' },
    at,
    'import:b1',
  );
  edit('永乐店镇', 'air-02', '2021-03', { status: '已完成', percent: 100 }, at, 'import:b1');
  batch('永乐店镇', '2021-03', at);
  edit('西集镇', 'air-02', '2021-03', { status: '推进中', percent: 30 }, '2021-03-28T06:00:00Z');
  return builder;
}

const results: Record<string, AxeFinding[]> = {};

/** Run axe on the page as it is, keep the findings under `name`, return the severe ones. */
async function check(page: Page, name: string): Promise<AxeFinding[]> {
  const findings = await axeFindings(page);
  results[name] = findings;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/${name}.json`, JSON.stringify(findings, null, 2));
  return findings.filter(isSevere);
}

/** Write the per-view summary of what every test so far found. */
function writeSummary(): void {
  mkdirSync(OUT, { recursive: true });
  const summary = Object.fromEntries(
    Object.entries(results).map(([view, f]) => [view, f.map((x) => `${x.impact} ${x.id} ×${x.nodes}`)]),
  );
  writeFileSync(`${OUT}/summary.json`, JSON.stringify(summary, null, 2));
}

/** Wait until nothing on the page is loading: no view kept dimmed with aria-busy, no 正在加载 placeholder
 * (polled from Node: the app's CSP forbids string eval). */
async function settled(page: Page, timeoutMs = 15_000): Promise<void> {
  const busy = page.locator('[aria-busy="true"], .loading');
  const deadline = Date.now() + timeoutMs;
  while ((await busy.count()) > 0) {
    if (Date.now() > deadline) throw new Error('the page is still loading');
    await new Promise((r) => setTimeout(r, 40));
  }
}

async function goto(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}

describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violation in any view', async () => {
    const { page, errors, close } = await openSeeded(browser, seeded(), '#/ledger');
    const severe: Record<string, AxeFinding[]> = {};
    const record = async (name: string) => {
      const s = await check(page, name);
      if (s.length) severe[name] = s;
    };
    try {
      await giveName(page, '李四');

      // 台账, coordinator: every row, a cell selected.
      await waitForGrid(page);
      await page.getByTestId('period-picker').selectOption('2021-03');
      await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      await cell(page, 0, 'status').click();
      await record('ledger-coordinator');

      // 计划任务
      await page.getByTestId('nav-plan').click();
      await page.getByTestId('plan-row').first().waitFor();
      await record('plan');

      // 导入导出: import tab, the export dialog, history, the clerk's tab.
      await page.getByTestId('nav-exchange').click();
      await page.getByTestId('import-wizard').waitFor();
      await record('exchange-import');
      await page.getByTestId('open-export').click();
      await page.getByTestId('export-dialog').waitFor();
      await page.getByTestId('export-scope-several').check();
      await record('exchange-export-dialog');
      await page.getByTestId('export-dialog').getByRole('button', { name: '关闭' }).click();
      await page.getByTestId('tab-history').click();
      await page.getByTestId('history-row').first().waitFor();
      await record('exchange-history');
      await page.getByTestId('tab-clerk').click();
      await page.getByTestId('clerk-panel').waitFor();
      await record('exchange-clerk');

      // 统计看板 (the task table unfolded too)
      await goto(page, '#/dashboard?period=2021-03');
      await page.getByTestId('plan-row-air').waitFor();
      await page.getByText('逐项查看').click();
      await page.locator('.dashboard-view:not([aria-busy])').waitFor();
      await record('dashboard');

      // 督查清单
      await goto(page, '#/checklist?period=2021-03&unit=永乐店镇');
      await page.getByTestId('checklist-block').first().waitFor();
      // Until the unit's evidence is read the sheet is dimmed and busy (a transient state, by
      // design of low contrast): axe checks the sheet a person reads.
      await page.locator('section.checklist-view:not([aria-busy])').waitFor();
      await record('checklist');

      // 设置 (coordinator: due day, group resolutions, backups)
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('resolution').first().locator('summary').click();
      await record('settings');

      // 台账 as 永乐店镇's clerk: the status list open, then the detail panel.
      await page.getByTestId('mode-unit').check();
      await page.getByTestId('settings-unit').selectOption('永乐店镇');
      await page.getByTestId('settings-save').click();
      await page.getByTestId('nav-ledger').click();
      await page.getByTestId('unit-locked').waitFor();
      await waitForGrid(page);
      await cell(page, 0, 'status').click();
      await page.keyboard.press('Alt+ArrowDown');
      await page.getByTestId('status-editor').waitFor();
      await record('ledger-clerk-editing');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('detail-panel').waitFor();
      await page.getByTestId('audit-item').first().waitFor();
      await record('ledger-clerk-detail');
    } finally {
      writeSummary();
      await close();
    }
    const report = Object.entries(severe)
      .map(([view, f]) => `${view}:\n${describeFindings(f)}`)
      .join('\n\n');
    expect(report).toBe('');
    expect(errors).toEqual([]);
  });

  it('finds no serious or critical violation in the screens added since (mapping, history, evidence, review, 公文)', async () => {
    const { page, errors, close } = await openSeeded(browser, seeded(), '#/ledger');
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-a11y-'));
    const fixture = (from: string, as: string) => {
      const path = join(dir, as);
      copyFileSync(from, path);
      return path;
    };
    const severe: Record<string, AxeFinding[]> = {};
    const record = async (name: string) => {
      await settled(page);
      const s = await check(page, name);
      if (s.length) severe[name] = s;
    };
    try {
      await giveName(page, '李四');
      await waitForGrid(page);

      // 导入导出 → 导入回收的工作簿 with a town's own ledger: its card, then the mapping step with
      // every row shown (the 更改 links) and the one row to confirm, then confirmed.
      await page.getByTestId('nav-exchange').click();
      await page
        .getByTestId('import-file-input')
        .setInputFiles(fixture('test/fixtures/foreign/town-ylz-2021-03.xlsx', '永乐店镇污染防治台账.xlsx'));
      const card = page.getByTestId('import-file');
      await card.getByTestId('import-file-foreign').waitFor();
      await record('exchange-import-foreign');
      await card.getByTestId('import-file-confirm').check();
      await page.getByTestId('import-next').click();
      const panel = page.getByTestId('mapping-panel');
      await panel.waitFor();
      await waitForCount(panel.getByTestId('mapping-row'), 1);
      const air = panel.locator('[data-testid="mapping-sheet"][data-sheet="大气"]');
      await air.getByTestId('mapping-show-all').check();
      await waitForCount(air.getByTestId('mapping-row'), 21);
      await record('exchange-mapping');
      await panel.locator('[data-testid="mapping-row"].xc-flag').getByTestId('mapping-row-confirm').click();
      await page.getByTestId('mapping-confirm').click();
      await page.getByTestId('mapping-confirmed').waitFor();
      await record('exchange-mapping-confirmed');

      // 导入区级总台账（历史）: the preview by month (conflicts with the seeded March), then the result.
      await page.getByTestId('tab-master').click();
      await page
        .getByTestId('history-file-input')
        .setInputFiles(fixture('test/fixtures/foreign/master-ledger-2021q1.xlsx', '区级总台账.xlsx'));
      await waitForCount(page.getByTestId('history-month'), 3);
      await page.getByTestId('history-conflicts').waitFor();
      await record('exchange-master-preview');
      await page.getByTestId('history-apply').click();
      await page.getByTestId('history-summary').waitFor();
      await record('exchange-master-done');

      // 台账 as coordinator: 永乐店镇's 大气-02 in March, its detail panel with 审核 and 延期 (a request
      // registered, so 批准/不批准 show) and three files attached.
      await page.getByTestId('nav-ledger').click();
      await waitForGrid(page);
      await page.getByTestId('unit-picker').selectOption('永乐店镇');
      await page.getByTestId('period-picker').selectOption('2021-03');
      await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      await settled(page);
      await page.locator('tr[data-task-id="air-02"] td[data-col="label"] button').first().click();
      const detail = page.getByTestId('detail-panel');
      await detail.waitFor();
      await detail.getByTestId('review-state').waitFor();
      await detail.getByTestId('audit-item').first().waitFor();
      await detail.getByTestId('extension-section').locator('summary').click();
      await detail.getByTestId('extension-until').fill('2022-03-31');
      await detail.getByTestId('extension-reason').fill('施工受冬季停工影响');
      await detail.getByTestId('extension-ask').click();
      await detail.getByTestId('extension-approve').waitFor();
      await detail
        .getByTestId('evidence-input')
        .setInputFiles([
          'test/fixtures/evidence/现场照片1.jpg',
          'test/fixtures/evidence/围挡.png',
          'test/fixtures/evidence/整改记录.pdf',
        ]);
      await detail.getByTestId('evidence-note').filter({ hasText: '已附上 3 个文件' }).waitFor();
      await waitForCount(detail.locator('img.ev-thumb'), 2);
      await record('ledger-coordinator-detail');

      // The evidence preview of a photo, once the photo is drawn.
      await detail.getByTestId('evidence-preview').first().click();
      const image = page.getByTestId('evidence-image');
      await image.waitFor();
      const deadline = Date.now() + 5000;
      while (
        (await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) === 0
      ) {
        if (Date.now() > deadline) throw new Error('the photo was not drawn');
        await page.waitForTimeout(50);
      }
      await record('evidence-preview');
      await page.getByTestId('evidence-viewer').getByRole('button', { name: '关闭' }).click();
      await page.getByTestId('evidence-viewer').waitFor({ state: 'detached' });

      // The report returned (first without the comment it needs), the extension approved.
      await detail.getByTestId('review-return').click();
      await detail.getByRole('alert').filter({ hasText: '退回时请填写意见' }).waitFor();
      await detail.getByTestId('review-comment').fill('照片看不清整改前后对比，请补充');
      await detail.getByTestId('review-return').click();
      await detail.getByTestId('review-state').filter({ hasText: '退回' }).waitFor();
      await detail.getByTestId('extension-approve').click();
      await detail.getByTestId('extension-current').filter({ hasText: '已批准' }).waitFor();
      await record('ledger-coordinator-reviewed');

      // 设置 → 公文: the 催报通知 template, the placeholder reference open, a template error shown.
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('doc-issuer-mark').waitFor();
      await page.getByTestId('doc-template-cuibao').click();
      await page.getByText('可用的占位符和表格、图').click();
      await page.getByTestId('doc-template-body').fill('截至{月末}，{完成率了}。');
      await page.getByTestId('doc-issues').waitFor();
      await record('settings-documents');
    } finally {
      writeSummary();
      await close();
    }
    const report = Object.entries(severe)
      .map(([view, f]) => `${view}:\n${describeFindings(f)}`)
      .join('\n\n');
    expect(report).toBe('');
    expect(errors).toEqual([]);
  });

  it('the progress grid follows the ARIA grid pattern and lets the keyboard out', async () => {
    const { page, errors, close } = await openSeeded(browser, seeded(), '#/ledger');
    try {
      await waitForGrid(page);
      const grid = page.getByRole('grid');
      expect(await grid.getAttribute('aria-rowcount')).toBe(String(2498 + 1));
      expect(Number(await grid.getAttribute('aria-colcount'))).toBe(
        await page.locator('thead th[role="columnheader"]').count(),
      );
      // aria-selected only where a role allows it: every body cell is a gridcell with a column index.
      expect(await page.locator('td:not([role="gridcell"])').count()).toBe(0);
      expect(await page.locator('[aria-selected]:not([role="gridcell"]):not(option)').count()).toBe(0);
      expect(await page.locator('td[role="gridcell"]:not([aria-colindex])').count()).toBe(0);
      expect(await page.locator('tr[data-index="3"]').getAttribute('aria-rowindex')).toBe('5');

      // The focused proxy names the active cell; moving the cursor moves it.
      await cell(page, 0, 'status').click();
      const proxy = page.getByTestId('cell-proxy');
      const active = async () => {
        const id = await proxy.getAttribute('aria-activedescendant');
        const td = page.locator(`[id="${id}"]`);
        return {
          role: await td.getAttribute('role'),
          col: await td.getAttribute('data-col'),
          row: await td.locator('xpath=..').getAttribute('aria-rowindex'),
          selected: await td.getAttribute('aria-selected'),
        };
      };
      expect(await active()).toEqual({ role: 'gridcell', col: 'status', row: '2', selected: 'true' });
      await page.keyboard.press('ArrowDown');
      expect(await active()).toEqual({ role: 'gridcell', col: 'status', row: '3', selected: 'true' });
      expect(await page.locator('td[aria-selected="true"]').count()).toBe(1);

      // ArrowUp from the first row reaches the header: Enter sorts, ArrowDown comes back.
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('完成状态');
      await page.keyboard.press('Enter');
      await page.locator('th[data-col="status"][aria-sort="ascending"]').waitFor();
      await page.keyboard.press('ArrowDown');
      expect(await focusedTestId(page)).toBe('cell-proxy');

      // Tab moves between cells, so Esc is the way out: to the search field above the grid.
      await page.keyboard.press('Escape');
      expect(await focusedTestId(page)).toBe('filter-text');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('tabs follow the ARIA tab pattern: one Tab stop, arrows move and select, the panel names its tab', async () => {
    const { page, errors, close } = await openSeeded(browser, seeded(), '#/exchange');
    try {
      const tabs = page.getByRole('tablist', { name: '导入导出' }).getByRole('tab');
      await tabs.first().waitFor();
      expect(await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')))).toEqual([
        '0',
        '-1',
        '-1',
        '-1',
      ]);
      await page.getByTestId('tab-import').focus();
      await page.keyboard.press('ArrowRight');
      expect(await focusedTestId(page)).toBe('tab-master');
      expect(await page.getByTestId('tab-master').getAttribute('aria-selected')).toBe('true');
      const panel = page.getByRole('tabpanel');
      expect(await panel.getAttribute('aria-labelledby')).toBe(
        await page.getByTestId('tab-master').getAttribute('id'),
      );
      await page.keyboard.press('End');
      expect(await focusedTestId(page)).toBe('tab-clerk');
      await page.keyboard.press('ArrowRight'); // wraps round
      expect(await focusedTestId(page)).toBe('tab-import');
      await page.keyboard.press('ArrowLeft');
      expect(await focusedTestId(page)).toBe('tab-clerk');
      expect(await page.getByTestId('tab-clerk').getAttribute('aria-selected')).toBe('true');
      // Tab leaves the tab list for the panel: the other tabs are not Tab stops.
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.getAttribute("role")')).not.toBe('tab');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
