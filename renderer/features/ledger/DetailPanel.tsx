// The row detail panel: the task in full (measures with their paragraphs, leaders, lead and co-units,
// the deadline in words), the unit and its role, and the row's audit history, newest first. While open
// it follows the grid's cursor (the plan text the clerk layout collapses is read here).
import { useEffect, useRef } from 'react';
import { deadlineMeaning, auditSourceLabel } from '../../../shared/deadline-words.ts';
import { DEADLINE_STATE_LABELS, periodLabel } from '../../../shared/deadline.ts';
import type { PeriodRow as GridRow } from '../../../shared/period-state.ts';
import { planName, PROGRESS_FIELD_LABELS, taskLabel, type ProgressField } from '../../../shared/model.ts';
import { auditValueText } from '../../../shared/progress-input.ts';
import { joinNames } from '../../../shared/task-view.ts';
import { useContinuedState, useRowAudit } from '../../hooks/useLedgerData.ts';
import { planPrefixOf } from '../../../shared/plan-ids.ts';
import { EvidencePanel } from './EvidencePanel.tsx';

interface DetailPanelProps {
  row: GridRow;
  period: string;
  who: string;
  /** The unit's clerk (single-unit mode): sees the district's opinion instead of reviewing. */
  clerk: boolean;
  /** Changing this number moves the keyboard focus into the panel (an explicit open, not a follow). */
  focusRequest: number;
  onClose: () => void;
}

const EVENT_FIELD_LABELS: Record<string, string> = {
  groupResolution: '指定单位',
  review: '审核',
  extension: '延期',
  attachment: '佐证材料文件',
  setting: '设置',
};

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

function fieldLabel(field: string): string {
  return EVENT_FIELD_LABELS[field] ?? PROGRESS_FIELD_LABELS[field as ProgressField] ?? field;
}

export function DetailPanel({ row, period, who, clerk, focusRequest, onClose }: DetailPanelProps) {
  const audit = useRowAudit(row.task.id, row.unit);
  const continued = useContinuedState(row.task.id, row.unit);
  const closeRef = useRef<HTMLButtonElement>(null);
  const t = row.task;
  useEffect(() => closeRef.current?.focus(), [focusRequest]);
  return (
    <aside
      className="detail-panel"
      data-testid="detail-panel"
      aria-label={`${taskLabel(t.id)} 详情`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="detail-head">
        <h2>
          {taskLabel(t.id)} {t.keyTask}
        </h2>
        <button type="button" ref={closeRef} className="detail-close" onClick={onClose} aria-label="关闭详情">
          ×
        </button>
      </header>
      <dl className="detail-facts">
        <dt>类别</dt>
        <dd>
          {planName(t.plan)} · {t.section}
        </dd>
        <dt>完成时限</dt>
        <dd data-testid="deadline-words">
          {t.deadline.raw.replace(/\s+/g, '')}（{deadlineMeaning(t.deadline)}）·{' '}
          {DEADLINE_STATE_LABELS[row.deadlineState]}
        </dd>
        <dt>牵头领导</dt>
        <dd>{joinNames(t.leaders) || '—'}</dd>
        <dt>主责单位</dt>
        <dd>{joinNames(t.leadUnits) || '—'}</dd>
        <dt>协办单位</dt>
        <dd>{joinNames(t.coUnits) || '—'}</dd>
        <dt>本行单位</dt>
        <dd>
          {row.unit}（{row.role}
          {row.via !== row.unit ? `，经「${row.via}」` : ''}）
        </dd>
        <dt>序时</dt>
        <dd>{row.judgement}</dd>
        {continued && (
          <>
            <dt>接续上年</dt>
            <dd data-testid="detail-continued">
              {planPrefixOf(continued.from) ?? '首份计划'} {taskLabel(continued.from)} · 最终状态
              {continued.report
                ? `（${periodLabel(continued.report.period)}）：${continued.report.status || '未填状态'}` +
                  (continued.report.percent !== null ? `，${continued.report.percent}%` : '') +
                  (continued.report.progress ? `，${continued.report.progress}` : '')
                : '：本单位未报送'}
            </dd>
          </>
        )}
      </dl>
      <section className="detail-section">
        <h3>工作措施</h3>
        <div className="detail-measures" data-testid="detail-measures">
          {t.measures.split('\n').map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      </section>
      <EvidencePanel row={row} period={period} who={who} clerk={clerk} />
      <section className="detail-section">
        <h3>修改记录</h3>
        {audit === undefined ? (
          <p className="muted">正在加载…</p>
        ) : audit.length === 0 ? (
          <p className="muted">暂无修改记录。</p>
        ) : (
          <ol className="audit-list" data-testid="audit-list">
            {audit.map((e) => (
              <li key={e.id} className="audit-item" data-testid="audit-item">
                <div className="audit-meta">
                  <span>{timeFormat.format(new Date(e.at))}</span>
                  <span>{e.who || '未署名'}</span>
                  <span className="badge">{auditSourceLabel(e.source)}</span>
                  <span className="muted">{periodLabel(e.period)}</span>
                </div>
                <div className="audit-change">
                  <strong>{fieldLabel(e.field)}</strong>：
                  <span className="audit-old">{auditValueText(e.old)}</span> →{' '}
                  <span className="audit-new">{auditValueText(e.new)}</span>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
