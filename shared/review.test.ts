import { describe, expect, it } from 'vitest';
import { reviewOpinionText, reviewStep, type ReviewEvent, type ReviewState } from './review.ts';

type From = { state: ReviewState; comment: string } | null;
const NONE: From = null;
const PENDING: From = { state: '待审核', comment: '' };
const OK: From = { state: '已审核', comment: '' };
const BACK: From = { state: '退回', comment: '照片不清晰' };

const approve: ReviewEvent = { kind: 'approve' };
const ret = (comment: string): ReviewEvent => ({ kind: 'return', comment });
const reopen: ReviewEvent = { kind: 'reopen' };
const unit: ReviewEvent = { kind: 'unit-value' };

// state × event → state (comment), '—' = no change, 'refused' = the step is refused.
const TABLE: [string, From, ReviewEvent, string][] = [
  ['none + approve', NONE, approve, '已审核'],
  ['none + return', NONE, ret('请补充照片'), '退回:请补充照片'],
  ['none + return without comment', NONE, ret('  '), 'refused'],
  ['none + reopen', NONE, reopen, '—'],
  ['none + unit value', NONE, unit, '—'],
  ['待审核 + approve', PENDING, approve, '已审核'],
  ['待审核 + return', PENDING, ret('数据有误'), '退回:数据有误'],
  ['待审核 + unit value', PENDING, unit, '—'],
  ['已审核 + approve', OK, approve, '—'],
  ['已审核 + approve with a note', OK, { kind: 'approve', comment: '很好' }, '已审核:很好'],
  ['已审核 + return', OK, ret('复核发现问题'), '退回:复核发现问题'],
  ['已审核 + reopen', OK, reopen, '待审核'],
  ['已审核 + unit value', OK, unit, '待审核'],
  ['退回 + approve', BACK, approve, '已审核'],
  ['退回 + same return', BACK, ret('照片不清晰'), '—'],
  ['退回 + new comment', BACK, ret('还缺整改记录'), '退回:还缺整改记录'],
  ['退回 + reopen', BACK, reopen, '待审核'],
  ['退回 + unit value', BACK, unit, '待审核'],
  ['return with 501 characters', NONE, ret('长'.repeat(501)), 'refused'],
];

describe('review: state × event → state', () => {
  it.each(TABLE)('%s', (_name, from, event, expected) => {
    const step = reviewStep(from, event);
    const got = !step.ok
      ? 'refused'
      : !step.changed
        ? '—'
        : step.comment
          ? `${step.state}:${step.comment}`
          : step.state;
    expect(got).toBe(expected);
  });

  it('words what the unit reads in 区里意见', () => {
    expect(reviewOpinionText({ state: '退回', comment: '照片不清晰', period: '2021-03' })).toBe(
      '2021年3月报送已退回：照片不清晰',
    );
    expect(reviewOpinionText({ state: '已审核', comment: '', period: '2021-03' })).toBe(
      '2021年3月报送已审核',
    );
    expect(reviewOpinionText({ state: '待审核', comment: '', period: '2021-03' })).toBe('');
    expect(reviewOpinionText(undefined)).toBe('');
  });
});
