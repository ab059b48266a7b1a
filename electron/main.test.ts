import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUIT_BACKUP_TIMEOUT_MS } from './quit-backup.ts';

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const state = {
    lock: true,
    userData: '',
    windows: [] as FakeWindow[],
    ready: null as null | (() => void),
  };
  class FakeContents extends Emitter {
    id = 1;
    destroyed = false;
    send = vi.fn();
    isDestroyed = (): boolean => this.destroyed;
    isCrashed = (): boolean => false;
  }
  class FakeWindow extends Emitter {
    options: Record<string, unknown>;
    webContents = new FakeContents();
    destroyed = false;
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    maximize = vi.fn();
    isMinimized = (): boolean => true;
    isMaximized = (): boolean => false;
    isDestroyed = (): boolean => this.destroyed;
    getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
    close = vi.fn(() => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      this.emit('close', event);
      if (!event.defaultPrevented) {
        this.destroyed = true;
        this.emit('closed');
      }
    });
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      state.windows.push(this);
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => state.lock),
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    setPath: vi.fn(),
    disableHardwareAcceleration: vi.fn(),
    getAppPath: () => '/fake/app',
    getPath: (name: string) => (name === 'userData' ? state.userData : `/fake/${name}`),
    getVersion: () => '0.1.0',
    whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
  });
  const ipcMain = Object.assign(new Emitter(), { handle: vi.fn(), removeHandler: vi.fn() });
  return {
    state,
    FakeWindow,
    app,
    ipcMain,
    BrowserWindow: Object.assign(FakeWindow, { fromWebContents: vi.fn() }),
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    },
    session: {
      defaultSession: Object.assign(new Emitter(), {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
      }),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn() },
    dialog: {},
  };
});
vi.mock('electron', () => electron);

const userData = mkdtempSync(join(tmpdir(), 'taizhang-main-'));
electron.state.userData = userData;

afterAll(async () => {
  await rm(userData, { recursive: true, force: true });
});

