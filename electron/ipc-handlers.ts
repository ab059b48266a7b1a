// IPC handlers: the main-process side of every renderer → main channel in shared/ipc-contract.ts.
//
// Each handler first checks the sender (only pages served from app://taizhang/, or the loopback dev
// server in an unpackaged app) and validates the payload with the contract's zod schema, then moves
// bytes: native dialogs, reading/writing the files the user chose, ledger backups, printToPDF, and
// decrypting a password-protected workbook (the decryptor needs Node's crypto). No domain logic lives
// here — workbooks and ledgers are parsed and built in the renderer.
//
// Backups, and large files saved through a dialog (`save-begin` shows it), arrive in chunks:
// `backup-begin` / `save-begin` hands out a random handle owned by the sending window (webContents
// id); chunk/commit/abort from any other window are refused, a window may have at most
// MAX_OPEN_BACKUPS_PER_SENDER of each open, and a window's open writes are dropped (temp files
// deleted) when it reloads, crashes or is destroyed — and by main when the window closes.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { EVIDENCE_COPY_PREFIX } from './evidence-copies.ts';
import { basename, join, resolve, sep } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import * as z from '../shared/zod.ts';
import {
  invokeContract,
  MAX_FILE_BYTES,
  MAX_OPEN_BACKUPS_PER_SENDER,
  type BackupEntry,
  type BackupReason,
  type InvokeChannel,
  type InvokeParsedArgs,
  type InvokeResult,
} from '../shared/ipc-contract.ts';
import { nodeDecrypt } from '../cli/decrypt-node.ts';
import { extensionKind, isImageKind, sniffEvidence } from '../shared/evidence/sniff.ts';
import { bytesSource } from '../shared/zip/zip-reader.ts';
import { listBackups, PendingBackup, readBackupRange } from './backups.ts';
import { PendingSave } from './pending-save.ts';
import { PickedFiles } from './picked-files.ts';
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

/** The bits of a webContents the backup handles need: its id, and events that end its page. */
export interface BackupOwner {
  readonly id: number;
  on(event: 'did-navigate' | 'render-process-gone', listener: () => void): unknown;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** A file written in chunks over IPC: a backup (backups.ts) or a file saved through a dialog (pending-save.ts). */
interface ChunkedWrite<R> {
  append(bytes: Uint8Array): Promise<void>;
  commit(): Promise<R>;
  abort(): Promise<void>;
  readonly isOpen: boolean;
}

interface OpenWrite<W> {
  owner: number;
  /** Resolves once the temp file exists; rejects if it could not be created. */
  write: Promise<W>;
}

/**
 * The chunked writes under way over IPC, by handle (one registry for backups, one for saves).
 * Exported for tests.
 */
export class WriteHandles<R, W extends ChunkedWrite<R> = ChunkedWrite<R>> {
  private readonly open = new Map<string, OpenWrite<W>>();
  private readonly watched = new Set<number>();

  constructor(
    /** The channels' prefix and the word in messages: `backup` (backup-begin …) or `save`. */
    private readonly what: 'backup' | 'save',
    private readonly maxPerOwner: number = MAX_OPEN_BACKUPS_PER_SENDER,
  ) {}

  /** How many writes `owner` (or everyone) has open. */
  openCount(owner?: number): number {
    let n = 0;
    for (const open of this.open.values()) if (owner === undefined || open.owner === owner) n++;
    return n;
  }

  async begin(owner: BackupOwner, start: () => Promise<W>): Promise<string> {
    if (this.openCount(owner.id) >= this.maxPerOwner) {
      throw new Error(
        `IPC '${this.what}-begin' refused: this window already has ${this.maxPerOwner} ${this.what}s open`,
      );
    }
    this.watch(owner);
    const handle = randomBytes(16).toString('hex');
    const write = start();
    this.open.set(handle, { owner: owner.id, write });
    try {
      await write;
    } catch (err) {
      this.open.delete(handle);
      throw err;
    }
    return handle;
  }

