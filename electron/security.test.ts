import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';

vi.mock('electron', () => ({ protocol: {} }));

const {
  ALLOWED_PERMISSIONS,
  applySessionPolicy,
  assertTrustedSender,
  devServerUrl,
  hardenWebContents,
  isPermissionAllowed,
  isTrustedUrl,
} = await import('./security.ts');

class FakeContents extends EventEmitter {
  url = 'app://taizhang/index.html';
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

function fakeEvent(): { preventDefault: ReturnType<typeof vi.fn> } {
  return { preventDefault: vi.fn() };
}

function hardened(): FakeContents {
  const contents = new FakeContents();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  hardenWebContents(contents as unknown as WebContents);
  return contents;
}

describe('hardenWebContents', () => {
  it('blocks navigation to another site and to a local file', () => {
    const contents = hardened();
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://taizhang/other.html']) {
      const event = fakeEvent();
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalledTimes(1);
    }
  });

  it('allows a reload of the page already shown', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'app://taizhang/index.html');
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('denies window.open', () => {
    const contents = hardened();
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://taizhang/index.html' })).toEqual({ action: 'deny' });
  });

  it('blocks <webview> and foreign redirects', () => {
    const contents = hardened();
    const attach = fakeEvent();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalledTimes(1);
    const redirect = fakeEvent();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalledTimes(1);
  });
});

describe('sender check', () => {
  it('accepts the app origin only', () => {
    expect(isTrustedUrl('app://taizhang/index.html')).toBe(true);
    expect(isTrustedUrl('app://taizhang/')).toBe(true);
    expect(isTrustedUrl('app://taizhang.evil/index.html')).toBe(false);
    expect(isTrustedUrl('app://other/index.html')).toBe(false);
    expect(isTrustedUrl('https://taizhang/index.html')).toBe(false);
    expect(isTrustedUrl('file:///app/dist/index.html')).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(isTrustedUrl('')).toBe(false);
    expect(isTrustedUrl(undefined)).toBe(false);
  });

  it('accepts the loopback dev server only when one is configured', () => {
    const dev = new URL('http://127.0.0.1:5173/');
    expect(isTrustedUrl('http://127.0.0.1:5173/index.html', dev)).toBe(true);
    expect(isTrustedUrl('http://127.0.0.1:5174/index.html', dev)).toBe(false);
  });

  it('throws a clear error for a foreign frame or a missing frame', () => {
    expect(() =>
      assertTrustedSender('backup-list', { senderFrame: { url: 'https://evil.example/' } }),
    ).toThrow('IPC \'backup-list\' refused: sender "https://evil.example/" is not a page of this app');
    expect(() => assertTrustedSender('backup-list', { senderFrame: null })).toThrow(/sender null/);
    expect(() =>
      assertTrustedSender('backup-list', { senderFrame: { url: 'app://taizhang/index.html' } }),
    ).not.toThrow();
  });
});

describe('devServerUrl', () => {
  it('is honoured only unpackaged and only on loopback http', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(devServerUrl(false, { TAIZHANG_DEV_URL: 'http://127.0.0.1:5173/' })?.href).toBe(
      'http://127.0.0.1:5173/',
    );
    expect(devServerUrl(true, { TAIZHANG_DEV_URL: 'http://127.0.0.1:5173/' })).toBeNull();
    expect(devServerUrl(false, { TAIZHANG_DEV_URL: 'https://example.com/' })).toBeNull();
    expect(devServerUrl(false, { TAIZHANG_DEV_URL: 'http://192.168.1.5:5173/' })).toBeNull();
    expect(devServerUrl(false, {})).toBeNull();
  });
});

describe('permissions', () => {
  it('grants only persistent storage and clipboard write, and only to the app', () => {
    expect([...ALLOWED_PERMISSIONS].sort()).toEqual(['clipboard-sanitized-write', 'persistent-storage']);
    expect(isPermissionAllowed('persistent-storage', 'app://taizhang/index.html')).toBe(true);
    expect(isPermissionAllowed('persistent-storage', 'https://evil.example/')).toBe(false);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fullscreen',
    ]) {
      expect(isPermissionAllowed(p, 'app://taizhang/index.html'), p).toBe(false);
    }
  });

  it('installs request and check handlers that deny the rest, and blocks downloads', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    });
    applySessionPolicy(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0];
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0];
    const contents = { getURL: () => 'app://taizhang/index.html' };
    const granted: boolean[] = [];
    request(contents, 'media', (ok: boolean) => granted.push(ok), {
      requestingUrl: 'app://taizhang/index.html',
    });
    request(contents, 'persistent-storage', (ok: boolean) => granted.push(ok), {
      requestingUrl: 'app://taizhang/index.html',
    });
    expect(granted).toEqual([false, true]);
    expect(check(contents, 'geolocation', 'app://taizhang', {})).toBe(false);
    expect(check(contents, 'persistent-storage', 'app://taizhang', {})).toBe(true);
    const download = fakeEvent();
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalledTimes(1);
  });
});
