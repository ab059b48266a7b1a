// The hand-built October ledger the dashboard and document tests share, with figures worked out by
// hand (the full plan: 2498 task × unit rows, 698 of them 大气, 54 units):
//   永乐店镇 imports its return on 2021-10-20 (on time; due day 25): air-02 已完成, air-23 已完成,
//            air-33 推进中 50% — air-33 is the 6-9月 task, so in October it is overdue.
//   西集镇   edits in the app on 2021-10-28 (late): air-02, air-23, air-33 已完成.
//   Everyone else: nothing.
// Hand-computed:
//   大气 698 rows: done 5 (2 + 3); overdue 23 (air-33 has 24 units: 区生态环境局, 区商务局 and the
//     22 towns, of which 西集镇 is done); behind 0; late 23; not started 698-5-23 = 670.
//   All 2498 rows: done 5, overdue 23, not started 2470.
//   Ranking: 西集镇 3/91 = 3.3% first, 永乐店镇 2/91 = 2.2% (overdue 1) second; among the towns the
//     other 20 share rank 3 (0%, overdue 1 each).
//   Returns: 2 of 54 came in, 1 of them late. Reminder list: 53 units (52 missing + 西集镇 late);
//     西集镇 owes 91-3 = 88 tasks, 区水务局 53.
import { ledgerBuilder, type LedgerBuilder } from './ledger-builder.ts';

export function octoberLedger(builder: LedgerBuilder = ledgerBuilder()): LedgerBuilder {
  const { edit, batch } = builder;
  const at = '2021-10-20T02:00:00Z';
  edit('永乐店镇', 'air-02', '2021-10', { status: '已完成', percent: 100 }, at, 'import:b1');
  edit('永乐店镇', 'air-23', '2021-10', { status: '已完成', percent: 100 }, at, 'import:b1');
  edit('永乐店镇', 'air-33', '2021-10', { status: '推进中', percent: 50 }, at, 'import:b1');
  batch('永乐店镇', '2021-10', at);
  for (const id of ['air-02', 'air-23', 'air-33'])
    edit('西集镇', id, '2021-10', { status: '已完成', percent: 100 }, '2021-10-28T06:00:00Z');
  return builder;
}