  /** The write behind `handle`, if `owner` began it. */
  private async get(step: string, owner: number, handle: string): Promise<W> {
    const channel = `${this.what}-${step}`;
    const open = this.open.get(handle);
    if (!open) throw new Error(`IPC '${channel}' refused: unknown ${this.what} handle`);
    if (open.owner !== owner) {
      throw new Error(`IPC '${channel}' refused: the ${this.what} handle belongs to another window`);
    }
    return open.write;
  }

  async chunk(owner: number, handle: string, bytes: Uint8Array): Promise<null> {
    const write = await this.get('chunk', owner, handle);
    try {
      await write.append(bytes);
    } finally {
      if (!write.isOpen) this.open.delete(handle);
    }
    return null;
  }

  async commit(owner: number, handle: string): Promise<R> {
    const write = await this.get('commit', owner, handle);
    try {
      return await write.commit();
    } finally {
      this.open.delete(handle);
    }
  }

  /** Drop one write; an unknown handle is a no-op, another window's is refused. */
  async abort(owner: number, handle: string): Promise<null> {
    if (!this.open.has(handle)) return null;
    const write = await this.get('abort', owner, handle);
    this.open.delete(handle);
    await write.abort();
    return null;
  }

  /** Drop every write `owner` has open (its page went away). */
  async abortAllOf(owner: number): Promise<void> {
    const doomed: Promise<W>[] = [];
    for (const [handle, open] of this.open) {
      if (open.owner !== owner) continue;
      this.open.delete(handle);
      doomed.push(open.write);
    }
    if (doomed.length)
      console.warn(`[taizhang] dropping ${doomed.length} unfinished ${this.what}(s) of window ${owner}`);
    await Promise.all(
      doomed.map((write) =>
        write.then(
          (w) => w.abort(),
          () => undefined,
        ),
      ),
    );
  }

  /** Drop `owner`'s writes when its page reloads, crashes or is destroyed. */
  private watch(owner: BackupOwner): void {
    if (this.watched.has(owner.id)) return;
    this.watched.add(owner.id);
    const id = owner.id;
    const drop = (): void => {
      void this.abortAllOf(id).catch((err: unknown) =>
        console.error(`[taizhang] dropping unfinished ${this.what}s failed:`, err),
      );
    };
    owner.on('did-navigate', drop);
    owner.on('render-process-gone', drop);
    owner.once('destroyed', () => {
      this.watched.delete(id);
      drop();
    });
  }
}

/** The ledger backups being written over IPC. Exported for tests. */
export class BackupHandles extends WriteHandles<BackupEntry, PendingBackup> {
  constructor(
    private readonly dir: string,
    maxPerOwner: number = MAX_OPEN_BACKUPS_PER_SENDER,
  ) {
    super('backup', maxPerOwner);
  }

