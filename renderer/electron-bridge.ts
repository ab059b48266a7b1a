// The renderer's side of the Electron menus and quit handshake (no-op in a plain browser):
//  - menu commands: 保存备份 / 从备份恢复 → the backup actions (features/backup/menu-actions.tsx);
//    导入工作簿 → '#/exchange'; 导出工作簿 → '#/exchange?export=1' (the view opens its export dialog);
//    打印督查清单 → prints the checklist on screen (window event 'taizhang-print-checklist'), else
//    opens '#/checklist';
//    撤销/重做 → the focused text field's own undo (document.execCommand) when focus is in one, else a
//    window CustomEvent 'taizhang-undo' / 'taizhang-redo' for the ledger grid to act on
//    (`window.addEventListener('taizhang-undo', …)`); 查找 → focuses the grid's search box.
//  - before quit: main asks for a quit backup; the renderer builds the ledger container and hands it
//    to main in chunks (kind 'quit', kept in <userData>/backups), then answers.
import type { MenuCommand, TaizhangApi } from '../shared/ipc-contract.ts';

import { PRINT_CHECKLIST_EVENT, REDO_EVENT, UNDO_EVENT } from './app-events.ts';

/** Hash routes menu commands navigate to (App maps them to views). */
export const MENU_ROUTES: Partial<Record<MenuCommand, string>> = {
  'import-workbooks': '#/exchange',
  'export-workbooks': '#/exchange?export=1',
  'print-checklist': '#/checklist',
};

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', '']);

/** The bits of an element the undo routing looks at (duck-typed so it is testable without a DOM). */
export interface FocusedElement {
  tagName: string;
  type?: string;
  readOnly?: boolean;
  isContentEditable?: boolean;
  className?: string;
  dataset?: Record<string, string | undefined>;
}

/**
 * Whether menu undo/redo belong to the focused element's own text history: an editable input
 * (text-like), textarea or contenteditable. The ledger grid keeps the focus in a hidden textarea (its
 * cell proxy, data-testid="cell-proxy") even when no cell is being edited: that one counts only while
 * it is editing (class `editing`); otherwise undo/redo are the ledger's.
 */
export function isTextField(el: FocusedElement | null | undefined): boolean {
  if (!el) return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA') {
    if (el.dataset?.testid === 'cell-proxy') return /(^|\s)editing(\s|$)/.test(el.className ?? '');
    return !el.readOnly;
  }
  if (tag === 'INPUT') return !el.readOnly && TEXT_INPUT_TYPES.has((el.type ?? '').toLowerCase());
  return el.isContentEditable === true;
}

export async function handleMenuCommand(command: MenuCommand): Promise<void> {
  if (command === 'print-checklist' && window.location.hash.startsWith('#/checklist')) {
    window.dispatchEvent(new CustomEvent(PRINT_CHECKLIST_EVENT));
    return;
  }
  const route = MENU_ROUTES[command];
  if (route) {
    window.location.hash = route;
    return;
  }
  switch (command) {
    case 'backup-save': {
      const { menuSaveBackup } = await import('./features/backup/menu-actions.tsx');
      await menuSaveBackup();
      return;
    }
    case 'backup-restore': {
      const { menuRestoreBackup } = await import('./features/backup/menu-actions.tsx');
      menuRestoreBackup();
      return;
    }
    case 'undo':
    case 'redo':
      if (isTextField(document.activeElement as FocusedElement | null)) document.execCommand(command);
      else window.dispatchEvent(new CustomEvent(command === 'undo' ? UNDO_EVENT : REDO_EVENT));
      return;
    case 'find':
      document.querySelector<HTMLInputElement>('[data-testid="filter-text"]')?.focus();
      return;
    default:
      // 'about' is answered by main itself; nothing else to do here.
      return;
  }
}

/** The quit backup: built here, kept by main. Never throws (quitting must not hang on it). */
export async function quitBackup(): Promise<{ ok: boolean; name: string | null }> {
  try {
    // Loaded on use: the backup code (container, deflate) is not part of start-up.
    const { automaticBackup } = await import('./features/backup/backup-actions.ts');
    const kept = await automaticBackup('quit');
    return { ok: true, name: kept.where };
  } catch (err) {
    console.error('quit backup failed', err);
    return { ok: false, name: null };
  }
}

/** Wire the menus and the quit backup when running in Electron; returns the undo function. */
export function installElectronBridge(api: TaizhangApi | undefined = window.taizhang): () => void {
  if (!api) return () => {};
  const offMenu = api.onMenuCommand((command) => {
    handleMenuCommand(command).catch((err: unknown) => console.error(`menu command ${command} failed`, err));
  });
  const offQuit = api.onBeforeQuitBackup(quitBackup);
  return () => {
    offMenu();
    offQuit();
  };
}
