import { describe, expect, it } from 'vitest';
import {
  effectiveDeadline,
  extensionOpinionText,
  extensionStep,
  rowExtension,
  type ExtensionEvent,
  type ExtensionRequest,
  type ExtensionState,
} from './extension.ts';
import type { Deadline } from './model.ts';

const DUE: Deadline = { raw: '年底前', kind: 'due', due: '2021-12-31' };
const WINDOW: Deadline = { raw: '6-9月', kind: 'window', from: '2021-06-01', to: '2021-09-30' };
const ONGOING: Deadline = { raw: '长期实施', kind: 'ongoing' };

type Cur = { state: ExtensionState; until: string; reason: string } | null;
const pending: Cur = { state: '待批准', until: '2022-03-31', reason: '资金未到位' };
const approved: Cur = { state: '已批准', until: '2022-03-31', reason: '资金未到位' };
const rejected: Cur = { state: '未批准', until: '2022-03-31', reason: '资金未到位' };
const ask = (until: string, reason = '资金未到位'): ExtensionEvent => ({ kind: 'request', until, reason });
const approve: ExtensionEvent = { kind: 'approve' };
const reject = (comment: string): ExtensionEvent => ({ kind: 'reject', comment });

// current × event → effect ('refused' when the table refuses it).
const TABLE: [string, Deadline, Cur, ExtensionEvent, string][] = [
  ['none + request', DUE, null, ask('2022-03-31'), 'new 2022-03-31'],
  ['none + request on a window task', WINDOW, null, ask('2021-10-31'), 'new 2021-10-31'],
  ['none + request not after the deadline', DUE, null, ask('2021-12-31'), 'refused'],
  ['none + request on an ongoing task', ONGOING, null, ask('2022-03-31'), 'refused'],
  ['none + request with no reason', DUE, null, ask('2022-03-31', ' '), 'refused'],
  ['none + request with a date that does not exist', DUE, null, ask('2022-02-30'), 'refused'],
  ['none + approve', DUE, null, approve, 'refused'],
  ['none + reject', DUE, null, reject('不同意'), 'refused'],
  ['待批准 + the same request', DUE, pending, ask('2022-03-31'), 'none'],
  ['待批准 + another date', DUE, pending, ask('2022-04-30'), 'update 2022-04-30'],
  ['待批准 + approve', DUE, pending, approve, 'decide 已批准'],
  ['待批准 + reject with a comment', DUE, pending, reject('理由不充分'), 'decide 未批准'],
  ['待批准 + reject without a comment', DUE, pending, reject(''), 'refused'],
  ['已批准 + the same request', DUE, approved, ask('2022-03-31'), 'none'],
  ['已批准 + a further request', DUE, approved, ask('2022-06-30'), 'new 2022-06-30'],
  ['已批准 + approve', DUE, approved, approve, 'refused'],
  ['未批准 + the same request', DUE, rejected, ask('2022-03-31'), 'none'],
  ['未批准 + a new request', DUE, rejected, ask('2022-02-28', '新的理由'), 'new 2022-02-28'],
  ['未批准 + reject', DUE, rejected, reject('x'), 'refused'],
];

describe('extension: state × event → state', () => {
  it.each(TABLE)('%s', (_name, deadline, current, event, expected) => {
    const step = extensionStep(deadline, current, event);
    const got = !step.ok
      ? 'refused'
      : step.effect === 'none'
        ? 'none'
        : step.effect === 'decide'
          ? `decide ${step.state}`
          : `${step.effect} ${step.until}`;
    expect(got).toBe(expected);
  });
});

describe('extension: what it changes', () => {
  const req = (over: Partial<ExtensionRequest>): ExtensionRequest => ({
    id: 'e1',
    taskId: 'air-03',
    unit: '永乐店镇',
    period: '2021-11',
    until: '2022-03-31',
    reason: '资金未到位',
    requestedAt: '2021-11-20T00:00:00Z',
    requestedBy: '张三',
    state: '待批准',
    ...over,
  });
  it('moves the deadline only once approved, keeping the plan text', () => {
    expect(effectiveDeadline(DUE, null)).toBe(DUE);
    expect(effectiveDeadline(DUE, '2022-03-31')).toEqual({ raw: '年底前', kind: 'due', due: '2022-03-31' });
    expect(effectiveDeadline(WINDOW, '2021-10-31').to).toBe('2021-10-31');
    expect(rowExtension([req({})])).toEqual({ approvedUntil: null, open: req({}) });
    const ok = req({ state: '已批准', decidedAt: '2021-11-25T00:00:00Z' });
    expect(rowExtension([ok])).toEqual({ approvedUntil: '2022-03-31', open: null });
    // A further request waits while the approved date holds.
    const further = req({ id: 'e2', until: '2022-06-30', requestedAt: '2022-03-01T00:00:00Z' });
    expect(rowExtension([ok, further])).toEqual({ approvedUntil: '2022-03-31', open: further });
  });
  it('words the decision for the unit', () => {
    expect(extensionOpinionText([req({ state: '已批准' })])).toBe('延期已批准：延至2022年3月31日');
    expect(extensionOpinionText([req({ state: '未批准', comment: '理由不充分' })])).toBe(
      '延期申请未批准：理由不充分',
    );
    expect(extensionOpinionText([req({})])).toBe('延期申请待批准（申请延至2022年3月31日）');
    expect(extensionOpinionText([])).toBe('');
  });
});
