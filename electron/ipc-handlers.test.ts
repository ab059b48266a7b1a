import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../shared/ipc-contract.ts';

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>();
  return {
    handlers,
    ipcMain: {
      handle: vi.fn((channel: string, fn: (event: unknown, payload?: unknown) => Promise<unknown>) => {
        handlers.set(channel, fn);
      }),
      removeHandler: vi.fn(),
    },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    BrowserWindow: { fromWebContents: vi.fn(() => ({ id: 1 })) },
    app: {
      getVersion: () => '0.1.0',
      getPath: vi.fn((name: string) => `/fake/${name}`),
    },
  };
});
vi.mock('electron', () => electron);

const { registerIpcHandlers, pathInside } = await import('./ipc-handlers.ts');

let dir: string;
const printToPDF = vi.fn(async () => Buffer.from('%PDF-1.7 fake'));
const appEvent = { senderFrame: { url: 'app://taizhang/index.html' }, sender: { printToPDF } };
const foreignEvent = { senderFrame: { url: 'https://evil.example/' }, sender: { printToPDF } };

function call(channel: string, payload?: unknown, event: unknown = appEvent): Promise<unknown> {
  const fn = electron.handlers.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return fn(event, payload);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taizhang-ipc-'));
  electron.handlers.clear();
  electron.dialog.showOpenDialog.mockReset();
  electron.dialog.showSaveDialog.mockReset();
  registerIpcHandlers({ backupsDir: join(dir, 'backups'), devUrl: null });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('IPC handlers', () => {
  it('registers exactly the channels of the contract', () => {
    expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('rejects every channel when the sender is a foreign frame, before touching dialogs', async () => {
    for (const channel of INVOKE_CHANNELS) {
      await expect(call(channel, undefined, foreignEvent), channel).rejects.toThrow(
        `IPC '${channel}' refused: sender "https://evil.example/" is not a page of this app`,
      );
    }
    await expect(call('app-info-get', undefined, { senderFrame: null })).rejects.toThrow(/sender null/);
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('answers app-info-get', async () => {
    expect(await call('app-info-get')).toEqual({
      version: '0.1.0',
      platform: process.platform,
      userDataPath: '/fake/userData',
      isElectron: true,
    });
    await expect(call('app-info-get', { extra: 1 })).rejects.toThrow(/invalid payload/);
  });

  it('refuses folder-save-files names with ../, a separator, or duplicates — before the dialog', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    for (const name of [
      '../x.xlsx',
      '..\\x.xlsx',
      'sub/x.xlsx',
      '/etc/passwd',
      'a..b.xlsx',
      'CON.xlsx',
      '',
    ]) {
      await expect(call('folder-save-files', { files: [{ name, bytes }] }), name).rejects.toThrow(
        /IPC 'folder-save-files' refused: invalid payload/,
      );
    }
    await expect(
      call('folder-save-files', {
        files: [
          { name: 'a.xlsx', bytes },
          { name: 'A.xlsx', bytes },
        ],
      }),
    ).rejects.toThrow(/same name/);
    await expect(
      call('folder-save-files', { files: [{ name: 'a.xlsx', bytes: [1, 2, 3] }] }),
    ).rejects.toThrow(/Uint8Array/);
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('folder-save-files writes every file into the chosen folder', async () => {
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [dir] });
    const paths = await call('folder-save-files', {
      files: [
        { name: '台账-于家务回族乡-2021-11.xlsx', bytes: new Uint8Array([1]) },
        { name: 'b.xlsx', bytes: new Uint8Array([2, 2]) },
      ],
    });
    expect(paths).toEqual([join(dir, '台账-于家务回族乡-2021-11.xlsx'), join(dir, 'b.xlsx')]);
    expect([...(await readFile(join(dir, 'b.xlsx')))]).toEqual([2, 2]);
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(
      await call('folder-save-files', { files: [{ name: 'c.xlsx', bytes: new Uint8Array([3]) }] }),
    ).toBeNull();
  });

  it('pathInside refuses escaping names even if validation were bypassed', () => {
    expect(() => pathInside(dir, '../x')).toThrow(/Refused/);
    expect(() => pathInside(dir, 'a/b')).toThrow(/Refused/);
    expect(pathInside(dir, 'ok.xlsx')).toBe(join(dir, 'ok.xlsx'));
  });

  it('file-open returns the chosen files as bytes with multi-select and filters', async () => {
    await writeFile(join(dir, 'a.xlsx'), Buffer.from([9, 8, 7]));
    await writeFile(join(dir, 'b.xlsx'), Buffer.from([6]));
    electron.dialog.showOpenDialog.mockResolvedValue({
      canceled: false,
      filePaths: [join(dir, 'a.xlsx'), join(dir, 'b.xlsx')],
    });
    const files = (await call('file-open', {
      multiple: true,
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    })) as { name: string; bytes: Uint8Array }[];
    expect(files.map((f) => [f.name, [...f.bytes]])).toEqual([
      ['a.xlsx', [9, 8, 7]],
      ['b.xlsx', [6]],
    ]);
    expect(files[0]?.bytes).toBeInstanceOf(Uint8Array);
    expect(electron.dialog.showOpenDialog.mock.calls[0]?.[1]).toMatchObject({
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    });
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await call('file-open', {})).toEqual([]);
    await expect(call('file-open', { filters: [{ name: 'x', extensions: ['.xlsx'] }] })).rejects.toThrow(
      /invalid payload/,
    );
  });

  it('file-save writes to the chosen path, or returns null on cancel', async () => {
    const target = join(dir, 'out.xlsx');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    expect(await call('file-save', { suggestedName: 'out.xlsx', bytes: new Uint8Array([4, 5]) })).toBe(
      target,
    );
    expect([...(await readFile(target))]).toEqual([4, 5]);
    expect(electron.dialog.showSaveDialog.mock.calls[0]?.[1]).toMatchObject({
      defaultPath: join('/fake/documents', 'out.xlsx'),
    });
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await call('file-save', { suggestedName: 'out.xlsx', bytes: new Uint8Array([4]) })).toBeNull();
    await expect(
      call('file-save', { suggestedName: '../../out.xlsx', bytes: new Uint8Array() }),
    ).rejects.toThrow(/path separator/);
  });

  it('backup-write / backup-list / backup-read round-trip, and backup-read refuses paths', async () => {
    const json = JSON.stringify({ format: 'taizhang-ledger', version: 1 });
    const entry = (await call('backup-write', { json, reason: 'import' })) as { name: string; path: string };
    expect(entry.path).toBe(join(dir, 'backups', entry.name));
    const list = (await call('backup-list')) as { name: string }[];
    expect(list.map((b) => b.name)).toEqual([entry.name]);
    expect(await call('backup-read', { name: entry.name })).toBe(json);
    await expect(call('backup-read', { name: '../window-state.json' })).rejects.toThrow(
      /not a backup file name made by this app/,
    );
    await expect(call('backup-write', { json, reason: 'because' })).rejects.toThrow(/invalid payload/);
    await expect(call('backup-write', { json: 'nope', reason: 'manual' })).rejects.toThrow(/not valid JSON/);
    expect(await readdir(join(dir, 'backups'))).toHaveLength(1);
  });

  it('pdf-print prints A4 landscape with the templates, then saves where the user chose', async () => {
    const target = join(dir, '督查清单.pdf');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const footer =
      '<div style="font-size:8px">第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</div>';
    expect(
      await call('pdf-print', { suggestedName: '督查清单.pdf', landscape: true, footerTemplate: footer }),
    ).toBe(target);
    expect(printToPDF).toHaveBeenCalledWith(
      expect.objectContaining({
        landscape: true,
        pageSize: 'A4',
        displayHeaderFooter: true,
        footerTemplate: footer,
        printBackground: true,
      }),
    );
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 fake');
    await expect(call('pdf-print', { suggestedName: 'x.pdf', pageSize: 'Letter' })).rejects.toThrow(
      /invalid payload/,
    );
    await expect(call('pdf-print', { suggestedName: 'x.exe' })).rejects.toThrow(/must end in .pdf/);
  });
});
