// axe-core (from npm) run inside the app's page: the library's own file is evaluated in the page
// (Runtime.evaluate is not subject to the app's CSP, so nothing is inlined or loosened), then
// axe.run() checks the document. Findings are summarised one line per rule, with the first few
// offending elements, so a failing test says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: number;
  targets: string[];
}

/** The page's globals these helpers touch (test/ is type-checked without the DOM lib). */
type AxeGlobal = typeof globalThis & {
  axe?: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    }>;
  };
  document: unknown;
};

/** Every violation axe finds on the page as it is now (all impacts), most severe first. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => (globalThis as AxeGlobal).axe !== undefined);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const g = globalThis as AxeGlobal;
    const result = await g.axe!.run(g.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  const rank = ['critical', 'serious', 'moderate', 'minor', 'unknown'];
  return found.sort((a, b) => rank.indexOf(a.impact) - rank.indexOf(b.impact));
}

export function isSevere(f: AxeFinding): boolean {
  return f.impact === 'critical' || f.impact === 'serious';
}

export function describeFindings(findings: readonly AxeFinding[]): string {
  return findings
    .map((f) => `${f.impact} ${f.id} ×${f.nodes}: ${f.help} — ${f.targets.join(' ')}`)
    .join('\n');
}