  beginBackup(owner: BackupOwner, kind: BackupReason, bytes?: number): Promise<string> {
    return this.begin(owner, () => PendingBackup.begin(this.dir, kind, { expectedBytes: bytes }));
  }
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

/** The native save dialog (overwriting asks first); the chosen path, or null when cancelled. */
async function askSavePath(
  event: IpcMainInvokeEvent,
  args: {
    title?: string | undefined;
    suggestedName: string;
    filters: { name: string; extensions: string[] }[];
  },
): Promise<string | null> {
  const result = await dialog.showSaveDialog(windowOf(event), {
    title: args.title,
    defaultPath: defaultSavePath(args.suggestedName),
    filters: args.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** The handlers, by channel. Exported so tests can call them without ipcMain. */
export function createHandlers(
  options: IpcHandlerOptions,
  backups: BackupHandles = new BackupHandles(options.backupsDir),
  saves: WriteHandles<string, PendingSave> = new WriteHandles('save'),
  picked: PickedFiles = new PickedFiles(),
): { [C in InvokeChannel]: Handler<C> } {
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
      const target = await askSavePath(event, args);
      if (target === null) return null;
      // Through a temp file: a full disk never leaves half a workbook under the chosen name.
      return PendingSave.writeWhole(target, args.bytes);
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
        written.push(await PendingSave.writeWhole(target, file.bytes));
      }
      return written;
    },

    'file-pick': async (args, event) => {
      const result = await dialog.showOpenDialog(windowOf(event), {
        title: args.title,
        filters: args.filters,
        properties: ['openFile'],
      });
      const path = result.filePaths[0];
      if (result.canceled || !path) return null;
      const info = await stat(path);
      if (!info.isFile()) throw new Error(`Not a file: ${path}`);
      return { handle: picked.add(event.sender.id, path), name: basename(path), bytes: info.size };
    },

    'file-read': (args, event) => picked.read(event.sender.id, args.handle, args.offset, args.length),

    'save-begin': async (args, event) => {
      const target = await askSavePath(event, args);
      if (target === null) return null;
      return { handle: await saves.begin(event.sender, () => PendingSave.begin(target)), path: target };
    },

    'save-chunk': (args, event) => saves.chunk(event.sender.id, args.handle, args.bytes),

    'save-commit': (args, event) => saves.commit(event.sender.id, args.handle),

    'save-abort': (args, event) => saves.abort(event.sender.id, args.handle),

    'backup-begin': async (args, event) => ({
      handle: await backups.beginBackup(event.sender, args.kind, args.bytes),
    }),

    'backup-chunk': (args, event) => backups.chunk(event.sender.id, args.handle, args.bytes),

    'backup-commit': (args, event) => backups.commit(event.sender.id, args.handle),

    'backup-abort': (args, event) => backups.abort(event.sender.id, args.handle),

    'backup-list': () => listBackups(options.backupsDir),

    'backup-read': (args) => readBackupRange(options.backupsDir, args.name, args.offset, args.length),

    'pdf-print': async (args, event) => {
      windowOf(event); // a sender without a window is refused before printing
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
      const target = await askSavePath(event, {
        title: args.title,
        suggestedName: args.suggestedName,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (target === null) return null;
      return PendingSave.writeWhole(target, pdf);
    },

    'evidence-open': async (args) => {
      // The renderer checked the content when the file was attached; main checks it again, so no
      // page can hand the system's viewer something other than what the name says (a macro
      // document named .pdf, a script named .jpg). A photo under another image's extension is fine.
      const sniffed = await sniffEvidence(bytesSource(args.bytes), args.name);
      const claimed = extensionKind(args.name);
      if (
        !sniffed.ok ||
        !claimed ||
        (sniffed.kind !== claimed && !(isImageKind(sniffed.kind) && isImageKind(claimed)))
      )
        throw new Error(
          `IPC 'evidence-open' refused: the content of ${args.name} is ${sniffed.ok ? sniffed.kind : sniffed.log}`,
        );
      // A folder of its own for each copy: nothing existing is ever overwritten or opened instead.
      // (main.ts sweeps these folders once they are a day old: evidence-copies.ts)
      const folder = await mkdtemp(join(tmpdir(), EVIDENCE_COPY_PREFIX));
      const path = pathInside(folder, args.name);
      await writeFile(path, args.bytes, { flag: 'wx', mode: 0o400 });
      const error = await shell.openPath(path);
      if (error) throw new Error(`the system could not open ${args.name}: ${error}`);
      return null;
    },
    // The one piece of file work main does for the renderer: officecrypto-tool needs Node's crypto.
    // Bytes in, bytes out, in memory; the password is not kept or logged.
    'workbook-decrypt': (args) => nodeDecrypt(args.bytes, args.password),
  };
}

export interface IpcRegistration {
  /** Drop the unfinished backups of one webContents (main calls it when the window closes). */
  abortBackupsOf(webContentsId: number): Promise<void>;
}

/** Register every channel of the contract with ipcMain. */
export function registerIpcHandlers(options: IpcHandlerOptions): IpcRegistration {
  const backups = new BackupHandles(options.backupsDir);
  const saves = new WriteHandles<string, PendingSave>('save');
  const handlers = createHandlers(options, backups, saves);
  for (const channel of Object.keys(invokeContract) as InvokeChannel[]) {
    ipcMain.removeHandler(channel);
    ipcMain.handle(
      channel,
      guardedHandler(channel, handlers[channel] as Handler<typeof channel>, options.devUrl),
    );
  }
  return {
    abortBackupsOf: async (id) => {
      await Promise.all([backups.abortAllOf(id), saves.abortAllOf(id)]);
    },
  };
}
