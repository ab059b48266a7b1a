// Node's decryptor for password-protected workbooks (the port is shared/workbook/decrypt.ts), used by
// the `taizhang` command and by the desktop app's main process. officecrypto-tool undoes what Excel,
// WPS and LibreOffice write: ECMA-376 Agile and Standard encryption of .xlsx, RC4 / RC4 CryptoAPI and
// XOR obfuscation of .xls. It is built on Node's `crypto` and `Buffer`, which is why it runs here and
// not in the sandboxed renderer. Loaded on first use: nothing else pays for it.
//
// The password is passed through once; nothing here keeps or logs it.

import type { DecryptResult, Decryptor } from '../shared/workbook/decrypt.ts';

export const nodeDecrypt: Decryptor = async (bytes, password): Promise<DecryptResult> => {
  const { default: officeCrypto } = await import('officecrypto-tool');
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const out = await officeCrypto.decrypt(input, { password });
    return { ok: true, bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return /password is incorrect/i.test(message)
      ? { ok: false, reason: 'wrong-password', log: 'officecrypto-tool: the password is incorrect' }
      : { ok: false, reason: 'unsupported', log: `officecrypto-tool: ${message.slice(0, 200)}` };
  }
};
