import { describe, expect, it, vi } from 'vitest';
import type { TaizhangApi } from '../shared/ipc-contract.ts';

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const exposed = new Map<string, unknown>();
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: vi.fn(async (channel: string) => `result of ${channel}`),
    send: vi.fn(),
  });
  return {
    exposed,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) },
  };
});
vi.mock('electron', () => electron);
await import('./preload.ts');

const api = electron.exposed.get('taizhang') as TaizhangApi;

describe('preload', () => {
  it('exposes exactly one object, window.taizhang, of named functions', () => {
    expect([...electron.exposed.keys()]).toEqual(['taizhang']);
    expect(Object.keys(api).sort()).toEqual(
      [
        'getAppInfo',
        'openFiles',
        'saveFile',
        'saveFilesToFolder',
        'pickFile',
        'readPickedFile',
        'saveBegin',
        'saveChunk',
        'saveCommit',
        'saveAbort',
        'backupBegin',
        'backupChunk',
        'backupCommit',
        'backupAbort',
        'listBackups',
        'readBackupRange',
        'printToPdf',
        'openEvidence',
        'decryptWorkbook',
        'onMenuCommand',
        'onBeforeQuitBackup',
      ].sort(),
    );
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
    expect(Object.values(api)).not.toContain(electron.ipcRenderer.invoke);
  });

  it('maps each function to its channel', async () => {
    const bytes = new Uint8Array([1]);
    await api.getAppInfo();
    await api.openFiles({ multiple: true });
    await api.saveFile({ suggestedName: 'a.xlsx', bytes });
    await api.saveFilesToFolder({ files: [{ name: 'a.xlsx', bytes }] });
    await api.pickFile({});
    await api.readPickedFile('p1', 0, 16);
    await api.saveBegin({ suggestedName: 'a.zip' });
    await api.saveChunk('s1', bytes);
    await api.saveCommit('s1');
    await api.saveAbort('s2');
    const name = 'taizhang-backup-20261129T072800123Z-quit.taizhang';
    await api.backupBegin('manual');
    await api.backupChunk('h1', bytes);
    await api.backupCommit('h1');
    await api.backupAbort('h2');
    await api.listBackups();
    await api.readBackupRange(name, 8, 16);
    await api.printToPdf({ suggestedName: 'a.pdf' });
    await api.decryptWorkbook(bytes, 'pw');
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['app-info-get', undefined],
      ['file-open', { multiple: true }],
      ['file-save', { suggestedName: 'a.xlsx', bytes }],
      ['folder-save-files', { files: [{ name: 'a.xlsx', bytes }] }],
      ['file-pick', {}],
      ['file-read', { handle: 'p1', offset: 0, length: 16 }],
      ['save-begin', { suggestedName: 'a.zip' }],
      ['save-chunk', { handle: 's1', bytes }],
      ['save-commit', { handle: 's1' }],
      ['save-abort', { handle: 's2' }],
      ['backup-begin', { kind: 'manual' }],
      ['backup-chunk', { handle: 'h1', bytes }],
      ['backup-commit', { handle: 'h1' }],
      ['backup-abort', { handle: 'h2' }],
      ['backup-list', undefined],
      ['backup-read', { name, offset: 8, length: 16 }],
      ['pdf-print', { suggestedName: 'a.pdf' }],
      ['workbook-decrypt', { bytes, password: 'pw' }],
    ]);
  });

  it('delivers menu commands without the IPC event, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.onMenuCommand((command) => got.push(command));
    electron.ipcRenderer.emit('menu-command', { sender: 'secret' }, 'import-workbooks');
    off();
    electron.ipcRenderer.emit('menu-command', {}, 'about');
    expect(got).toEqual(['import-workbooks']);
    expect(electron.ipcRenderer.listenerCount('menu-command')).toBe(0);
  });

  it('answers the quit backup request with the provider’s outcome, or "nothing to save" without one', async () => {
    const name = 'taizhang-backup-20261129T072800123Z-quit.taizhang';
    const off = api.onBeforeQuitBackup(async () => ({ ok: true, name }));
    electron.ipcRenderer.emit('before-quit-backup', {}, { requestId: 'r1' });
    await vi.waitFor(() =>
      expect(electron.ipcRenderer.send).toHaveBeenCalledWith('before-quit-backup-reply', {
        requestId: 'r1',
        ok: true,
        name,
      }),
    );
    off();
    electron.ipcRenderer.emit('before-quit-backup', {}, { requestId: 'r2' });
    expect(electron.ipcRenderer.send).toHaveBeenCalledWith('before-quit-backup-reply', {
      requestId: 'r2',
      ok: true,
      name: null,
    });
  });

  it('replies not ok when the provider throws or answers nonsense', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const off = api.onBeforeQuitBackup(() => {
      throw new Error('db closed');
    });
    electron.ipcRenderer.emit('before-quit-backup', {}, { requestId: 'r3' });
    await vi.waitFor(() =>
      expect(electron.ipcRenderer.send).toHaveBeenCalledWith('before-quit-backup-reply', {
        requestId: 'r3',
        ok: false,
        name: null,
      }),
    );
    off();
    api.onBeforeQuitBackup((async () => ({ ok: 'yes', name: 42 })) as never);
    electron.ipcRenderer.emit('before-quit-backup', {}, { requestId: 'r4' });
    await vi.waitFor(() =>
      expect(electron.ipcRenderer.send).toHaveBeenCalledWith('before-quit-backup-reply', {
        requestId: 'r4',
        ok: false,
        name: null,
      }),
    );
  });
});
