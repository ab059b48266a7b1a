// 导入记录: every import batch — time, file, unit, period, counts, who — with 撤销 (undo). Undo
// restores each field the batch changed unless it was changed again since; those are listed. An
// undone batch shows 已撤销. Confirmation is inline (no window.confirm).
import { useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import { PROGRESS_FIELD_LABELS, taskLabel } from '../../../shared/model.ts';
import { Loading } from '../../components/Loading.tsx';
import type { UndoBatchResult } from '../../db/import-repo.ts';
import { undoImport } from '../../hooks/exchange-actions.ts';
import { useImportHistory } from '../../hooks/useExchangeData.ts';
import { countsText, formatTime, valueText } from './labels.ts';

export function ImportHistory({ who }: { who: string }) {
  const rows = useImportHistory();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ fileName: string; undo: UndoBatchResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!rows) return <Loading />;

  const undo = async (batchId: string, fileName: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await undoImport(batchId, who);
      console.info(
        `undid import batch ${batchId}: ${r.restored.length} restored, ${r.skipped.length} skipped`,
      );
      setResult({ fileName, undo: r });
    } catch (err) {
      console.error('undo failed', err);
      setError(`撤销失败：${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  return (
    <section data-testid="import-history">
      {result && (
        <div className="notice" role="status" data-testid="undo-result">
          <span>
            已撤销「{result.fileName}」：恢复 {result.undo.restored.length} 个字段
            {result.undo.skipped.length > 0 &&
              `；${result.undo.skipped.length} 个字段在导入后又被修改，保留现值未撤销：`}
          </span>
          {result.undo.skipped.length > 0 && (
            <ul className="notice-problems">
              {result.undo.skipped.map((s, i) => (
                <li key={i}>
                  {taskLabel(s.taskId)} {s.unit} {PROGRESS_FIELD_LABELS[s.field]}：现值 {valueText(s.current)}
                  （导入值 {valueText(s.batchValue)}）
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="notice-close"
            onClick={() => setResult(null)}
            aria-label="关闭提示"
          >
            ×
          </button>
        </div>
      )}
      {error && <p className="form-error">{error}</p>}
      {rows.length === 0 ? (
        <p className="muted">还没有导入记录。</p>
      ) : (
        <table className="xc-table">
          <thead>
            <tr>
              <th>导入时间</th>
              <th>文件</th>
              <th>单位</th>
              <th>月份</th>
              <th>结果</th>
              <th>导入人</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ batch: b, changedFields }) => (
              <tr
                key={b.id}
                data-testid="history-row"
                data-batch-id={b.id}
                className={b.undoneAt ? 'xc-undone' : undefined}
              >
                <td>{formatTime(b.importedAt)}</td>
                <td>{b.fileName}</td>
                <td>{b.unit}</td>
                <td>{periodLabel(b.period)}</td>
                <td>
                  {countsText(b.counts)}
                  <div className="muted xc-small">写入 {changedFields} 个字段</div>
                </td>
                <td>{b.importedBy || '未署名'}</td>
                <td>
                  {b.undoneAt ? (
                    <span className="badge" data-testid="history-undone" title={formatTime(b.undoneAt)}>
                      已撤销
                    </span>
                  ) : confirming === b.id ? (
                    <span className="xc-confirm">
                      撤销此次导入？
                      <button
                        type="button"
                        className="primary"
                        disabled={busy}
                        onClick={() => void undo(b.id, b.fileName)}
                        data-testid="history-undo-confirm"
                      >
                        确认撤销
                      </button>
                      <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
                        取消
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setConfirming(b.id)} data-testid="history-undo">
                      撤销
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
