// IPC handlers: the main-process side of every renderer → main channel in shared/ipc-contract.ts.
//
// Each handler first checks the sender (only pages served from app://taizhang/, or the loopback dev
// server in an unpackaged app) and validates the payload with the contract's zod schema, then moves
// bytes: native dialogs, reading/writing the files the user chose, ledger backups, printToPDF. No
// domain logic lives here — workbooks and ledgers are parsed and built in the renderer.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { z } from '../shared/zod.ts';
import {
  invokeContract,
  MAX_FILE_BYTES,
  type InvokeChannel,
  type InvokeParsedArgs,
  type InvokeResult,
} from '../shared/ipc-contract.ts';
import { listBackups, readBackup, writeBackup } from './backups.ts';
import { assertTrustedSender } from './security.ts';

export interface IpcHandlerOptions {
  /** Where ledger backups go: <userData>/backups. */
  backupsDir: string;
  /** Loopback dev server allowed as a sender (unpackaged app only), or null. */
  devUrl: URL | null;
}

type Handler<C extends InvokeChannel> = (
  args: InvokeParsedArgs<C>,
  event: IpcMainInvokeEvent,
) => Promise<InvokeResult<C>> | InvokeResult<C>;

/** Check sender, validate payload, then run `handler`. Exported for tests. */
export function guardedHandler<C extends InvokeChannel>(
  channel: C,
  handler: Handler<C>,
  devUrl: URL | null,
): (event: IpcMainInvokeEvent, payload?: unknown) => Promise<InvokeResult<C>> {
  const schema = invokeContract[channel].args as unknown as z.ZodType<InvokeParsedArgs<C>>;
  return async (event, payload) => {
    assertTrustedSender(channel, event, devUrl);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new Error(`IPC '${channel}' refused: invalid payload: ${z.prettifyError(parsed.error)}`);
    }
    return handler(parsed.data, event);
  };
}

function windowOf(event: IpcMainInvokeEvent): BrowserWindow {
  const win = BrowserWindow.fromWebContents(event.sender);
  if (!win) throw new Error('IPC refused: the sender has no window');
  return win;
}

/** Join a validated bare file name onto a folder, refusing anything that would land outside it. */
export function pathInside(folder: string, name: string): string {
  const base = resolve(folder);
  const target = resolve(base, name);
  if (!target.startsWith(base + sep) || basename(target) !== name) {
    throw new Error(
      `Refused to write ${JSON.stringify(name)}: not a plain file name inside the chosen folder`,
    );
  }
  return target;
}

async function readChosenFile(path: string): Promise<{ name: string; bytes: Uint8Array }> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`Not a file: ${path}`);
  if (info.size > MAX_FILE_BYTES) throw new Error(`File too large (${info.size} bytes): ${path}`);
  const buffer = await readFile(path);
  return { name: basename(path), bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
}

function defaultSavePath(name: string): string {
  return join(app.getPath('documents'), name);
}

/** The handlers, by channel. Exported so tests can call them without ipcMain. */
export function createHandlers(options: IpcHandlerOptions): { [C in InvokeChannel]: Handler<C> } {
  return {
    'app-info-get': () => ({
      version: app.getVersion(),
      platform: process.platform,
      userDataPath: app.getPath('userData'),
      isElectron: true,
    }),

    'file-open': async (args, event) => {
      const result = await dialog.showOpenDialog(windowOf(event), {
        title: args.title,
        filters: args.filters,
        properties: args.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      });
      if (result.canceled) return [];
      const files = [];
      for (const path of result.filePaths) files.push(await readChosenFile(path));
      return files;
    },

    'file-save': async (args, event) => {
      const result = await dialog.showSaveDialog(windowOf(event), {
        title: args.title,
        defaultPath: defaultSavePath(args.suggestedName),
        filters: args.filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return null;
      await writeFile(result.filePath, args.bytes);
      return result.filePath;
    },

    'folder-save-files': async (args, event) => {
      const result = await dialog.showOpenDialog(windowOf(event), {
        title: args.title,
        defaultPath: app.getPath('documents'),
        properties: ['openDirectory', 'createDirectory'],
      });
      const folder = result.filePaths[0];
      if (result.canceled || !folder) return null;
      const targets = args.files.map((file) => pathInside(folder, file.name));
      const written: string[] = [];
      for (const [i, file] of args.files.entries()) {
        const target = targets[i] as string;
        await writeFile(target, file.bytes);
        written.push(target);
      }
      return written;
    },

    'backup-write': (args) => writeBackup(options.backupsDir, args.json, args.reason),

    'backup-list': () => listBackups(options.backupsDir),

    'backup-read': (args) => readBackup(options.backupsDir, args.name),

    'pdf-print': async (args, event) => {
      const win = windowOf(event);
      const pdf = await event.sender.printToPDF({
        landscape: args.landscape,
        pageSize: args.pageSize,
        printBackground: args.printBackground,
        displayHeaderFooter: args.headerTemplate !== undefined || args.footerTemplate !== undefined,
        headerTemplate: args.headerTemplate ?? '<span></span>',
        footerTemplate: args.footerTemplate ?? '<span></span>',
        margins: args.margins,
        preferCSSPageSize: args.preferCSSPageSize,
      });
      const result = await dialog.showSaveDialog(win, {
        title: args.title,
        defaultPath: defaultSavePath(args.suggestedName),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return null;
      await writeFile(result.filePath, pdf);
      return result.filePath;
    },
  };
}

/** Register every channel of the contract with ipcMain. */
export function registerIpcHandlers(options: IpcHandlerOptions): void {
  const handlers = createHandlers(options);
  for (const channel of Object.keys(invokeContract) as InvokeChannel[]) {
    ipcMain.removeHandler(channel);
    ipcMain.handle(
      channel,
      guardedHandler(channel, handlers[channel] as Handler<typeof channel>, options.devUrl),
    );
  }
}
