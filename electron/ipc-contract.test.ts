import { describe, expect, it } from 'vitest';
import {
  BEFORE_QUIT_BACKUP_CHANNEL,
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
        'backup-list',
        'backup-read',
        'backup-write',
        'file-open',
        'file-save',
        'folder-save-files',
        'pdf-print',
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
});
