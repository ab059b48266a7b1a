import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));
vi.mock('electron', () => electron);

const {
  CONTENT_SECURITY_POLICY,
  createAppRequestHandler,
  handleAppProtocol,
  registerAppScheme,
  resolveAppPath,
} = await import('./protocol.ts');

let root: string;
let outside: string;
beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'taizhang-proto-'));
  root = join(outside, 'dist');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>台账</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(outside, 'secret.txt'), 'secret');
});
afterAll(async () => {
  await rm(outside, { recursive: true, force: true });
});

const get = (url: string, method = 'GET'): Promise<Response> =>
  createAppRequestHandler(root)(new Request(url, { method }));

describe('app:// protocol', () => {
  it('sets the strict CSP on every response', async () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    for (const url of ['app://taizhang/', 'app://taizhang/assets/app.js', 'app://taizhang/missing.js']) {
      const res = await get(url);
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('serves files from dist with their type, and index.html for routes', async () => {
    const index = await get('app://taizhang/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('台账');
    const js = await get('app://taizhang/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect(await (await get('app://taizhang/dashboard/2021-11')).text()).toContain('台账');
    expect((await get('app://taizhang/missing.js')).status).toBe(404);
  });

  it('refuses path traversal in every spelling', async () => {
    const attempts = [
      'app://taizhang/..%2fsecret.txt',
      'app://taizhang/assets/..%2f..%2fsecret.txt',
      'app://taizhang/%2e%2e%2fsecret.txt',
      'app://taizhang/..%5csecret.txt',
      'app://taizhang/assets%2f..%2f..%2fsecret.txt',
      'app://taizhang/%00index.html',
      'app://taizhang/%E0%A4%A',
    ];
    for (const url of attempts) {
      const res = await get(url);
      expect(res.status, url).toBe(403);
      expect(await res.text(), url).not.toContain('secret');
    }
    // Plain ../ is normalised away by the URL parser and stays inside dist.
    expect(resolveAppPath(root, 'app://taizhang/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect((await get('app://taizhang/../../secret.txt')).status).toBe(404);
  });

  it('refuses other hosts, schemes and methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(403);
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect((await get('app://taizhang/index.html', 'POST')).status).toBe(405);
  });

  it('registers a privileged standard secure scheme and a handler', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    handleAppProtocol(root);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});
