// The `app://taizhang/` protocol: serves the built renderer (dist/) to the window.
//
// A custom privileged, standard, secure scheme gives the renderer a stable origin (IndexedDB needs one;
// file:// would share an origin with every local file) and lets main attach a strict CSP header to
// every response. Only files under dist/ are served: requests for another host, path traversal (also
// when percent-encoded) and NUL bytes are refused. Paths without an extension fall back to index.html
// (client-side routes).
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'taizhang';
export const APP_ORIGIN_URL = `${APP_SCHEME}://${APP_HOST}/`;
export const APP_INDEX_URL = `${APP_ORIGIN_URL}index.html`;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Headers on every response from the app protocol, including the strict Content-Security-Policy. */
export function securityHeaders(contentType: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  // One string literal, so scanners (electronegativity) can find and evaluate the policy itself.
  headers['content-security-policy'] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  return headers;
}

export const CONTENT_SECURITY_POLICY = securityHeaders('text/plain')['content-security-policy'] as string;

function refuse(status: number, reason: string): Response {
  return new Response(reason, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/**
 * Map an app:// URL to a file under `root`, or null when it must be refused.
 * Exported for tests.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  // Refuse any `..` segment outright (after decoding), then double-check containment.
  if (path.split('/').some((segment) => segment === '..')) return null;
  const base = resolve(root);
  const relative = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  const file = resolve(join(base, relative));
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (!extname(file)) return join(base, 'index.html');
  return file;
}

export type FileReader = (path: string) => Promise<Uint8Array>;

/** The request handler for `protocol.handle(APP_SCHEME, …)`, serving files under `root`. */
export function createAppRequestHandler(
  root: string,
  read: FileReader = readFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const file = resolveAppPath(root, request.url);
    if (!file) return refuse(403, 'forbidden');
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return refuse(404, 'not found');
    }
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: securityHeaders(type),
    });
  };
}

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serve `root` (the built renderer) on app://taizhang/. Run after `app` is ready. */
export function handleAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(root));
}
