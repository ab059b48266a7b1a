// The typed IPC contract between the Electron main process and the renderer — the one place that
// names every channel, its payload and its result.
//
// - `invokeContract`: renderer → main request/response channels (ipcRenderer.invoke / ipcMain.handle).
//   Every payload has a zod schema; main validates with it before doing anything (the renderer is
//   treated as untrusted: it parses files people were sent).
// - `MENU_COMMAND_CHANNEL`: main → renderer event carrying a `MenuCommand`.
// - Ledger backups are binary ledger containers (zip, `.taizhang`) that can exceed 100 MB, so they
//   never cross IPC in one message: the renderer writes one with `backup-begin` → `backup-chunk`… →
//   `backup-commit` (or `backup-abort`) in chunks of at most BACKUP_CHUNK_BYTES, and reads one back
//   range by range with `backup-read`. Main keeps the newest BACKUPS_KEPT_BY_KIND[kind] of each kind.
// - `BEFORE_QUIT_BACKUP_CHANNEL` / `BEFORE_QUIT_BACKUP_REPLY_CHANNEL`: on quit main asks the renderer
//   to write a 'quit' backup (through the chunk channels above); the renderer answers with the same
//   request id and whether that worked.
// - `TaizhangApi`: what preload exposes on `window.taizhang`; preload's object `satisfies` it.
//
// Pure TypeScript: no electron or node imports, so the renderer, preload and main all share it.
// Preload imports it with `import type` only, so zod does not end up in the sandboxed preload bundle;
// the renderer's host.ts does the same (it keeps its own copies of the two backup size constants).
import * as z from './zod.ts';
import { BIDI_CONTROLS, WINDOWS_DEVICE } from './safe-file-name.ts';

/** Largest single file main will read, write or pass over IPC (64 MiB). Ledgers and workbooks are far smaller. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/**
 * Largest ledger backup main will write (64 GiB): the total of all chunks of one backup handle. A
 * backup holds the evidence too (years of photos run to gigabytes); the bound only stops a runaway
 * renderer from filling the disk.
 */
export const MAX_BACKUP_BYTES = 64 * 1024 ** 3;
/** Largest piece of a backup that crosses IPC in one message (8 MiB), in either direction. */
export const BACKUP_CHUNK_BYTES = 8 * 1024 * 1024;
/**
 * Space a backup must leave free on its disk (64 MiB): a backup that would fill the disk is refused
 * before a byte is written, so the system and the ledger's own database still have room.
 */
export const DISK_RESERVE_BYTES = 64 * 1024 * 1024;
/**
 * Marks main's message when a write is refused for want of disk space (before it began, or ENOSPC
 * during it): the renderer tells the person in Chinese. Main's messages are English, for the log.
 */
export const DISK_FULL_MARK = 'disk-full';
/** How many backups one window may be writing at once (each `backup-begin` until its commit/abort). */
export const MAX_OPEN_BACKUPS_PER_SENDER = 4;
/** The key under which preload exposes the API: `window.taizhang`. */
export const TAIZHANG_API_KEY = 'taizhang';

// ---------------------------------------------------------------------------------------------------
// Building blocks

/**
 * A bare file name: no directory part, no `..`, no characters Windows refuses, no control characters.
 * Used for every name main writes to disk on the renderer's behalf.
 */
export const safeFileNameSchema = z
  .string()
  .min(1, 'file name is empty')
  .max(200, 'file name is longer than 200 characters')
  .refine((name) => !/[/\\]/.test(name), 'file name must not contain a path separator')
  .refine((name) => !name.includes('..'), "file name must not contain '..'")
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[\u0000-\u001f<>:"|?*]/.test(name), 'file name contains a character Windows refuses')
  .refine(
    (name) => name.trim() === name && !name.endsWith('.'),
    'file name has leading/trailing spaces or dots',
  )
  .refine((name) => !WINDOWS_DEVICE.test(name), 'file name is a reserved device name on Windows')
  .refine(
    (name) => !new RegExp(BIDI_CONTROLS.source).test(name),
    'file name holds bidirectional control characters',
  );

const bytesSchema = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes must be a Uint8Array')
  .refine((b) => b.byteLength <= MAX_FILE_BYTES, `file is larger than ${MAX_FILE_BYTES} bytes`);

export const namedBytesSchema = z.strictObject({ name: safeFileNameSchema, bytes: bytesSchema });
export type NamedBytes = z.infer<typeof namedBytesSchema>;

/** A dialog filter, e.g. `{ name: 'Excel 工作簿', extensions: ['xlsx'] }`. */
export const fileFilterSchema = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z
    .array(
      z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/, 'extension must be letters/digits without a dot, or *'),
    )
    .min(1)
    .max(20),
});
export type FileFilter = z.infer<typeof fileFilterSchema>;

