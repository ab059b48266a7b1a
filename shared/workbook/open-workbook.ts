// Opens any returned file into a SheetGrid: the one place that routes a file to its reader. Every
// reader sits behind the same checks (container.ts): the size limit first, then, for zips, the
// declared sizes, ratio and a bounded inflate; the sheet row and cell limits inside each reader.
//
//   .xlsx (zip with xl/workbook.xml)          → xlsx-grid.ts (our own reader)
//   .ods  (zip with content.xml)               → sheetjs-grid.ts
//   .xls / WPS .et (OLE with a BIFF workbook)  → sheetjs-grid.ts
//   CSV / tab-separated text                   → csv-grid.ts (UTF-8, UTF-16 with BOM, GBK)
//   password-protected .xlsx (OLE EncryptedPackage) or .xls (BIFF FILEPASS)
//                                              → the host's Decryptor (decrypt.ts), then the above
//
// A decrypted file goes through the same checks again (it may not be encrypted twice). Never throws
// for bad input: every failure is one Issue with a Chinese message and an English log line.

import { checkContainer, verifyInflatedSizes } from './container.ts';
import { readCsvGrid } from './csv-grid.ts';
import type { Decryptor } from './decrypt.ts';
import { issue, type FileErrorCode, type Issue } from './issues.ts';
import type { SheetGrid } from './sheet-grid.ts';
import { readSheetjsGrid } from './sheetjs-grid.ts';
import { readXlsxGrid, RETURN_LIMITS, type InflateRaw, type SheetLimits } from './xlsx-grid.ts';

/** The format a file was read as (after decryption). */
export type WorkbookFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export interface OpenOptions {
  fileName?: string;
  /** Used once to decrypt a protected file; never stored. */
  password?: string;
  /** The host's decryptor; without one a protected file cannot be opened here. */
  decrypt?: Decryptor;
  /** Sheet bounds: a return's by default, the master ledger's when importing history. */
  limits?: SheetLimits;
  /** The platform's native inflater for .xlsx parts (see xlsx-grid.ts); fflate otherwise. */
  inflate?: InflateRaw;
}

export type OpenedWorkbook =
  | { ok: true; grid: SheetGrid; format: WorkbookFormat; encrypted: boolean }
  | { ok: false; error: Issue<FileErrorCode>; encrypted: boolean };

function needsPassword(log: string): Issue<FileErrorCode> {
  return issue('encrypted', '文件设置了打开密码，请输入密码后再读取。', log);
}

async function decryptAndOpen(bytes: Uint8Array, options: OpenOptions, log: string): Promise<OpenedWorkbook> {
  if (!options.decrypt) {
    return {
      ok: false,
      encrypted: true,
      error: issue(
        'decrypt-unavailable',
        '文件设置了打开密码。浏览器版无法解密，请在桌面版或用 taizhang 命令（--password）导入，或请报送单位取消密码后重新发送。',
        `${log}; this host has no decryptor`,
      ),
    };
  }
  if (options.password === undefined || options.password === '')
    return { ok: false, encrypted: true, error: needsPassword(log) };
  let result;
  try {
    result = await options.decrypt(bytes, options.password);
  } catch (e) {
    result = {
      ok: false as const,
      reason: 'unsupported' as const,
      log: e instanceof Error ? e.message : String(e),
    };
  }
  if (!result.ok) {
    return {
      ok: false,
      encrypted: true,
      error:
        result.reason === 'wrong-password'
          ? issue('wrong-password', '密码不正确，无法打开文件。', `${log}: wrong password`)
          : issue(
              'unreadable-format',
              '文件使用了无法解开的加密方式。请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入。',
              `${log}: decryption failed: ${result.log}`,
            ),
    };
  }
  const opened = await openWorkbookGrid(result.bytes, {
    ...options,
    decrypt: undefined,
    password: undefined,
  });
  if (!opened.ok && opened.encrypted)
    return {
      ok: false,
      encrypted: true,
      error: issue('unreadable-format', '文件解密后仍是加密文件，无法读取。', `${log}: encrypted twice`),
    };
  return { ...opened, encrypted: true };
}

/** Read a file into a SheetGrid through the container checks and the reader for its format. */
export async function openWorkbookGrid(
  bytes: Uint8Array,
  options: OpenOptions = {},
): Promise<OpenedWorkbook> {
  const limits = options.limits ?? RETURN_LIMITS;
  const container = checkContainer(bytes);
  if (!container.ok) {
    // WPS's own format: say so rather than "not a workbook" when a file named .et cannot be read.
    if (
      options.fileName &&
      /\.et$/i.test(options.fileName) &&
      ['not-xlsx', 'corrupt'].includes(container.error.code)
    )
      return {
        ok: false,
        encrypted: false,
        error: issue(
          'unreadable-format',
          '无法打开这个 WPS 表格（.et）：文件可能已损坏或格式不受支持。请在 WPS 中打开后“另存为” Excel 工作簿（.xlsx）再导入。',
          `.et file: ${container.error.log}`,
        ),
      };
    return { ok: false, error: container.error, encrypted: false };
  }
  switch (container.format) {
    case 'encrypted-ooxml':
      return decryptAndOpen(bytes, options, 'OLE compound file with EncryptionInfo/EncryptedPackage');
    case 'csv': {
      const read = await readCsvGrid(bytes, { fileName: options.fileName, limits });
      return read.ok
        ? { ok: true, grid: read.grid, format: 'csv', encrypted: false }
        : { ok: false, error: read.error, encrypted: false };
    }
    case 'xls': {
      const read = await readSheetjsGrid(bytes, 'xls', { fileName: options.fileName, limits });
      if (read.ok) return { ok: true, grid: read.grid, format: 'xls', encrypted: false };
      if (read.encrypted) return decryptAndOpen(bytes, options, 'BIFF workbook with a FILEPASS record');
      return { ok: false, error: read.error, encrypted: false };
    }
    case 'xlsx':
    case 'ods': {
      const inflated = await verifyInflatedSizes(bytes, container.entries);
      if (!inflated.ok) return { ok: false, error: inflated.error, encrypted: false };
      if (container.format === 'ods') {
        const read = await readSheetjsGrid(bytes, 'ods', { fileName: options.fileName, limits });
        return read.ok
          ? { ok: true, grid: read.grid, format: 'ods', encrypted: false }
          : { ok: false, error: read.error, encrypted: false };
      }
      const read = await readXlsxGrid(bytes, inflated.entries, limits, options.inflate);
      return read.ok
        ? { ok: true, grid: read.grid, format: 'xlsx', encrypted: false }
        : { ok: false, error: read.error, encrypted: false };
    }
  }
}
