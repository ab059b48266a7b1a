// The coordinator's grid against the production build: every task × unit row of the period, the
// right texts in the right columns, virtualised rows, search, sorting, hidden columns and widths
// remembered across a reload, a vague group resolved in 设置 adding its row, and seeding idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { giveName, launchBrowser, openApp, screenshot } from './browser.ts';
import { cell, cellText, waitForGrid } from './grid-helpers.ts';

/** Task × unit assignments of the seeded plan (shared/assignments.ts allAssignments). */
const ROWS = 2498;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function rowCount(page: Page): Promise<string> {
  return (await page.getByTestId('row-count').textContent()) ?? '';
}

async function rowTexts(page: Page, rowIndex: number): Promise<Record<string, string>> {
  const cells = page.locator(`tr[data-index="${rowIndex}"] td[data-col]`);
  const out: Record<string, string> = {};
  for (let i = 0; i < (await cells.count()); i++) {
    const td = cells.nth(i);
    out[(await td.getAttribute('data-col')) ?? ''] = ((await td.textContent()) ?? '').trim();
  }
  return out;
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('filter-text').fill(text);
  await page.getByTestId('row-count').filter({ hasText: '筛选出' }).waitFor();
}

type FullLayout = { visibility: Record<string, boolean>; widths: Record<string, number> };

/** Poll the settings table until the saved 完整视图 layout satisfies `ok` (it is saved debounced). */
async function waitForSavedLayout(page: Page, ok: (layout: FullLayout) => boolean): Promise<void> {
  const read = `new Promise((resolve, reject) => {
    const open = indexedDB.open('taizhang');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('settings').objectStore('settings').get('gridLayout');
      get.onsuccess = () => { db.close(); resolve(get.result ? get.result.value : null); };
      get.onerror = () => { db.close(); reject(get.error); };
    };
  })`;
  for (let i = 0; i < 100; i++) {
    const layout = await page.evaluate<{ full: FullLayout } | null>(read);
    if (layout && ok(layout.full)) return;
    await page.waitForTimeout(50);
  }
  throw new Error('grid layout was not saved');
}

