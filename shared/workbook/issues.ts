// Typed problems the workbook codec reports. Every issue carries a stable English `code` (for
// logs, tests and the CLI's exit-code logic), a Chinese `message` for the people using the app,
// and an English `log` line. The reader never throws for bad input: it returns issues. Export-side
// misuse (a programming error or data Excel cannot hold) throws a WorkbookError.

export type FileErrorCode =
  | 'empty'
  | 'not-xlsx'
  /** A password is needed to open the file (none given yet). */
  | 'encrypted'
  | 'wrong-password'
  /** Three wrong passwords: the wizard stops asking. */
  | 'password-tries'
  /** This host cannot decrypt (the plain browser host has no decryptor). */
  | 'decrypt-unavailable'
  /** A CSV whose encoding is neither UTF-8 (or UTF-16 with a BOM) nor GBK/GB18030. */
  | 'unknown-encoding'
  /** An .xls / .et / .ods the reader could not open. */
  | 'unreadable-format'
  | 'too-large'
  | 'zip-bomb'
  | 'too-many-rows'
  | 'corrupt'
  | 'no-header'
  /** Not our layout: the columns and rows must be mapped first (shared/mapping/). */
  | 'needs-mapping';

export type WarningCode =
  | 'manifest-invalid'
  | 'manifest-unreadable'
  | 'unit-mismatch-title'
  | 'period-mismatch-title'
  | 'duplicate-header'
  | 'missing-progress-columns'
  | 'manifest-row-missing'
  /** A foreign layout differs from the mapping kept for its unit. */
  | 'layout-changed'
  /** A unit's word read as one of ours (基本完成 → 推进中, 八成 kept as text). */
  | 'value-read-as'
  /** Rows of a foreign layout a person said match no task. */
  | 'rows-not-imported';

export type FieldErrorCode =
  'invalid-status' | 'invalid-percent' | 'invalid-date' | 'invalid-text' | 'text-too-long';

export type ExportErrorCode = 'invalid-period' | 'text-too-long' | 'duplicate-task';

export interface Issue<C extends string = string> {
  code: C;
  /** For people, in Chinese. */
  message: string;
  /** For logs, in English. */
  log: string;
}

export function issue<C extends string>(code: C, message: string, log: string): Issue<C> {
  return { code, message, log };
}

/** Thrown by the exporter when it is asked to write something a workbook cannot hold. */
export class WorkbookError extends Error {
  readonly code: string;
  readonly messageZh: string;
  constructor(code: string, messageZh: string, log: string) {
    super(log);
    this.name = 'WorkbookError';
    this.code = code;
    this.messageZh = messageZh;
  }
}
