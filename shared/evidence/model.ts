// Evidence (佐证材料) as the ledger holds it: an attachment links one file, by its SHA-256, to one
// task × unit × month report; the file's bytes are stored once per hash, however many reports or
// packages carry it. Attachments are ledger records (audited, backed up, undone with the import that
// brought them); the bytes live beside them — IndexedDB blobs in the app, `files/<sha256>` entries
// in the ledger container — never inside the JSON of the ledger. Plain data and limits only.

import type { AuditSource } from '../model.ts';
import type { EvidenceKind } from './sniff.ts';

export interface Attachment {
  id: string;
  taskId: string;
  unit: string;
  period: string;
  sha256: string;
  /** The file's name as the person gave it (cleaned: no folders, no characters Windows refuses). */
  name: string;
  /** What the content is, by its magic bytes (not by its name). */
  kind: EvidenceKind;
  size: number;
  addedAt: string;
  addedBy: string;
  /** `evidence` (attached by hand) or `import:<batch>` (came in a return package). */
  source: AuditSource;
}

/** The bytes of one file, stored once per SHA-256. */
export interface EvidenceBlob {
  sha256: string;
  size: number;
  kind: EvidenceKind;
  /** CRC-32 of the content: a zip entry needs it, and it is computed once, when the file comes in. */
  crc32: number;
  /**
   * The bytes as a zip entry stores them: the content itself (method 0), or its raw deflate
   * (method 8: the CLI copies a package's compressed entry without inflating it to memory).
   */
  data: Blob;
  method: 0 | 8;
}

export interface AttachmentRef {
  id: string;
  period: string;
}

/** Largest single evidence file: a long scanned PDF; photos are 2–8 MB. */
export const MAX_EVIDENCE_FILE_BYTES = 50 * 1024 * 1024;
/** Most files one report may carry. */
export const MAX_ATTACHMENTS_PER_REPORT = 100;
/** Most evidence one return package may carry, in files and in bytes (after inflating). */
export const MAX_PACKAGE_FILES = 2_000;
export const MAX_PACKAGE_EVIDENCE_BYTES = 2 * 1024 ** 3;
/** Largest return package file read at all. */
export const MAX_PACKAGE_BYTES = 2 * 1024 ** 3 + 64 * 1024 * 1024;
/** Longest file name kept. */
export const MAX_EVIDENCE_NAME = 120;

/** `12.3 MB` / `850 KB`, for messages. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(Math.round((bytes / 1024 / 1024) * 10) / 10).toString()} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The first 8 hex digits of a hash: how the checklist and lists name a file's content. */
export const shortHash = (sha256: string): string => sha256.slice(0, 8);

/** Control (C0, C1) and bidirectional characters: in a name shown to people they rewrite what is shown. */
// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Longest 添加人 kept from a package (a person's name). */
export const MAX_ADDED_BY = 100;

/**
 * Who attached a file, as a package from elsewhere says: control and bidirectional characters
 * removed (they could rewrite what is shown), trimmed, at most MAX_ADDED_BY; null when nothing is left.
 */
export function cleanAddedBy(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const clean = value.replace(UNSHOWABLE, '').trim();
  return clean ? clean.slice(0, MAX_ADDED_BY) : null;
}

/**
 * When a file was attached, as a package from elsewhere says: a real instant in the form
 * `2021-03-05T02:00:00Z` / `….000Z`, returned as `Date#toISOString()`; null for anything else (a
 * month 13, 30 February, text) — so what is stored always formats and sorts.
 */
export function cleanAddedAt(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value))
    return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const iso = at.toISOString();
  // Date rolls 2021-02-30 over into March: the day written must be the day read.
  return iso.slice(0, 19) === value.slice(0, 19) ? iso : null;
}
