// A confirmed mapping, kept per unit in the ledger's settings (LedgerSettings.importMappings), so the
// unit's next return in the same layout is mapped by itself. What is kept: the layout's fingerprint,
// each sheet's plan and whether it is used, each header text's field, and the rows a person matched
// by hand (by the row's content key, so they hold however the rows move next month). Never the
// file, its values or a password.
//
// The fingerprint is the sheet names with the header texts in order (not their row numbers: a title
// row added above the header is not a new layout). When next month's file has the same fingerprint the
// kept mapping is applied as confirmed (score 1, `saved`); when it differs the layout is detected
// afresh, header texts and rows a person confirmed before still count (0.95), and a warning says
// what changed.

import { sha256Hex } from '../sha256.ts';
import type { PlanId } from '../model.ts';
import type { MappedField } from './synonyms.ts';
import type { LayoutMapping } from './types.ts';

export interface SavedSheet {
  sheet: string;
  use: boolean;
  plan: PlanId | null;
  columns: { header: string; field: MappedField | null }[];
}

export interface SavedMapping {
  unit: string;
  fingerprint: string;
  savedAt: string;
  savedBy: string;
  sheets: SavedSheet[];
  /** Rows a person matched (or confirmed) by hand: the row's content key → task (null: not imported). */
  rows: { key: string; taskId: string | null }[];
}

/** The layout's identity: used sheets' names and their header texts, in order. */
export function layoutFingerprint(
  sheets: readonly { sheet: string; use: boolean; headers: readonly string[] }[],
): string {
  const text = sheets
    .filter((s) => s.use)
    .map((s) => `${s.sheet}\u0001${s.headers.join('\u0002')}`)
    .join('\u0003');
  return sha256Hex(new TextEncoder().encode(text)).slice(0, 32);
}

/** What to keep of a confirmed mapping for the unit. */
export function toSavedMapping(mapping: LayoutMapping, unit: string, who: string, at: string): SavedMapping {
  const rows = new Map<string, string | null>();
  for (const s of mapping.sheets)
    for (const r of s.rows) if (r.by === 'user' || r.by === 'saved') rows.set(r.key, r.taskId);
  return {
    unit,
    fingerprint: mapping.fingerprint,
    savedAt: at,
    savedBy: who,
    sheets: mapping.sheets.map((s) => ({
      sheet: s.sheet,
      use: s.use,
      plan: s.plan,
      columns: s.columns.map((c) => ({ header: c.header, field: c.field })),
    })),
    rows: [...rows].map(([key, taskId]) => ({ key, taskId })),
  };
}

/** What differs between a kept layout and a new one, for the warning (Chinese). */
export function layoutChanges(saved: SavedMapping, mapping: LayoutMapping): string[] {
  const out: string[] = [];
  const now = new Map(mapping.sheets.filter((s) => s.use).map((s) => [s.sheet, s]));
  for (const old of saved.sheets.filter((s) => s.use)) {
    const sheet = now.get(old.sheet);
    if (!sheet) {
      out.push(`少了工作表“${old.sheet}”`);
      continue;
    }
    const before = old.columns.map((c) => c.header);
    const after = sheet.columns.map((c) => c.header);
    const added = after.filter((h) => !before.includes(h));
    const removed = before.filter((h) => !after.includes(h));
    if (added.length) out.push(`“${old.sheet}”新增列：${added.join('、')}`);
    if (removed.length) out.push(`“${old.sheet}”少了列：${removed.join('、')}`);
    if (!added.length && !removed.length && before.join() !== after.join())
      out.push(`“${old.sheet}”的列顺序变了`);
  }
  for (const name of now.keys())
    if (!saved.sheets.some((s) => s.sheet === name && s.use)) out.push(`新增工作表“${name}”`);
  return out;
}
