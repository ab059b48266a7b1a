import { describe, expect, it } from 'vitest';
import type { AuditEntry, ImportBatch } from '../model.ts';
import { changedSinceLastImport } from './changed-since.ts';

const entry = (
  at: string,
  source: AuditEntry['source'],
  field: AuditEntry['field'] = 'status',
  unit = '永乐店镇',
  period = '2021-03',
): AuditEntry => ({
  id: `${at}-${source}-${field}`,
  at,
  who: 'x',
  source,
  taskId: 'air-02',
  unit,
  period,
  field,
  old: null,
  new: 'v',
});
const batch = (importedAt: string, undoneAt?: string): ImportBatch => ({
  id: importedAt,
  planId: 'tongzhou-2021',
  fileName: 'f.xlsx',
  sha256: 'a'.repeat(64),
  unit: '永乐店镇',
  period: '2021-03',
  exportId: null,
  importedAt,
  importedBy: 'x',
  counts: { updated: 0, unchanged: 0, conflicts: 0, rejected: 0 },
  before: [],
  ...(undoneAt ? { undoneAt } : {}),
});

describe('changedSinceLastImport', () => {
  it.each([
    ['no import yet: every edit of the period counts', [entry('t1', 'edit')], [], ['air-02|status']],
    ['an edit before the last import does not count', [entry('t1', 'edit')], [batch('t2')], []],
    [
      'an edit after the last import counts',
      [entry('t3', 'paste', 'percent')],
      [batch('t2')],
      ['air-02|percent'],
    ],
    ['imports themselves never count', [entry('t3', 'import:b9')], [batch('t2')], []],
    ['an undone import is no reference point', [entry('t1', 'edit')], [batch('t2', 't4')], ['air-02|status']],
    ['undo of a batch is a change', [entry('t3', 'undo:b1')], [batch('t2')], ['air-02|status']],
    [
      'other units and periods are not looked at',
      [entry('t3', 'edit', 'status', '西集镇'), entry('t3', 'edit', 'status', '永乐店镇', '2021-04')],
      [],
      [],
    ],
    ['group resolutions are not report fields', [entry('t3', 'resolve', 'groupResolution')], [], []],
  ] as const)('%s', (_name, audit, imports, keys) => {
    expect([...changedSinceLastImport(audit, imports, '永乐店镇', '2021-03')].sort()).toEqual([...keys]);
  });
});
