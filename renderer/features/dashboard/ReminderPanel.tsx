// 催报名单: the units whose return for the period is missing or came in late, each with the tasks it
// still owes, and an export of the list as an xlsx for the circular (shared/reminder-workbook.ts,
// saved through the host).
import { useState } from 'react';
import type { Dashboard } from '../../../shared/dashboard.ts';
import { DEADLINE_STATE_LABELS, periodLabel } from '../../../shared/deadline.ts';
import { dateWords } from '../../../shared/deadline-words.ts';
import { getHost } from '../../host.ts';
import { navigateToGrid } from '../../navigation.ts';

const REASON_LABELS = { missing: '未报送', late: '逾期报送' } as const;

export function ReminderPanel({
  d,
  planTitle,
  docNumber,
}: {
  d: Dashboard;
  planTitle: string;
  docNumber: string;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const missing = d.reminders.filter((r) => r.reason === 'missing').length;

  const exportList = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const { buildReminderWorkbook, reminderFileName } =
        await import('../../../shared/reminder-workbook.ts');
      const bytes = await buildReminderWorkbook({
        planTitle,
        docNumber,
        period: d.period,
        dueDate: d.dueDate,
        entries: d.reminders,
      });
      const saved = await getHost().saveFile(reminderFileName(d.period), bytes);
      console.info(`dashboard: reminder list exported (${d.reminders.length} units, saved=${saved})`);
      setMessage(saved ? '催报名单已导出。' : null);
    } catch (e) {
      console.error('dashboard: reminder export failed', e);
      setMessage('导出失败，请重试。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="dash-card" aria-labelledby="dash-reminders" data-testid="reminder-panel">
      <div className="dash-card-head">
        <h3 id="dash-reminders">催报名单</h3>
        <span className="muted" data-testid="reminder-summary">
          {periodLabel(d.period)}，截止 {dateWords(d.dueDate)}：未报送 {missing} 个单位，逾期报送{' '}
          {d.reminders.length - missing} 个单位
        </span>
        <button
          type="button"
          className="primary"
          onClick={() => void exportList()}
          disabled={busy || d.reminders.length === 0}
          data-testid="reminder-export"
        >
          导出催报名单（Excel）
        </button>
        {message && <span role="status">{message}</span>}
      </div>
      {d.reminders.length === 0 ? (
        <p className="muted">本期所有单位均已按时报送。</p>
      ) : (
        <table className="dash-table" data-testid="reminder-table">
          <thead>
            <tr>
              <th>单位</th>
              <th>报送情况</th>
              <th>未报送任务数</th>
              <th>未报送任务</th>
            </tr>
          </thead>
          <tbody>
            {d.reminders.map((r) => (
              <tr key={r.unit} data-testid="reminder-row" data-unit={r.unit}>
                <th scope="row">{r.unit}</th>
                <td className={r.reason === 'missing' ? 'return-missing' : 'return-late'}>
                  {REASON_LABELS[r.reason]}
                  {r.receivedOn && `（${r.receivedOn}）`}
                </td>
                <td className="num">
                  <button
                    type="button"
                    className="fig"
                    onClick={() => navigateToGrid({ period: d.period, unit: r.unit })}
                    data-testid="reminder-count"
                  >
                    {r.tasks.length}
                  </button>
                </td>
                <td>
                  <details>
                    <summary>
                      {r.tasks
                        .slice(0, 6)
                        .map((t) => t.label)
                        .join('、')}
                      {r.tasks.length > 6 && ` 等 ${r.tasks.length} 项`}
                    </summary>
                    <ul className="owed">
                      {r.tasks.map((t) => (
                        <li key={t.taskId}>
                          {t.label} {t.keyTask}（{t.role}，{t.deadlineRaw}，
                          {DEADLINE_STATE_LABELS[t.deadlineState]}）
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
