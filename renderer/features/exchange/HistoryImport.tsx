// 导入区级总台账: the district's own Excel ledger of past months (task × unit rows with a 责任单位
// column; months as column groups or one sheet per month) imported as history, so the app starts with
// the district's past. Read → the mapping (sheets, columns with their months, rows with task and unit,
// every one scored; what is below the confident score confirmed by a person) → a preview per month →
// one backup, then one import batch per month in one transaction, each undoable in 导入记录.
import { useEffect, useMemo, useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import { confirmations } from '../../../shared/mapping/detect-layout.ts';
import type { LayoutMapping } from '../../../shared/mapping/types.ts';
import type { HistoryMonthOutcome } from '../../../shared/engine/import-history.ts';
import { PROGRESS_FIELD_LABELS, taskLabel, type Task } from '../../../shared/model.ts';
import type { ReadResult } from '../../../shared/workbook/read-workbook.ts';
import {
  applyHistory,
  planHistory,
  proposeFileMapping,
  readWorkbooks,
} from '../../hooks/exchange-actions.ts';
import { MappingPanel } from './MappingPanel.tsx';
import { valueText } from './labels.ts';

interface HistoryImportProps {
  who: string;
  tasks: readonly Task[];
  unitNames: readonly string[];
  onShowHistory: () => void;
}

type Stage = 'pick' | 'mapping' | 'preview' | 'applying' | 'done';

export function HistoryImport({ who, tasks, unitNames, onShowHistory }: HistoryImportProps) {
  const [stage, setStage] = useState<Stage>('pick');
  const [read, setRead] = useState<ReadResult | null>(null);
  const [mapping, setMapping] = useState<LayoutMapping | null>(null);
  const [take, setTake] = useState<'ours' | 'theirs'>('ours');
  const [preview, setPreview] = useState<{ outcomes: HistoryMonthOutcome[]; notes: string[] } | null>(null);
  const [result, setResult] = useState<{ outcomes: HistoryMonthOutcome[]; where: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = useMemo(() => (mapping ? confirmations(mapping) : []), [mapping]);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setPreview(null);
    try {
      const [r] = await readWorkbooks(
        [{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }],
        'history',
      );
      if (!r!.grid) {
        setError(r!.errors[0]?.message ?? '无法读取');
        return;
      }
      const proposal = await proposeFileMapping(r!, null, 'history');
      setRead(r!);
      setMapping(proposal.mapping);
      setStage(proposal.confirmations.length ? 'mapping' : 'preview');
    } catch (err) {
      console.error('reading the master ledger failed', err);
      setError(`读取失败：${err instanceof Error ? err.message : String(err)}`);
    }
  };

  // The preview: the history import planned against the ledger as it is now, nothing written.
  useEffect(() => {
    if (stage !== 'preview' || !read || !mapping) return;
    let live = true;
    planHistory(read, mapping, who, take).then(
      (p) => live && setPreview(p),
      (err: unknown) => live && setError(`比对失败：${err instanceof Error ? err.message : String(err)}`),
    );
    return () => {
      live = false;
    };
  }, [stage, read, mapping, who, take]);

  const apply = async () => {
    if (!read || !mapping) return;
    setStage('applying');
    try {
      const r = await applyHistory(read, mapping, who, take);
      setResult({ outcomes: r.outcomes, where: r.backup.inBrowser ? '本机浏览器' : r.backup.where });
      setStage('done');
    } catch (err) {
      console.error('history import failed', err);
      setError(`导入失败，台账未作任何改动：${err instanceof Error ? err.message : String(err)}`);
      setStage('preview');
    }
  };

  const reset = () => {
    setStage('pick');
    setRead(null);
    setMapping(null);
    setPreview(null);
    setResult(null);
    setError(null);
  };

  const conflicts = preview?.outcomes.reduce((n, o) => n + o.conflicts.length, 0) ?? 0;
  return (
    <div className="xc-wizard" data-testid="history-import">
      <p className="muted">
        把区里原有的 Excel 总台账（每行一项任务 ×
        一个责任单位，各月并排成列组，或每月一张表）作为历史导入：每个月一批，
        记入导入记录，可撤销。与台账中已填的本月数值不同的，列为冲突。
      </p>
      {stage === 'pick' && (
        <label className="xc-file-button">
          选择总台账文件…
          <input
            type="file"
            accept=".xlsx,.xls,.et,.ods,.csv"
            data-testid="history-file-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              void pick(f);
            }}
          />
        </label>
      )}
      {error && (
        <p className="form-error" data-testid="history-error">
          {error}
        </p>
      )}
      {stage === 'mapping' && read && mapping && (
        <>
          <MappingPanel
            fileName={read.fileName ?? ''}
            mapping={mapping}
            tasks={tasks}
            unitNames={unitNames}
            onChange={setMapping}
          />
          <div className="form-actions">
            <button type="button" onClick={reset}>
              重新选择
            </button>
            <button
              type="button"
              className="primary"
              disabled={open.length > 0}
              onClick={() => setStage('preview')}
              data-testid="history-mapping-confirm"
            >
              确认映射
            </button>
          </div>
        </>
      )}
      {stage === 'preview' && read && (
        <section data-testid="history-preview">
          <h3>{read.fileName}：按月预览（尚未写入）</h3>
          {!preview ? (
            <p className="muted">正在比对…</p>
          ) : (
            <>
              <MonthTable outcomes={preview.outcomes} />
              {preview.notes.map((n, i) => (
                <p key={i} className="muted xc-small">
                  {n}
                </p>
              ))}
              {conflicts > 0 && (
                <fieldset className="xc-history-take" data-testid="history-conflicts">
                  <legend>{conflicts} 个字段台账中本月已有不同的值（冲突）：</legend>
                  <ConflictList outcomes={preview.outcomes} />
                  <label>
                    <input
                      type="radio"
                      name="history-take"
                      checked={take === 'ours'}
                      onChange={() => setTake('ours')}
                    />
                    保留台账现值
                  </label>
                  <label>
                    <input
                      type="radio"
                      name="history-take"
                      checked={take === 'theirs'}
                      onChange={() => setTake('theirs')}
                      data-testid="history-take-theirs"
                    />
                    采用总台账的值
                  </label>
                </fieldset>
              )}
              <div className="form-actions">
                <button type="button" onClick={reset}>
                  取消
                </button>
                <button
                  type="button"
                  className="primary"
                  disabled={preview.outcomes.every((o) => o.alreadyImported)}
                  onClick={() => void apply()}
                  data-testid="history-apply"
                >
                  导入 {preview.outcomes.filter((o) => !o.alreadyImported).length} 个月
                </button>
              </div>
            </>
          )}
        </section>
      )}
      {stage === 'applying' && <p className="muted">正在备份并导入…</p>}
      {stage === 'done' && result && (
        <section data-testid="history-summary">
          <h3>已导入</h3>
          <p className="muted xc-small">导入前已备份：{result.where}</p>
          <MonthTable outcomes={result.outcomes} />
          <div className="form-actions">
            <button type="button" className="primary" onClick={reset}>
              继续导入
            </button>
            <button type="button" onClick={onShowHistory}>
              查看导入记录
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function MonthTable({ outcomes }: { outcomes: readonly HistoryMonthOutcome[] }) {
  return (
    <table className="xc-table">
      <thead>
        <tr>
          <th>月份</th>
          <th>更新</th>
          <th>未变</th>
          <th>冲突</th>
          <th>退回</th>
          <th>说明</th>
        </tr>
      </thead>
      <tbody>
        {outcomes.map((o) => (
          <tr key={o.period} data-testid="history-month" data-period={o.period}>
            <td>{periodLabel(o.period)}</td>
            <td>{o.counts.updated}</td>
            <td>{o.counts.unchanged}</td>
            <td>{o.counts.conflicts}</td>
            <td>{o.counts.rejected}</td>
            <td>
              {o.alreadyImported ? '已导入过，跳过' : ''}
              {o.rejected.slice(0, 3).map((r, i) => (
                <div key={i} className="xc-small">
                  {r.reason}
                </div>
              ))}
              {o.rejected.length > 3 && <div className="xc-small">等 {o.rejected.length} 行</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConflictList({ outcomes }: { outcomes: readonly HistoryMonthOutcome[] }) {
  const all = outcomes.flatMap((o) => o.conflicts.map((c) => ({ ...c, period: o.period })));
  return (
    <ul className="xc-list">
      {all.slice(0, 20).map((c, i) => (
        <li key={i}>
          {periodLabel(c.period)} {c.unit} {taskLabel(c.taskId)} {PROGRESS_FIELD_LABELS[c.field]}：台账“
          {valueText(c.ours)}” / 总台账“{valueText(c.theirs)}”
        </li>
      ))}
      {all.length > 20 && <li>等 {all.length} 处</li>}
    </ul>
  );
}
