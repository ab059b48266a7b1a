// The 计划任务 view against the production build: all 134 tasks of the plan reachable in the
// virtualised grid, the right texts in the right columns, search, and seeding idempotent across a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser.ts';

const TOTAL = 134;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPlan(page: Page): Promise<void> {
  await page.getByTestId('nav-plan').click();
  await page.getByTestId('plan-row').first().waitFor({ state: 'visible', timeout: 20_000 });
}

async function countText(page: Page): Promise<string> {
  return (await page.getByTestId('plan-count').textContent()) ?? '';
}

/** Scroll the virtualised grid top to bottom, collecting every rendered row's task id. */
async function collectTaskIds(page: Page): Promise<string[]> {
  const grid = page.getByTestId('plan-grid');
  await grid.evaluate((el) => el.scrollTo(0, 0));
  const seen = new Set<string>();
  for (let step = 0; step < 500; step++) {
    const { ids, atEnd } = await grid.evaluate(async (el) => {
      await new Promise((r) => setTimeout(r, 50));
      const ids = [...el.querySelectorAll('[data-task-id]')].map((r) => r.getAttribute('data-task-id') ?? '');
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      el.scrollBy(0, el.clientHeight * 0.8);
      return { ids, atEnd };
    });
    ids.forEach((id) => seen.add(id));
    if (atEnd) break;
  }
  return [...seen];
}

/** Scroll until the row for `taskId` is rendered, then return its cells' text by column id. */
async function rowTexts(page: Page, taskId: string): Promise<Record<string, string>> {
  const texts = await page.getByTestId('plan-grid').evaluate(async (el, id) => {
    const frame = () => new Promise((r) => setTimeout(r, 50));
    el.scrollTo(0, 0);
    for (let step = 0; step < 500; step++) {
      await frame();
      const row = el.querySelector(`[data-testid="plan-row"][data-task-id="${id}"]`);
      if (row) {
        return Object.fromEntries(
          [...row.querySelectorAll('td[data-col]')].map((td) => [
            td.getAttribute('data-col') ?? '',
            td.textContent ?? '',
          ]),
        );
      }
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return null;
      el.scrollBy(0, el.clientHeight * 0.8);
    }
    return null;
  }, taskId);
  if (!texts) throw new Error(`row ${taskId} never rendered`);
  return texts;
}

describe('plan view', () => {
  it('shows all 134 tasks with the right texts, and survives a reload without duplicating', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      await openPlan(page);
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/plan');
      expect(await countText(page)).toBe(`共 ${TOTAL} 项任务`);
      const headers = await page.getByTestId('plan-grid').locator('thead th').allTextContents();
      expect(headers).toEqual([
        '编号',
        '类别',
        '重点任务',
        '工作措施',
        '完成时限',
        '牵头领导',
        '主责单位',
        '协办单位',
      ]);

      // Virtualised: far fewer rows in the DOM than tasks.
      expect(await page.getByTestId('plan-row').count()).toBeLessThan(TOTAL);
      await screenshot(page, 'test-output/screenshots/plan.png');

      const ids = await collectTaskIds(page);
      expect(ids).toHaveLength(TOTAL);
      expect(ids.filter((id) => id.startsWith('air-'))).toHaveLength(56);
      expect(ids.filter((id) => id.startsWith('water-'))).toHaveLength(43);
      expect(ids.filter((id) => id.startsWith('soil-'))).toHaveLength(35);

      const air01 = await rowTexts(page, 'air-01');
      expect(air01).toMatchObject({
        label: '大气-01',
        keyTask: '目标任务',
        deadline: '年底前',
        leaders: '倪德才',
        leadUnits: '区生态环境局',
        coUnits: '全区各部门、各街道乡镇',
      });
      expect(air01.category).toContain('大气');
      expect(air01.category).toContain('一、空气质量目标');

      const air04 = await rowTexts(page, 'air-04');
      expect(air04).toMatchObject({
        label: '大气-04',
        keyTask: '积极推广新能源汽车',
        leadUnits: '区城市管理委、区发展改革委、区财政局',
        leaders: '阳波、倪德才',
      });
      expect(
        await page
          .locator('[data-testid="plan-row"][data-task-id="air-04"] td[data-col="keyTask"] .inherited')
          .count(),
        'inherited key task is marked',
      ).toBe(1);

      const water43 = await rowTexts(page, 'water-43');
      expect(water43.label).toBe('水-43');
      expect(water43.deadline?.replace(/\s/g, '')).toBe('长期实施');
      expect(water43.category).toContain('四、水生态修复');

      const soil05 = await rowTexts(page, 'soil-05');
      expect(soil05).toMatchObject({
        label: '土壤-05',
        keyTask: '严格农用地污染预防',
        leaders: '王岩石、倪德才',
        leadUnits: '区生态环境局、区水务局',
        coUnits: '各街道乡镇',
      });
      expect(soil05.measures).toContain('建立农田灌溉用水管理机制');
      await screenshot(page, 'test-output/screenshots/plan-scrolled.png');

      // Search over the Chinese text narrows the plan.
      await page.getByTestId('plan-search').fill('于家务');
      await page.getByTestId('plan-count').filter({ hasText: '筛选出' }).waitFor();
      expect(await countText(page)).toBe(`筛选出 1 / ${TOTAL} 项任务`);
      await page.getByTestId('plan-search').fill('');

      // Reload: same database, seeding must not duplicate anything.
      await page.reload();
      await page.getByTestId('plan-row').first().waitFor({ state: 'visible', timeout: 20_000 });
      expect(await countText(page)).toBe(`共 ${TOTAL} 项任务`);
      expect(await collectTaskIds(page)).toHaveLength(TOTAL);
      expect(await page.evaluate('navigator.storage.persisted()')).toBeTypeOf('boolean');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
