// The typed IPC contract between the Electron main process and the renderer — the one place that
// names every channel, its payload and its result.
//
// - `invokeContract`: renderer → main request/response channels (ipcRenderer.invoke / ipcMain.handle).
//   Every payload has a zod schema; main validates with it before doing anything (the renderer is
//   treated as untrusted: it parses files people were sent).
// - `MENU_COMMAND_CHANNEL`: main → renderer event carrying a `MenuCommand`.
// - `BEFORE_QUIT_BACKUP_CHANNEL` / `BEFORE_QUIT_BACKUP_REPLY_CHANNEL`: main asks the renderer for the
//   ledger JSON on quit, the renderer answers with the same request id.
// - `TaizhangApi`: what preload exposes on `window.taizhang`; preload's object `satisfies` it.
//
// Pure TypeScript: no electron or node imports, so the renderer, preload and main all share it.
// Preload imports it with `import type` only, so zod does not end up in the sandboxed preload bundle.
import { z } from './zod.ts';

/** Largest single file main will read, write or pass over IPC (64 MiB). Ledgers and workbooks are far smaller. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Largest ledger backup main will write (64 MiB of JSON text). */
export const MAX_BACKUP_CHARS = 64 * 1024 * 1024;
/** How many ledger backups are kept in <userData>/backups. */
export const BACKUPS_KEPT = 10;
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
  .refine(
    (name) => !/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name),
    'file name is a reserved device name on Windows',
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

/** Backup file names main creates: `taizhang-backup-20261129T072800123Z-quit.json` (UTC time). */
export const BACKUP_NAME_PATTERN = /^taizhang-backup-(\d{8}T\d{9}Z)(?:-(\d{1,3}))?-([a-z]{1,20})\.json$/;

export const backupReasonSchema = z.enum(['manual', 'quit', 'import', 'restore']);
export type BackupReason = z.infer<typeof backupReasonSchema>;

export const backupEntrySchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  /** ISO time the backup was written. */
  createdAt: z.string(),
  reason: z.string(),
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

export const backupWriteArgsSchema = z.strictObject({
  json: z.string().min(2).max(MAX_BACKUP_CHARS, 'backup is too large'),
  reason: backupReasonSchema,
});

export const backupReadArgsSchema = z.strictObject({
  name: z.string().regex(BACKUP_NAME_PATTERN, 'not a backup file name made by this app'),
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

const noArgsSchema = z.undefined();

/** Every renderer → main channel: payload schema (validated in main) and result schema (documentation + tests). */
export const invokeContract = {
  /** Version, platform and where the app keeps its data. */
  'app-info-get': { args: noArgsSchema, result: appInfoSchema },
  /** Native open dialog; reads the chosen files. Cancel → `[]`. */
  'file-open': { args: fileOpenArgsSchema, result: z.array(namedBytesSchema) },
  /** Native save dialog for one file. Cancel → `null`, else the saved path. */
  'file-save': { args: fileSaveArgsSchema, result: z.string().nullable() },
  /** Choose a folder and write several files into it. Cancel → `null`, else the written paths. */
  'folder-save-files': { args: folderSaveFilesArgsSchema, result: z.array(z.string()).nullable() },
  /** Write a ledger JSON backup to <userData>/backups; keeps the newest `BACKUPS_KEPT`. */
  'backup-write': { args: backupWriteArgsSchema, result: backupEntrySchema },
  /** The backups on disk, newest first. */
  'backup-list': { args: noArgsSchema, result: z.array(backupEntrySchema) },
  /** The JSON text of one backup, by name (as listed). */
  'backup-read': { args: backupReadArgsSchema, result: z.string() },
  /** printToPDF of the calling window, then a save dialog. Cancel → `null`, else the saved path. */
  'pdf-print': { args: pdfPrintArgsSchema, result: z.string().nullable() },
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
export type BackupWriteArgs = InvokeArgs<'backup-write'>;
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

/** main → renderer: `{ requestId }`; the renderer answers on the reply channel. */
export const BEFORE_QUIT_BACKUP_CHANNEL = 'before-quit-backup';
/** renderer → main (ipcRenderer.send): `{ requestId, json }`, `json` null when there is nothing to save. */
export const BEFORE_QUIT_BACKUP_REPLY_CHANNEL = 'before-quit-backup-reply';

export const beforeQuitBackupRequestSchema = z.strictObject({ requestId: z.string().min(1).max(100) });
export type BeforeQuitBackupRequest = z.infer<typeof beforeQuitBackupRequestSchema>;
export const beforeQuitBackupReplySchema = z.strictObject({
  requestId: z.string().min(1).max(100),
  json: z.string().min(2).max(MAX_BACKUP_CHARS).nullable(),
});
export type BeforeQuitBackupReply = z.infer<typeof beforeQuitBackupReplySchema>;

// ---------------------------------------------------------------------------------------------------
// The window API preload exposes

/** `window.taizhang` in the Electron host; absent in the browser host. */
export interface TaizhangApi {
  getAppInfo(): Promise<InvokeResult<'app-info-get'>>;
  openFiles(options: FileOpenArgs): Promise<InvokeResult<'file-open'>>;
  saveFile(options: FileSaveArgs): Promise<InvokeResult<'file-save'>>;
  saveFilesToFolder(options: FolderSaveFilesArgs): Promise<InvokeResult<'folder-save-files'>>;
  writeBackup(options: BackupWriteArgs): Promise<InvokeResult<'backup-write'>>;
  listBackups(): Promise<InvokeResult<'backup-list'>>;
  readBackup(name: string): Promise<InvokeResult<'backup-read'>>;
  printToPdf(options: PdfPrintArgs): Promise<InvokeResult<'pdf-print'>>;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Register the provider main calls on quit for the ledger JSON (null = nothing to save). Only one
   * provider is active; returns the function that removes it. Main waits a few seconds at most.
   */
  onBeforeQuitBackup(provider: () => string | null | Promise<string | null>): () => void;
}

/** The shape of `window` in the renderer, for hosts that want to detect Electron. */
export interface TaizhangWindow {
  taizhang?: TaizhangApi;
}
