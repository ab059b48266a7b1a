// Renderer build: renderer/ → dist/. Relative base so the same build loads from Electron's custom
// protocol and from http://127.0.0.1 (scripts/serve.mjs). Everything is bundled: no CDN, no web fonts.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import planJson from './seeds/plan.json' with { type: 'json' };
import unitsJson from './seeds/units.json' with { type: 'json' };
import type { PlanDocument, Unit } from './shared/model.ts';
import { seedVersion } from './shared/seed-version.ts';

/** The seeds' fingerprint, so start-up can tell without parsing them that the database holds them. */
const SEED_VERSION = seedVersion(planJson as unknown as PlanDocument, unitsJson as unknown as Unit[]);

/**
 * index.html carries the production CSP. The dev server needs inline scripts (React Refresh preamble)
 * and a websocket for HMR, so it gets a relaxed copy; the build keeps the strict one untouched.
 */
function devCsp(): Plugin {
  return {
    name: 'taizhang-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        /default-src 'self';/,
        "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' ws: http://localhost:*;",
      );
    },
  };
}

// `vite build --mode bench` (scripts/bench/app.ts) builds into dist-bench/ with the bench hook; the
// production build leaves it out entirely (__BENCH__ is false, so its import() is dropped).
export default defineConfig(({ mode }) => ({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp()],
  define: { __BENCH__: JSON.stringify(mode === 'bench'), __SEED_VERSION__: JSON.stringify(SEED_VERSION) },
  build: {
    outDir: mode === 'bench' ? '../dist-bench' : '../dist',
    emptyOutDir: true,
    target: 'chrome120',
    // Keep small assets as files, never as data: URLs (CSP has no data: source).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
}));
