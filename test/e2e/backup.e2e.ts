// Backup and restore in the browser host, end to end: edit a progress cell by keyboard, save a backup
// (captured download), change the cell, restore the backup through 设置 → 数据备份与恢复 (file input),
// read the confirmation (it names what will be lost), confirm, get the replaced data offered for
// download, and find the old value back in the grid. A corrupt or foreign file shows the Chinese
// message from restoreLedger and changes nothing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readLedgerFile } from '../../cli/ledger-file-store.ts';
import { writeLedger } from '../../shared/ledger-file.ts';
import { ledgerBuilder } from '../support/ledger-builder.ts';
import { axeFindings, describeFindings, isSevere } from './axe.ts';
import { giveName, launchBrowser, openApp, screenshot } from './browser.ts';
import { cell, expectCellText, waitForGrid } from './grid-helpers.ts';

const OUT = 'test-output/e2e-backup';
const SHOTS = 'test-output/screenshots';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Click a progress cell, type a replacement and commit with Enter. */
async function typeInto(page: Page, row: number, col: string, text: string): Promise<void> {
  await cell(page, row, col).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expectCellText(page, row, col, text);
}

async function openBackupPanel(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('backup-panel').waitFor();
}

async function backToGrid(page: Page): Promise<void> {
  await page.getByTestId('nav-ledger').click();
  await waitForGrid(page);
}

