// The port through which a password-protected workbook is decrypted. shared/ cannot decrypt by itself:
// the library that does it (officecrypto-tool: ECMA-376 Agile and Standard for .xlsx, RC4 CryptoAPI
// and XOR obfuscation for .xls) is built on Node's `crypto` and `Buffer`, which the sandboxed renderer
// does not have. So each host hands the reader a Decryptor: the `taizhang` command decrypts in its
// own process (cli/decrypt-node.ts), the desktop app asks its main process over IPC, and the plain
// browser host has none — there a protected file gets a message saying where it can be opened.
//
// The password is used for one call and never kept: not in the ReadResult, not in the ledger, not in
// a log line. The decrypted bytes live only in memory, for the read that asked for them.

export type DecryptResult =
  | { ok: true; bytes: Uint8Array }
  | {
      ok: false;
      /** `wrong-password`: the password does not open it; `unsupported`: an encryption we cannot undo. */
      reason: 'wrong-password' | 'unsupported';
      /** English, for logs (never the password). */
      log: string;
    };

export type Decryptor = (bytes: Uint8Array, password: string) => Promise<DecryptResult>;

/** How many wrong passwords the app accepts for one file before it stops asking. */
export const PASSWORD_TRIES = 3;
