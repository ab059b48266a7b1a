// Window events one part of the app sends to another (the Electron menu to the grid, a restore to
// every view), named once. A module of names only, so any part can import it without pulling in
// the sender.
export const UNDO_EVENT = 'taizhang-undo';
export const REDO_EVENT = 'taizhang-redo';
export const PRINT_CHECKLIST_EVENT = 'taizhang-print-checklist';
/** Fired on window after a restore replaced the ledger (views may drop undo history etc.). */
export const LEDGER_REPLACED_EVENT = 'taizhang-ledger-replaced';
