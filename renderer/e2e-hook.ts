// A test hook for the Chromium end-to-end tests, installed ONLY when the page was opened with the
// `?e2e=1` query flag: `window.__taizhangE2E.restoreLedger(json)` validates a ledger JSON text with
// shared/ledger-file.ts restoreLedger and replaces the database's ledger data with it through the
// store and the restore use case — the same path as restoring a backup.
// It lets a test seed reports, imports and edits without typing them. Without the flag nothing is
// exposed.
import { appStore } from './db/index.ts';

export interface E2EHook {
  restoreLedger(json: string): Promise<void>;
}

declare global {
  interface Window {
    __taizhangE2E?: E2EHook;
  }
}

export function installE2EHook(loc: Location = window.location): boolean {
  if (new URLSearchParams(loc.search).get('e2e') !== '1') return false;
  window.__taizhangE2E = {
    async restoreLedger(json) {
      // The validator (zod) and the use case load on use, never at start-up (and before the
      // transaction opens: waiting for a module inside it would let IndexedDB commit early).
      const { restoreLedger } = await import('../shared/ledger-file.ts');
      const { restoreWhole } = await import('../shared/engine/ledger-admin.ts');
      const ledger = restoreLedger(json);
      await appStore.run(() => restoreWhole(ledger));
      console.info('e2e: ledger replaced');
    },
  };
  return true;
}
