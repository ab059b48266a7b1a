import { describe, expect, it } from 'vitest';
import plan from '../seeds/plan.json' with { type: 'json' };
import units from '../seeds/units.json' with { type: 'json' };
import { createLedger } from './ledger-file.ts';
import {
  applyChanges,
  beforeImages,
  effectiveProgress,
  ReportIndex,
  undoImport,
  type FieldChange,
} from './ledger-ops.ts';
import { emptyProgress, type PlanDocument, type Unit } from './model.ts';

const setup = () => {
  const ledger = createLedger(plan as PlanDocument, units as Unit[]);
  return { ledger, index: new ReportIndex(ledger.reports) };
};
const change = (
  field: FieldChange['field'],
  value: unknown,
  period = '2021-03',
  taskId = 'air-02',
): FieldChange => ({
  taskId,
  unit: '永乐店镇',
  period,
  field,
  value,
});

describe('effective progress and carry-forward', () => {
  it('a new period starts from the previous period’s values, without the fill date', () => {
    const { ledger, index } = setup();
    applyChanges(
      ledger,
      index,
      [
        change('status', '推进中', '2021-02'),
        change('progress', '二月进展', '2021-02'),
        change('filledOn', '2021-02-20', '2021-02'),
      ],
      {
        who: '张三',
        source: 'edit',
        at: '2021-02-20T00:00:00Z',
      },
    );
    expect(effectiveProgress(index, 'air-02', '永乐店镇', '2021-04')).toEqual({
      ...emptyProgress(),
      status: '推进中',
      progress: '二月进展',
    });
    expect(effectiveProgress(index, 'air-02', '永乐店镇', '2021-01')).toEqual(emptyProgress());
    expect(effectiveProgress(index, 'air-02', '张家湾镇', '2021-04')).toEqual(emptyProgress());
  });
});

describe('applyChanges', () => {
  it('creates the report from carried-forward values, audits old → new, skips no-op changes', () => {
    const { ledger, index } = setup();
    applyChanges(ledger, index, [change('status', '推进中', '2021-02')], {
      who: 'a',
      source: 'edit',
      at: 't1',
    });
    const audit = applyChanges(ledger, index, [change('percent', 50), change('status', '推进中')], {
      who: '李四',
      source: 'edit',
      at: 't2',
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ field: 'percent', old: null, new: 50, who: '李四', period: '2021-03' });
    expect(index.get('air-02', '永乐店镇', '2021-03')).toMatchObject({
      status: '推进中',
      percent: 50,
      updatedBy: '李四',
    });
    expect(ledger.reports).toHaveLength(2);
    expect(ledger.audit).toHaveLength(2);
  });
});

describe('undoImport', () => {
  const importBatch = (
    ledger: ReturnType<typeof setup>['ledger'],
    index: ReportIndex,
    changes: FieldChange[],
  ) => {
    const before = beforeImages(index, changes);
    applyChanges(ledger, index, changes, { who: '导入', source: 'import:b1', at: '2021-03-26T00:00:00Z' });
    ledger.imports.push({
      id: 'b1',
      fileName: '永乐店镇_2021年03月_进展填报.xlsx',
      sha256: '0'.repeat(64),
      unit: '永乐店镇',
      period: '2021-03',
      exportId: null,
      importedAt: '2021-03-26T00:00:00Z',
      importedBy: '导入',
      counts: { updated: 1, unchanged: 0, conflicts: 0, rejected: 0 },
      before,
    });
  };

  it('restores every field the batch changed and audits it as undo:<batch>', () => {
    const { ledger, index } = setup();
    applyChanges(ledger, index, [change('status', '未启动')], {
      who: 'a',
      source: 'edit',
      at: '2021-03-01T00:00:00Z',
    });
    importBatch(ledger, index, [change('status', '推进中'), change('progress', '新进展')]);
    const result = undoImport(ledger, index, 'b1', '王五', '2021-03-27T00:00:00Z');
    expect(result.skipped).toEqual([]);
    expect(result.restored.map((e) => [e.field, e.old, e.new, e.source])).toEqual([
      ['status', '推进中', '未启动', 'undo:b1'],
      ['progress', '新进展', '', 'undo:b1'],
    ]);
    expect(index.get('air-02', '永乐店镇', '2021-03')).toMatchObject({ status: '未启动', progress: '' });
    expect(ledger.imports[0]?.undoneAt).toBe('2021-03-27T00:00:00Z');
    expect(() => undoImport(ledger, index, 'b1', '王五', 'later')).toThrow(/already undone/);
  });

  it('leaves a field alone when it was edited after the import, and lists it', () => {
    const { ledger, index } = setup();
    importBatch(ledger, index, [change('status', '推进中'), change('percent', 30)]);
    applyChanges(ledger, index, [change('percent', 60)], {
      who: '协调员',
      source: 'edit',
      at: '2021-03-26T10:00:00Z',
    });
    const result = undoImport(ledger, index, 'b1', '王五', '2021-03-27T00:00:00Z');
    expect(result.skipped).toEqual([{ taskId: 'air-02', field: 'percent', current: 60, batchValue: 30 }]);
    expect(index.get('air-02', '永乐店镇', '2021-03')).toMatchObject({ status: null, percent: 60 });
  });
});
