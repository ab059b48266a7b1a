// Ledgers the checklist and dashboard e2e tests load into the app through its `?e2e=1` test hook
// (renderer/e2e-hook.ts: restoreLedger + the restore use case — the backup-restore path). Built in
// Node from the real seeds through the engine's rules (test/support/ledger-builder.ts), so every
// value below is a real audited edit.
import type { Browser, Page } from 'playwright-core';
import { writeLedger, type Ledger } from '../../shared/ledger-file.ts';
import { ledgerBuilder, type LedgerBuilder } from '../support/ledger-builder.ts';
import { baseUrl } from './browser.ts';

export type { Edit } from '../support/ledger-builder.ts';

export function seedLedger(): LedgerBuilder {
  return ledgerBuilder();
}

/** The page's globals these tests touch (test/ is type-checked without the DOM lib). */
type HookGlobal = typeof globalThis & {
  __taizhangE2E?: { restoreLedger(json: string): Promise<void> };
  location: { hash: string };
};

export interface SeededPage {
  page: Page;
  errors: string[];
  close: () => Promise<void>;
}

/** Open the app with the test hook on, replace its ledger with `ledger`, then go to `hash` (in a
 * 1440 × 900 window unless `screen` says otherwise). */
export async function openSeeded(
  browser: Browser,
  source: Ledger | LedgerBuilder,
  hash: string,
  screen: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
): Promise<SeededPage> {
  const ledger = 'done' in source ? await source.done() : source;
  const context = await browser.newContext({
    viewport: screen.viewport ?? { width: 1440, height: 900 },
    deviceScaleFactor: screen.deviceScaleFactor,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  await page.goto(`${baseUrl()}?e2e=1`);
  await page.waitForFunction(() => (globalThis as HookGlobal).__taizhangE2E !== undefined, undefined, {
    timeout: 20_000,
  });
  const json = writeLedger(ledger);
  await page.evaluate((text) => (globalThis as HookGlobal).__taizhangE2E?.restoreLedger(text), json);
  await page.evaluate((h) => {
    (globalThis as HookGlobal).location.hash = h;
  }, hash);
  return { page, errors, close: () => context.close() };
}
