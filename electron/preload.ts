// Preload for the sandboxed main window: exposes `window.taizhang` (TaizhangApi) — named functions
// only, never ipcRenderer itself — through contextBridge.
//
// Runs in a sandbox, so it is bundled into one CommonJS file that requires only 'electron'. It imports
// the contract with `import type` (no zod at runtime); channel names are literals checked against the
// contract's types. Payloads are passed through untouched: main validates them.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  BeforeQuitBackupReply,
  BeforeQuitBackupRequest,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  MenuCommand,
  TaizhangApi,
} from '../shared/ipc-contract.ts';

function invoke<C extends InvokeChannel>(channel: C, args?: InvokeArgs<C>): Promise<InvokeResult<C>> {
  return ipcRenderer.invoke(channel, args) as Promise<InvokeResult<C>>;
}

const MENU_COMMAND = 'menu-command';
const BEFORE_QUIT_BACKUP = 'before-quit-backup';
const BEFORE_QUIT_BACKUP_REPLY = 'before-quit-backup-reply';

let quitBackupProvider: (() => string | null | Promise<string | null>) | null = null;

ipcRenderer.on(BEFORE_QUIT_BACKUP, (_event: IpcRendererEvent, request: BeforeQuitBackupRequest) => {
  const provider = quitBackupProvider;
  const reply = (json: string | null): void => {
    const message: BeforeQuitBackupReply = { requestId: request.requestId, json };
    ipcRenderer.send(BEFORE_QUIT_BACKUP_REPLY, message);
  };
  if (!provider) {
    reply(null);
    return;
  }
  Promise.resolve()
    .then(provider)
    .then(
      (json) => reply(typeof json === 'string' ? json : null),
      (err: unknown) => {
        console.error('[taizhang] quit backup provider failed:', err);
        reply(null);
      },
    );
});

const api = {
  getAppInfo: () => invoke('app-info-get'),
  openFiles: (options) => invoke('file-open', options),
  saveFile: (options) => invoke('file-save', options),
  saveFilesToFolder: (options) => invoke('folder-save-files', options),
  writeBackup: (options) => invoke('backup-write', options),
  listBackups: () => invoke('backup-list'),
  readBackup: (name) => invoke('backup-read', { name }),
  printToPdf: (options) => invoke('pdf-print', options),
  onMenuCommand: (listener) => {
    const wrapped = (_event: IpcRendererEvent, command: MenuCommand): void => listener(command);
    ipcRenderer.on(MENU_COMMAND, wrapped);
    return () => {
      ipcRenderer.removeListener(MENU_COMMAND, wrapped);
    };
  },
  onBeforeQuitBackup: (provider) => {
    quitBackupProvider = provider;
    return () => {
      if (quitBackupProvider === provider) quitBackupProvider = null;
    };
  },
} satisfies TaizhangApi;

contextBridge.exposeInMainWorld('taizhang', api);
