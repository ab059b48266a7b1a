// The district's review of a unit's report (审核): one state per task × unit × month, and the one
// table that says how it moves. 待审核 is where every report starts and where a new value from the
// unit puts it back; the district marks it 已审核, or 退回 with a comment the unit must see (the
// locked 区里意见 column of its next workbook, the clerk's app). Pure: the use cases
// (shared/engine/review-cases.ts) apply it and audit every step.
//
//   state \ event   approve            return(comment)        reopen       unit sends a new value
//   (none)/待审核   已审核             退回 + comment         —            —
//   已审核          —                  退回 + comment         待审核       待审核
//   退回            已审核             退回 + new comment     待审核       待审核
// "—" is no change (nothing written, nothing audited). A return without a comment is refused: the
// unit has to be told what to fix.

export const REVIEW_STATES = ['待审核', '已审核', '退回'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export function isReviewState(value: unknown): value is ReviewState {
  return typeof value === 'string' && (REVIEW_STATES as readonly string[]).includes(value);
}

/** Longest review comment kept (a paragraph, not a document). */
export const MAX_REVIEW_COMMENT = 500;

/** The review of one report (task × unit × month). A report without one is 待审核. */
export interface Review {
  taskId: string;
  unit: string;
  period: string;
  state: ReviewState;
  /** Why it was returned (退回), or a note with an approval; '' when none. */
  comment: string;
  /** Who decided, and when (ISO). */
  by: string;
  at: string;
}

export type ReviewEvent =
  | { kind: 'approve'; comment?: string }
  | { kind: 'return'; comment: string }
  | { kind: 'reopen' }
  | { kind: 'unit-value' };

export type ReviewStep =
  | { ok: true; changed: false }
  | { ok: true; changed: true; state: ReviewState; comment: string }
  | { ok: false; message: string; log: string };

/** Where a review goes on an event (the table above). `current` null: no review yet (待审核). */
export function reviewStep(
  current: Pick<Review, 'state' | 'comment'> | null,
  event: ReviewEvent,
): ReviewStep {
  const state = current?.state ?? '待审核';
  const comment = current?.comment ?? '';
  const same = (s: ReviewState, c: string): ReviewStep =>
    s === state && c === comment
      ? { ok: true, changed: false }
      : { ok: true, changed: true, state: s, comment: c };
  switch (event.kind) {
    case 'approve': {
      const note = (event.comment ?? '').trim();
      if (note.length > MAX_REVIEW_COMMENT) return tooLong(note.length);
      // Approving what is already approved keeps its note unless a new one is given.
      if (state === '已审核' && note === '') return { ok: true, changed: false };
      return same('已审核', note);
    }
    case 'return': {
      const text = event.comment.trim();
      if (text === '')
        return {
          ok: false,
          message: '退回时请填写意见，告诉单位需要修改什么。',
          log: 'return without a comment',
        };
      if (text.length > MAX_REVIEW_COMMENT) return tooLong(text.length);
      return same('退回', text);
    }
    case 'reopen':
    case 'unit-value':
      return state === '待审核'
        ? { ok: true, changed: false }
        : { ok: true, changed: true, state: '待审核', comment: '' };
  }
}

function tooLong(n: number): ReviewStep {
  return {
    ok: false,
    message: `意见过长（${n} 字），请控制在 ${MAX_REVIEW_COMMENT} 字以内。`,
    log: `review comment of ${n} characters exceeds ${MAX_REVIEW_COMMENT}`,
  };
}

/** What the unit reads in its workbook's 区里意见 column and the clerk's app. */
export function reviewOpinionText(review: Pick<Review, 'state' | 'comment' | 'period'> | undefined): string {
  if (!review || review.state === '待审核') return '';
  const [y, m] = review.period.split('-');
  const when = `${y}年${Number(m)}月`;
  if (review.state === '退回') return `${when}报送已退回：${review.comment}`;
  return review.comment ? `${when}报送已审核：${review.comment}` : `${when}报送已审核`;
}
