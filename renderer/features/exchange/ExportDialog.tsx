// 导出填报工作簿: choose the period, then one unit, several (searchable multi-select) or every unit
// that has tasks; builds one return workbook per unit (rows = the unit's tasks, base = the effective
// progress for the period) with a progress bar, then hands them over: one file → save/download;
// several → Electron: a chosen folder, browser: one .zip.
import { useMemo, useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import { periodChoices } from '../../../shared/periods.ts';
import { buildReturnWorkbooks, deliverFiles, type ExportProgress } from '../../hooks/exchange-actions.ts';
import { Modal } from '../../components/Modal.tsx';

type Scope = 'one' | 'several' | 'all';

interface ExportDialogProps {
  planYear: number;
  defaultPeriod: string;
  /** Units with at least one task, registry order. */
  unitNames: readonly string[];
  defaultUnit: string | null;
  onClose: () => void;
}

export function ExportDialog({
  planYear,
  defaultPeriod,
  unitNames,
  defaultUnit,
  onClose,
}: ExportDialogProps) {
  const [period, setPeriod] = useState(defaultPeriod);
  const [scope, setScope] = useState<Scope>('one');
  const [unit, setUnit] = useState(defaultUnit ?? '');
  const [chosen, setChosen] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const busy = progress !== null && progress.done < progress.total;

  const targets = scope === 'one' ? (unit ? [unit] : []) : scope === 'several' ? chosen : [...unitNames];
  const filtered = useMemo(
    () => unitNames.filter((n) => !search.trim() || n.includes(search.trim())),
    [unitNames, search],
  );
  const toggle = (name: string, on: boolean) =>
    setChosen((list) =>
      on ? unitNames.filter((n) => n === name || list.includes(n)) : list.filter((n) => n !== name),
    );

  const run = async () => {
    setMessage(null);
    setProgress({ done: 0, total: targets.length, unit: targets[0] ?? null });
    try {
      const files = await buildReturnWorkbooks(targets, period, setProgress);
      const [y, m] = period.split('-');
      const delivery = await deliverFiles(files, `填报工作簿_${y}年${m}月_${files.length}个单位.zip`);
      setMessage(
        delivery.saved
          ? { text: `已生成 ${files.length} 个工作簿。${delivery.where}`, tone: 'info' }
          : { text: '已取消保存。', tone: 'info' },
      );
    } catch (err) {
      console.error('export failed', err);
      setProgress(null);
      setMessage({ text: `导出失败：${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    }
  };

  return (
    <Modal
      title="导出填报工作簿"
      onClose={() => !busy && onClose()}
      testId="export-dialog"
      backdropClassName="xc-backdrop"
      className="xc-dialog"
    >
      <div className="xc-form">
        <label className="xc-field">
          <span>填报月份</span>
          <select
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            data-testid="export-period"
            disabled={busy}
          >
            {periodChoices(planYear, period).map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="xc-field" disabled={busy}>
          <legend>导出范围</legend>
          <label>
            <input
              type="radio"
              name="export-scope"
              checked={scope === 'one'}
              onChange={() => setScope('one')}
            />
            单个单位
          </label>
          <label>
            <input
              type="radio"
              name="export-scope"
              checked={scope === 'several'}
              onChange={() => setScope('several')}
              data-testid="export-scope-several"
            />
            多个单位
          </label>
          <label>
            <input
              type="radio"
              name="export-scope"
              checked={scope === 'all'}
              onChange={() => setScope('all')}
              data-testid="export-scope-all"
            />
            全部有任务的单位（{unitNames.length} 个）
          </label>
        </fieldset>
        {scope === 'one' && (
          <label className="xc-field">
            <span>单位</span>
            <select
              value={unit}
              onChange={(e) => setUnit(e.target.value)}
              data-testid="export-unit"
              disabled={busy}
            >
              <option value="">请选择…</option>
              {unitNames.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        {scope === 'several' && (
          <div className="xc-field">
            <span>
              单位（已选 {chosen.length} 个）
              <input
                type="search"
                value={search}
                placeholder="搜索单位"
                onChange={(e) => setSearch(e.target.value)}
                aria-label="搜索单位"
                data-testid="export-search"
              />
              <button
                type="button"
                onClick={() =>
                  setChosen((l) => unitNames.filter((n) => l.includes(n) || filtered.includes(n)))
                }
              >
                全选
              </button>
              <button type="button" onClick={() => setChosen([])}>
                清空
              </button>
            </span>
            <div className="xc-unit-list" data-testid="export-unit-list">
              {filtered.map((n) => (
                <label key={n}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(n)}
                    onChange={(e) => toggle(n, e.target.checked)}
                  />
                  {n}
                </label>
              ))}
              {filtered.length === 0 && <span className="muted">没有匹配的单位。</span>}
            </div>
          </div>
        )}
        {progress && (
          <div className="xc-progress" data-testid="export-progress">
            <progress value={progress.done} max={Math.max(1, progress.total)} />
            <span>
              {progress.done < progress.total
                ? `正在生成 ${progress.done + 1}/${progress.total}：${progress.unit ?? ''}`
                : `已生成 ${progress.total}/${progress.total}`}
            </span>
          </div>
        )}
        {message && (
          <p
            className={message.tone === 'error' ? 'form-error' : 'xc-ok'}
            role="status"
            data-testid="export-message"
          >
            {message.text}
          </p>
        )}
        <div className="form-actions">
          <button
            type="button"
            className="primary"
            disabled={busy || targets.length === 0}
            onClick={() => void run()}
            data-testid="export-run"
          >
            导出{targets.length > 1 ? ` ${targets.length} 个工作簿` : ''}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            关闭
          </button>
        </div>
      </div>
    </Modal>
  );
}