/** Call the handler main registered for `channel`, as ipcMain would for an invoke from `event`. */
function invokeMain(channel: string, event: unknown, payload?: unknown): Promise<unknown> {
  const calls = electron.ipcMain.handle.mock.calls as unknown as [
    string,
    (event: unknown, payload?: unknown) => Promise<unknown>,
  ][];
  const handler = calls.filter((c) => c[0] === channel).at(-1)?.[1];
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

async function loadMain(): Promise<void> {
  vi.resetModules();
  electron.state.windows.length = 0;
  await import('./main.ts');
  electron.state.ready?.();
  await new Promise((r) => setTimeout(r, 0));
}

describe('main process', () => {
  beforeEach(() => {
    electron.state.lock = true;
    electron.app.removeAllListeners();
    electron.ipcMain.removeAllListeners();
    electron.app.quit.mockClear();
    electron.protocol.handle.mockClear();
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });

  it('creates one secure window served from app://taizhang/', async () => {
    await loadMain();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(electron.state.windows).toHaveLength(1);
    const win = electron.state.windows[0]!;
    expect(win.options.webPreferences).toEqual({
      preload: join('/fake/app', 'dist-electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win.options.show).toBe(false);
    expect(win.loadURL).toHaveBeenCalledWith('app://taizhang/index.html');
    const channels = electron.ipcMain.handle.mock.calls.map((c) => c[0]);
    expect(channels).toEqual(expect.arrayContaining(['backup-begin', 'backup-chunk', 'backup-commit']));
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
  });

  it('with --cli runs the command instead: no window, no single-instance lock, its exit code', async () => {
    const argv = process.argv;
    const listeners = process.listeners('uncaughtException');
    // Written, as far as the command can tell (the flush callback runs).
    const written = (...args: unknown[]) => {
      const done = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      done?.();
      return true;
    };
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(written);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(written);
    process.argv = [...argv, '--cli', '--', 'units', '--json'];
    electron.app.exit.mockClear();
    electron.app.requestSingleInstanceLock.mockClear();
    try {
      vi.resetModules();
      electron.state.windows.length = 0;
      await import('./main.ts');
      // /fake/app carries no dist-electron/cli.cjs: the command says so and exits 2.
      await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(2));
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('无法运行台账命令行程序');
      expect(electron.app.disableHardwareAcceleration).toHaveBeenCalled();
      expect(electron.app.requestSingleInstanceLock).not.toHaveBeenCalled();
      expect(electron.state.windows).toHaveLength(0);
      expect(electron.app.listenerCount('second-instance')).toBe(0);
    } finally {
      process.argv = argv;
      stderr.mockRestore();
      stdout.mockRestore();
      for (const l of process.listeners('uncaughtException'))
        if (!listeners.includes(l)) process.off('uncaughtException', l);
    }
  });

  it('focuses the existing window when a second instance starts', async () => {
    await loadMain();
    const win = electron.state.windows[0]!;
    electron.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.state.lock = false;
    vi.resetModules();
    electron.state.windows.length = 0;
    await import('./main.ts');
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });

  it('on close the renderer writes the quit backup through the chunk channels; main waits, then closes', async () => {
    await loadMain();
    const win = electron.state.windows[0]!;
    const event = { sender: win.webContents, senderFrame: { url: 'app://taizhang/index.html' } };
    const container = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    win.webContents.send.mockImplementation((channel: string, request: { requestId: string }) => {
      if (channel !== 'before-quit-backup') return;
      // what the renderer does: begin / chunk / commit, then reply with the outcome
      void (async () => {
        const { handle } = (await invokeMain('backup-begin', event, { kind: 'quit' })) as { handle: string };
        await invokeMain('backup-chunk', event, { handle, bytes: container.subarray(0, 4) });
        await invokeMain('backup-chunk', event, { handle, bytes: container.subarray(4) });
        const entry = (await invokeMain('backup-commit', event, { handle })) as { name: string };
        electron.ipcMain.emit('before-quit-backup-reply', event, {
          requestId: request.requestId,
          ok: true,
          name: entry.name,
        });
      })();
    });
    win.close();
    expect(win.destroyed).toBe(false); // held open while the backup runs
    await vi.waitFor(() => expect(win.destroyed).toBe(true));
    const backups = await readdir(join(userData, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^taizhang-backup-\d{8}T\d{9}Z-quit\.taizhang$/);
    expect(new Uint8Array(await readFile(join(userData, 'backups', backups[0]!)))).toEqual(container);
    expect(JSON.parse(await readFile(join(userData, 'window-state.json'), 'utf8'))).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('drops a quit backup the renderer began but did not finish in time', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await rm(join(userData, 'backups'), { recursive: true, force: true });
    await loadMain();
    const win = electron.state.windows[0]!;
    const event = { sender: win.webContents, senderFrame: { url: 'app://taizhang/index.html' } };
    let began: Promise<unknown> = Promise.resolve();
    win.webContents.send.mockImplementation((channel: string) => {
      if (channel !== 'before-quit-backup') return;
      began = (async () => {
        const { handle } = (await invokeMain('backup-begin', event, { kind: 'quit' })) as { handle: string };
        await invokeMain('backup-chunk', event, { handle, bytes: new Uint8Array([0x50, 0x4b]) });
      })();
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      win.close();
      await began;
      expect(await readdir(join(userData, 'backups'))).toHaveLength(1); // the temp file
      await vi.advanceTimersByTimeAsync(QUIT_BACKUP_TIMEOUT_MS);
      vi.useRealTimers();
      await vi.waitFor(() => expect(win.destroyed).toBe(true));
      expect(await readdir(join(userData, 'backups'))).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sweeps temp files of unfinished backups at startup', async () => {
    await mkdir(join(userData, 'backups'), { recursive: true });
    const stale = join(userData, 'backups', '.taizhang-backup-quit-1-0011223344556677.tmp');
    await writeFile(stale, 'PK');
    await loadMain();
    await vi.waitFor(async () =>
      expect(await readdir(join(userData, 'backups'))).not.toContain(
        '.taizhang-backup-quit-1-0011223344556677.tmp',
      ),
    );
  });

  it('still closes when the renderer never answers', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await loadMain();
    vi.useFakeTimers();
    try {
      const win = electron.state.windows[0]!;
      win.close();
      await vi.advanceTimersByTimeAsync(QUIT_BACKUP_TIMEOUT_MS - 1000);
      expect(win.destroyed).toBe(false);
      await vi.advanceTimersByTimeAsync(1500);
      expect(win.destroyed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