describe('coordinator grid', () => {
  it('shows every task × unit row, searches, sorts, remembers the layout and resolves groups', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      await waitForGrid(page);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('.app-name').textContent()).toBe('台账');
      expect(await page.getByTestId('plan-title').textContent()).toBe(
        '通州区深入打好污染防治攻坚战2021年行动计划',
      );
      expect(await page.locator('.main-nav button').allTextContents()).toEqual([
        '台账',
        '计划任务',
        '导入导出',
        '统计看板',
        '督查清单',
        '设置',
      ]);
      expect(await rowCount(page)).toContain(`共 ${ROWS} 行`);
      const headers = (await page.locator('thead th').allTextContents()).map((h) => h.trim());
      expect(headers).toEqual([
        '编号',
        '类别',
        '重点任务',
        '工作措施',
        '完成时限',
        '期限状态',
        '单位',
        '角色',
        '完成状态',
        '完成比例(%)',
        '工作进展',
        '存在问题',
        '下步计划',
        '佐证材料',
        '附件',
        '填报人',
        '联系电话',
        '填报日期',
        '序时',
        '审核',
      ]);
      // Virtualised: far fewer rows in the DOM than in the grid.
      expect(await page.getByTestId('task-row').count()).toBeLessThan(60);

      // Free-text search over Chinese text, and a task label.
      await search(page, '大气-04');
      const air04 = await rowTexts(page, 0);
      expect(air04).toMatchObject({ label: '大气-04', keyTask: '积极推广新能源汽车', deadline: '年底前' });
      const lead = page.locator('tr[data-task-id="air-04"][data-unit="区城市管理委"] td[data-col="role"]');
      expect(await lead.textContent()).toBe('主责');
      expect(
        await cell(page, 0, 'keyTask').locator('.inherited').count(),
        'inherited key task is marked',
      ).toBe(1);
      await search(page, '水-43');
      const water43 = await rowTexts(page, 0);
      expect(water43.deadline).toBe('长期实施');
      expect(water43.deadlineState).toBe('长期任务');
      expect(water43.category).toContain('四、水生态修复');
      await search(page, '建立农田灌溉用水管理机制');
      expect(await cellText(page, 0, 'label')).toBe('土壤-05');
      await page.getByTestId('filter-text').fill('');
      await page
        .getByTestId('row-count')
        .filter({ hasText: `共 ${ROWS} 行` })
        .waitFor();

      // Sorting by a header click: 编号 ascending, then descending.
      const labelHead = page.locator('th[data-col="label"] .sort-button');
      await labelHead.click();
      expect(await page.locator('th[data-col="label"]').getAttribute('aria-sort')).toBe('ascending');
      await labelHead.click();
      expect(await page.locator('th[data-col="label"]').getAttribute('aria-sort')).toBe('descending');
      expect(await cellText(page, 0, 'label')).toBe('土壤-35');
      await labelHead.click();

      // Hide 工作措施, widen 重点任务: both remembered after a reload.
      await page.locator('.column-menu summary').click();
      await page.locator('.column-menu-body label', { hasText: '工作措施' }).locator('input').uncheck();
      await page.locator('.column-menu summary').click();
      expect(await page.locator('th[data-col="measures"]').count()).toBe(0);
      const resizer = page.locator('th[data-col="keyTask"] .col-resizer');
      const box = await resizer.boundingBox();
      if (!box) throw new Error('no resizer');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 4 });
      await page.mouse.up();
      const widened = (await page.locator('th[data-col="keyTask"]').boundingBox())?.width ?? 0;
      expect(widened).toBeGreaterThan(200);
      await screenshot(page, 'test-output/screenshots/grid.png');
      await waitForSavedLayout(
        page,
        (layout) => layout.visibility.measures === false && 'keyTask' in layout.widths,
      );

      // Reload: same database, seeding must not duplicate anything; the layout is back.
      await page.reload();
      await waitForGrid(page);
      expect(await rowCount(page)).toContain(`共 ${ROWS} 行`);
      expect(await page.locator('th[data-col="measures"]').count()).toBe(0);
      expect(Math.round((await page.locator('th[data-col="keyTask"]').boundingBox())?.width ?? 0)).toBe(
        Math.round(widened),
      );
      expect(await page.evaluate('navigator.storage.persisted()')).toBeTypeOf('boolean');

      // 设置: resolve air-09's vague group 车辆购置更新使用相关单位 to 通州公路分局 → one more row.
      await giveName(page, '李四');
      await page.getByTestId('nav-settings').click();
      const item = page.getByTestId('resolution').first();
      await item.locator('summary').click();
      expect(await item.locator('summary').textContent()).toContain('车辆购置更新使用相关单位');
      await item.locator('label', { hasText: '通州公路分局' }).locator('input').check();
      await item.getByRole('button', { name: '保存指定' }).click();
      await item.locator('summary', { hasText: '→ 通州公路分局' }).waitFor();
      await screenshot(page, 'test-output/screenshots/settings.png');
      await page.getByTestId('nav-ledger').click();
      await page
        .getByTestId('row-count')
        .filter({ hasText: `共 ${ROWS + 1} 行` })
        .waitFor();
      await page.getByTestId('unit-picker').selectOption('通州公路分局');
      await page.getByTestId('row-count').filter({ hasText: '共' }).waitFor();
      const labels = await page.locator('td[data-col="label"]').allTextContents();
      expect(labels).toContain('大气-09');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a 编号 link pressed on one row and released once another row shows there opens nothing', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      await giveName(page, '李四');
      await waitForGrid(page);
      // Rows are reused by place: pick a unit while the link is held, and another row takes its place.
      const first = await page.locator('tr[data-index="0"]').getAttribute('data-unit');
      const other = first === '西集镇' ? '永乐店镇' : '西集镇';
      const link = cell(page, 0, 'label').getByRole('button');
      const box = (await link.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.getByTestId('unit-picker').selectOption(other);
      await page.locator(`tr[data-index="0"][data-unit="${other}"]`).waitFor();
      await page.mouse.up();
      await page.waitForTimeout(300);
      expect(await page.getByTestId('detail-panel').count()).toBe(0);
      // Clicked as usual, the same link opens the row it shows.
      await link.click();
      await page.getByTestId('detail-panel').waitFor();
      expect(await page.getByTestId('detail-panel').textContent()).toContain(other);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the cursor on the same task × unit when an edit re-sorts the rows', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      await giveName(page, '李四');
      await waitForGrid(page);
      await page.getByTestId('period-picker').selectOption('2021-03');
      await page.getByTestId('unit-picker').selectOption('永乐店镇');
      await page.getByTestId('row-count').filter({ hasText: '共 91 行' }).waitFor();
      const taskAt = (i: number) => page.locator(`tr[data-index="${i}"]`).getAttribute('data-task-id');
      const selected = async () => {
        const td = page.locator('td.cell-selected');
        const tr = td.locator('xpath=..');
        return { task: await tr.getAttribute('data-task-id'), col: await td.getAttribute('data-col') };
      };
      const typeStatus = async (i: number, text: string) => {
        await cell(page, i, 'status').click();
        await page.keyboard.type(text);
        await page.keyboard.press('Enter');
      };
      // Two rows in progress, then sort by 完成状态: they come first (empty statuses last).
      const [x0, x1] = [await taskAt(0), await taskAt(1)];
      await typeStatus(0, '推进中');
      await typeStatus(1, '推进中');
      await page.locator('th[data-col="status"] .sort-button').click();
      await page.locator('th[data-col="status"][aria-sort="ascending"]').waitFor();
      expect([await taskAt(0), await taskAt(1)]).toEqual([x0, x1]);
      // Finish the first one: Enter commits and moves down to x1; the edit then re-sorts x0 below
      // x1 (已完成 sorts after 推进中) — the cursor must stay on x1, not on the row now at index 1.
      await typeStatus(0, '已完成');
      await page.locator(`tr[data-index="1"][data-task-id="${x0}"]`).waitFor();
      expect(await taskAt(0)).toBe(x1);
      expect(await selected()).toEqual({ task: x1, col: 'status' });
      expect(await cellText(page, 1, 'status')).toBe('已完成');
      // F2 edits x1's status, where the cursor is.
      await page.keyboard.press('F2');
      await page.getByTestId('status-editor').waitFor();
      expect(await selected()).toEqual({ task: x1, col: 'status' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
