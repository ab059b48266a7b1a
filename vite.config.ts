// Renderer build: renderer/ → dist/. Relative base so the same build loads from Electron's custom
// protocol and from http://127.0.0.1 (scripts/serve.mjs). Everything is bundled: no CDN, no web fonts.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'chrome120',
    // Keep small assets as files, never as data: URLs (CSP has no data: source).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
