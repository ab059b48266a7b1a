// Deadline extensions (延期申请): a unit asks for a later date for one of its tasks, with a reason;
// the district approves or rejects, with a comment. An approved extension is that task × unit's
// deadline from then on — for the deadline state, the overdue count, the 序时 judgement and the
// ranking (shared/period-state.ts applies it) — while the plan's own deadline stays on record and is
// shown struck through next to the new one. Pure; the use cases (shared/engine/review-cases.ts)
// apply the table below and audit every step.
//
// Requests of one task × unit form a history; the latest one is "current".
//   current \ event   request(date, reason)              approve        reject(comment)
//   (none)            new 待批准                         refused        refused
//   待批准            same date and reason: —            已批准         未批准 + comment
//                     else: the pending one is updated
//   已批准            same as approved: —                refused        refused
//                     else: new 待批准 (a further one; the approved date holds meanwhile)
//   未批准            same as rejected: —                refused        refused
//                     else: new 待批准
// Refused also: a date that is not later than the plan's deadline, a task without a date to move
// (长期实施, unknown), an empty or overlong reason, a rejection without a comment.

import type { Deadline } from './model.ts';

export const EXTENSION_STATES = ['待批准', '已批准', '未批准'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

export const MAX_EXTENSION_REASON = 500;

export interface ExtensionRequest {
  id: string;
  taskId: string;
  unit: string;
  /** The month the request was made in (its segment in the ledger container). */
  period: string;
  /** The date asked for, YYYY-MM-DD. */
  until: string;
  reason: string;
  requestedAt: string;
  requestedBy: string;
  state: ExtensionState;
  decidedAt?: string;
  decidedBy?: string;
  /** The district's comment on its decision ('' when none). */
  comment?: string;
}

export type ExtensionEvent =
  | { kind: 'request'; until: string; reason: string }
  | { kind: 'approve'; comment?: string }
  | { kind: 'reject'; comment: string };

export type ExtensionStep =
  | { ok: true; effect: 'none' }
  | { ok: true; effect: 'new'; until: string; reason: string }
  | { ok: true; effect: 'update'; until: string; reason: string }
  | { ok: true; effect: 'decide'; state: '已批准' | '未批准'; comment: string }
  | { ok: false; message: string; log: string };

const refuse = (message: string, log: string): ExtensionStep => ({ ok: false, message, log });

/** The last day the plan gives a task, or null when it has none (ongoing, unknown). */
export function deadlineEnd(deadline: Deadline): string | null {
  if (deadline.kind === 'due') return deadline.due ?? null;
  if (deadline.kind === 'window') return deadline.to ?? null;
  return null;
}

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The step an event takes from the task × unit's latest request (the table above). */
export function extensionStep(
  deadline: Deadline,
  current: Pick<ExtensionRequest, 'state' | 'until' | 'reason'> | null,
  event: ExtensionEvent,
): ExtensionStep {
  if (event.kind === 'request') {
    const end = deadlineEnd(deadline);
    if (!end)
      return refuse(
        `该任务的完成时限为“${deadline.raw.replace(/\s+/g, '')}”，没有可延期的日期。`,
        `extension requested for a task with a ${deadline.kind} deadline`,
      );
    if (!validDate(event.until))
      return refuse(`申请延期至“${event.until}”不是有效日期，应如 2021-12-31。`, `bad date ${event.until}`);
    if (event.until <= end)
      return refuse(
        `申请延期至 ${event.until} 不晚于原定时限 ${end}，无需延期。`,
        `requested ${event.until} is not after the deadline ${end}`,
      );
    const reason = event.reason.trim();
    if (reason === '') return refuse('请填写延期理由。', 'extension request without a reason');
    if (reason.length > MAX_EXTENSION_REASON)
      return refuse(
        `延期理由过长（${reason.length} 字），请控制在 ${MAX_EXTENSION_REASON} 字以内。`,
        `reason of ${reason.length} characters`,
      );
    if (current && current.until === event.until && current.reason === reason)
      return { ok: true, effect: 'none' };
    if (current?.state === '待批准') return { ok: true, effect: 'update', until: event.until, reason };
    return { ok: true, effect: 'new', until: event.until, reason };
  }
  if (!current || current.state !== '待批准')
    return refuse('没有待批准的延期申请。', `no pending extension request to ${event.kind}`);
  if (event.kind === 'approve') {
    const comment = (event.comment ?? '').trim();
    if (comment.length > MAX_EXTENSION_REASON)
      return refuse(`意见过长（${comment.length} 字）。`, `comment of ${comment.length} characters`);
    return { ok: true, effect: 'decide', state: '已批准', comment };
  }
  const comment = event.comment.trim();
  if (comment === '') return refuse('不批准延期时请填写意见。', 'rejection without a comment');
  if (comment.length > MAX_EXTENSION_REASON)
    return refuse(`意见过长（${comment.length} 字）。`, `comment of ${comment.length} characters`);
  return { ok: true, effect: 'decide', state: '未批准', comment };
}

/** The latest request of a row's history (by time asked, then id), or null. */
export function currentRequest(requests: readonly ExtensionRequest[]): ExtensionRequest | null {
  let best: ExtensionRequest | null = null;
  for (const r of requests)
    if (!best || r.requestedAt > best.requestedAt || (r.requestedAt === best.requestedAt && r.id > best.id))
      best = r;
  return best;
}

/** The approved extension in force: the latest approved by decision time, or null. */
export function approvedExtension(requests: readonly ExtensionRequest[]): ExtensionRequest | null {
  let best: ExtensionRequest | null = null;
  for (const r of requests)
    if (r.state === '已批准' && (!best || (r.decidedAt ?? '') > (best.decidedAt ?? ''))) best = r;
  return best;
}

/** The deadline a task × unit works to: the plan's, moved to the approved date when there is one. */
export function effectiveDeadline(deadline: Deadline, approvedUntil: string | null): Deadline {
  if (!approvedUntil) return deadline;
  if (deadline.kind === 'due') return { ...deadline, due: approvedUntil };
  if (deadline.kind === 'window') return { ...deadline, to: approvedUntil };
  return deadline;
}

/** A row's extension as the views show it. */
export interface RowExtension {
  /** The approved date in force, or null. */
  approvedUntil: string | null;
  /** The latest request when it is still waiting for a decision, or was rejected. */
  open: ExtensionRequest | null;
}

export function rowExtension(requests: readonly ExtensionRequest[] | undefined): RowExtension | null {
  if (!requests || requests.length === 0) return null;
  const approved = approvedExtension(requests);
  const current = currentRequest(requests);
  return {
    approvedUntil: approved?.until ?? null,
    open: current && current.state !== '已批准' ? current : null,
  };
}

/** `2022-03-31` → `2022年3月31日`. */
export function dateWords(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** What the unit reads about its extension (区里意见 column, the clerk's app). */
export function extensionOpinionText(requests: readonly ExtensionRequest[] | undefined): string {
  const current = requests ? currentRequest(requests) : null;
  if (!current) return '';
  if (current.state === '已批准')
    return `延期已批准：延至${dateWords(current.until)}${current.comment ? `（${current.comment}）` : ''}`;
  if (current.state === '未批准') return `延期申请未批准${current.comment ? `：${current.comment}` : ''}`;
  return `延期申请待批准（申请延至${dateWords(current.until)}）`;
}
