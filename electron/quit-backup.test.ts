import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: {} }));
const { requestQuitBackup } = await import('./quit-backup.ts');

function setup() {
  const ipcMain = new EventEmitter();
  const sent: { requestId: string }[] = [];
  const contents = {
    id: 7,
    isDestroyed: () => false,
    send: vi.fn((_channel: string, request: { requestId: string }) => sent.push(request)),
  };
  const reply = (payload: unknown, senderId = 7, url = 'app://taizhang/index.html') =>
    ipcMain.emit('before-quit-backup-reply', { sender: { id: senderId }, senderFrame: { url } }, payload);
  return { ipcMain, contents, sent, reply };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('quit backup handshake', () => {
  const NAME = 'taizhang-backup-20261129T072800123Z-quit.taizhang';

  it('asks the renderer to write the quit backup and resolves with its answer', async () => {
    const { ipcMain, contents, sent, reply } = setup();
    const pending = requestQuitBackup(ipcMain as never, contents as never, 1000);
    expect(contents.send).toHaveBeenCalledWith('before-quit-backup', { requestId: sent[0]?.requestId });
    reply({ requestId: sent[0]?.requestId, ok: true, name: NAME });
    await expect(pending).resolves.toEqual({ ok: true, name: NAME });
    expect(ipcMain.listenerCount('before-quit-backup-reply')).toBe(0);
  });

  it('passes on "nothing to save" and "failed" answers', async () => {
    const a = setup();
    const nothing = requestQuitBackup(a.ipcMain as never, a.contents as never, 1000);
    a.reply({ requestId: a.sent[0]?.requestId, ok: true, name: null });
    await expect(nothing).resolves.toEqual({ ok: true, name: null });
    const b = setup();
    const failed = requestQuitBackup(b.ipcMain as never, b.contents as never, 1000);
    b.reply({ requestId: b.sent[0]?.requestId, ok: false, name: null });
    await expect(failed).resolves.toEqual({ ok: false, name: null });
  });

  it('ignores replies from another window, a foreign page, a stale request id or a bad payload', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { ipcMain, contents, sent, reply } = setup();
    const pending = requestQuitBackup(ipcMain as never, contents as never, 1000);
    const id = sent[0]?.requestId;
    reply({ requestId: id, ok: true, name: 'wrong-window' }, 8);
    reply({ requestId: id, ok: true, name: 'foreign-page' }, 7, 'https://evil.example/');
    reply({ requestId: 'stale', ok: true, name: NAME });
    reply({ requestId: id, json: '{"old":"protocol"}' });
    reply({ requestId: id, ok: 'yes', name: null });
    reply({ requestId: id, ok: true, name: '../window-state.json' });
    expect(ipcMain.listenerCount('before-quit-backup-reply')).toBe(1); // still waiting
    reply({ requestId: id, ok: true, name: NAME });
    await expect(pending).resolves.toEqual({ ok: true, name: NAME });
  });

  it('gives up after the timeout so quitting never hangs', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { ipcMain, contents } = setup();
    const pending = requestQuitBackup(ipcMain as never, contents as never, 5000);
    vi.advanceTimersByTime(4999);
    expect(ipcMain.listenerCount('before-quit-backup-reply')).toBe(1);
    vi.advanceTimersByTime(1);
    await expect(pending).resolves.toEqual({ ok: false, name: null });
    expect(ipcMain.listenerCount('before-quit-backup-reply')).toBe(0);
  });

  it('does not ask a destroyed renderer', async () => {
    const { ipcMain, contents } = setup();
    contents.isDestroyed = () => true;
    await expect(requestQuitBackup(ipcMain as never, contents as never, 1000)).resolves.toEqual({
      ok: false,
      name: null,
    });
    expect(contents.send).not.toHaveBeenCalled();
  });
});
