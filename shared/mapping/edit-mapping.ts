// A person's corrections and confirmations of a proposed mapping, as pure functions over plain data:
// the wizard's mapping step calls them, `taizhang import --map` takes a whole mapping a person
// edited as confirmed. Whatever a person sets or confirms scores 1 and is marked `user`, so it is
// never asked again and is kept with the unit's mapping.

import type { PlanId } from '../model.ts';
import { confirmations } from './detect-layout.ts';
import type { MappedField } from './synonyms.ts';
import type { LayoutMapping, SheetMapping } from './types.ts';

function onSheet(
  mapping: LayoutMapping,
  sheet: string,
  edit: (s: SheetMapping) => SheetMapping,
): LayoutMapping {
  return { ...mapping, sheets: mapping.sheets.map((s) => (s.sheet === sheet ? edit(s) : s)) };
}

export function setSheetPlan(mapping: LayoutMapping, sheet: string, plan: PlanId | null): LayoutMapping {
  return onSheet(mapping, sheet, (s) => ({ ...s, plan, planScore: 1, planBy: 'user' }));
}

export function setSheetUse(mapping: LayoutMapping, sheet: string, use: boolean): LayoutMapping {
  return onSheet(mapping, sheet, (s) => ({ ...s, use: use && s.headerRows.length > 0 }));
}

export function setSheetMonth(mapping: LayoutMapping, sheet: string, month: string | null): LayoutMapping {
  return onSheet(mapping, sheet, (s) => ({ ...s, month }));
}

export function setColumnField(
  mapping: LayoutMapping,
  sheet: string,
  col: number,
  field: MappedField | null,
): LayoutMapping {
  return onSheet(mapping, sheet, (s) => ({
    ...s,
    columns: s.columns.map((c) => {
      if (c.col === col) return { ...c, field, score: 1, by: 'user' as const, note: undefined };
      // Taking a field from another column of the same month leaves that one unmapped.
      if (
        field &&
        c.field === field &&
        (c.month ?? '') === (s.columns.find((x) => x.col === col)?.month ?? '')
      )
        return { ...c, field: null, score: 1, by: 'user' as const, note: '已改由其他列提供' };
      return c;
    }),
  }));
}

export function setRowTask(
  mapping: LayoutMapping,
  sheet: string,
  row: number,
  taskId: string | null,
): LayoutMapping {
  return onSheet(mapping, sheet, (s) => ({
    ...s,
    rows: s.rows.map((r) => (r.row === row ? { ...r, taskId, score: 1, by: 'user' as const } : r)),
  }));
}

export function setRowUnit(
  mapping: LayoutMapping,
  sheet: string,
  row: number,
  unit: string | null,
): LayoutMapping {
  return onSheet(mapping, sheet, (s) => ({
    ...s,
    rows: s.rows.map((r) => (r.row === row ? { ...r, unit } : r)),
  }));
}

/** Confirm what a proposal says for one item, unchanged. */
export function confirmItem(
  mapping: LayoutMapping,
  item: { kind: string; sheet: string; col?: number; row?: number },
): LayoutMapping {
  return onSheet(mapping, item.sheet, (s) => {
    if (item.kind === 'plan') return { ...s, planScore: 1, planBy: 'user' };
    if (item.kind === 'column')
      return {
        ...s,
        columns: s.columns.map((c) => (c.col === item.col ? { ...c, score: 1, by: 'user' as const } : c)),
      };
    if (item.kind === 'row')
      return {
        ...s,
        rows: s.rows.map((r) => (r.row === item.row ? { ...r, score: 1, by: 'user' as const } : r)),
      };
    return s;
  });
}

/** Take every item a person would be asked about as confirmed (a mapping file a person edited). */
export function confirmAll(mapping: LayoutMapping): LayoutMapping {
  let out = mapping;
  // Confirming one sheet of two that claim a plan leaves the other to confirm: a few passes.
  for (let pass = 0; pass < 4; pass++) {
    const open = confirmations(out);
    if (open.length === 0) break;
    for (const c of open) out = confirmItem(out, c);
  }
  return out;
}
