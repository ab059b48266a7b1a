// Driving the app with the keyboard alone, as a user without a mouse does: Tab until the control is
// reached (failing when it never is — that is the accessibility finding), check that the focus can
// be seen, pick a list entry with the arrow keys. Nothing here clicks; the page is only read.
import type { Page } from 'playwright-core';

/** What the test needs to know about the focused element (read from the page, never changed). */
export interface Focused {
  testId: string | null;
  tag: string;
  type: string | null;
  /** data-unit / data-task-id of the nearest ancestor that has one (a table row). */
  unit: string | null;
  taskId: string | null;
  text: string;
  /** The focus ring can be seen: an outline on the element, its label, or the grid's cursor cell. */
  ringVisible: boolean;
}

type FocusGlobal = typeof globalThis & {
  document: { activeElement: FocusElement | null; querySelector(s: string): FocusElement | null };
  getComputedStyle(el: FocusElement): { outlineStyle: string; outlineWidth: string };
};
interface FocusElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): FocusElement | null;
}

export async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const g = globalThis as FocusGlobal;
    const el = g.document.activeElement;
    const ring = (e: FocusElement | null) => {
      if (!e) return false;
      const s = g.getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    };
    const testId = el?.getAttribute('data-testid') ?? null;
    const ringVisible =
      testId === 'cell-proxy'
        ? ring(g.document.querySelector('td.cell-selected'))
        : ring(el) || ring(el?.closest('label') ?? null);
    return {
      testId,
      tag: el?.tagName.toLowerCase() ?? '',
      type: el?.getAttribute('type') ?? null,
      unit: el?.closest('[data-unit]')?.getAttribute('data-unit') ?? null,
      taskId: el?.closest('[data-task-id]')?.getAttribute('data-task-id') ?? null,
      text: (el?.textContent ?? '').trim(),
      ringVisible,
    };
  });
}

/**
 * Press Tab (Shift+Tab when `back`) until the focused element satisfies `want` — a data-testid or a
 * predicate — and its focus ring is visible. Throws after `max` presses, naming where focus went.
 */
export async function tabTo(
  page: Page,
  want: string | ((f: Focused) => boolean),
  { max = 80, back = false }: { max?: number; back?: boolean } = {},
): Promise<Focused> {
  const ok = typeof want === 'string' ? (f: Focused) => f.testId === want : want;
  const seen: string[] = [];
  for (let i = 0; i <= max; i++) {
    const f = await focused(page);
    if (ok(f)) {
      if (!f.ringVisible) throw new Error(`focus on ${f.testId ?? f.tag} "${f.text}" is not visible`);
      return f;
    }
    seen.push(f.testId ?? `${f.tag}${f.text ? `:${f.text.slice(0, 8)}` : ''}`);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(want)}; focus went ${seen.slice(-20).join(' → ')}`);
}

/** On a focused <select>: the arrow keys to the option with `value` (Chromium changes it in place). */
export async function pickWithArrows(page: Page, value: string): Promise<void> {
  const { values, index } = await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { activeElement: { options?: { value: string }[]; selectedIndex?: number } | null };
    };
    const el = g.document.activeElement;
    return { values: [...(el?.options ?? [])].map((o) => o.value), index: el?.selectedIndex ?? -1 };
  });
  const target = values.indexOf(value);
  if (target < 0) throw new Error(`the focused list has no option ${value}`);
  const key = target > index ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i < Math.abs(target - index); i++) await page.keyboard.press(key);
  const now = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { activeElement: { value?: string } | null } }).document
        .activeElement?.value,
  );
  if (now !== value) throw new Error(`the list shows ${now}, wanted ${value}`);
}
