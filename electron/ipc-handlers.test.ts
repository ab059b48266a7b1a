import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BACKUP_CHUNK_BYTES,
  INVOKE_CHANNELS,
  MAX_OPEN_BACKUPS_PER_SENDER,
  type BackupEntry,
} from '../shared/ipc-contract.ts';

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
    shell: { openPath: vi.fn(async (_path: string) => '') },
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
let registration: ReturnType<typeof registerIpcHandlers>;
const printToPDF = vi.fn(async () => Buffer.from('%PDF-1.7 fake'));

/** A stand-in webContents: an id, events, printToPDF. */
class FakeSender extends EventEmitter {
  printToPDF = printToPDF;
  constructor(readonly id: number) {
    super();
  }
}
const APP_URL = 'app://taizhang/index.html';
const eventFrom = (sender: FakeSender, url = APP_URL) => ({ senderFrame: { url }, sender });
let appSender: FakeSender;
let appEvent: ReturnType<typeof eventFrom>;
const foreignEvent = eventFrom(new FakeSender(99), 'https://evil.example/');

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
  appSender = new FakeSender(1);
  appEvent = eventFrom(appSender);
  registration = registerIpcHandlers({ backupsDir: join(dir, 'backups'), devUrl: null });
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

  it('writes a backup in chunks and reads it back by ranges', async () => {
    const data = new Uint8Array(2 * BACKUP_CHUNK_BYTES + 10);
    data.set([0x50, 0x4b, 0x03, 0x04]);
    data.fill(7, 4, BACKUP_CHUNK_BYTES);
    data.fill(8, BACKUP_CHUNK_BYTES);
    const { handle } = (await call('backup-begin', { kind: 'import' })) as { handle: string };
    expect(handle).toMatch(/^[0-9a-f]{32}$/);
    for (let i = 0; i < data.length; i += BACKUP_CHUNK_BYTES) {
      expect(
        await call('backup-chunk', { handle, bytes: data.subarray(i, i + BACKUP_CHUNK_BYTES) }),
      ).toBeNull();
    }
    const entry = (await call('backup-commit', { handle })) as BackupEntry;
    expect(entry).toMatchObject({ reason: 'import', bytes: data.length });
    expect(entry.name).toMatch(/^taizhang-backup-\d{8}T\d{9}Z-import\.taizhang$/);
    expect(entry.path).toBe(join(dir, 'backups', entry.name));
    expect(await call('backup-list')).toEqual([entry]);
    const head = (await call('backup-read', { name: entry.name, offset: 0, length: 6 })) as Uint8Array;
    expect(head).toEqual(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 7, 7]));
    const tail = (await call('backup-read', {
      name: entry.name,
      offset: 2 * BACKUP_CHUNK_BYTES,
      length: BACKUP_CHUNK_BYTES,
    })) as Uint8Array;
    expect(tail).toEqual(new Uint8Array(10).fill(8));
    // the handle is spent
    await expect(call('backup-chunk', { handle, bytes: new Uint8Array([1]) })).rejects.toThrow(
      /unknown backup handle/,
    );
    expect(await readdir(join(dir, 'backups'))).toEqual([entry.name]);
  });

  it('validates backup payloads: kind, chunk size and type, read name/offset/length', async () => {
    await expect(call('backup-begin', { kind: 'because' })).rejects.toThrow(/invalid payload/);
    await expect(call('backup-begin', { kind: 'quit', json: '{}' })).rejects.toThrow(/invalid payload/);
    const { handle } = (await call('backup-begin', { kind: 'manual' })) as { handle: string };
    await expect(
      call('backup-chunk', { handle, bytes: new Uint8Array(BACKUP_CHUNK_BYTES + 1) }),
    ).rejects.toThrow(new RegExp(`backup chunk is larger than ${BACKUP_CHUNK_BYTES} bytes`));
    await expect(call('backup-chunk', { handle, bytes: [0x50, 0x4b] })).rejects.toThrow(/Uint8Array/);
    await expect(call('backup-chunk', { handle: '../x', bytes: new Uint8Array() })).rejects.toThrow(
      /not a backup handle/,
    );
    const name = 'taizhang-backup-20261129T072800123Z-quit.taizhang';
    for (const bad of [
      { name: '../window-state.json', offset: 0, length: 1 },
      { name: 'backups/' + name, offset: 0, length: 1 },
      { name: 'taizhang-backup-20261129T072800123Z-quit.taizhang/..', offset: 0, length: 1 },
      { name: 'window-state.json', offset: 0, length: 1 },
      { name },
      { name, offset: -1, length: 1 },
      { name, offset: 0.5, length: 1 },
      { name, offset: 0, length: 0 },
      { name, offset: 0, length: BACKUP_CHUNK_BYTES + 1 },
    ]) {
      await expect(call('backup-read', bad), JSON.stringify(bad)).rejects.toThrow(/invalid payload/);
    }
    await expect(call('backup-read', { name: '../x', offset: 0, length: 1 })).rejects.toThrow(
      /not a backup file name made by this app/,
    );
  });

  it('refuses a commit that is not a ledger container and deletes what was written', async () => {
    const { handle } = (await call('backup-begin', { kind: 'quit' })) as { handle: string };
    await call('backup-chunk', { handle, bytes: new TextEncoder().encode('{"format":"taizhang-ledger"}') });
    await expect(call('backup-commit', { handle })).rejects.toThrow(/not a ledger container/);
    expect(await readdir(join(dir, 'backups'))).toEqual([]);
    expect(await call('backup-abort', { handle })).toBeNull(); // already gone: a no-op
  });

  it('file-pick hands out a handle to read a file of any size in pieces, for the picking window only', async () => {
    const path = join(dir, '备份.taizhang');
    const data = new Uint8Array(BACKUP_CHUNK_BYTES + 10).map((_, i) => i % 251);
    await writeFile(path, data);
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [path] });
    const picked = (await call('file-pick', { filters: [{ name: 'b', extensions: ['taizhang'] }] })) as {
      handle: string;
      name: string;
      bytes: number;
    };
    expect(picked).toMatchObject({ name: '备份.taizhang', bytes: data.length });
    expect(electron.dialog.showOpenDialog.mock.calls[0]?.[1]).toMatchObject({ properties: ['openFile'] });
    const first = (await call('file-read', {
      handle: picked.handle,
      offset: 0,
      length: BACKUP_CHUNK_BYTES,
    })) as Uint8Array;
    expect(first.byteLength).toBe(BACKUP_CHUNK_BYTES);
    const tail = (await call('file-read', {
      handle: picked.handle,
      offset: BACKUP_CHUNK_BYTES,
      length: BACKUP_CHUNK_BYTES,
    })) as Uint8Array;
    expect([...tail]).toEqual([...data.subarray(BACKUP_CHUNK_BYTES)]);
    await expect(
      call('file-read', { handle: picked.handle, offset: 0, length: 4 }, eventFrom(new FakeSender(2))),
    ).rejects.toThrow(/belongs to another window/);
    await expect(
      call('file-read', { handle: 'abcdef0123456789abcdef0123456789', offset: 0, length: 4 }),
    ).rejects.toThrow(/unknown file handle/);
    await expect(
      call('file-read', { handle: picked.handle, offset: 0, length: BACKUP_CHUNK_BYTES + 1 }),
    ).rejects.toThrow(/invalid payload/);
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [dir] });
    await expect(call('file-pick', {})).rejects.toThrow(/Not a file/);
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await call('file-pick', {})).toBeNull();
  });

  it('saves a large file in chunks: the chosen name is replaced only by the commit, only by its window', async () => {
    const target = join(dir, '永乐店镇_2021年03月_回报.zip');
    await writeFile(target, 'the old file');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const begun = (await call('save-begin', { suggestedName: '永乐店镇_2021年03月_回报.zip' })) as {
      handle: string;
      path: string;
    };
    expect(begun.path).toBe(target);
    const piece = new Uint8Array(BACKUP_CHUNK_BYTES).fill(7);
    await call('save-chunk', { handle: begun.handle, bytes: piece });
    await call('save-chunk', { handle: begun.handle, bytes: new Uint8Array([1, 2, 3]) });
    // Half-way, the file the user chose to replace is still whole.
    expect(await readFile(target, 'utf8')).toBe('the old file');
    const other = eventFrom(new FakeSender(2));
    await expect(call('save-commit', { handle: begun.handle }, other)).rejects.toThrow(
      /IPC 'save-commit' refused: the save handle belongs to another window/,
    );
    expect(await call('save-commit', { handle: begun.handle })).toBe(target);
    const written = await readFile(target);
    expect(written.byteLength).toBe(BACKUP_CHUNK_BYTES + 3);
    expect([...written.subarray(-4)]).toEqual([7, 1, 2, 3]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);

    // Aborted (or its window gone): the old file stays, the temp file goes.
    await writeFile(target, 'kept');
    const again = (await call('save-begin', { suggestedName: 'x.zip' })) as { handle: string };
    await call('save-chunk', { handle: again.handle, bytes: new Uint8Array([9]) });
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toHaveLength(1);
    appSender.emit('destroyed');
    await vi.waitFor(async () => expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]));
    expect(await readFile(target, 'utf8')).toBe('kept');
    await expect(call('save-commit', { handle: again.handle })).rejects.toThrow(/unknown save handle/);

    // Cancelled: no handle, nothing written.
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(await call('save-begin', { suggestedName: 'x.zip' })).toBeNull();
    await expect(call('save-begin', { suggestedName: '../x.zip' })).rejects.toThrow(/path separator/);
  });

  it('a handle works only for the window that began it', async () => {
    const other = eventFrom(new FakeSender(2));
    const { handle } = (await call('backup-begin', { kind: 'manual' })) as { handle: string };
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);
    await expect(call('backup-chunk', { handle, bytes }, other)).rejects.toThrow(
      /IPC 'backup-chunk' refused: the backup handle belongs to another window/,
    );
    await expect(call('backup-commit', { handle }, other)).rejects.toThrow(/belongs to another window/);
    await expect(call('backup-abort', { handle }, other)).rejects.toThrow(/belongs to another window/);
    // the owner's backup is untouched
    await call('backup-chunk', { handle, bytes });
    const entry = (await call('backup-commit', { handle })) as BackupEntry;
    expect(entry.bytes).toBe(4);
  });

  it(`allows at most ${MAX_OPEN_BACKUPS_PER_SENDER} open backups per window`, async () => {
    const handles: string[] = [];
    for (let i = 0; i < MAX_OPEN_BACKUPS_PER_SENDER; i++) {
      handles.push(((await call('backup-begin', { kind: 'import' })) as { handle: string }).handle);
    }
    expect(new Set(handles).size).toBe(MAX_OPEN_BACKUPS_PER_SENDER);
    await expect(call('backup-begin', { kind: 'import' })).rejects.toThrow(
      /refused: this window already has 4 backups open/,
    );
    await call('backup-begin', { kind: 'import' }, eventFrom(new FakeSender(2)));
    await call('backup-abort', { handle: handles[0] });
    await call('backup-begin', { kind: 'import' });
  });

  it('abort deletes the temp file; unknown handles: abort is a no-op, chunk/commit refused', async () => {
    const { handle } = (await call('backup-begin', { kind: 'restore' })) as { handle: string };
    await call('backup-chunk', { handle, bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) });
    expect(await readdir(join(dir, 'backups'))).toHaveLength(1);
    expect(await call('backup-abort', { handle })).toBeNull();
    expect(await readdir(join(dir, 'backups'))).toEqual([]);
    const unknown = 'abcdef0123456789abcdef0123456789';
    expect(await call('backup-abort', { handle: unknown })).toBeNull();
    await expect(call('backup-commit', { handle: unknown })).rejects.toThrow(/unknown backup handle/);
  });

  it("drops a window's open backups when it is destroyed, reloads or crashes", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const backups = join(dir, 'backups');
    const other = eventFrom(new FakeSender(2));
    const begin = async (event = appEvent) =>
      ((await call('backup-begin', { kind: 'quit' }, event)) as { handle: string }).handle;
    const kept = await begin(other);
    const mine = [await begin(), await begin()];
    expect(await readdir(backups)).toHaveLength(3);
    appSender.emit('destroyed');
    await vi.waitFor(async () => expect(await readdir(backups)).toHaveLength(1));
    await expect(call('backup-chunk', { handle: mine[0], bytes: new Uint8Array(1) })).rejects.toThrow(
      /unknown backup handle/,
    );
    for (const event of ['did-navigate', 'render-process-gone']) {
      await begin(other);
      expect((await readdir(backups)).length).toBeGreaterThan(0);
      other.sender.emit(event);
      await vi.waitFor(async () => expect(await readdir(backups)).toEqual([]), { timeout: 2000 });
    }
    await expect(call('backup-commit', { handle: kept }, other)).rejects.toThrow(/unknown backup handle/);
    // and main's own clean-up for a closing window
    await begin();
    await registration.abortBackupsOf(appSender.id);
    expect(await readdir(backups)).toEqual([]);
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

describe('evidence-open', () => {
  it('writes a copy into a fresh temp folder and opens it with the system viewer', async () => {
    electron.shell.openPath.mockClear();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(await call('evidence-open', { name: '现场照片1.jpg', bytes })).toBeNull();
    const path = electron.shell.openPath.mock.calls[0]![0];
    expect(path).toMatch(/taizhang-evidence-[^/\\]+[/\\]现场照片1\.jpg$/);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    await rm(join(path, '..'), { recursive: true, force: true });
  });

  it('opens nothing whose content is not what its name says', async () => {
    electron.shell.openPath.mockClear();
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]); // MZ: a Windows program
    await expect(call('evidence-open', { name: '整改记录.pdf', bytes: exe })).rejects.toThrow(
      /IPC 'evidence-open' refused: the content of 整改记录\.pdf/,
    );
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await expect(call('evidence-open', { name: '记录.docx', bytes: jpeg })).rejects.toThrow(/refused/);
    expect(electron.shell.openPath).not.toHaveBeenCalled();
  });

  it.each([
    ['an executable', 'setup.exe'],
    ['a script', '整改.bat'],
    ['a path', '../照片.jpg'],
    ['a device name', 'con.jpg'],
  ])('refuses %s before writing anything', async (_what, name) => {
    electron.shell.openPath.mockClear();
    await expect(call('evidence-open', { name, bytes: new Uint8Array([1]) })).rejects.toThrow(
      /invalid payload/,
    );
    expect(electron.shell.openPath).not.toHaveBeenCalled();
  });

  it('says when the system could not open the file', async () => {
    electron.shell.openPath.mockImplementationOnce(async () => 'no application');
    const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
    await expect(call('evidence-open', { name: 'a.pdf', bytes: pdf })).rejects.toThrow(
      /could not open a\.pdf: no application/,
    );
  });
});

describe('workbook-decrypt', () => {
  it('decrypts a protected workbook in main; a wrong password is an answer, not an error; bad payloads are refused', async () => {
    const { readFile } = await import('node:fs/promises');
    const bytes = new Uint8Array(await readFile('test/fixtures/foreign/ylz-2021-03-encrypted.xls'));
    const ok = (await call('workbook-decrypt', { bytes, password: 'tz2021' })) as {
      ok: boolean;
      bytes: Uint8Array;
    };
    expect(ok.ok).toBe(true);
    expect([...ok.bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]); // the .xls, decrypted
    expect(await call('workbook-decrypt', { bytes, password: 'nope' })).toMatchObject({
      ok: false,
      reason: 'wrong-password',
    });
    await expect(call('workbook-decrypt', { bytes, password: '' })).rejects.toThrow(/invalid payload/);
    await expect(call('workbook-decrypt', { bytes: 'x', password: 'p' })).rejects.toThrow(/invalid payload/);
  });
});
