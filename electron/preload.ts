// Preload for the sandboxed main window: exposes `window.taizhang` (TaizhangApi) — named functions
// only, never ipcRenderer itself — through contextBridge.
//
// Runs in a sandbox, so it is bundled into one CommonJS file that requires only 'electron'. It imports
// the contract with `import type` (no zod at runtime); channel names are literals checked against the
// contract's types. Payloads are passed through untouched: main validates them. Backups go through
// as chunks (Uint8Array, at most BACKUP_CHUNK_BYTES each); slicing a ledger into chunks is the
// renderer's job (renderer/host.ts). Nothing is stored here except the one quit-backup provider.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  BeforeQuitBackupOutcome,
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

let quitBackupProvider: (() => Promise<BeforeQuitBackupOutcome>) | null = null;

// The provider writes the quit backup itself (backupBegin / backupChunk / backupCommit); main only
// learns whether that worked. No provider means nothing to save.
ipcRenderer.on(BEFORE_QUIT_BACKUP, (_event: IpcRendererEvent, request: BeforeQuitBackupRequest) => {
  const provider = quitBackupProvider;
  const reply = (ok: boolean, name: string | null): void => {
    const message: BeforeQuitBackupReply = { requestId: request.requestId, ok, name };
    ipcRenderer.send(BEFORE_QUIT_BACKUP_REPLY, message);
  };
  if (!provider) {
    reply(true, null);
    return;
  }
  Promise.resolve()
    .then(provider)
    .then(
      (outcome: Partial<BeforeQuitBackupOutcome> | null | undefined) =>
        reply(outcome?.ok === true, typeof outcome?.name === 'string' ? outcome.name : null),
      (err: unknown) => {
        console.error('[taizhang] quit backup provider failed:', err);
        reply(false, null);
      },
    );
});

const api = {
  getAppInfo: () => invoke('app-info-get'),
  openFiles: (options) => invoke('file-open', options),
  saveFile: (options) => invoke('file-save', options),
  saveFilesToFolder: (options) => invoke('folder-save-files', options),
  pickFile: (options) => invoke('file-pick', options),
  readPickedFile: (handle, offset, length) => invoke('file-read', { handle, offset, length }),
  saveBegin: (options) => invoke('save-begin', options),
  saveChunk: (handle, bytes) => invoke('save-chunk', { handle, bytes }),
  saveCommit: (handle) => invoke('save-commit', { handle }),
  saveAbort: (handle) => invoke('save-abort', { handle }),
  backupBegin: (kind, bytes) => invoke('backup-begin', bytes === undefined ? { kind } : { kind, bytes }),
  backupChunk: (handle, bytes) => invoke('backup-chunk', { handle, bytes }),
  backupCommit: (handle) => invoke('backup-commit', { handle }),
  backupAbort: (handle) => invoke('backup-abort', { handle }),
  listBackups: () => invoke('backup-list'),
  readBackupRange: (name, offset, length) => invoke('backup-read', { name, offset, length }),
  printToPdf: (options) => invoke('pdf-print', options),
  openEvidence: (name, bytes) => invoke('evidence-open', { name, bytes }),
  decryptWorkbook: (bytes, password) => invoke('workbook-decrypt', { bytes, password }),
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
