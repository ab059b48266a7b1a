// Serves the production build (dist/) over http://127.0.0.1 for the e2e tests — never file://, since
// IndexedDB needs an http origin — and hands the URL and the Chromium path to the tests.
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { serveStatic } from '../../scripts/serve.mjs';
import { CHROMIUM_INSTALL_COMMAND, findChromium } from '../../scripts/chromium.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    chromePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run test:e2e` (it builds first)');
  const chromePath = findChromium();
  if (!chromePath) throw new Error(`no Chromium found; install one: ${CHROMIUM_INSTALL_COMMAND}`);
  const server = await serveStatic('dist', 0);
  project.provide('baseUrl', server.url);
  project.provide('chromePath', chromePath);
  return () => server.close();
}
