import { describe, expect, it } from 'vitest';
import type { ProgressFields } from '../model.ts';
import type { ReadResult, ReadRow } from '../workbook/read-workbook.ts';
import { fields } from '../workbook/test-helpers.ts';
import { contextKey, planSequence, type MergeContext, type SequenceItem } from './plan-sequence.ts';

const EXPECTED = { unit: '永乐店镇', period: '2021-03', planId: 'tongzhou-2021' };

function file(
  sha: string,
  rows: { taskId: string; f: Partial<ProgressFields> }[],
  base?: ProgressFields,
): ReadResult {
  const readRows: ReadRow[] = rows.map((r, i) => ({
    rowNumber: 3 + i,
    taskId: r.taskId,
    rawTaskId: r.taskId,
    fields: r.f,
    errors: [],
    planCells: {},
  }));
  const manifest = base
    ? {
        format: 'taizhang-return' as const,
        version: 1 as const,
        ...EXPECTED,
        exportId: 'exp',
        exportedAt: '2021-03-01T00:00:00.000Z',
        rows: rows.map((r) => ({ taskId: r.taskId, role: '主责' as const, base })),
      }
    : null;
  return {
    fileName: `${sha}.xlsx`,
    size: 1,
    sha256: sha.repeat(64).slice(0, 64),
    manifest,
    manifestStatus: manifest ? 'ok' : 'absent',
    unit: manifest ? EXPECTED.unit : null,
    period: manifest ? EXPECTED.period : null,
    identifiedBy: manifest ? 'manifest' : null,
    sheetName: '填报',
    headerRow: 2,
    columns: {},
    title: null,
    rows: readRows,
    warnings: [],
    errors: [],
  };
}

const item = (f: ReadResult, over: Partial<SequenceItem> = {}): SequenceItem => ({
  file: f,
  expected: EXPECTED,
  identityConfirmed: false,
  selected: true,
  resolutions: new Map(),
  ...over,
});

const contexts = (ours: Record<string, ProgressFields> = {}): Map<string, MergeContext> =>
  new Map([
    [
      contextKey(EXPECTED.unit, EXPECTED.period),
      { unitTaskIds: new Set(['air-01', 'air-02']), ours: new Map(Object.entries(ours)) },
    ],
  ]);

describe('planSequence', () => {
  it('plans each file against the state the selected files before it leave', () => {
    const a = file('a', [{ taskId: 'air-01', f: { percent: 40 } }], fields());
    const b = file('b', [{ taskId: 'air-01', f: { percent: 60 } }], fields());
    const [pa, pb] = planSequence([item(a), item(b)], contexts(), new Set());
    expect(pa!.updates).toEqual([{ taskId: 'air-01', field: 'percent', from: null, to: 40 }]);
    expect(pb!.conflicts).toEqual([{ taskId: 'air-01', field: 'percent', base: null, ours: 40, theirs: 60 }]);
    // An unselected file does not advance the state.
    const [, pb2] = planSequence([item(a, { selected: false }), item(b)], contexts(), new Set());
    expect(pb2!.updates).toEqual([{ taskId: 'air-01', field: 'percent', from: null, to: 60 }]);
  });

  it("applies the earlier files' resolutions before planning the later ones", () => {
    const ours = { 'air-01': fields({ progress: '台账' }) };
    const a = file('a', [{ taskId: 'air-01', f: { progress: '甲' } }], fields());
    const b = file('b', [{ taskId: 'air-01', f: { progress: '甲' } }], fields());
    const keep = planSequence([item(a), item(b)], contexts(ours), new Set());
    expect(keep[1]!.conflicts).toHaveLength(1);
    const take = planSequence(
      [item(a, { resolutions: new Map([['air-01|progress', 'theirs']]) }), item(b)],
      contexts(ours),
      new Set(),
    );
    // After taking 甲 from the first file, the second file's 甲 is already merged.
    expect(take[1]!.conflicts).toEqual([]);
    expect(take[1]!.counts.unchanged).toBe(1);
  });

  it('marks a file identical to an earlier one in the run, or to a known import, as already imported', () => {
    const a = file('a', [{ taskId: 'air-01', f: { percent: 40 } }], fields());
    const plans = planSequence([item(a), item(a)], contexts(), new Set());
    expect(plans.map((p) => p.alreadyImported)).toEqual([false, true]);
    expect(planSequence([item(a)], contexts(), new Set([a.sha256]))[0]!.alreadyImported).toBe(true);
  });

  it('without a manifest: a later file is not blocked by changes made "since the last import"', () => {
    const a = file('a', [{ taskId: 'air-01', f: { percent: 40 } }]);
    const b = file('b', [{ taskId: 'air-02', f: { percent: 10 } }]);
    const ctx = contexts();
    const c = ctx.get(contextKey(EXPECTED.unit, EXPECTED.period))!;
    ctx.set(contextKey(EXPECTED.unit, EXPECTED.period), {
      ...c,
      changedSinceLastImport: new Set(['air-02|percent']),
    });
    const [pa, pb] = planSequence(
      [item(a, { identityConfirmed: true }), item(b, { identityConfirmed: true })],
      ctx,
      new Set(),
    );
    expect(pa!.updates).toHaveLength(1);
    // The first file of the run is now the unit's last import; nothing changed after it.
    expect(pb!.conflicts).toEqual([]);
    expect(pb!.updates).toEqual([{ taskId: 'air-02', field: 'percent', from: null, to: 10 }]);
    // Alone, the second file conflicts on the field changed since the last import.
    expect(planSequence([item(b)], ctx, new Set())[0]!.conflicts).toHaveLength(1);
  });
});
