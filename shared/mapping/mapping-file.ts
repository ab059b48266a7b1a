// A mapping as a file a person keeps or edits: what `taizhang map` prints, read back by `taizhang
// import --map`. Restored like every file we are handed (validated, never trusted), then checked
// against the workbook it is used for: the same layout (fingerprint) and, row by row, the same task
// text under each row number — a mapping made for last month's file whose rows moved must not put
// values on the wrong tasks. Everything in a mapping a person hands over counts as confirmed.

import * as z from '../zod.ts';
import { PLAN_ID_LIST } from '../model.ts';
import { confirmAll } from './edit-mapping.ts';
import type { LayoutMapping } from './types.ts';

const score = z.number().min(0).max(1);

const columnSchema = z.object({
  col: z.number().int().positive(),
  letter: z.string(),
  header: z.string(),
  field: z.string().nullable(),
  score,
  by: z.enum(['exact', 'synonym', 'partial', 'content', 'saved', 'user', 'none']),
  month: z.string().optional(),
  note: z.string().optional(),
});

const rowSchema = z.object({
  row: z.number().int().positive(),
  taskId: z.string().nullable(),
  unit: z.string().nullable().optional(),
  unitText: z.string().optional(),
  score,
  by: z.enum(['id', 'ordinal', 'text', 'ordinal+text', 'saved', 'user', 'none']),
  candidates: z.array(z.object({ taskId: z.string(), score })).max(10),
  label: z.string(),
  key: z.string(),
  hasValues: z.boolean(),
  note: z.string().optional(),
});

const sheetSchema = z.object({
  sheet: z.string(),
  use: z.boolean(),
  plan: z.enum(PLAN_ID_LIST).nullable(),
  planScore: score,
  planBy: z.enum(['ids', 'category', 'name', 'title', 'text', 'saved', 'user', 'none']),
  month: z.string().nullable().optional(),
  headerRows: z.array(z.number().int().positive()).max(2),
  columns: z.array(columnSchema).max(1000),
  rows: z.array(rowSchema).max(20_000),
  skipped: z.array(z.object({ row: z.number().int(), reason: z.string() })).max(20_000),
  note: z.string().optional(),
});

export const layoutMappingSchema = z.object({
  version: z.literal(1),
  mode: z.enum(['return', 'history']),
  fingerprint: z.string(),
  sheets: z.array(sheetSchema).max(100),
  saved: z.enum(['applied', 'changed']).nullable(),
  warnings: z.array(z.string()).max(100),
});

export type MappingFileResult =
  { ok: true; mapping: LayoutMapping } | { ok: false; message: string; log: string };

/** Read a mapping file's text: the `map` command's whole output, or the mapping alone. */
export function readMappingFile(text: string): MappingFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: '映射文件不是有效的 JSON', log: `mapping file: ${(e as Error).message}` };
  }
  const candidate =
    json && typeof json === 'object' && 'mapping' in json ? (json as { mapping: unknown }).mapping : json;
  const parsed = layoutMappingSchema.safeParse(candidate);
  if (!parsed.success)
    return {
      ok: false,
      message: '映射文件的内容不对（请用 taizhang map 生成后再修改）',
      log: `mapping file: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    };
  return { ok: true, mapping: parsed.data as LayoutMapping };
}

/**
 * The given mapping, confirmed, if it fits the workbook whose detected mapping is `fresh`; else why
 * not (Chinese). Rows are matched by number and must hold the same task text as when mapped.
 */
export function fitMapping(
  given: LayoutMapping,
  fresh: LayoutMapping,
): { ok: true; mapping: LayoutMapping } | { ok: false; message: string; log: string } {
  if (given.mode !== fresh.mode)
    return {
      ok: false,
      message: '映射文件是另一种导入（回报/历史）的映射',
      log: `mode ${given.mode} ≠ ${fresh.mode}`,
    };
  if (given.fingerprint !== fresh.fingerprint)
    return {
      ok: false,
      message: '映射文件与这份文件的版式不同（工作表或表头变了），请重新运行 taizhang map 生成映射',
      log: `fingerprint ${given.fingerprint} ≠ ${fresh.fingerprint}`,
    };
  const moved: string[] = [];
  for (const s of fresh.sheets) {
    const mapped = new Map(
      (given.sheets.find((x) => x.sheet === s.sheet)?.rows ?? []).map((r) => [r.row, r.key]),
    );
    // Every row of the file that holds a task must be in the mapping, with the same text.
    for (const r of s.rows) if (mapped.get(r.row) !== r.key) moved.push(`“${s.sheet}”第 ${r.row} 行`);
  }
  for (const s of given.sheets) {
    const now = new Set((fresh.sheets.find((x) => x.sheet === s.sheet)?.rows ?? []).map((r) => r.row));
    for (const r of s.rows)
      if (!now.has(r.row) && !moved.includes(`“${s.sheet}”第 ${r.row} 行`))
        moved.push(`“${s.sheet}”第 ${r.row} 行`);
  }
  if (moved.length)
    return {
      ok: false,
      message: `映射文件中 ${moved.slice(0, 5).join('、')}${moved.length > 5 ? ` 等 ${moved.length} 行` : ''}与这份文件的内容不符（行的位置变了），请重新生成映射`,
      log: `${moved.length} mapped row(s) hold other text now`,
    };
  return { ok: true, mapping: confirmAll(given) };
}
