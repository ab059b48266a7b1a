// The return workbook's manifest: what was exported (plan, unit, period, export id and time) and
// each row's base values at export, so the merge can tell "the clerk changed this" from "the
// ledger changed this since". It lives on the last sheet, `_manifest`, made veryHidden.
//
// Storage, column A of `_manifest`:
//   A1  `taizhang-manifest`            marker
//   A2  `sha256:<64 hex>`              SHA-256 of the manifest JSON (UTF-8)
//   A3  n                              number of chunks
//   A4… base64 of the JSON, ≤ 32000 characters per cell (Excel's cell limit is 32767)
// Base64 because it survives every re-save untouched: no CJK/ASCII mix for LibreOffice to split
// into rich-text runs, no spaces to trim, no leading `=`.
//
// Trust: LibreOffice turns veryHidden into hidden, so a clerk can unhide and edit the sheet. The
// checksum detects an edited or truncated manifest, which is then treated as no manifest at all
// (a warning, never an error). It is an integrity check, not a signature — anyone who reads this
// source can recompute it — so the merge still validates unit, period, plan and every task id
// against the ledger; a forged base can at worst make a change look like "take theirs" instead of
// a conflict.

import * as z from '../zod.ts';
import { UNIT_ROLES, type ProgressFields } from '../model.ts';
import { calendarDate, progressFieldsSchema } from '../progress-schema.ts';
import { sha256Hex } from '../sha256.ts';
import type { Role } from './columns.ts';
import type { PlainValue } from './normalise-cell.ts';

export const MANIFEST_SHEET = '_manifest';
export const MANIFEST_MARKER = 'taizhang-manifest';
export const MANIFEST_FORMAT = 'taizhang-return';
export const MANIFEST_VERSION = 1;
const CHUNK = 32000;

export interface ManifestRow {
  taskId: string;
  role: Role;
  base: ProgressFields;
  /** What the 申请延期至 / 延期理由 cells held at export (absent in workbooks made before them). */
  extension?: { until: string | null; reason: string };
  /** The 区里意见 the district wrote into the row (review, extension decision): for the clerk's app. */
  opinion?: string;
}

export interface ReturnManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  planId: string;
  unit: string;
  /** `YYYY-MM` */
  period: string;
  exportId: string;
  /** ISO timestamp */
  exportedAt: string;
  rows: ManifestRow[];
}

export const manifestRowSchema = z.object({
  taskId: z.string().min(1),
  role: z.enum(UNIT_ROLES),
  base: progressFieldsSchema,
  // Added without a version change: a reader that does not know them drops them and still reads
  // the rest, and a manifest without them is read as having empty request cells and no opinion.
  extension: z.object({ until: calendarDate.nullable(), reason: z.string().max(2000) }).optional(),
  opinion: z.string().max(4000).optional(),
});

const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  planId: z.string().min(1),
  unit: z.string().min(1),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  exportId: z.string().min(1),
  exportedAt: z.string().min(1),
  rows: z.array(manifestRowSchema),
});

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += b === undefined ? '=' : B64[(n >> 6) & 63]!;
    out += c === undefined ? '=' : B64[n & 63]!;
  }
  return out;
}

/** Strict decode: returns null on any character outside the alphabet or a bad length. */
/** Character code → 6-bit value ('=' and anything else → 0; the pattern check runs first). */
const B64_VALUE = new Uint8Array(128);
for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i;

export function base64Decode(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (B64_VALUE[text.charCodeAt(i + j)] ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** The manifest as the cells of column A, top to bottom. */
export function encodeManifest(manifest: ReturnManifest): string[] {
  const json = JSON.stringify(manifest);
  const bytes = new TextEncoder().encode(json);
  const b64 = base64Encode(bytes);
  const chunks: string[] = [];
  for (let i = 0; i < b64.length; i += CHUNK) chunks.push(b64.slice(i, i + CHUNK));
  if (chunks.length === 0) chunks.push('');
  return [MANIFEST_MARKER, `sha256:${sha256Hex(bytes)}`, String(chunks.length), ...chunks];
}

export type ManifestDecode =
  { status: 'ok'; manifest: ReturnManifest } | { status: 'invalid'; reason: string };

/** Read column A back (values already normalised); anything off → invalid, with an English reason. */
export function decodeManifest(cells: readonly PlainValue[]): ManifestDecode {
  const invalid = (reason: string): ManifestDecode => ({ status: 'invalid', reason });
  if (cells[0] !== MANIFEST_MARKER) return invalid('marker missing');
  const sum = typeof cells[1] === 'string' ? /^sha256:([0-9a-f]{64})$/.exec(cells[1]) : null;
  if (!sum) return invalid('checksum cell missing');
  const count = typeof cells[2] === 'number' ? cells[2] : Number(cells[2]);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) return invalid('bad chunk count');
  let b64 = '';
  for (let i = 0; i < count; i++) {
    const chunk = cells[3 + i];
    if (typeof chunk !== 'string') return invalid(`chunk ${i + 1} missing`);
    b64 += chunk;
  }
  const bytes = base64Decode(b64);
  if (!bytes) return invalid('not base64');
  if (sha256Hex(bytes) !== sum[1]) return invalid('checksum mismatch');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return invalid('not JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return invalid(`schema: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return { status: 'ok', manifest: parsed.data };
}
