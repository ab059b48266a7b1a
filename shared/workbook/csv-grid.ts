// Reads a CSV (or tab-separated text) into a one-sheet SheetGrid. Units send CSV saved by WPS or
// Excel on Chinese Windows, which write GBK (code page 936) unless asked otherwise; others write
// UTF-8, with or without a byte-order mark, and WPS's "Unicode text" is UTF-16LE with a BOM.
//
// The encoding is decided, never guessed silently:
//  1. a byte-order mark names it (UTF-8, UTF-16LE, UTF-16BE);
//  2. bytes that are valid UTF-8 are UTF-8 (GBK text of any length is almost never valid UTF-8);
//  3. otherwise chardet must rank GB18030 (the superset of GBK) among the encodings the bytes fit,
//     and iconv-lite must decode them without a single replacement character;
//  4. anything else (Big5, Shift_JIS, Latin-1, binary noise) is refused with one message.
// chardet and iconv-lite are loaded only for a file that needs them (a GBK one).
//
// Every cell stays text — CSV has no types — so `80%`, `2021-03-05` and `010-8000` reach the field
// parsers as written. Quoted fields (RFC 4180: `""` for a quote, line breaks inside quotes) are
// supported; the delimiter is the one of `,` `\t` `;` that splits the first lines most consistently.

import { issue, type FileErrorCode, type Issue } from './issues.ts';
import { cleanText } from './normalise-cell.ts';
import type { GridRow, SheetGrid } from './sheet-grid.ts';
import { RETURN_LIMITS, sheetLimitIssue, type SheetLimits } from './xlsx-grid.ts';

export type CsvRead =
  { ok: true; grid: SheetGrid; encoding: CsvEncoding } | { ok: false; error: Issue<FileErrorCode> };

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Decode CSV bytes, or say why not. */
export async function decodeCsv(
  bytes: Uint8Array,
): Promise<{ ok: true; text: string; encoding: CsvEncoding } | { ok: false; error: Issue<FileErrorCode> }> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { ok: true, text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: GBK is what Chinese Windows writes.
  }
  // Both are CommonJS: bundlers hand them over as `default`, Node also by name.
  const [chardet, iconvModule] = await Promise.all([import('chardet'), import('iconv-lite')]);
  const analyse = chardet.analyse ?? (chardet as unknown as { default: typeof chardet }).default.analyse;
  const iconv =
    (iconvModule as { default?: typeof iconvModule.default }).default ??
    (iconvModule as unknown as typeof iconvModule.default);
  const sample = bytes.subarray(0, 64 * 1024);
  const matches = analyse(sample);
  const gb = matches.find((m) => m.name === 'GB18030');
  if (gb) {
    const text = iconv.decode(bytes as unknown as Parameters<typeof iconv.decode>[0], 'gb18030');
    if (!text.includes('\ufffd')) return { ok: true, text, encoding: 'gb18030' };
  }
  const seen = matches
    .slice(0, 3)
    .map((m) => `${m.name} ${m.confidence}`)
    .join(', ');
  return {
    ok: false,
    error: issue(
      'unknown-encoding',
      '无法识别这个 CSV 文件的文字编码（既不是 UTF-8，也不是 GBK）。请在 WPS/Excel 中打开后另存为 Excel 工作簿（.xlsx）再导入。',
      `CSV encoding not UTF-8/UTF-16/GB18030 (chardet: ${seen || 'no match'})`,
    ),
  };
}

/** Which of , \t ; splits the first lines most consistently (outside quotes). */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  let line = '';
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < 10; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '\n' || ch === '\r')) {
      if (line.trim() !== '') lines.push(line);
      line = '';
      continue;
    }
    if (!quoted) line += ch;
  }
  if (line.trim() !== '') lines.push(line);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', '\t', ';']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const hits = counts.filter((n) => n > 0).length;
    const score = hits * 1000 + Math.min(...counts.filter((n) => n > 0), 999);
    if (hits > 0 && score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Parse delimited text into rows of raw strings (RFC 4180 quoting). Stops past `maxRows`. */
export function parseDelimited(text: string, delimiter: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      if (rows.length > maxRows) return rows;
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Read CSV bytes container.ts routed here. Never throws for bad input. */
export async function readCsvGrid(
  bytes: Uint8Array,
  options: { fileName?: string; limits?: SheetLimits } = {},
): Promise<CsvRead> {
  const limits = options.limits ?? RETURN_LIMITS;
  const decoded = await decodeCsv(bytes);
  if (!decoded.ok) return decoded;
  const name =
    (options.fileName ?? '')
      .replace(/^.*[\\/]/, '')
      .replace(/\.[^.]*$/, '')
      .slice(0, 31) || 'CSV';
  const records = parseDelimited(decoded.text, detectDelimiter(decoded.text), limits.rows);
  const rows: GridRow[] = [];
  let cells = 0;
  for (const [i, record] of records.entries()) {
    const row: GridRow = { r: i + 1, cells: new Map() };
    record.forEach((raw, c) => {
      const value = cleanText(raw);
      if (value === '') return;
      cells++;
      row.cells.set(c + 1, { value });
    });
    if (row.cells.size === 0) continue;
    if (row.r > limits.rows) return { ok: false, error: sheetLimitIssue('rows', name, limits.rows) };
    if (cells > limits.cells) return { ok: false, error: sheetLimitIssue('cells', name, limits.cells) };
    rows.push(row);
  }
  return {
    ok: true,
    encoding: decoded.encoding,
    grid: { sheets: [{ name, state: 'visible', rows, merges: [] }] },
  };
}