const dialogTitleSchema = z.string().min(1).max(200).optional();

/** Why a backup was made — its kind. Retention is per kind, so no kind pushes out another. */
export const backupReasonSchema = z.enum(['import', 'quit', 'restore', 'manual']);
export type BackupReason = z.infer<typeof backupReasonSchema>;

/** How many backups of each kind are kept in <userData>/backups (older ones of that kind are deleted). */
export const BACKUPS_KEPT_BY_KIND: Record<BackupReason, number> = {
  import: 10,
  quit: 5,
  restore: 5,
  manual: 20,
};

/**
 * Backup file names main creates: `taizhang-backup-20261129T072800123Z-quit.taizhang` (UTC time, then
 * `-<seq>` when several land in the same millisecond, then the kind). Earlier versions wrote the ledger
 * JSON as `…-<kind>.json`: those still match, so they are listed, readable and pruned with their kind.
 * Groups: 1 stamp, 2 sequence number (optional), 3 kind, 4 extension.
 */
export const BACKUP_NAME_PATTERN =
  /^taizhang-backup-(\d{8}T\d{9}Z)(?:-(\d{1,3}))?-(import|quit|restore|manual)\.(taizhang|json)$/;

export const backupEntrySchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  /** ISO time the backup was written. */
  createdAt: z.string(),
  /** The backup's kind. */
  reason: backupReasonSchema,
});
export type BackupEntry = z.infer<typeof backupEntrySchema>;

const htmlTemplateSchema = z.string().max(8000);
const marginInchesSchema = z.number().min(0).max(3);

// ---------------------------------------------------------------------------------------------------
// Renderer → main channels

