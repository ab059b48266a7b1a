// Use cases of the district's review and of deadline extensions. Each reads what it decides on
// through the port, applies the state tables of shared/review.ts and shared/extension.ts, and
// returns a change set with one audit entry per step (source `review` for the district's decisions,
// `request` for an extension asked in the app; an import passes its own `import:<batch>`). A step
// the table refuses changes nothing and comes back with its Chinese message.

import { reportKeyOf, type ReportRef, type RowRef } from '../keys.ts';
import type { AuditEntry, AuditSource, Task } from '../model.ts';
import { reviewStep, type Review, type ReviewEvent } from '../review.ts';
import { currentRequest, extensionStep, type ExtensionRequest } from '../extension.ts';
import { emptyChangeSet, type ChangeSet, type Decision } from './change-set.ts';
import { planOfTaskId } from '../plan-ids.ts';
import { auditEntry, type LedgerReader, type UseCaseContext } from './read-port.ts';

export interface Refusal<T> {
  target: T;
  message: string;
  log: string;
}

function audit(
  ctx: UseCaseContext,
  source: AuditSource,
  ref: ReportRef,
  field: 'review' | 'extension',
  old: unknown,
  next: unknown,
): AuditEntry {
  return auditEntry(ctx, source, {
    taskId: ref.taskId,
    unit: ref.unit,
    period: ref.period,
    field,
    old,
    new: next,
  });
}

/** What an audit entry records of a review. */
const reviewValue = (r: Pick<Review, 'state' | 'comment'> | null | undefined) =>
  r ? { state: r.state, comment: r.comment } : { state: '待审核', comment: '' };

/**
 * Apply one review event to several reports (the grid's selection, or one). Adds to `changes` when
 * given (an import resets reviews inside its own change set).
 */
export async function reviewReports(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: { refs: readonly ReportRef[]; event: ReviewEvent; source?: AuditSource },
  changes: ChangeSet = emptyChangeSet(),
): Promise<Decision<{ changed: Review[]; refused: Refusal<ReportRef>[] }>> {
  const current = await reader.reviews(input.refs);
  const changed: Review[] = [];
  const refused: Refusal<ReportRef>[] = [];
  const seen = new Set<string>();
  for (const ref of input.refs) {
    const key = reportKeyOf(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    const before = current.get(key) ?? null;
    const step = reviewStep(before, input.event);
    if (!step.ok) {
      refused.push({ target: ref, message: step.message, log: step.log });
      continue;
    }
    if (!step.changed) continue;
    const review: Review = {
      taskId: ref.taskId,
      unit: ref.unit,
      period: ref.period,
      state: step.state,
      comment: step.comment,
      by: ctx.who,
      at: ctx.at,
    };
    changes.reviews.push(review);
    changes.audit.push(
      audit(ctx, input.source ?? 'review', ref, 'review', reviewValue(before), reviewValue(review)),
    );
    changed.push(review);
  }
  return { changes, result: { changed, refused } };
}

/** What an audit entry records of an extension request. */
const extensionValue = (e: ExtensionRequest | null) =>
  e ? { id: e.id, state: e.state, until: e.until, reason: e.reason, comment: e.comment ?? '' } : null;

async function taskOf(reader: LedgerReader, taskId: string): Promise<Task> {
  // The plan a task id names (shared/plan-ids.ts), then the task among its tasks.
  const plan = planOfTaskId(await reader.plans(), taskId);
  const task = plan ? (await reader.tasks(plan.id)).find((t) => t.id === taskId) : undefined;
  if (!task) throw new Error(`unknown task ${taskId}`);
  return task;
}

export type ExtensionOutcome =
  { ok: true; request: ExtensionRequest | null } | { ok: false; message: string; log: string };

/**
 * A unit asks for a later date (the clerk's form, the coordinator typing a request sent on paper,
 * or a returned workbook's 申请延期至 / 延期理由 cells). `period`: the month it is asked in.
 */
export async function requestExtension(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: RowRef & { period: string; until: string; reason: string; source?: AuditSource },
  changes: ChangeSet = emptyChangeSet(),
): Promise<Decision<ExtensionOutcome>> {
  const task = await taskOf(reader, input.taskId);
  const history = await reader.extensions({ taskId: input.taskId, unit: input.unit });
  const current = currentRequest(history);
  const step = extensionStep(task.deadline, current, {
    kind: 'request',
    until: input.until,
    reason: input.reason,
  });
  if (!step.ok) return { changes, result: { ok: false, message: step.message, log: step.log } };
  if (step.effect === 'none') return { changes, result: { ok: true, request: null } };
  if (step.effect !== 'new' && step.effect !== 'update') throw new Error('unexpected extension step');
  const next: ExtensionRequest =
    step.effect === 'update' && current
      ? { ...current, until: step.until, reason: step.reason, requestedAt: ctx.at, requestedBy: ctx.who }
      : {
          id: ctx.newId(),
          taskId: input.taskId,
          unit: input.unit,
          period: input.period,
          until: step.until,
          reason: step.reason,
          requestedAt: ctx.at,
          requestedBy: ctx.who,
          state: '待批准',
        };
  changes.extensions.put.push(next);
  changes.audit.push(
    audit(
      ctx,
      input.source ?? 'request',
      { taskId: input.taskId, unit: input.unit, period: next.period },
      'extension',
      step.effect === 'update' ? extensionValue(current) : null,
      extensionValue(next),
    ),
  );
  return { changes, result: { ok: true, request: next } };
}

/** The district approves or rejects the row's pending request. */
export async function decideExtension(
  reader: LedgerReader,
  ctx: UseCaseContext,
  input: RowRef & { decision: 'approve' | 'reject'; comment?: string },
): Promise<Decision<ExtensionOutcome>> {
  const changes = emptyChangeSet();
  const task = await taskOf(reader, input.taskId);
  const current = currentRequest(await reader.extensions({ taskId: input.taskId, unit: input.unit }));
  const step = extensionStep(
    task.deadline,
    current,
    input.decision === 'approve'
      ? { kind: 'approve', comment: input.comment ?? '' }
      : { kind: 'reject', comment: input.comment ?? '' },
  );
  if (!step.ok) return { changes, result: { ok: false, message: step.message, log: step.log } };
  if (step.effect !== 'decide' || !current) throw new Error('unexpected extension step');
  const next: ExtensionRequest = {
    ...current,
    state: step.state,
    comment: step.comment,
    decidedAt: ctx.at,
    decidedBy: ctx.who,
  };
  changes.extensions.put.push(next);
  changes.audit.push(
    audit(
      ctx,
      'review',
      { taskId: current.taskId, unit: current.unit, period: current.period },
      'extension',
      extensionValue(current),
      extensionValue(next),
    ),
  );
  return { changes, result: { ok: true, request: next } };
}
