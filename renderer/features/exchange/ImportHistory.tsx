// 导入记录: every import batch — time, file, unit, period, counts, who — with 撤销 (undo). Undo
// restores each field the batch changed unless it was changed again since; those are listed. An
// undone batch shows 已撤销. Confirmation is inline (no window.confirm). A batch that left conflicts
// undecided shows them here to decide (side by side, as in the wizard), without the file.
import { useMemo, useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import { fieldKey, type FieldConflict, type FieldKey } from '../../../shared/merge/plan-merge.ts';
import { PROGRESS_FIELD_LABELS, taskLabel, type ImportBatch, type Task } from '../../../shared/model.ts';
import { Loading } from '../../components/Loading.tsx';
import { resolveOpenConflicts, undoImport, type UndoImportResult } from '../../hooks/exchange-actions.ts';
import { useImportHistory } from '../../hooks/useExchangeData.ts';
import { useTasks } from '../../hooks/useTasks.ts';
import { ConflictTable, isSettled, resolutionsFor, type ConflictChoice } from './ConflictTable.tsx';
import { countsText, formatTime, valueText } from './labels.ts';

function openConflictsOf(b: ImportBatch): FieldConflict[] {
  return (b.openConflicts ?? []).map((c) => ({
    taskId: c.taskId,
    field: c.field,
    base: c.base,
    ours: c.ours,
    theirs: c.theirs,
  }));
}

/** The conflicts a batch left open, decided here and applied to the ledger as the batch's own. */
function OpenConflicts({
  batch,
  who,
  onDone,
}: {
  batch: ImportBatch;
  who: string;
  onDone: (text: string) => void;
}) {
  const tasks = useTasks();
  const tasksById = useMemo(() => new Map<string, Task>((tasks ?? []).map((t) => [t.id, t])), [tasks]);
  const conflicts = useMemo(() => openConflictsOf(batch), [batch]);
  const [choices, setChoices] = useState<Map<FieldKey, ConflictChoice>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decided = conflicts.filter((c) => isSettled(c, choices.get(fieldKey(c.taskId, c.field))));
  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await resolveOpenConflicts(batch.id, resolutionsFor(conflicts, choices), who);
      onDone(
        `已处理「${batch.fileName}」的冲突：写入 ${r.applied} 个字段` +
          (r.stillOpen.length ? `，还有 ${r.stillOpen.length} 个冲突待处理` : ''),
      );
    } catch (err) {
      console.error('resolving open conflicts failed', err);
      setError(`处理失败：${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="xc-open-conflicts" data-testid="open-conflicts">
      <ConflictTable
        fileName={`${batch.fileName}（${batch.unit} ${periodLabel(batch.period)}）`}
        conflicts={conflicts}
        choices={choices}
        tasks={tasksById}
        onChoose={(key, choice) => setChoices((all) => new Map(all).set(key, choice))}
      />
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={busy || decided.length === 0}
          onClick={() => void apply()}
          data-testid="open-conflicts-apply"
        >
          应用已处理的 {decided.length} 个
        </button>
        {error && <span className="form-error">{error}</span>}
      </div>
    </div>
  );
}

export function ImportHistory({ who }: { who: string }) {
  const rows = useImportHistory();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ fileName: string; undo: UndoImportResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [resolving, setResolving] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  if (!rows) return <Loading />;

  const undo = async (batchId: string, fileName: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await undoImport(batchId, who);
      console.info(`undid import batch ${batchId}: ${r.restored} restored, ${r.skipped.length} skipped`);
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
            已撤销「{result.fileName}」：恢复 {result.undo.restored} 个字段
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
      {note && (
        <p className="xc-ok" role="status" data-testid="open-conflicts-result">
          {note}
        </p>
      )}
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
                <td>
                  {b.unit}
                  {b.kind === 'history' && (
                    <div className="muted xc-small">历史导入，{b.units?.length ?? 0} 个单位</div>
                  )}
                </td>
                <td>{periodLabel(b.period)}</td>
                <td>
                  {countsText(b.counts)}
                  <div className="muted xc-small">写入 {changedFields} 个字段</div>
                  {!b.undoneAt && b.openConflicts?.length ? (
                    <div>
                      <button
                        type="button"
                        className="xc-warn-text"
                        onClick={() => setResolving(resolving === b.id ? null : b.id)}
                        data-testid="history-open-conflicts"
                      >
                        {b.openConflicts.length} 个冲突待处理
                      </button>
                    </div>
                  ) : null}
                  {resolving === b.id && b.openConflicts?.length ? (
                    <OpenConflicts
                      batch={b}
                      who={who}
                      onDone={(text) => {
                        setResolving(null);
                        setNote(text);
                      }}
                    />
                  ) : null}
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
