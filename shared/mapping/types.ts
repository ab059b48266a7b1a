// The shape of a mapping: how a workbook we did not write maps onto the ledger — per sheet, which plan
// it holds and where its header is; per column, which field it holds; per row, which task (and, in the
// district's master ledger, which unit) it reports on — each with a score and what the score rests
// on. Detection (detect-layout.ts) proposes one, a person confirms what is below CONFIDENT, and
// apply-mapping.ts turns a confirmed one into the rows the merge reads. Plain data: it is printed by
// `taizhang map`, read back by `taizhang import --map`, and kept per unit in the ledger's settings.

import type { PlanId } from '../model.ts';
import type { MappedField } from './synonyms.ts';

/**
 * The one threshold: a match scoring at least this is applied without asking; anything lower is
 * shown to a person to confirm or correct, never applied silently. 0.8 sits between what a header
 * contained in a longer one scores (0.7) and a table synonym with decorations (0.85), and between
 * a row whose text a town rewrote (typically 0.4–0.7) and one it copied or cut short (≥ 0.83).
 */
export const CONFIDENT = 0.8;

export type ColumnBy = 'exact' | 'synonym' | 'partial' | 'content' | 'saved' | 'user' | 'none';
export type RowBy = 'id' | 'ordinal' | 'text' | 'ordinal+text' | 'saved' | 'user' | 'none';
export type PlanBy = 'ids' | 'category' | 'name' | 'title' | 'text' | 'saved' | 'user' | 'none';

export interface ColumnMapping {
  /** 1-based column. */
  col: number;
  /** `F` */
  letter: string;
  /** The header as found; a two-row header as `上行 / 下行`. */
  header: string;
  field: MappedField | null;
  score: number;
  by: ColumnBy;
  /** History: the month this column's group is for (`2021-03`). */
  month?: string;
  /** Chinese: how the field was decided (content), or why it is not imported. */
  note?: string;
}

export interface RowCandidate {
  taskId: string;
  score: number;
}

export interface RowMapping {
  /** 1-based row in its sheet. */
  row: number;
  taskId: string | null;
  /** History: the unit the row is for (canonical name), null when not recognised. */
  unit?: string | null;
  /** History: the unit cell as found. */
  unitText?: string;
  score: number;
  by: RowBy;
  /** The best candidates, best first (at most 3). */
  candidates: RowCandidate[];
  /** What a person recognises the row by: its 序号 and the start of its text. */
  label: string;
  /** The row's content identity across months (a hash of its task text), for confirmations kept. */
  key: string;
  /** The row holds values to import (a row without any is listed but changes nothing). */
  hasValues: boolean;
  note?: string;
}

export interface SheetMapping {
  sheet: string;
  /** False: not a ledger sheet (instructions, a chart, empty) — nothing read from it. */
  use: boolean;
  /** The plan its rows are from; null: any plan (a sheet of all three, or not known). */
  plan: PlanId | null;
  planScore: number;
  planBy: PlanBy;
  /** History, one sheet per month: the sheet's month. */
  month?: string | null;
  /** The header row(s), 1-based; empty when the sheet is not used. */
  headerRows: number[];
  columns: ColumnMapping[];
  rows: RowMapping[];
  /** Rows read as headings, notes or repeated headers, with the reason (Chinese). */
  skipped: { row: number; reason: string }[];
  /** Chinese: why the sheet is not used, or what to know about its plan. */
  note?: string;
}

export type MappingMode = 'return' | 'history';

export interface LayoutMapping {
  version: 1;
  mode: MappingMode;
  /** The layout's identity: sheet names and header texts (saved-mapping.ts). */
  fingerprint: string;
  sheets: SheetMapping[];
  /** How a mapping kept for the unit was used: same layout, a changed layout, or none kept. */
  saved: 'applied' | 'changed' | null;
  /** Chinese, for people: the layout changed since the kept mapping, …. */
  warnings: string[];
}

/** Something a person must confirm or correct before the mapping is applied. */
export interface Confirmation {
  kind: 'sheet' | 'plan' | 'column' | 'row';
  sheet: string;
  col?: number;
  row?: number;
  score: number;
  /** Chinese: what to confirm, naming the sheet, column or row. */
  message: string;
  /** English, for logs and the CLI's second half-line. */
  log: string;
}
