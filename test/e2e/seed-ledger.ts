// Ledgers the checklist and dashboard e2e tests load into the app through its `?e2e=1` test hook
// (renderer/e2e-hook.ts: restoreLedger + replaceDbWithLedger — the backup-restore path). Built in
// Node from the real seeds with shared/ledger-ops.ts, so every value below is a real audited edit.
import type { Browser, Page } from 'playwright-core';
import plan from '../../seeds/plan.json' with { type: 'json' };
import units from '../../seeds/units.json' with { type: 'json' };
import { createLedger, writeLedger, type Ledger } from '../../shared/ledger-file.ts';
import { applyChanges, ReportIndex } from '../../shared/ledger-ops.ts';
import type { PlanDocument, ProgressField, Unit } from '../../shared/model.ts';
import { baseUrl } from './browser.ts';

export function seedLedger(): {
  ledger: Ledger;
  edit: Edit;
  batch: (unit: string, period: string, at: string) => void;
} {
  const ledger = createLedger(plan as PlanDocument, units as Unit[], new Date('2021-01-01T00:00:00Z'));
  const index = new ReportIndex(ledger.reports);
  const edit: Edit = (unit, taskId, period, fields, at, source = 'edit') =>
    void applyChanges(
      ledger,
      index,
      Object.entries(fields).map(([field, value]) => ({
        taskId,
        unit,
        period,
        field: field as ProgressField,
        value,
      })),
      { who: 'e2e', source, at },
    );
  let n = 0;
  const batch = (unit: string, period: string, at: string) => {
    n++;
    ledger.imports.push({
      id: `b${n}`,
      fileName: `${unit}-${period}.xlsx`,
      sha256: String(n).padStart(64, '0'),
      unit,
      period,
      exportId: null,
      importedAt: at,
      importedBy: 'e2e',
      counts: { updated: 1, unchanged: 0, conflicts: 0, rejected: 0 },
      before: [],
    });
  };
  return { ledger, edit, batch };
}

export type Edit = (
  unit: string,
  taskId: string,
  period: string,
  fields: Record<string, unknown>,
  at: string,
  source?: 'edit' | `import:${string}`,
) => void;

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

/** Open the app with the test hook on, replace its ledger with `ledger`, then go to `hash`. */
export async function openSeeded(browser: Browser, ledger: Ledger, hash: string): Promise<SeededPage> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
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
