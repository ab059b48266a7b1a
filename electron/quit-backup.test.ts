import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: {} }));
const { requestLedgerJson } = await import('./quit-backup.ts');

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
  it('asks the renderer and resolves with its ledger JSON', async () => {
    const { ipcMain, contents, sent, reply } = setup();
    const pending = requestLedgerJson(ipcMain as never, contents as never, 1000);
    expect(contents.send).toHaveBeenCalledWith('before-quit-backup', { requestId: sent[0]?.requestId });
    reply({ requestId: sent[0]?.requestId, json: '{"a":1}' });
    await expect(pending).resolves.toBe('{"a":1}');
    expect(ipcMain.listenerCount('before-quit-backup-reply')).toBe(0);
  });

  it('ignores replies from another window, a foreign page, a stale request id or a bad payload', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { ipcMain, contents, sent, reply } = setup();
    const pending = requestLedgerJson(ipcMain as never, contents as never, 1000);
    const id = sent[0]?.requestId;
    reply({ requestId: id, json: '{"wrong":"window"}' }, 8);
    reply({ requestId: id, json: '{"wrong":"origin"}' }, 7, 'https://evil.example/');
    reply({ requestId: 'stale', json: '{"wrong":"id"}' });
    reply({ requestId: id, json: 42 });
    reply({ requestId: id, json: null });
    await expect(pending).resolves.toBeNull();
  });

  it('gives up after the timeout so quitting never hangs', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { ipcMain, contents } = setup();
    const pending = requestLedgerJson(ipcMain as never, contents as never, 5000);
    vi.advanceTimersByTime(5000);
    await expect(pending).resolves.toBeNull();
    expect(ipcMain.listenerCount('before-quit-backup-reply')).toBe(0);
  });

  it('does not ask a destroyed renderer', async () => {
    const { ipcMain, contents } = setup();
    contents.isDestroyed = () => true;
    await expect(requestLedgerJson(ipcMain as never, contents as never, 1000)).resolves.toBeNull();
    expect(contents.send).not.toHaveBeenCalled();
  });
});
