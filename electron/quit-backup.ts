// The quit-time backup handshake: main asks the renderer for the ledger JSON (the ledger lives in the
// renderer's IndexedDB) and waits for the answer — but never longer than a timeout, so a hung or
// crashed renderer can not keep the app from quitting.
import { randomUUID } from 'node:crypto';
import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import {
  BEFORE_QUIT_BACKUP_CHANNEL,
  BEFORE_QUIT_BACKUP_REPLY_CHANNEL,
  beforeQuitBackupReplySchema,
  type BeforeQuitBackupRequest,
} from '../shared/ipc-contract.ts';
import { assertTrustedSender } from './security.ts';

// A 100k-report ledger takes about 4.3 s to serialise in the renderer on a 2-core machine (npm run bench).
export const QUIT_BACKUP_TIMEOUT_MS = 15_000;

/**
 * Ask `contents` for the ledger JSON. Resolves with the text, or null when the renderer has nothing to
 * save, answers with something invalid, is gone, or does not answer within `timeoutMs`.
 */
export function requestLedgerJson(
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>,
  contents: Pick<WebContents, 'send' | 'isDestroyed' | 'id'>,
  timeoutMs: number = QUIT_BACKUP_TIMEOUT_MS,
  devUrl: URL | null = null,
): Promise<string | null> {
  if (contents.isDestroyed()) return Promise.resolve(null);
  const requestId = randomUUID();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ipcMain.removeListener(BEFORE_QUIT_BACKUP_REPLY_CHANNEL, onReply);
      resolve(value);
    };
    const onReply = (event: IpcMainEvent, payload: unknown): void => {
      if (event.sender.id !== contents.id) return;
      try {
        assertTrustedSender(BEFORE_QUIT_BACKUP_REPLY_CHANNEL, event, devUrl);
      } catch (err) {
        console.error(`[taizhang] ${(err as Error).message}`);
        return;
      }
      const parsed = beforeQuitBackupReplySchema.safeParse(payload);
      if (!parsed.success || parsed.data.requestId !== requestId) {
        console.error('[taizhang] ignoring malformed or stale before-quit-backup reply');
        return;
      }
      finish(parsed.data.json);
    };
    const timer = setTimeout(() => {
      console.warn(
        `[taizhang] renderer did not hand over the ledger within ${timeoutMs} ms; quitting without backup`,
      );
      finish(null);
    }, timeoutMs);
    ipcMain.on(BEFORE_QUIT_BACKUP_REPLY_CHANNEL, onReply);
    const request: BeforeQuitBackupRequest = { requestId };
    try {
      contents.send(BEFORE_QUIT_BACKUP_CHANNEL, request);
    } catch (err) {
      console.error('[taizhang] could not ask the renderer for the ledger:', err);
      finish(null);
    }
  });
}
