// The quit-time backup handshake: main asks the renderer to write a 'quit' backup (the ledger lives in
// the renderer's IndexedDB; the renderer builds the ledger container and sends it in chunks through the
// backup-begin / -chunk / -commit channels) and waits for its answer — but never longer than a timeout,
// so a hung or crashed renderer can not keep the app from quitting. Main writes nothing itself here.
import { randomUUID } from 'node:crypto';
import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import {
  BEFORE_QUIT_BACKUP_CHANNEL,
  BEFORE_QUIT_BACKUP_REPLY_CHANNEL,
  beforeQuitBackupReplySchema,
  type BeforeQuitBackupOutcome,
  type BeforeQuitBackupRequest,
} from '../shared/ipc-contract.ts';
import { assertTrustedSender } from './security.ts';

// A 100k-report ledger takes about 4.3 s to serialise in the renderer on a 2-core machine (npm run bench).
export const QUIT_BACKUP_TIMEOUT_MS = 15_000;

const NO_BACKUP: BeforeQuitBackupOutcome = { ok: false, name: null };

/**
 * Ask `contents` to write its quit backup. Resolves with the renderer's `{ ok, name }`, or with
 * `{ ok: false, name: null }` when the renderer is gone, can not be asked, or does not answer within
 * `timeoutMs`. Replies from another window, a foreign page, with a stale request id or a malformed
 * payload are ignored.
 */
export function requestQuitBackup(
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>,
  contents: Pick<WebContents, 'send' | 'isDestroyed' | 'id'>,
  timeoutMs: number = QUIT_BACKUP_TIMEOUT_MS,
  devUrl: URL | null = null,
): Promise<BeforeQuitBackupOutcome> {
  if (contents.isDestroyed()) return Promise.resolve(NO_BACKUP);
  const requestId = randomUUID();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: BeforeQuitBackupOutcome): void => {
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
      finish({ ok: parsed.data.ok, name: parsed.data.name });
    };
    const timer = setTimeout(() => {
      console.warn(
        `[taizhang] renderer did not finish the quit backup within ${timeoutMs} ms; quitting without it`,
      );
      finish(NO_BACKUP);
    }, timeoutMs);
    ipcMain.on(BEFORE_QUIT_BACKUP_REPLY_CHANNEL, onReply);
    const request: BeforeQuitBackupRequest = { requestId };
    try {
      contents.send(BEFORE_QUIT_BACKUP_CHANNEL, request);
    } catch (err) {
      console.error('[taizhang] could not ask the renderer for the quit backup:', err);
      finish(NO_BACKUP);
    }
  });
}
