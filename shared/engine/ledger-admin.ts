// Use cases that change the ledger's frame rather than a report: a coordinator's resolution of a
// vague group on one task (audited like a progress change), the ledger-wide settings (the day
// returns are due, the official documents' issuer, numbers and templates), and a restore, which
// replaces the whole ledger with a validated one.

import type { Ledger, LedgerSettings } from '../ledger.ts';
import type { AuditEntry } from '../model.ts';
import type { EvidenceBlob } from '../evidence/model.ts';
import { checkDocumentSettings } from '../documents/template.ts';
import { emptyChangeSet, type Decision } from './change-set.ts';
import { auditEntry, type LedgerReader, type UseCaseContext } from './read-port.ts';

/** Set the units a group stands for on a task (an empty list removes the resolution). */
export async function resolveGroup(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: { taskId: string; group: string; units: readonly string[] },
): Promise<Decision<AuditEntry | null>> {
  const current = (await reader.groupResolutions()).find(
    (r) => r.taskId === input.taskId && r.group === input.group,
  );
  const old = current?.units ?? [];
  const next = [...new Set(input.units)];
  const changes = emptyChangeSet();
  if (old.length === next.length && old.every((u, i) => u === next[i])) return { changes, result: null };
  const known = new Set((await reader.units()).map((u) => u.name));
  const unknown = next.filter((u) => !known.has(u));
  if (unknown.length) throw new Error(`unknown unit(s) for a group resolution: ${unknown.join(', ')}`);
  if (next.length === 0) changes.groupResolutions.delete.push({ taskId: input.taskId, group: input.group });
  else
    changes.groupResolutions.put.push({
      taskId: input.taskId,
      group: input.group,
      units: next,
      resolvedBy: ctx.who,
      resolvedAt: ctx.at,
    });
  const entry = auditEntry(ctx, 'resolve', {
    taskId: input.taskId,
    unit: input.group,
    period: ctx.at.slice(0, 7),
    field: 'groupResolution',
    old,
    new: next,
  });
  changes.audit.push(entry);
  return { changes, result: entry };
}

/** A settings change the use case refuses: a Chinese message for people, English for logs. */
export class SettingsRefused extends Error {
  constructor(
    log: string,
    readonly userMessage: string,
  ) {
    super(log);
    this.name = 'SettingsRefused';
  }
}

/**
 * Change ledger-wide settings: the due day, the ranking's reviewed-only switch, and the official
 * documents' issuer, numbers, date and templates (checked by shared/documents/template.ts: nothing
 * blank, nothing too long, no unknown placeholder or block). A patch replaces whole top-level
 * settings. With a context each changed setting is audited (field `setting`, task '' and the
 * setting's name as the unit); without one (older callers) it is not.
 */
export async function updateSettings(
  reader: LedgerReader,
  patch: Partial<LedgerSettings>,
  ctx?: UseCaseContext,
): Promise<Decision<LedgerSettings>> {
  const current = await reader.settings();
  const next = { ...current, ...patch };
  if (!Number.isInteger(next.returnDueDay) || next.returnDueDay < 1 || next.returnDueDay > 31) {
    throw new SettingsRefused(
      `returnDueDay must be a whole day 1-31, got ${String(next.returnDueDay)}`,
      '报送截止日须为 1 到 31 之间的整数。',
    );
  }
  if (patch.documents !== undefined) {
    const issues = checkDocumentSettings(patch.documents);
    if (issues.length)
      throw new SettingsRefused(
        `document settings refused: ${issues.map((i) => i.field).join(', ')}`,
        issues.map((i) => i.message).join(''),
      );
  }
  if (typeof next.rankReviewedOnly !== 'boolean')
    throw new SettingsRefused(
      `rankReviewedOnly must be true or false, got ${String(next.rankReviewedOnly)}`,
      '“排名只计已审核”须为是或否。',
    );
  const changes = emptyChangeSet();
  changes.settings = patch;
  if (ctx)
    for (const key of Object.keys(patch) as (keyof LedgerSettings)[]) {
      if (current[key] === next[key]) continue;
      changes.audit.push(
        auditEntry(ctx, 'settings', {
          taskId: '',
          unit: key,
          period: ctx.at.slice(0, 7),
          field: 'setting',
          old: current[key],
          new: next[key],
        }),
      );
    }
  return { changes, result: next };
}

/**
 * Replace everything with `ledger` (already read and validated by restoreLedger), with the bytes of
 * its evidence files (every attachment's hash must be among them).
 */
export function restoreWhole(
  ledger: Ledger,
  blobs: readonly EvidenceBlob[] = [],
): Decision<{ reports: number; audit: number; imports: number }> {
  const changes = emptyChangeSet();
  changes.replace = ledger;
  changes.blobs = [...blobs];
  return {
    changes,
    result: { reports: ledger.reports.length, audit: ledger.audit.length, imports: ledger.imports.length },
  };
}
