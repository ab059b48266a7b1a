// The plan import in the app (production build, real Chromium): the coordinator loads the synthetic
// 2022 plan's Word document; the preview lists every task with its source row and the unit names
// the registry lacks; nothing can be imported until each is decided; after the import the plan
// picker switches every view between 2021 and 2022.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser.ts';
import { axeFindings, describeFindings, isSevere } from './axe.ts';
import { planDocx } from '../support/plan-docx.ts';
import { PLAN_2022 } from '../support/plan-2022.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Poll from Node (the CSP forbids string functions in the page). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeout = 20_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function decide(page: Page, name: string, action: 'map' | 'alias' | 'add', to?: string): Promise<void> {
  await page.getByLabel(`“${name}”的处理方式`).selectOption(action);
  if (to) await page.getByLabel(`“${name}”对应的单位`).selectOption(to);
}

describe('plan import', () => {
  it('previews every task with its source row, asks for the unknown units, imports, and the picker switches plans', async () => {
    const { page, errors, context } = await openApp(browser);
    try {
      await page.getByTestId('nav-plan').click();
      await page.getByTestId('plan-row').first().waitFor({ state: 'visible', timeout: 20_000 });
      await page.getByTestId('plan-import-open').click();
      const bytes = Buffer.from(await planDocx(PLAN_2022));
      await page.getByTestId('plan-import-file').setInputFiles({
        name: '通州区2022年行动计划.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: bytes,
      });
      const tasks = page.getByTestId('plan-import-task');
      await until(
        () => tasks.count(),
        (n) => n > 0,
      );
      const count = await tasks.count();
      expect(await page.getByTestId('plan-import-summary').textContent()).toContain(`${count} 项任务`);
      // Each task with its source row.
      const first = await tasks.first().locator('td').first().textContent();
      expect(first).toMatch(/表 ?\d+ ?第 ?\d+ ?行/);
      // The unknown unit names, and the import held back until they are decided.
      const units = page.getByTestId('plan-import-unit');
      expect(await units.count()).toBe(4);
      expect(await page.getByTestId('plan-import-units').textContent()).toContain('区数据局');
      expect(await page.getByTestId('plan-import-apply').isDisabled()).toBe(true);
      expect(await page.getByTestId('plan-import-refusal').textContent()).toContain('4 个单位名称不在名录中');
      // The deadline no rule reads is shown as unknown.
      expect(await page.getByTestId('plan-import-tasks').textContent()).toContain('根据上级部署（时限不明）');
      await screenshot(page, 'test-output/plan-import/preview.png');
      // GB/T 37668 via axe-core: no serious or critical finding on the preview.
      const severe = (await axeFindings(page)).filter(isSevere);
      expect(severe, describeFindings(severe)).toEqual([]);

      await decide(page, '区数据局', 'add');
      await decide(page, '区城市更新办', 'add');
      await decide(page, '区河长办', 'alias', '区水务局');
      await decide(page, '宋庄镇政府', 'map', '宋庄镇');
      await until(
        () => page.getByTestId('plan-import-refusal').textContent(),
        (t) => t === '可以导入。',
      );
      await page.locator('[data-testid="plan-import-preview"]:not([aria-busy])').waitFor();
      await page.getByTestId('plan-import-apply').click();
      await page.getByTestId('plan-import-done').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('plan-import-done').textContent()).toContain('接续上年 5 项');

      // The picker now lists both plans and shows 2022; every view follows it.
      const picker = page.getByTestId('plan-picker');
      await picker.waitFor();
      expect(await picker.locator('option').allTextContents()).toEqual([
        expect.stringContaining('2021年'),
        expect.stringContaining('2022年'),
      ]);
      await page.getByRole('button', { name: '关闭' }).click();
      await until(
        () => page.getByTestId('plan-count').textContent(),
        (t) => (t ?? '').includes(`${count} 项`),
      );
      // 台账 on 2022: a continued task's detail names the 2021 task it continues.
      await page.getByTestId('nav-ledger').click();
      await page.locator('tr[data-task-id="tongzhou-2022.air-01"]').first().waitFor({ timeout: 20_000 });
      await page
        .locator('tr[data-task-id="tongzhou-2022.air-01"] td[data-col="label"] button')
        .first()
        .click();
      await page.getByTestId('detail-panel').waitFor();
      expect(await page.getByTestId('detail-continued').textContent()).toContain('大气-01');
      // …and the grid shows last year's final state beside this year's, in its own column.
      expect(
        await page
          .locator('tr[data-task-id="tongzhou-2022.air-01"] td[data-col="lastYear"]')
          .first()
          .textContent(),
      ).toContain('大气-01');
      const withPicker = (await axeFindings(page)).filter(isSevere);
      expect(withPicker, describeFindings(withPicker)).toEqual([]);
      await page.getByRole('button', { name: '关闭详情' }).click();
      await page.getByTestId('nav-plan').click();

      // A corrected reissue of 2022: the changed deadline shown old → new, then written.
      await page.getByTestId('plan-reissue-open').click();
      const fixed = JSON.parse(
        JSON.stringify(PLAN_2022).replace('2022年6月底前', '2022年7月底前'),
      ) as typeof PLAN_2022;
      await page.getByTestId('plan-reissue-file').setInputFiles({
        name: '修订版.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: Buffer.from(await planDocx(fixed)),
      });
      await page.getByTestId('plan-reissue-changes').waitFor({ timeout: 20_000 });
      const changes = (await page.getByTestId('plan-reissue-changes').textContent()) ?? '';
      expect(changes).toContain('2022年6月底前');
      expect(changes).toContain('2022年7月底前');
      await page.getByTestId('plan-reissue-apply').click();
      await page.getByText('已导入修订版：改动 1 处').waitFor({ timeout: 20_000 });
      expect((await picker.locator('option').allTextContents()).some((o) => o.includes('第2版'))).toBe(true);
      await page.getByRole('button', { name: '关闭' }).click();
      await picker.selectOption('tongzhou-2021');
      await until(
        () => page.getByTestId('plan-count').textContent(),
        (t) => (t ?? '').includes('134'),
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
