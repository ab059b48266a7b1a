// The options of `taizhang import` as parsed from the command line: shared by the import of returns
// (import.ts) and of the district's master ledger (import-history.ts).
export interface ImportCliOptions {
  ledger?: string;
  dryRun?: boolean;
  json?: boolean;
  unit?: string;
  period?: string;
  who?: string;
  take?: string;
  resolve?: string[];
  map?: string;
  password?: string;
  history?: boolean;
  /** The plan (its id): files without a manifest go into it; absent: the newest plan of the file's year. */
  planId?: string;
}
