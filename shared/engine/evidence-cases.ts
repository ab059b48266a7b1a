// Use cases of evidence: files attached to a report (by hand in the app, or from a return package
// by the import), and a link removed. The files come in already read: hashed, typed by content and
// within the limits (shared/evidence/intake.ts decides that); here the ledger's rules apply — the
// same content twice on one report is attached once, a report holds at most
// MAX_ATTACHMENTS_PER_REPORT files, the bytes of a hash the store already holds are not sent again —
// and every link added or removed is one audit entry (field `attachment`).

import { reportKeyOf, type ReportRef } from '../keys.ts';
import type { AuditEntry, AuditSource } from '../model.ts';
import {
  cleanAddedAt,
  cleanAddedBy,
  MAX_ATTACHMENTS_PER_REPORT,
  type Attachment,
  type EvidenceBlob,
} from '../evidence/model.ts';
import { emptyChangeSet, type ChangeSet, type Decision } from './change-set.ts';
import { auditEntry, type LedgerReader, type UseCaseContext } from './read-port.ts';

/** A file ready to attach: its content identified, hashed and checksummed. */
export interface EvidenceFile extends EvidenceBlob {
  /** The cleaned file name. */
  name: string;
  /**
   * Who attached it and when, where a return package says so (the clerk, in the unit's app); else
   * the person and time of this change. The audit entry always names who made the change.
   */
  addedBy?: string;
  addedAt?: string;
}

export interface SkippedFile {
  name: string;
  /** Chinese, for people. */
  reason: string;
  log: string;
}

export interface AttachResult {
  attached: Attachment[];
  skipped: SkippedFile[];
  /** Per item, in the order given: the attachment made, or why not. */
  perItem: ({ attached: Attachment } | { skipped: SkippedFile })[];
}

/** What an audit entry records of an attachment. */
export const attachmentValue = (a: Attachment) => ({
  name: a.name,
  sha256: a.sha256,
  size: a.size,
  kind: a.kind,
});

/**
 * Attach files to reports. `items` pairs each file with its report; `changes` is extended when
 * given (the import adds evidence to its own change set, under its batch's source).
 */
export async function attachEvidence(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: { items: readonly { ref: ReportRef; file: EvidenceFile }[]; source?: AuditSource },
  changes: ChangeSet = emptyChangeSet(),
): Promise<Decision<AttachResult>> {
  const source = input.source ?? 'evidence';
  const result: AttachResult = { attached: [], skipped: [], perItem: [] };
  const skip = (x: SkippedFile) => {
    result.skipped.push(x);
    result.perItem.push({ skipped: x });
  };
  const onReport = new Map<string, Attachment[]>();
  for (const key of new Set(input.items.map((i) => reportKeyOf(i.ref)))) {
    const ref = input.items.find((i) => reportKeyOf(i.ref) === key)!.ref;
    const existing = await reader.attachments({ taskId: ref.taskId, unit: ref.unit, period: ref.period });
    const removed = new Set(changes.attachments.delete.map((d) => d.id));
    onReport.set(key, [
      ...existing.filter((a) => !removed.has(a.id)),
      ...changes.attachments.put.filter((a) => reportKeyOf(a) === key),
    ]);
  }
  const known = await reader.knownBlobs([...new Set(input.items.map((i) => i.file.sha256))]);
  for (const b of changes.blobs) known.add(b.sha256);
  for (const { ref, file } of input.items) {
    const list = onReport.get(reportKeyOf(ref))!;
    const same = list.find((a) => a.sha256 === file.sha256);
    if (same) {
      skip({
        name: file.name,
        reason:
          same.name === file.name ? '已附上，未重复添加' : `与已附上的“${same.name}”内容相同，未重复添加`,
        log: `duplicate of attachment ${same.id} (${file.sha256})`,
      });
      continue;
    }
    if (list.length >= MAX_ATTACHMENTS_PER_REPORT) {
      skip({
        name: file.name,
        reason: `每项任务每月最多附 ${MAX_ATTACHMENTS_PER_REPORT} 个文件，未添加`,
        log: `report already holds ${list.length} attachments`,
      });
      continue;
    }
    const attachment: Attachment = {
      id: ctx.newId(),
      taskId: ref.taskId,
      unit: ref.unit,
      period: ref.period,
      sha256: file.sha256,
      name: file.name,
      kind: file.kind,
      size: file.size,
      // A clerk's time is kept, but never later than now (a clock set ahead would date it after its import).
      addedAt: attachedAt(file.addedAt, ctx.at),
      addedBy: cleanAddedBy(file.addedBy) ?? ctx.who,
      source,
    };
    list.push(attachment);
    changes.attachments.put.push(attachment);
    if (!known.has(file.sha256)) {
      const { name: _name, addedBy: _by, addedAt: _at, ...blob } = file;
      changes.blobs.push(blob);
      known.add(file.sha256);
    }
    changes.audit.push(linkAudit(ctx, source, attachment, null, attachmentValue(attachment)));
    result.attached.push(attachment);
    result.perItem.push({ attached: attachment });
  }
  return { changes, result };
}

/** A clerk's time is kept when it is a real instant, but never later than now (a clock set ahead). */
function attachedAt(given: string | undefined, now: string): string {
  const at = cleanAddedAt(given);
  return at !== null && Date.parse(at) < Date.parse(now) ? at : now;
}

function linkAudit(
  ctx: UseCaseContext,
  source: AuditSource,
  a: Attachment,
  old: unknown,
  next: unknown,
): AuditEntry {
  return auditEntry(ctx, source, {
    taskId: a.taskId,
    unit: a.unit,
    period: a.period,
    field: 'attachment',
    old,
    new: next,
  });
}

/** Remove one attachment (its bytes go when nothing else links to them). */
export async function removeEvidence(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: { id: string; source?: AuditSource },
  changes: ChangeSet = emptyChangeSet(),
): Promise<Decision<Attachment | null>> {
  const a = await reader.attachment(input.id);
  if (!a) return { changes, result: null };
  changes.attachments.delete.push({ id: a.id, period: a.period });
  changes.audit.push(linkAudit(ctx, input.source ?? 'evidence', a, attachmentValue(a), null));
  return { changes, result: a };
}
