// The host boundary: what the renderer needs from its surroundings (save a file, pick files, print),
// with one implementation for a plain browser (download link, <input type=file>, window.print) and
// one for Electron (native dialogs and printToPDF over the preload's `window.taizhang`). Components
// call `getHost()` and never look at `window.taizhang` themselves. Nothing is stored here.
// The Electron side is typed by shared/ipc-contract.ts (type-only import: zod stays out of the bundle).
// Backups (ledger containers, 100+ MB for big ledgers) cross IPC in pieces of BACKUP_CHUNK_BYTES.
// Suggested file names are cleaned with safeFileName first: main refuses separators, `..`, the
// characters Windows rejects and device names, and a browser download would mangle them anyway.
import type { BackupEntry, BackupReason, TaizhangApi } from '../shared/ipc-contract.ts';
import type { Decryptor } from '../shared/workbook/decrypt.ts';
import { safeFileName } from '../shared/safe-file-name.ts';

// Copies of BACKUP_CHUNK_BYTES / MAX_BACKUP_BYTES / DISK_FULL_MARK / DISK_RESERVE_BYTES in shared/ipc-contract.ts: that module builds zod
// schemas when it loads, and this one imports it for types only. host.test.ts asserts they are equal.
/** Largest piece of a backup sent to or read from main in one IPC message (8 MiB). */
export const BACKUP_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest backup main accepts (64 GiB). */
export const MAX_BACKUP_BYTES = 64 * 1024 ** 3;
/** Main's mark on a write refused for want of disk space (before it began, or the disk filled up). */
export const DISK_FULL_MARK = 'disk-full';
/** Space main keeps free on the disk when it writes a backup (64 MiB). */
export const DISK_RESERVE_BYTES = 64 * 1024 * 1024;

/** A failed write to disk, for the person: a full disk said in Chinese; any other error as it was. */
export function explainWriteError(err: unknown, what: string, bytes: number): unknown {
  const message = err instanceof Error ? err.message : String(err);
  if (!message.includes(`(${DISK_FULL_MARK})`)) return err;
  console.error(`[taizhang] ${what}: refused for want of disk space: ${message}`);
  const mb = Math.max(1, Math.ceil(bytes / 1024 ** 2));
  return new Error(
    `磁盘剩余空间不足，${what}未能保存（${what}约 ${mb} MB，磁盘还须另留 ${DISK_RESERVE_BYTES / 1024 ** 2} MB 空余）。请清理磁盘空间后重试。`,
  );
}

export interface HostFile {
  name: string;
  bytes: Uint8Array;
}

/** Page setup for host.print: used by Electron's printToPDF; the browser's print dialog has its own. */
export interface PrintOptions {
  /** Default true (the grid prints landscape). The page's `@page { size }` rule wins when it has one. */
  landscape?: boolean;
  /** printToPDF header/footer HTML, with `<span class="pageNumber">` / `totalPages` placeholders. */
  headerTemplate?: string;
  footerTemplate?: string;
  /** Inches. */
  margins?: { top: number; bottom: number; left: number; right: number };
}

export interface Host {
  readonly isElectron: boolean;
  /** Offer `bytes` to the user under `name`. Resolves false when the user cancelled. */
  saveFile(name: string, bytes: Uint8Array): Promise<boolean>;
  /** Let the user pick files, e.g. accept = ['.xlsx', '.json']. Resolves [] when cancelled. */
  openFiles(accept: readonly string[]): Promise<HostFile[]>;
  /**
   * Let the user pick one file of any size (a backup with gigabytes of evidence), as a Blob that is
   * never one copy in memory: a File in the browser, pieces read through main in the desktop app.
   */
  pickFile(accept: readonly string[]): Promise<{ name: string; data: Blob } | null>;
  /**
   * Print the current view. Browser: the print dialog. Electron: printToPDF and a save dialog
   * (`pdfName` is the suggested file name; `options` the page setup and footer template).
   */
  print(pdfName?: string, options?: PrintOptions): Promise<void>;
  /** Electron only: ledger backups kept by main in the user-data folder (the newest few of each kind). */
  readonly backups?: HostBackups;
  /** Electron only: choose a folder and write several files into it. Null when the user cancelled. */
  readonly saveFilesToFolder?: (files: readonly HostFile[]) => Promise<string[] | null>;
  /** Electron only: open a copy of an evidence file with the system's viewer. */
  readonly openCopy?: (name: string, bytes: Uint8Array) => Promise<void>;
  /**
   * Offer a Blob under `name` without copying it into memory whole (a download in the browser; in
   * the desktop app the save dialog, then the file in pieces). Resolves false when the user cancelled.
   */
  saveBlob(name: string, blob: Blob): Promise<boolean>;
  /**
   * Electron only: decrypt a password-protected workbook. The decryptor (officecrypto-tool) is built on
   * Node's crypto and Buffer, which the sandboxed renderer lacks, so main does it; the browser host
   * has none, and a protected file there gets a message saying where to open it.
   */
  readonly decryptWorkbook?: Decryptor;
}

