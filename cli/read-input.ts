// Reading a returned file for a CLI command: bounded (readInputFile), through the workbook reader of
// its format, with Node's decryptor for a password given with --password (used once, never kept or
// printed). A protected file read without --password says to use it.

import { basename } from 'node:path';
import { MAX_FILE_BYTES } from '../shared/workbook/container.ts';
import { issue } from '../shared/workbook/issues.ts';
import { readReturnWorkbook, type ReadResult } from '../shared/workbook/read-workbook.ts';
import { HISTORY_LIMITS } from '../shared/workbook/xlsx-grid.ts';
import { readInputFile } from './context.ts';
import { nodeDecrypt } from './decrypt-node.ts';
import { nodeCodec } from './node-io.ts';

export interface ReadInputOptions {
  password?: string;
  mode?: 'return' | 'history';
  /** The plan's year (months written without one). */
  year: number;
}

export async function readReturnFile(
  path: string,
  options: ReadInputOptions,
): Promise<{ ok: true; read: ReadResult } | { ok: false; reason: string }> {
  const input = await readInputFile(path, MAX_FILE_BYTES);
  if (!input.ok) return input;
  const read = await readReturnWorkbook(input.bytes, {
    fileName: basename(path),
    password: options.password,
    decrypt: nodeDecrypt,
    year: options.year,
    mode: options.mode,
    limits: options.mode === 'history' ? HISTORY_LIMITS : undefined,
    inflate: nodeCodec.inflate,
  });
  const first = read.errors[0];
  if (first?.code === 'encrypted')
    read.errors[0] = issue(
      'encrypted',
      '文件设置了打开密码，请用 --password 指定密码 (password-protected: use --password)',
      first.log,
    );
  return { ok: true, read };
}
