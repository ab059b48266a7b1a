// Security policy of the Electron host: which frames may call IPC, navigation / window.open / <webview> blocking and the permission policy.
//
// The renderer parses files sent in from outside (workbooks returned by ~50 units), so it is treated as
// untrusted: sandboxed, context-isolated, no Node, and able to reach main only through the named,
// validated IPC channels in shared/ipc-contract.ts. (The window's webPreferences are written out
// literally in main.ts, where scanners such as electronegativity can see them.)
import type { Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocol.ts';

/**
 * The dev-server URL (`TAIZHANG_DEV_URL`) is honoured only in an unpackaged app and only on loopback
 * http, so a packaged build can never be pointed at another origin.
 */
export function devServerUrl(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): URL | null {
  const raw = env.TAIZHANG_DEV_URL;
  if (isPackaged || !raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'))
      return url;
  } catch {
    // fall through
  }
  console.warn(`[taizhang] ignoring TAIZHANG_DEV_URL=${raw}: only http://127.0.0.1:<port>/ is allowed`);
  return null;
}

/** True when `url` is a page of this app: app://taizhang/…, or the loopback dev server when one is set. */
export function isTrustedUrl(url: string | undefined | null, devUrl: URL | null = null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devUrl !== null && parsed.protocol === devUrl.protocol && parsed.host === devUrl.host;
}

/** The minimal shape of an IPC event main needs to check where a message came from. */
export interface SenderEvent {
  senderFrame: { url: string } | null;
}

/** Throw unless the IPC message came from a frame of this app. */
export function assertTrustedSender(channel: string, event: SenderEvent, devUrl: URL | null = null): void {
  const url = event.senderFrame?.url;
  if (!isTrustedUrl(url, devUrl)) {
    throw new Error(
      `IPC '${channel}' refused: sender ${JSON.stringify(url ?? null)} is not a page of this app`,
    );
  }
}

/** Permissions the app's pages may have. Everything else (camera, geolocation, notifications, …) is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  // navigator.storage.persist(): keeps the IndexedDB ledger from being evicted.
  'persistent-storage',
  // navigator.clipboard.writeText(): copying grid cells to paste into Excel/WPS.
  'clipboard-sanitized-write',
]);

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  devUrl: URL | null = null,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedUrl(requestingUrl, devUrl);
}

/** Deny every permission request/check except ALLOWED_PERMISSIONS from the app's own pages. */
export function applySessionPolicy(session: Session, devUrl: URL | null = null): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const url = details.requestingUrl || webContents.getURL();
    const allowed = isPermissionAllowed(permission, url, devUrl);
    if (!allowed) console.warn(`[taizhang] denied permission '${permission}' for ${url}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, devUrl),
  );
  // No downloads through Chromium: files are saved through the file-save IPC channel with a native dialog.
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * Harden any web contents: no navigation away from the loaded page, no new windows, no <webview>.
 * Applied to every web contents the app creates (`app.on('web-contents-created')`).
 */
export function hardenWebContents(contents: WebContents, devUrl: URL | null = null): void {
  contents.on('will-navigate', (event, url) => {
    // In-page reloads of the app itself are fine; anything else (links, drag-and-drop of a file) is not.
    if (isTrustedUrl(url, devUrl) && url === contents.getURL()) return;
    event.preventDefault();
    console.warn(`[taizhang] blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (isTrustedUrl(url, devUrl)) return;
    event.preventDefault();
    console.warn(`[taizhang] blocked redirect to ${url}`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[taizhang] blocked window.open(${url})`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    console.warn('[taizhang] blocked <webview>');
  });
}
