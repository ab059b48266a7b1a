// Electron main process: app lifecycle and the one main window. Thin glue — policy lives in
// security.ts, files in backups.ts / window-state.ts, channels in ipc-handlers.ts, menus in menu.ts.
//
// - `--cli` runs the bundled `taizhang` command instead, with no window (cli-mode.ts);
// - single instance: a second launch focuses the existing window;
// - the renderer (dist/) is served from app://taizhang/ with a strict CSP (protocol.ts);
// - on close/quit the renderer is asked to write a 'quit' backup to <userData>/backups itself (through
//   the chunked backup channels) — with a timeout, so quitting never hangs; whatever it left unfinished
//   is dropped before the window closes, and temp files a crash left behind are swept at startup;
// - window size/position are remembered in <userData>/window-state.json.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { app, BrowserWindow, ipcMain, screen, session } from 'electron';
import { removeStaleTemps } from './backups.ts';
import { sweepEvidenceCopies } from './evidence-copies.ts';
import { cliArguments, guardCliProcess, runCliMode } from './cli-mode.ts';
import { registerIpcHandlers, type IpcRegistration } from './ipc-handlers.ts';
import { installMenu } from './menu.ts';
import { APP_INDEX_URL, handleAppProtocol, registerAppScheme } from './protocol.ts';
import { QUIT_BACKUP_TIMEOUT_MS, requestQuitBackup } from './quit-backup.ts';
import { applySessionPolicy, devServerUrl, hardenWebContents } from './security.ts';
import { loadWindowState, MIN_HEIGHT, MIN_WIDTH, saveWindowState } from './window-state.ts';

export const APP_ID = 'cn.gov.tongzhou.taizhang';
/**
 * Longest the quit backup (the renderer writes it, then main drops anything it left unfinished) may
 * take before the app quits anyway.
 */
export const QUIT_BACKUP_DEADLINE_MS = QUIT_BACKUP_TIMEOUT_MS + 3000;

let mainWindow: BrowserWindow | null = null;
let quitBackup: 'pending' | 'running' | 'done' = 'pending';
let ipc: IpcRegistration | null = null;

const devUrl = devServerUrl(app.isPackaged);

function paths(): { dist: string; preload: string; backups: string; windowState: string } {
  const appPath = app.getAppPath();
  const userData = app.getPath('userData');
  return {
    dist: join(appPath, 'dist'),
    preload: join(appPath, 'dist-electron', 'preload.cjs'),
    backups: join(userData, 'backups'),
    windowState: join(userData, 'window-state.json'),
  };
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/**
 * Ask the renderer to write its quit backup and wait for its answer, then drop any backup it left
 * unfinished (so no temp file outlives the window); resolves within QUIT_BACKUP_DEADLINE_MS.
 */
export async function backupBeforeQuit(win: BrowserWindow): Promise<void> {
  const contents = win.webContents;
  if (contents.isDestroyed() || contents.isCrashed()) return;
  const contentsId = contents.id;
  const work = (async () => {
    const outcome = await requestQuitBackup(ipcMain, contents, QUIT_BACKUP_TIMEOUT_MS, devUrl);
    if (!outcome.ok) console.warn('[taizhang] no quit backup was written');
    else if (outcome.name) console.log(`[taizhang] quit backup written: ${outcome.name}`);
    else console.log('[taizhang] quit backup: nothing to save');
    await ipc?.abortBackupsOf(contentsId);
  })().catch((err: unknown) => console.error('[taizhang] quit backup failed:', err));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn('[taizhang] quit backup took too long; quitting anyway');
      resolve();
    }, QUIT_BACKUP_DEADLINE_MS);
  });
  await Promise.race([work, deadline]);
  clearTimeout(timer);
}

export function createMainWindow(): BrowserWindow {
  const p = paths();
  // The primary display first: a first window is sized for it.
  const state = loadWindowState(p.windowState, [
    screen.getPrimaryDisplay().workArea,
    ...screen.getAllDisplays().map((d) => d.workArea),
  ]);
  const win = new BrowserWindow({
    title: '台账',
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : { center: true }),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    backgroundColor: '#ffffff',
    // The renderer parses untrusted files: isolate it, sandbox it, no Node. Kept as a literal here so
    // the flags are visible to reviewers and to electronegativity.
    webPreferences: {
      preload: p.preload,
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
      // Middle-click on a link would try to open a new window (denied anyway); switch it off at the source.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  win.on('close', (event) => {
    if (quitBackup === 'done') return;
    event.preventDefault();
    if (quitBackup === 'running') return;
    quitBackup = 'running';
    saveWindowState(p.windowState, win.getNormalBounds(), win.isMaximized());
    void backupBeforeQuit(win).finally(() => {
      quitBackup = 'done';
      if (!win.isDestroyed()) win.close();
    });
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[taizhang] renderer gone: ${details.reason} (exit code ${details.exitCode})`);
  });

  void win.loadURL(devUrl ? devUrl.href : APP_INDEX_URL);
  return win;
}

function onReady(): void {
  const p = paths();
  handleAppProtocol(p.dist);
  applySessionPolicy(session.defaultSession, devUrl);
  void removeStaleTemps(p.backups).catch((err: unknown) =>
    console.error('[taizhang] could not remove unfinished backup files:', err),
  );
  void sweepEvidenceCopies(tmpdir()).then((removed) => {
    if (removed.length) console.info(`[taizhang] removed ${removed.length} evidence copies older than a day`);
  });
  ipc = registerIpcHandlers({ backupsDir: p.backups, devUrl });
  installMenu(() => mainWindow, app.isPackaged);
  mainWindow = createMainWindow();
}

/** Wire the app lifecycle. Called once when the bundle loads. */
export function startApp(): void {
  // `taizhang --cli -- …` (build/bin/): the command line, no window (cli-mode.ts).
  const cli = cliArguments(process.argv);
  if (cli) {
    guardCliProcess(app);
    void runCliMode(cli, app);
    return;
  }
  registerAppScheme();
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devUrl));
  // One window, one ledger: closing it ends the app on every platform.
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(onReady, (err: unknown) => {
    console.error('[taizhang] startup failed:', err);
    app.exit(1);
  });
}

startApp();
