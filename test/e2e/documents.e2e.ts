// The official documents from the dashboard, against the hand-built October ledger
// (test/support/october-ledger.ts): each button gives its .docx as a download, with the dashboard's
// figures in it; the docx library is not loaded until the first click; what 设置 → 公文 saves (issuer,
// number, date, an edited template) is what the next document says, and a template with an unknown
// placeholder cannot be saved.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser.ts';
import { openSeeded, seedLedger } from './seed-ledger.ts';
import { octoberLedger } from '../support/october-ledger.ts';
import { paragraphs, readDocx, tables } from '../support/docx-read.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, testId: string, name: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  expect(file.suggestedFilename()).toBe(name);
  const path = `test-output/${name}`;
  await file.saveAs(path);
  return readDocx(new Uint8Array(readFileSync(path)));
}

/** Scripts the page has loaded whose text holds WordprocessingML (only the docx library does). */
function watchDocxLoads(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (r) => {
    if (!r.url().endsWith('.js')) return;
    void r
      .text()
      .then((t) => {
        if (t.includes('wordprocessingml/2006/main')) seen.push(r.url());
      })
      .catch(() => undefined);
  });
  return seen;
}

describe('official documents', () => {
  it('the dashboard’s three buttons each give a .docx with the dashboard’s figures; docx loads on the first click', async () => {
    const { page, errors, close } = await openSeeded(browser, octoberLedger(seedLedger()), '#/dashboard');
    try {
      const docxLoads = watchDocxLoads(page);
      await page.getByTestId('dashboard-period').selectOption('2021-10');
      expect(docxLoads).toEqual([]);
      // Clicked at once: while October loads, the default month (December) stays on screen, and
      // its buttons must wait for October rather than write December's 通报.
      const tongbao = await download(page, 'doc-tongbao', '通报-2021-10.docx');
      await page.locator('.dashboard-view:not([aria-busy])').getByTestId('plan-row-air').waitFor();
      expect(await page.getByTestId('total-done').textContent()).toBe('5');
      await page.getByTestId('doc-status').getByText('已生成通报：通报-2021-10.docx').waitFor();
      expect(docxLoads.length).toBeGreaterThan(0);
      const p = paragraphs(tongbao.document);
      expect(p.find((x) => x.style === 'GwTitle')?.text).toBe(
        '关于2021年10月污染防治\n攻坚战重点任务推进情况的通报',
      );
      const text = p.map((x) => x.text).join('\n');
      expect(text).toContain('已完成5项，推进中0项，滞后23项（其中逾期23项、欠进度0项），未启动2470项');
      expect(text).toContain('本期应报送单位54个，按时报送1个；逾期报送1个：西集镇；未报送52个');
      const towns = tables(tongbao.document).find((t) => t[0]?.[0] === '名次') as string[][];
      expect(towns.slice(1, 3).map((r) => r.slice(0, 5))).toEqual([
        ['1', '西集镇', '91', '3', '3.3%'],
        ['2', '永乐店镇', '91', '2', '2.2%'],
      ]);
      expect(tongbao.media.size).toBe(4);

      const cuibao = await download(page, 'doc-cuibao', '催报通知-2021-10.docx');
      const reminders = tables(cuibao.document)[0] as string[][];
      expect(reminders).toHaveLength(1 + 53);
      expect(reminders.find((r) => r[1] === '西集镇')?.slice(2)).toEqual([
        '逾期报送（10月28日）',
        '91',
        '88',
      ]);

      const annex = await download(page, 'doc-annex', '进展情况附件-2021-10.docx');
      expect(annex.document).toContain('w:orient="landscape"');
      expect(tables(annex.document).reduce((n, t) => n + t.length - 1, 0)).toBe(2498);
      await screenshot(page, 'test-output/screenshots/dashboard-documents.png');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('设置 → 公文: what is saved is what the next 通报 says; an unknown placeholder cannot be saved', async () => {
    const { page, errors, close } = await openSeeded(browser, octoberLedger(seedLedger()), '#/settings');
    try {
      await page.getByTestId('doc-issuer').fill('通州区生态环境局');
      await page.getByTestId('doc-number-tongbao').fill('7');
      await page.getByText('指定日期').click();
      await page.getByTestId('doc-issued-on').fill('2021-11-02');
      const body = page.getByTestId('doc-template-body');
      await body.fill('一、总体情况\n截至{月末}，完成率{完成率}，{完成率了}。');
      await page.getByTestId('doc-issues').getByText('正文中有未知的占位符：{完成率了}。').waitFor();
      expect(await page.getByTestId('doc-settings-save').isDisabled()).toBe(true);
      await body.fill('一、总体情况\n截至{月末}，已完成{已完成}项，完成率{完成率}。\n[[街道乡镇排名表]]');
      await page.getByTestId('doc-settings-save').click();
      await page.getByRole('status').getByText('已保存。').waitFor();
      await page.getByTestId('doc-issuer-mark').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await screenshot(page, 'test-output/screenshots/settings-documents.png');

      await page.evaluate((hash) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
      }, '#/dashboard?period=2021-10');
      await page.getByTestId('plan-row-air').waitFor();
      const doc = await download(page, 'doc-tongbao', '通报-2021-10.docx');
      const p = paragraphs(doc.document);
      expect(p.find((x) => x.style === 'GwDocNumber')?.text).toBe('通攻坚办〔2021〕7号');
      expect(p.map((x) => [x.style, x.text]).slice(4)).toEqual([
        ['GwHeading1', '一、总体情况'],
        ['GwBody', '截至2021年10月31日，已完成5项，完成率0.2%。'],
        ['GwCaption', '表1 街道乡镇推进情况排名'],
        ['GwAttachment', '附件：2021年10月各单位重点任务进展情况'],
        ['GwSignature', '通州区生态环境局'],
        ['GwDate', '2021年11月2日'],
      ]);
      expect(tables(doc.document)).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
