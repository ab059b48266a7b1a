import { describe, expect, it } from 'vitest';
import {
  BACKUP_CHUNK_BYTES,
  BACKUP_NAME_PATTERN,
  backupReasonSchema,
  BACKUPS_KEPT_BY_KIND,
  beforeQuitBackupReplySchema,
  BEFORE_QUIT_BACKUP_CHANNEL,
  invokeContract,
  MAX_BACKUP_BYTES,
  BEFORE_QUIT_BACKUP_REPLY_CHANNEL,
  fileSaveArgsSchema,
  INVOKE_CHANNELS,
  MENU_COMMAND_CHANNEL,
  MENU_COMMANDS,
  pdfPrintArgsSchema,
  safeFileNameSchema,
} from '../shared/ipc-contract.ts';

describe('IPC contract', () => {
  it('names every channel in kebab-case noun-verb form', () => {
    const all = [
      ...INVOKE_CHANNELS,
      MENU_COMMAND_CHANNEL,
      BEFORE_QUIT_BACKUP_CHANNEL,
      BEFORE_QUIT_BACKUP_REPLY_CHANNEL,
    ];
    for (const channel of all) expect(channel).toMatch(/^[a-z]+(-[a-z]+)+$/);
    expect(INVOKE_CHANNELS.sort()).toEqual(
      [
        'app-info-get',
        'backup-abort',
        'backup-begin',
        'backup-chunk',
        'backup-commit',
        'backup-list',
        'backup-read',
        'file-open',
        'file-save',
        'file-pick',
        'file-read',
        'save-begin',
        'save-chunk',
        'save-commit',
        'save-abort',
        'folder-save-files',
        'workbook-decrypt',
        'pdf-print',
        'evidence-open',
      ].sort(),
    );
    expect(MENU_COMMANDS).toEqual([
      'backup-save',
      'backup-restore',
      'import-workbooks',
      'export-workbooks',
      'print-checklist',
      'undo',
      'redo',
      'find',
      'about',
    ]);
  });

  it('accepts ordinary Chinese file names and refuses paths', () => {
    for (const ok of ['台账-区生态环境局-2021-11.xlsx', '督查清单 大气.pdf', 'a.b.xlsx']) {
      expect(safeFileNameSchema.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of [
      '../a.xlsx',
      'a/b.xlsx',
      'a\\b.xlsx',
      '..',
      'a\u0000.xlsx',
      'a:b.xlsx',
      'nul',
      'x.',
      ' x',
    ]) {
      expect(safeFileNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('fills defaults and rejects unknown keys', () => {
    expect(pdfPrintArgsSchema.parse({ suggestedName: 'a.pdf' })).toMatchObject({
      landscape: true,
      pageSize: 'A4',
      printBackground: true,
    });
    expect(
      fileSaveArgsSchema.safeParse({ suggestedName: 'a.xlsx', bytes: new Uint8Array(), path: '/etc' })
        .success,
    ).toBe(false);
  });

  it('sizes backups for big ledger containers, in chunks', () => {
    expect(MAX_BACKUP_BYTES).toBe(64 * 1024 ** 3);
    expect(BACKUP_CHUNK_BYTES).toBe(8 * 1024 * 1024);
    expect(Object.keys(BACKUPS_KEPT_BY_KIND).sort()).toEqual([...backupReasonSchema.options].sort());
  });

  it('names backups by time and kind, and still knows the legacy .json backups', () => {
    for (const ok of [
      'taizhang-backup-20261129T072800123Z-quit.taizhang',
      'taizhang-backup-20261129T072800123Z-12-import.taizhang',
      'taizhang-backup-20261129T072800123Z-manual.json',
      'taizhang-backup-20261129T072800123Z-3-restore.json',
    ]) {
      expect(BACKUP_NAME_PATTERN.test(ok), ok).toBe(true);
    }
    for (const bad of [
      'taizhang-backup-20261129T072800123Z-because.taizhang',
      'taizhang-backup-20261129T072800123Z-quit.zip',
      'taizhang-backup-20261129T072800123Z-quit.taizhang.tmp',
      '.taizhang-backup-20261129T072800123Z-quit.taizhang',
      '../taizhang-backup-20261129T072800123Z-quit.taizhang',
      'x/taizhang-backup-20261129T072800123Z-quit.json',
    ]) {
      expect(BACKUP_NAME_PATTERN.test(bad), bad).toBe(false);
    }
    // the pattern's kinds are exactly the schema's
    const kinds = /\((import\|[a-z|]+)\)/.exec(BACKUP_NAME_PATTERN.source)?.[1]?.split('|');
    expect(kinds?.sort()).toEqual([...backupReasonSchema.options].sort());
  });

  it.each([
    [{ kind: 'import' }, true],
    [{ kind: 'import', bytes: 0 }, true],
    [{ kind: 'quit', bytes: MAX_BACKUP_BYTES }, true],
    [{ kind: 'import', bytes: MAX_BACKUP_BYTES + 1 }, false],
    [{ kind: 'import', bytes: -1 }, false],
    [{ kind: 'import', bytes: 1.5 }, false],
    [{ kind: 'import', bytes: Number.NaN }, false],
    [{ kind: 'import', bytes: Infinity }, false],
    [{ kind: 'import', bytes: '100' }, false],
  ])('backup-begin takes a whole, bounded size when given: %j → %s', (args, ok) => {
    expect(invokeContract['backup-begin'].args.safeParse(args).success).toBe(ok);
  });

  it('caps a backup chunk and a read at BACKUP_CHUNK_BYTES', () => {
    const chunk = invokeContract['backup-chunk'].args;
    expect(chunk.safeParse({ handle: 'abcdefgh', bytes: new Uint8Array(BACKUP_CHUNK_BYTES) }).success).toBe(
      true,
    );
    expect(
      chunk.safeParse({ handle: 'abcdefgh', bytes: new Uint8Array(BACKUP_CHUNK_BYTES + 1) }).success,
    ).toBe(false);
    const read = invokeContract['backup-read'].args;
    const name = 'taizhang-backup-20261129T072800123Z-quit.taizhang';
    expect(read.safeParse({ name, offset: 3 * 1024 ** 3, length: BACKUP_CHUNK_BYTES }).success).toBe(true);
    expect(read.safeParse({ name, offset: 0, length: BACKUP_CHUNK_BYTES + 1 }).success).toBe(false);
  });

  it('the quit reply carries ok and the backup name, no ledger', () => {
    const name = 'taizhang-backup-20261129T072800123Z-quit.taizhang';
    expect(beforeQuitBackupReplySchema.safeParse({ requestId: 'r', ok: true, name }).success).toBe(true);
    expect(beforeQuitBackupReplySchema.safeParse({ requestId: 'r', ok: false, name: null }).success).toBe(
      true,
    );
    expect(beforeQuitBackupReplySchema.safeParse({ requestId: 'r', json: '{}' }).success).toBe(false);
    expect(
      beforeQuitBackupReplySchema.safeParse({ requestId: 'r', ok: true, name: null, json: '{}' }).success,
    ).toBe(false);
  });
});
