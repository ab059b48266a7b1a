import { describe, expect, it } from 'vitest';
import { effectiveAsOf, effectiveFrom, pickProgress } from './carry-forward.ts';
import { PROGRESS_FIELDS, type ProgressReport } from './model.ts';

const report = (period: string, over: Partial<ProgressReport> = {}): ProgressReport => ({
  taskId: '2021.air-01',
  unit: '永乐店镇',
  period,
  status: '推进中',
  percent: 40,
  progress: '完成检查 3 次',
  problems: '无',
  nextSteps: '继续',
  evidence: '照片',
  reporter: '张三',
  phone: '010-1',
  filledOn: `${period}-20`,
  updatedAt: `${period}-20T08:00:00.000Z`,
  updatedBy: '张三',
  ...over,
});

describe('carry-forward', () => {
  it('pickProgress keeps exactly the progress fields, with their values', () => {
    const r = report('2021-03');
    const picked = pickProgress(r);
    expect(Object.keys(picked).sort()).toEqual([...PROGRESS_FIELDS].sort());
    for (const f of PROGRESS_FIELDS) expect(picked[f]).toBe(r[f]);
    expect(picked).not.toBe(r);
  });

  it.each([
    ['own report of the month', report('2021-03'), undefined, '完成检查 3 次', '2021-03-20'],
    ['carried from an earlier month (no fill date)', undefined, report('2021-01'), '完成检查 3 次', null],
    [
      'own report wins over the carried one',
      report('2021-03', { progress: '本月' }),
      report('2021-01'),
      '本月',
      '2021-03-20',
    ],
    ['nothing at all', undefined, undefined, '', null],
  ])('%s', (_name, own, carried, progress, filledOn) => {
    const seen = effectiveFrom(own, carried);
    expect(seen.progress).toBe(progress);
    expect(seen.filledOn).toBe(filledOn);
  });

  it('effectiveAsOf carries a report of another month without its fill date', () => {
    expect(effectiveAsOf(report('2021-02'), '2021-03').filledOn).toBeNull();
    expect(effectiveAsOf(report('2021-03'), '2021-03').filledOn).toBe('2021-03-20');
    expect(effectiveAsOf(undefined, '2021-03').status).toBeNull();
  });
});
