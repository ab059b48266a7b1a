// Helpers for driving the progress grid in the e2e tests: wait for it, find a rendered cell by row
// index and column id, read cell texts, and hand the grid's proxy a paste or copy event.
import type { Locator, Page } from 'playwright-core';

/** Wait until a locator matches exactly `n` elements (polled from Node: the CSP forbids string eval). */
export async function waitForCount(locator: Locator, n: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let found = -1;
  while (Date.now() < deadline) {
    found = await locator.count();
    if (found === n) return;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`expected ${n} elements, found ${found}`);
}

export async function waitForGrid(page: Page): Promise<void> {
  try {
    await page.getByTestId('task-row').first().waitFor({ state: 'visible', timeout: 20_000 });
  } catch (err) {
    // Say what the page shows instead (a start-up error, a blank page after a concurrent rebuild…).
    const shown = await page
      .locator('body')
      .innerText()
      .catch(() => '(no body)');
    throw new Error(`grid did not appear; page shows: ${shown.slice(0, 300)}`, { cause: err });
  }
}

export function cell(page: Page, rowIndex: number, col: string) {
  return page.locator(`tr[data-index="${rowIndex}"] td[data-col="${col}"]`);
}

export async function cellText(page: Page, rowIndex: number, col: string): Promise<string> {
  return ((await cell(page, rowIndex, col).textContent()) ?? '').trim();
}

/** Wait until a cell shows exactly `text` (polled from Node: the app's CSP forbids string eval). */
export async function expectCellText(page: Page, rowIndex: number, col: string, text: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let found = '';
  while (Date.now() < deadline) {
    found = await cellText(page, rowIndex, col);
    if (found === text) return;
    await page.waitForTimeout(40);
  }
  throw new Error(`cell ${rowIndex}/${col}: expected "${text}", found "${found}"`);
}

// The page functions below are strings: this file is type-checked without the DOM library.
const PROXY = `document.querySelector('[data-testid="cell-proxy"]')`;

/** What Excel does on Ctrl+V: a paste event whose clipboardData holds text/plain. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate(`(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', ${JSON.stringify(text)});
    ${PROXY}.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  })()`);
}

/** Ctrl+C: a copy event; returns what the grid put on the clipboard. */
export async function copyText(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const dt = new DataTransfer();
    ${PROXY}.dispatchEvent(new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }));
    return dt.getData('text/plain');
  })()`);
}

/** The data-testid of the focused element. */
export async function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid') ?? null`);
}