export interface HostBackups {
  /** Store an automatic backup (a ledger container) of this kind; main keeps the newest N per kind. */
  write(data: Blob, kind: BackupReason): Promise<BackupEntry>;
  /** Newest first. */
  list(): Promise<BackupEntry[]>;
  /** The bytes of one backup, by name as listed (a Blob: it may be gigabytes). */
  read(name: string): Promise<Blob>;
}

declare global {
  interface Window {
    /** Exposed by electron/preload.ts; absent in a plain browser. */
    taizhang?: TaizhangApi;
  }
}

/** `['.xlsx', '.json']` → dialog filter extensions `['xlsx', 'json']` (MIME types are skipped). */
export function acceptToExtensions(accept: readonly string[]): string[] {
  return accept.filter((a) => /^\.[A-Za-z0-9]{1,10}$/.test(a)).map((a) => a.slice(1).toLowerCase());
}

/** Send `data` to main in BACKUP_CHUNK_BYTES pieces, in order; any failure aborts the backup and is rethrown. */
/** Send `data` to main piece by piece (at most BACKUP_CHUNK_BYTES each), then commit; abort on failure. */
async function sendInChunks<R>(
  data: Blob,
  write: {
    chunk(bytes: Uint8Array): Promise<unknown>;
    commit(): Promise<R>;
    abort(): Promise<unknown>;
  },
): Promise<R> {
  try {
    for (let offset = 0; offset < data.size; offset += BACKUP_CHUNK_BYTES) {
      const piece = data.slice(offset, Math.min(offset + BACKUP_CHUNK_BYTES, data.size));
      await write.chunk(new Uint8Array(await piece.arrayBuffer()));
    }
    return await write.commit();
  } catch (err) {
    await write.abort().catch((abortErr: unknown) => {
      console.warn('[taizhang] could not abort the unfinished write:', abortErr);
    });
    throw err;
  }
}

function assertNotTooLarge(data: Blob, what: string): void {
  if (data.size > MAX_BACKUP_BYTES) {
    throw new Error(
      `${what}太大（${data.size} 字节），超过 ${MAX_BACKUP_BYTES / 1024 ** 3} GiB 的上限，无法保存`,
    );
  }
}

async function writeBackupInChunks(api: TaizhangApi, data: Blob, kind: BackupReason): Promise<BackupEntry> {
  assertNotTooLarge(data, '备份');
  try {
    // The size goes first: main refuses at once when the disk cannot hold it.
    const { handle } = await api.backupBegin(kind, data.size);
    return await sendInChunks(data, {
      chunk: (bytes) => api.backupChunk(handle, bytes),
      commit: () => api.backupCommit(handle),
      abort: () => api.backupAbort(handle),
    });
  } catch (err) {
    throw explainWriteError(err, '备份', data.size);
  }
}

/** The save dialog, then the file in pieces: a Blob of any size (a package with its photos) is never copied whole. */
async function saveBlobInChunks(api: TaizhangApi, name: string, data: Blob): Promise<boolean> {
  assertNotTooLarge(data, '文件');
  const begun = await api.saveBegin({
    suggestedName: safeFileName(name, '台账文件'),
    filters: filtersFor(name),
  });
  if (!begun) return false;
  const { handle } = begun;
  try {
    await sendInChunks(data, {
      chunk: (bytes) => api.saveChunk(handle, bytes),
      commit: () => api.saveCommit(handle),
      abort: () => api.saveAbort(handle),
    });
  } catch (err) {
    throw explainWriteError(err, '文件', data.size);
  }
  return true;
}

/** The save dialog's type filter for a file name: its extension, if it has one. */
function filtersFor(name: string): { name: string; extensions: string[] }[] {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1];
  return ext ? [{ name: ext.toUpperCase(), extensions: [ext.toLowerCase()] }] : [];
}

/**
 * Read backup `name` range by range until a short read, into a Blob: each piece goes into the
 * browser's blob store as it arrives, so a backup with gigabytes of evidence never sits in the heap.
 */
async function readBackupInChunks(api: TaizhangApi, name: string): Promise<Blob> {
  return readInChunks((offset, length) => api.readBackupRange(name, offset, length), name);
}