export const appInfoSchema = z.strictObject({
  version: z.string(),
  platform: z.string(),
  userDataPath: z.string(),
  isElectron: z.literal(true),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const fileOpenArgsSchema = z.strictObject({
  title: dialogTitleSchema,
  filters: z.array(fileFilterSchema).max(20).default([]),
  multiple: z.boolean().default(false),
});

export const fileSaveArgsSchema = z.strictObject({
  title: dialogTitleSchema,
  suggestedName: safeFileNameSchema,
  bytes: bytesSchema,
  filters: z.array(fileFilterSchema).max(20).default([]),
});

export const folderSaveFilesArgsSchema = z.strictObject({
  title: dialogTitleSchema,
  files: z
    .array(namedBytesSchema)
    .min(1, 'no files to save')
    .max(500, 'more than 500 files')
    .refine(
      (files) => new Set(files.map((f) => f.name.toLowerCase())).size === files.length,
      'two files have the same name',
    ),
});

/** An open backup write, as handed out by `backup-begin` (random, owned by the window that began it). */
const backupHandleSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a backup handle');

export const backupBeginArgsSchema = z.strictObject({
  kind: backupReasonSchema,
  /** The backup's whole size when known: main refuses at once when its disk cannot hold it. */
  bytes: z.number().int().min(0).max(MAX_BACKUP_BYTES).optional(),
});
export const backupBeginResultSchema = z.strictObject({ handle: z.string() });

export const backupChunkArgsSchema = z.strictObject({
  handle: backupHandleSchema,
  bytes: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes must be a Uint8Array')
    .refine(
      (b) => b.byteLength <= BACKUP_CHUNK_BYTES,
      `backup chunk is larger than ${BACKUP_CHUNK_BYTES} bytes`,
    ),
});

export const backupHandleArgsSchema = z.strictObject({ handle: backupHandleSchema });

/** A file chosen to be read in pieces (a backup with its evidence may be gigabytes). */
export const filePickArgsSchema = fileOpenArgsSchema.omit({ multiple: true });
export const filePickResultSchema = z
  .strictObject({ handle: z.string(), name: z.string(), bytes: z.number().int().nonnegative() })
  .nullable();
export const fileReadArgsSchema = z.strictObject({
  handle: backupHandleSchema,
  offset: z.number().int().nonnegative(),
  length: z.number().int().min(1).max(BACKUP_CHUNK_BYTES),
});

/** A file too large for one message (a return package with its photos): the dialog, then chunks. */
export const saveBeginArgsSchema = fileSaveArgsSchema.omit({ bytes: true });
export const saveBeginResultSchema = z.strictObject({ handle: z.string(), path: z.string() }).nullable();

const backupNameSchema = z.string().regex(BACKUP_NAME_PATTERN, 'not a backup file name made by this app');

export const backupReadArgsSchema = z.strictObject({
  name: backupNameSchema,
  offset: z.number().int().nonnegative(),
  length: z.number().int().min(1).max(BACKUP_CHUNK_BYTES),
});

export const pdfPrintArgsSchema = z.strictObject({
  title: dialogTitleSchema,
  suggestedName: safeFileNameSchema.refine((n) => /\.pdf$/i.test(n), 'PDF file name must end in .pdf'),
  landscape: z.boolean().default(true),
  pageSize: z.literal('A4').default('A4'),
  printBackground: z.boolean().default(true),
  /** HTML templates, see Electron's printToPDF (classes pageNumber / totalPages / date / title). */
  headerTemplate: htmlTemplateSchema.optional(),
  footerTemplate: htmlTemplateSchema.optional(),
  /** Margins in inches. */
  margins: z
    .strictObject({
      top: marginInchesSchema,
      bottom: marginInchesSchema,
      left: marginInchesSchema,
      right: marginInchesSchema,
    })
    .optional(),
  /** Let the page's `@page { size: … }` rule win over pageSize/landscape. */
  preferCSSPageSize: z.boolean().default(false),
});

/**
 * An evidence file to open with the system's viewer: a bare name whose extension is one of the
 * evidence kinds (never an executable's), and bytes the app already checked by content.
 */
export const EVIDENCE_OPEN_EXTENSIONS = [
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'bmp',
  'tif',
  'tiff',
  'heic',
  'pdf',
  'ofd',
  'docx',
  'xlsx',
  'pptx',
  'doc',
  'xls',
] as const;

export const evidenceOpenArgsSchema = z.strictObject({
  name: safeFileNameSchema.refine(
    (n) =>
      (EVIDENCE_OPEN_EXTENSIONS as readonly string[]).includes(
        /\.([A-Za-z0-9]+)$/.exec(n)?.[1]?.toLowerCase() ?? '',
      ),
    'not the name of an evidence file (photo, PDF, OFD, Office document)',
  ),
  bytes: bytesSchema,
});

const noArgsSchema = z.undefined();

/**
 * A password-protected workbook to decrypt in main (the renderer has no Node `crypto`, which the
 * decryptor needs). The password is used for this one call and never stored or logged; a return is
 * at most 20 MB (the reader's limit), a password at most 255 characters (Office's own limit).
 */
export const workbookDecryptArgsSchema = z.strictObject({
  bytes: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes must be a Uint8Array')
    .refine((b) => b.byteLength <= 20 * 1024 * 1024, 'workbook is larger than 20 MB'),
  password: z.string().min(1).max(255),
});

export const workbookDecryptResultSchema = z.union([
  z.strictObject({
    ok: z.literal(true),
    bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array),
  }),
  z.strictObject({
    ok: z.literal(false),
    reason: z.enum(['wrong-password', 'unsupported']),
    log: z.string(),
  }),
]);

/** Every renderer → main channel: payload schema (validated in main) and result schema (documentation + tests). */
export const invokeContract = {
  /** Version, platform and where the app keeps its data. */
  'app-info-get': { args: noArgsSchema, result: appInfoSchema },
  /** Native open dialog; reads the chosen files. Cancel → `[]`. */
  'file-open': { args: fileOpenArgsSchema, result: z.array(namedBytesSchema) },
  /** Native save dialog for one file. Cancel → `null`, else the saved path. */
  'file-save': { args: fileSaveArgsSchema, result: z.string().nullable() },
  /**
   * Native open dialog for one file to be read in pieces with file-read: cancel → `null`, else a
   * handle (good for the window that picked it), the file's name and size.
   */
  'file-pick': { args: filePickArgsSchema, result: filePickResultSchema },
  /** Bytes `offset … offset + length` (≤ BACKUP_CHUNK_BYTES) of a picked file; fewer at its end. */
  'file-read': {
    args: fileReadArgsSchema,
    result: z.custom<Uint8Array>((value) => value instanceof Uint8Array),
  },
  /**
   * Native save dialog for a file sent in chunks (any size up to MAX_BACKUP_BYTES): cancel → `null`,
   * else a handle for save-chunk / save-commit / save-abort and the chosen path. The chosen name is
   * replaced only by save-commit, once the whole file is written.
   */
  'save-begin': { args: saveBeginArgsSchema, result: saveBeginResultSchema },
  /** Append the next piece (≤ BACKUP_CHUNK_BYTES) of an open save. */
  'save-chunk': { args: backupChunkArgsSchema, result: z.null() },
  /** Finish an open save: the file takes the chosen name. Resolves the path. */
  'save-commit': { args: backupHandleArgsSchema, result: z.string() },
  /** Drop an open save and its temp file (an unknown handle is a no-op). */
  'save-abort': { args: backupHandleArgsSchema, result: z.null() },
  /** Choose a folder and write several files into it. Cancel → `null`, else the written paths. */
  'folder-save-files': { args: folderSaveFilesArgsSchema, result: z.array(z.string()).nullable() },
  /**
   * Start writing a backup of this kind (a temp file in <userData>/backups). At most
   * MAX_OPEN_BACKUPS_PER_SENDER per window; the handle works only for the window that began it.
   */
  'backup-begin': { args: backupBeginArgsSchema, result: backupBeginResultSchema },
  /** Append the next piece (≤ BACKUP_CHUNK_BYTES) of an open backup; the total is capped at MAX_BACKUP_BYTES. */
  'backup-chunk': { args: backupChunkArgsSchema, result: z.null() },
  /**
   * Finish an open backup: it must be a ledger container (zip). Gives it its final name and keeps the
   * newest `BACKUPS_KEPT_BY_KIND[kind]` of its kind. A refused backup is deleted.
   */
  'backup-commit': { args: backupHandleArgsSchema, result: backupEntrySchema },
  /** Drop an open backup and its temp file (an unknown handle is a no-op). */
  'backup-abort': { args: backupHandleArgsSchema, result: z.null() },
  /** The backups on disk (containers and legacy JSON), newest first. */
  'backup-list': { args: noArgsSchema, result: z.array(backupEntrySchema) },
  /** Bytes `offset … offset + length` of one backup, by name (as listed); fewer at the end of the file. */
  'backup-read': {
    args: backupReadArgsSchema,
    result: z.custom<Uint8Array>((value) => value instanceof Uint8Array),
  },
  /** printToPDF of the calling window, then a save dialog. Cancel → `null`, else the saved path. */
  'pdf-print': { args: pdfPrintArgsSchema, result: z.string().nullable() },
  /**
   * Open a copy of an evidence file with the system's viewer: written to a fresh folder under the
   * system's temp folder (never over anything), then shell.openPath. Resolves `null`.
   */
  'evidence-open': { args: evidenceOpenArgsSchema, result: z.null() },
  /** Decrypt a password-protected .xlsx/.xls in memory; the password is not kept. */
  'workbook-decrypt': { args: workbookDecryptArgsSchema, result: workbookDecryptResultSchema },
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeChannel = keyof InvokeContract;
/** What the renderer passes (defaults may be omitted). */
export type InvokeArgs<C extends InvokeChannel> = z.input<InvokeContract[C]['args']>;
/** What main's handler receives after validation (defaults filled in). */
export type InvokeParsedArgs<C extends InvokeChannel> = z.output<InvokeContract[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<InvokeContract[C]['result']>;

export const INVOKE_CHANNELS = Object.keys(invokeContract) as InvokeChannel[];

export type FileOpenArgs = InvokeArgs<'file-open'>;
export type FileSaveArgs = InvokeArgs<'file-save'>;
export type FolderSaveFilesArgs = InvokeArgs<'folder-save-files'>;
export type BackupReadArgs = InvokeArgs<'backup-read'>;
export type PdfPrintArgs = InvokeArgs<'pdf-print'>;

// ---------------------------------------------------------------------------------------------------
// Main → renderer events

export const MENU_COMMAND_CHANNEL = 'menu-command';
export const MENU_COMMANDS = [
  'backup-save',
  'backup-restore',
  'import-workbooks',
  'export-workbooks',
  'print-checklist',
  'undo',
  'redo',
  'find',
  'about',
] as const;
export const menuCommandSchema = z.enum(MENU_COMMANDS);
/**
 * A menu item the user chose. `undo`/`redo` are sent for the menu accelerators too: when focus is in a
 * text field the renderer should apply the field's own undo, otherwise the ledger's.
 */
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/**
 * main → renderer: `{ requestId }`. The renderer writes a 'quit' backup itself (backup-begin / -chunk /
 * -commit) and then answers on the reply channel.
 */
export const BEFORE_QUIT_BACKUP_CHANNEL = 'before-quit-backup';
/**
 * renderer → main (ipcRenderer.send): `{ requestId, ok, name }` — `ok` false when the backup failed,
 * `name` the committed backup, or null when there was nothing to save or it failed.
 */
export const BEFORE_QUIT_BACKUP_REPLY_CHANNEL = 'before-quit-backup-reply';

export const beforeQuitBackupRequestSchema = z.strictObject({ requestId: z.string().min(1).max(100) });
export type BeforeQuitBackupRequest = z.infer<typeof beforeQuitBackupRequestSchema>;
export const beforeQuitBackupReplySchema = z.strictObject({
  requestId: z.string().min(1).max(100),
  ok: z.boolean(),
  name: backupNameSchema.nullable(),
});
export type BeforeQuitBackupReply = z.infer<typeof beforeQuitBackupReplySchema>;
/** What the renderer's quit-backup provider reports (the reply without its request id). */
export type BeforeQuitBackupOutcome = Omit<BeforeQuitBackupReply, 'requestId'>;

// ---------------------------------------------------------------------------------------------------
// The window API preload exposes

/** `window.taizhang` in the Electron host; absent in the browser host. */
export interface TaizhangApi {
  getAppInfo(): Promise<InvokeResult<'app-info-get'>>;
  openFiles(options: FileOpenArgs): Promise<InvokeResult<'file-open'>>;
  saveFile(options: FileSaveArgs): Promise<InvokeResult<'file-save'>>;
  saveFilesToFolder(options: FolderSaveFilesArgs): Promise<InvokeResult<'folder-save-files'>>;
  /** The open dialog for one file to read in pieces; null when cancelled. */
  pickFile(options: InvokeArgs<'file-pick'>): Promise<InvokeResult<'file-pick'>>;
  /** Up to `length` (≤ BACKUP_CHUNK_BYTES) bytes of the picked file `handle` from `offset`. */
  readPickedFile(handle: string, offset: number, length: number): Promise<InvokeResult<'file-read'>>;
  /** The save dialog for a file sent in chunks; null when cancelled. */
  saveBegin(options: InvokeArgs<'save-begin'>): Promise<InvokeResult<'save-begin'>>;
  /** Append the next piece (≤ BACKUP_CHUNK_BYTES) of the save `handle`, in order. */
  saveChunk(handle: string, bytes: Uint8Array): Promise<InvokeResult<'save-chunk'>>;
  /** Finish the save `handle`: the file takes the chosen name. */
  saveCommit(handle: string): Promise<InvokeResult<'save-commit'>>;
  /** Drop the save `handle`; the chosen name is left as it was. */
  saveAbort(handle: string): Promise<InvokeResult<'save-abort'>>;
  /** Open a backup of this kind (of `bytes` in all, when known) for writing; returns its handle. */
  backupBegin(kind: BackupReason, bytes?: number): Promise<InvokeResult<'backup-begin'>>;
  /** Append the next piece (≤ BACKUP_CHUNK_BYTES) of the backup `handle`, in order. */
  backupChunk(handle: string, bytes: Uint8Array): Promise<InvokeResult<'backup-chunk'>>;
  /** Finish the backup `handle`; resolves with its entry. */
  backupCommit(handle: string): Promise<InvokeResult<'backup-commit'>>;
  /** Drop the backup `handle` and what was written of it. */
  backupAbort(handle: string): Promise<InvokeResult<'backup-abort'>>;
  listBackups(): Promise<InvokeResult<'backup-list'>>;
  /** Up to `length` (≤ BACKUP_CHUNK_BYTES) bytes of backup `name` from `offset`; fewer at the end. */
  readBackupRange(name: string, offset: number, length: number): Promise<InvokeResult<'backup-read'>>;
  printToPdf(options: PdfPrintArgs): Promise<InvokeResult<'pdf-print'>>;
  /** Open a copy of an evidence file with the system's viewer. */
  openEvidence(name: string, bytes: Uint8Array): Promise<InvokeResult<'evidence-open'>>;
  /** Decrypt a protected workbook in main (the password is used once, never kept). */
  decryptWorkbook(bytes: Uint8Array, password: string): Promise<InvokeResult<'workbook-decrypt'>>;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Register the provider main calls on quit: it writes the 'quit' backup through backupBegin / …
   * and reports `{ ok, name }` (`name` null when there was nothing to save). Only one provider is
   * active; returns the function that removes it. Main waits QUIT_BACKUP_TIMEOUT_MS at most, then
   * closes the window (an unfinished backup is then dropped).
   */
  onBeforeQuitBackup(provider: () => Promise<BeforeQuitBackupOutcome>): () => void;
}

/** The shape of `window` in the renderer, for hosts that want to detect Electron. */
export interface TaizhangWindow {
  taizhang?: TaizhangApi;
}