describe('backup and restore (browser host)', () => {
  it('restores a saved backup after a confirmation that names what will be lost', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      await giveName(page, '王五');
      await waitForGrid(page);
      await page.getByTestId('period-picker').selectOption('2021-03');
      await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();

      // 1. An edit through the grid, by keyboard.
      await typeInto(page, 0, 'progress', '备份前的进展');

      // 2. Save a backup: a download named 台账备份_YYYYMMDD_HHmm.taizhang holding the ledger (a
      //    container the CLI reads too).
      await openBackupPanel(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('backup-save').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^台账备份_\d{8}_\d{4}\.taizhang$/);
      const backupPath = join(OUT, 'backup.taizhang');
      await download.saveAs(backupPath);
      const { ledger: saved, encoding } = await readLedgerFile(backupPath);
      expect(encoding).toBe('container');
      expect(saved.format).toBe('taizhang-ledger');
      expect(saved.reports).toHaveLength(1);
      expect(saved.reports[0]).toMatchObject({
        period: '2021-03',
        progress: '备份前的进展',
        updatedBy: '王五',
      });
      expect(saved.audit).toHaveLength(1);
      await page.getByTestId('backup-status').filter({ hasText: '备份已下载' }).waitFor();

      // 3. Change the value, and add one more report in another month.
      await backToGrid(page);
      await typeInto(page, 0, 'progress', '备份后的修改');
      await page.getByTestId('period-picker').selectOption('2021-04');
      await page.getByTestId('row-count').filter({ hasText: '2021年4月' }).waitFor();
      await typeInto(page, 1, 'problems', '四月的问题');

      // 4. Restore the backup: the confirmation says what will be lost.
      await openBackupPanel(page);
      await page.getByTestId('backup-restore-input').setInputFiles(backupPath);
      const dialog = page.getByTestId('restore-dialog');
      await dialog.waitFor();
      expect(await dialog.getAttribute('role')).toBe('dialog');
      const loss = (await page.getByTestId('restore-loss').locator('li').allTextContents()).map((t) =>
        t.trim(),
      );
      expect(loss[0]).toBe(
        '恢复后将丢失：1 条备份中没有的填报记录；1 条填报记录的当前内容（将改回备份中的内容）；2 条修改记录。',
      );
      expect(loss[1]).toBe('备份中没有以下月份的填报：2021年4月。');
      expect(loss[2]).toBe(
        '当前数据：填报记录 2 条，修改记录 3 条，导入批次 0 个；月份：2021年3月—2021年4月。',
      );
      expect(loss[3]).toMatch(
        /^备份数据（保存于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d）：填报记录 1 条，修改记录 1 条，导入批次 0 个；月份：2021年3月。$/,
      );
      expect(await dialog.textContent()).toContain('backup.taizhang');
      await screenshot(page, `${SHOTS}/backup-restore-confirm.png`);
      // The confirmation dialog passes axe-core too.
      expect(describeFindings((await axeFindings(page)).filter(isSevere))).toBe('');

      // Cancel first: nothing changes.
      await page.getByTestId('restore-cancel').click();
      await dialog.waitFor({ state: 'detached' });

      // Again, and confirm.
      await page.getByTestId('backup-restore-input').setInputFiles(backupPath);
      await dialog.waitFor();
      await page.getByTestId('restore-confirm').click();
      const done = page.getByTestId('restore-done');
      await done.waitFor();
      expect(await done.textContent()).toContain('填报记录 1 条，修改记录 1 条，导入批次 0 个');
      expect(await done.textContent()).toContain('恢复前的数据已保存在本机浏览器中');

      // The replaced data is offered for download, and holds the values that were replaced.
      const [safety] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('restore-download-safety').click(),
      ]);
      expect(safety.suggestedFilename()).toMatch(/^恢复前_台账备份_\d{8}_\d{4}\.taizhang$/);
      const safetyPath = join(OUT, 'safety.taizhang');
      await safety.saveAs(safetyPath);
      const { ledger: replaced } = await readLedgerFile(safetyPath);
      expect(replaced.reports.map((r) => r.progress)).toContain('备份后的修改');
      expect(replaced.audit).toHaveLength(3);
      await page.getByTestId('restore-close').click();
      await done.waitFor({ state: 'detached' });
      // 设置 lists the kept copy of the replaced data.
      await page.getByTestId('auto-backups').waitFor();
      expect(
        await page
          .getByTestId('auto-backup-row')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))),
      ).toEqual(['restore']);

      // 5. The old value is back in the grid, April's edit is gone.
      await backToGrid(page);
      await page.getByTestId('period-picker').selectOption('2021-03');
      await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      await expectCellText(page, 0, 'progress', '备份前的进展');
      await page.getByTestId('period-picker').selectOption('2021-04');
      await page.getByTestId('row-count').filter({ hasText: '2021年4月' }).waitFor();
      await expectCellText(page, 1, 'problems', '');
      // The user (not ledger data) is kept.
      expect(await page.getByTestId('user-name').textContent()).toBe('填报人：王五');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses a corrupt or foreign file with the Chinese message and changes nothing', async () => {
    const { context, page, errors } = await openApp(browser);
    try {
      await giveName(page, '王五');
      await waitForGrid(page);
      await page.getByTestId('period-picker').selectOption('2021-03');
      await page.getByTestId('row-count').filter({ hasText: '2021年3月' }).waitFor();
      await typeInto(page, 0, 'progress', '不可被坏文件改动');

      const cases = [
        {
          file: {
            name: '损坏的备份.json',
            buffer: Buffer.from('{"format":"taizhang-ledger","version":1,"rep'),
          },
          message: '文件不是台账数据文件（无法解析为 JSON），可能已损坏。',
        },
        {
          file: { name: '别的文件.json', buffer: Buffer.from('{"hello":"world"}') },
          message: '这不是台账数据文件（缺少 taizhang-ledger 标识）。',
        },
        {
          file: {
            name: '缺内容.json',
            buffer: Buffer.from(JSON.stringify({ format: 'taizhang-ledger', version: 1, savedAt: 'x' })),
          },
          message: '台账数据文件内容不完整或已损坏（位置：plans）。',
        },
      ];
      await openBackupPanel(page);
      for (const { file, message } of cases) {
        await page
          .getByTestId('backup-restore-input')
          .setInputFiles({ name: file.name, mimeType: 'application/json', buffer: file.buffer });
        const error = page.getByTestId('restore-error');
        await error.waitFor();
        const text = (await error.textContent()) ?? '';
        expect(text).toContain(message);
        expect(text).toContain('当前数据未作任何改动。');
        expect(await page.getByTestId('restore-dialog').count()).toBe(0);
        if (file.name === '损坏的备份.json') await screenshot(page, `${SHOTS}/backup-restore-corrupt.png`);
        await page.getByTestId('message-close').click();
        await error.waitFor({ state: 'detached' });
      }

      await backToGrid(page);
      await expectCellText(page, 0, 'progress', '不可被坏文件改动');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a backup whose plan lost tasks and units restores only after those losses are acknowledged', async () => {
    // A backup of the same plan id cut to 1 task and 2 units (a copy taken from a damaged install).
    const truncated = await ledgerBuilder().done();
    truncated.plans[0]!.tasks = truncated.plans[0]!.tasks.slice(0, 1);
    truncated.units = truncated.units.filter((u) => ['区生态环境局', '永乐店镇'].includes(u.name));
    const { context, page, errors } = await openApp(browser);
    try {
      await giveName(page, '王五');
      await waitForGrid(page);
      await openBackupPanel(page);
      await page.getByTestId('backup-restore-input').setInputFiles({
        name: '截断的备份.json',
        mimeType: 'application/json',
        buffer: Buffer.from(writeLedger(truncated)),
      });
      const dialog = page.getByTestId('restore-dialog');
      await dialog.waitFor();
      const losses = (await dialog.getByTestId('restore-loss').textContent()) ?? '';
      expect(losses).toContain('备份中的计划缺少 133 项任务（当前 134 项，备份 1 项）');
      expect(losses).toContain('缺少 60 个单位');
      const confirm = dialog.getByTestId('restore-confirm');
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByTestId('restore-confirm-plan').check();
      expect(await confirm.isDisabled()).toBe(false);
      await dialog.getByTestId('restore-confirm-plan').uncheck();
      expect(await confirm.isDisabled()).toBe(true);
      // Cancelled: the plan is whole.
      await dialog.getByTestId('restore-cancel').click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('nav-plan').click();
      await page.getByTestId('plan-count').filter({ hasText: '134' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