/** Read range by range until a short read, into a Blob (pieces go to the blob store as they come). */
async function readInChunks(
  readRange: (offset: number, length: number) => Promise<Uint8Array>,
  name: string,
): Promise<Blob> {
  const pieces: Blob[] = [];
  let total = 0;
  for (;;) {
    const piece = await readRange(total, BACKUP_CHUNK_BYTES);
    if (piece.byteLength > 0) pieces.push(new Blob([piece as Uint8Array<ArrayBuffer>]));
    total += piece.byteLength;
    if (piece.byteLength < BACKUP_CHUNK_BYTES) break;
    if (total > MAX_BACKUP_BYTES)
      throw new Error(`文件超过 ${MAX_BACKUP_BYTES / 1024 ** 3} GiB 的上限，无法读取：${name}`);
  }
  return new Blob(pieces);
}

/** The open dialog's filter for an accept list. */
function acceptFilters(accept: readonly string[]): { name: string; extensions: string[] }[] {
  const extensions = acceptToExtensions(accept);
  return extensions.length ? [{ name: '支持的文件', extensions }] : [];
}

/** Let the user pick files with an <input type=file> (the browser's own dialog); [] when cancelled. */
function chooseWithInput(doc: Document, accept: readonly string[], multiple: boolean): Promise<File[]> {
  return new Promise<File[]>((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.multiple = multiple;
    input.accept = accept.join(',');
    input.style.display = 'none';
    input.addEventListener('cancel', () => {
      input.remove();
      resolve([]);
    });
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.remove();
      resolve(files);
    });
    doc.body.append(input);
    input.click();
  });
}

export function createBrowserHost(doc: Document = document): Host {
  return {
    isElectron: false,
    saveFile(name, bytes) {
      return this.saveBlob(name, new Blob([bytes.slice()], { type: 'application/octet-stream' }));
    },
    async saveBlob(name, blob) {
      const url = URL.createObjectURL(blob);
      try {
        const a = doc.createElement('a');
        a.href = url;
        a.download = safeFileName(name, '台账文件');
        a.rel = 'noopener';
        doc.body.append(a);
        a.click();
        a.remove();
      } finally {
        // Give the download a moment to start before revoking.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
      return true;
    },
    async openFiles(accept) {
      const files = await chooseWithInput(doc, accept, true);
      return Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
    },
    async pickFile(accept) {
      const [file] = await chooseWithInput(doc, accept, false);
      return file ? { name: file.name, data: file } : null;
    },
    async print() {
      window.print();
    },
  };
}

export function createElectronHost(api: TaizhangApi): Host {
  return {
    isElectron: true,
    async saveFile(name, bytes) {
      const suggestedName = safeFileName(name, '台账文件');
      try {
        return (await api.saveFile({ suggestedName, bytes, filters: filtersFor(name) })) !== null;
      } catch (err) {
        throw explainWriteError(err, '文件', bytes.byteLength);
      }
    },
    async openFiles(accept) {
      return api.openFiles({ filters: acceptFilters(accept), multiple: true });
    },
    async pickFile(accept) {
      const picked = await api.pickFile({ filters: acceptFilters(accept) });
      if (!picked) return null;
      const data = await readInChunks(
        (offset, length) => api.readPickedFile(picked.handle, offset, length),
        picked.name,
      );
      return { name: picked.name, data };
    },
    async print(pdfName = '台账.pdf', options: PrintOptions = {}) {
      const name = safeFileName(pdfName, '台账.pdf');
      const suggestedName = /\.pdf$/i.test(name) ? name : `${name}.pdf`;
      const { landscape = true, headerTemplate, footerTemplate, margins } = options;
      await api.printToPdf({
        suggestedName,
        landscape,
        preferCSSPageSize: true,
        ...(footerTemplate || headerTemplate
          ? {
              headerTemplate: headerTemplate ?? '<div></div>',
              footerTemplate: footerTemplate ?? '<div></div>',
            }
          : {}),
        ...(margins ? { margins } : {}),
      });
    },
    saveBlob: (name, blob) => saveBlobInChunks(api, name, blob),
    openCopy: async (name, bytes) => {
      await api.openEvidence(safeFileName(name, '佐证材料'), bytes);
    },
    saveFilesToFolder: (files) =>
      api
        .saveFilesToFolder({
          files: files.map((f) => ({ name: safeFileName(f.name, '台账文件'), bytes: f.bytes })),
        })
        .catch((err: unknown) => {
          throw explainWriteError(
            err,
            '文件',
            files.reduce((n, f) => n + f.bytes.byteLength, 0),
          );
        }),
    backups: {
      write: (data, kind) => writeBackupInChunks(api, data, kind),
      list: () => api.listBackups(),
      read: (name) => readBackupInChunks(api, name),
    },
    decryptWorkbook: (bytes, password) => api.decryptWorkbook(bytes, password),
  };
}

let host: Host | undefined;

/** The host for this window: Electron when the preload exposed `window.taizhang`, else the browser. */
export function getHost(): Host {
  host ??= window.taizhang ? createElectronHost(window.taizhang) : createBrowserHost();
  return host;
}
