// Two plans of one year in one ledger (a year's plans issued as separate documents), through the
// district's export and the clerk's app: the district's workbooks of one unit and month carry their
// plan in the file name, so they do not overwrite each other; the clerk opens both, each opening
// shows its plan in the grid, both stay in the list of opened workbooks, and each return is made
// from its own plan's base (its manifest names that plan).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../shared/engine/plan-cases.ts';
import { MemoryLedgerStore } from '../../shared/engine/memory-store.ts';
import type { Ledger } from '../../shared/ledger-file.ts';
import type { UnitNameDecision } from '../../shared/model.ts';
import { openPlanFile } from '../../shared/plan-import/open-plan-file.ts';
import { readReturnWorkbook } from '../../shared/workbook/read-workbook.ts';
import { planDocx } from '../support/plan-docx.ts';
import { PLAN_2022 } from '../support/plan-2022.ts';
import { giveName, launchBrowser } from './browser.ts';
import { waitForGrid } from './grid-helpers.ts';
import { closeExportDialog, exportUnitWorkbook } from './export-helpers.ts';
import { openSeeded, seedLedger } from './seed-ledger.ts';

const UNIT = '永乐店镇';
const PLANS = ['tongzhou-2022', 'tongzhou-2022-water'] as const;
const UNITS_2022: UnitNameDecision[] = [
  { name: '区数据局', action: 'add', to: '区数据局', kind: 'district' },
  { name: '区城市更新办', action: 'add', to: '区城市更新办', kind: 'district' },
  { name: '区河长办', action: 'alias', to: '区水务局' },
  { name: '宋庄镇政府', action: 'map', to: '宋庄镇' },
];

let browser: Browser;
let ledger: Ledger;
beforeAll(async () => {
  browser = await launchBrowser();
  // The 2021 ledger, then the same 2022 document imported twice under two ids: two plans of 2022.
  const store = new MemoryLedgerStore(await seedLedger().done());
  const read = await openPlanFile(await planDocx(PLAN_2022), { fileName: '2022.docx' });
  if (!read.ok) throw new Error(read.error.log);
  for (const [i, id] of PLANS.entries()) {
    const at = `2022-03-0${i + 1}T08:00:00.000Z`;
    const added = await store.run((r) =>
      importPlan(
        r,
        { who: '区里小王', at, newId: () => `${id}-${Math.random()}` },
        {
          source: read.source,
          fileName: `${id}.docx`,
          sha256: null,
          id,
          units: UNITS_2022,
        },
        { apply: true },
      ),
    );
    if (!added.ok) throw new Error(added.refusal ?? 'plan import refused');
  }
  ledger = store.ledger;
});
afterAll(async () => {
  await browser?.close();
});

async function pickPlan(page: Page, id: string): Promise<void> {
  await page.getByTestId('plan-picker').selectOption(id);
  // The picker keeps the choice at once (it does not fall back to the last plan while the new loads).
  expect(await page.getByTestId('plan-picker').inputValue()).toBe(id);
}

describe('two plans of one year', () => {
  it('the district’s workbooks and the clerk’s returns name their plan; the clerk keeps both plans’ workbooks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taizhang-two-plans-'));
    const district = await openSeeded(browser, ledger, '#/exchange');
    const clerk = await openSeeded(browser, ledger, '#/exchange');
    try {
      // --- The district exports 永乐店镇's March workbook of each plan. ------------------------
      const d = district.page;
      await giveName(d, '区里小王');
      const sent: Record<string, string> = {};
      for (const id of PLANS) {
        await pickPlan(d, id);
        const download = await exportUnitWorkbook(d, '2022-03', UNIT);
        expect(download.suggestedFilename()).toBe(`${UNIT}_2022年03月_进展填报_${id}.xlsx`);
        sent[id] = join(dir, download.suggestedFilename());
        await download.saveAs(sent[id]);
        await closeExportDialog(d);
      }

      // --- The clerk opens the water plan's, then the other: each shows its own plan. -----------
      const c = clerk.page;
      await giveName(c, '镇里小李');
      for (const id of [PLANS[1], PLANS[0]]) {
        await c.getByTestId('nav-exchange').click();
        await c.getByTestId('tab-clerk').click();
        await c.getByTestId('clerk-open-input').setInputFiles(sent[id]!);
        await c.getByTestId('clerk-preview').waitFor();
        await c.getByTestId('clerk-open-confirm').click();
        await waitForGrid(c);
        await c.getByTestId('row-count').filter({ hasText: '2022年3月' }).waitFor();
        await expect.poll(() => c.getByTestId('plan-picker').inputValue(), { timeout: 10_000 }).toBe(id);
      }

      // --- Both stay opened; each return is made from its own plan's base. ---------------------
      await c.getByTestId('nav-exchange').click();
      await c.getByTestId('tab-clerk').click();
      const rows = c.getByTestId('clerk-base-row');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await c.locator('.xc-clerk th').first().textContent()).toBe('计划');
      const returned: string[] = [];
      for (let i = 0; i < 2; i++) {
        const [download] = await Promise.all([
          c.waitForEvent('download'),
          rows.nth(i).getByTestId('clerk-export').click(),
        ]);
        const path = join(dir, `back-${i}-${download.suggestedFilename()}`);
        await download.saveAs(path);
        const read = await readReturnWorkbook(new Uint8Array(readFileSync(path)), {
          fileName: download.suggestedFilename(),
          year: 2022,
        });
        expect(download.suggestedFilename()).toBe(
          `${UNIT}_2022年03月_进展填报_${read.manifest?.planId}.xlsx`,
        );
        returned.push(read.manifest!.planId);
      }
      expect(returned.sort()).toEqual([...PLANS].sort());
      expect(district.errors).toEqual([]);
      expect(clerk.errors).toEqual([]);
    } finally {
      await district.close();
      await clerk.close();
    }
  });
});
