// The progress grid's columns: header, default width, the text each cell shows and copies, and for
// the progress columns the field a cell edits. Plan columns are read-only.
import type { ReactNode } from 'react';
import { DEADLINE_STATE_LABELS, periodLabel } from '../../../shared/deadline.ts';
import type { SortColumn } from '../../../shared/grid-filter.ts';
import type { PeriodRow as GridRow } from '../../../shared/period-state.ts';
import { planName, PROGRESS_FIELD_LABELS, taskLabel, type ProgressField } from '../../../shared/model.ts';
import { formatFieldValue } from '../../../shared/progress-input.ts';

export interface GridColumn {
  id: SortColumn;
  header: string;
  size: number;
  /** The progress field this column edits; absent for read-only plan columns. */
  field?: ProgressField;
  /** The cell as text: what it shows (unless `render` says otherwise) and what Ctrl+C copies. */
  text: (row: GridRow) => string;
  render?: (row: GridRow) => ReactNode;
}

const progressColumn = (field: ProgressField, size: number, render?: GridColumn['render']): GridColumn => ({
  id: field,
  header: PROGRESS_FIELD_LABELS[field],
  size,
  field,
  text: (row) => formatFieldValue(field, row.progress[field]),
  render,
});

const STATE_CLASS: Record<string, string> = { overdue: 'badge badge-bad', done: 'badge badge-good' };
const SCHEDULE_CLASS: Record<string, string> = {
  已逾期: 'badge badge-bad',
  欠进度: 'badge badge-warn',
  未报送: 'badge badge-warn',
  已完成: 'badge badge-good',
  超进度: 'badge badge-good',
  达到序时: 'badge badge-ok',
};

const REVIEW_CLASS: Record<string, string> = {
  已审核: 'badge badge-good',
  退回: 'badge badge-bad',
  待审核: 'badge badge-warn',
};

/** `大气-10 已完成 100%`: the continued task and its final status and percent (未填报 when never reported). */
function lastYearText(r: GridRow): string {
  const l = r.lastYear;
  if (!l) return '';
  const state =
    l.period === null ? '未填报' : `${l.status ?? '未填状态'}${l.percent !== null ? ` ${l.percent}%` : ''}`;
  return `${taskLabel(l.taskId)} ${state}`;
}

export const GRID_COLUMNS: readonly GridColumn[] = [
  {
    id: 'label',
    header: '编号',
    size: 92,
    text: (r) => taskLabel(r.task.id),
    // A row showing last year's final state (it continues an earlier plan's task, not reported yet).
    render: (r) =>
      r.continuedFrom ? (
        <>
          {taskLabel(r.task.id)}{' '}
          <span
            className="badge badge-ok"
            data-testid="continued-badge"
            title={`接续上年 ${taskLabel(r.continuedFrom.taskId)}，显示其${r.continuedFrom.period.replace('-', '年')}月的最终状态`}
          >
            续
          </span>
        </>
      ) : (
        taskLabel(r.task.id)
      ),
  },
  {
    id: 'category',
    header: '类别',
    size: 170,
    text: (r) => `${planName(r.task.plan)} ${r.task.section}`,
    render: (r) => (
      <>
        <span className="cell-plan">{planName(r.task.plan)}</span>{' '}
        <span className="cell-section">{r.task.section}</span>
      </>
    ),
  },
  {
    id: 'keyTask',
    header: '重点任务',
    size: 150,
    text: (r) => r.task.keyTask,
    render: (r) => (
      <span
        className={r.task.keyTaskInherited ? 'inherited' : undefined}
        title={r.task.keyTaskInherited ? '原表此格为空，沿用上一行的重点任务' : undefined}
      >
        {r.task.keyTask}
      </span>
    ),
  },
  { id: 'measures', header: '工作措施', size: 360, text: (r) => r.task.measures },
  {
    id: 'deadline',
    header: '完成时限',
    size: 96,
    text: (r) => {
      const raw = r.task.deadline.raw.replace(/\s+/g, '');
      const until = r.extension?.approvedUntil;
      return until ? `${raw}（已延期至${until}）` : raw;
    },
    // An approved extension: the plan's deadline stays readable, struck through, beside the new one.
    render: (r) => {
      const raw = r.task.deadline.raw.replace(/\s+/g, '');
      const until = r.extension?.approvedUntil;
      if (!until)
        return r.extension?.open?.state === '待批准' ? (
          <>
            {raw} <span className="badge badge-warn">延期待批</span>
          </>
        ) : (
          raw
        );
      return (
        <>
          <s className="deadline-original" title="原定时限">
            {raw}
          </s>{' '}
          <span className="deadline-extended" title="已批准延期">
            延至{until}
          </span>
        </>
      );
    },
  },
  {
    id: 'deadlineState',
    header: '期限状态',
    size: 92,
    text: (r) => DEADLINE_STATE_LABELS[r.deadlineState],
    render: (r) => (
      <span className={STATE_CLASS[r.deadlineState] ?? 'badge'}>
        {DEADLINE_STATE_LABELS[r.deadlineState]}
      </span>
    ),
  },
  { id: 'leaders', header: '牵头领导', size: 100, text: (r) => r.task.leaders.join('、') },
  { id: 'unit', header: '单位', size: 130, text: (r) => r.unit },
  { id: 'role', header: '角色', size: 60, text: (r) => r.role },
  progressColumn('status', 92),
  progressColumn('percent', 116),
  {
    // Shown only when the plan on screen continues an earlier one (LedgerView).
    id: 'lastYear',
    header: '上年最终状态',
    size: 150,
    text: lastYearText,
    render: (r) =>
      r.lastYear ? (
        <span
          title={
            r.lastYear.period
              ? `接续 ${taskLabel(r.lastYear.taskId)}：${periodLabel(r.lastYear.period)}的最终状态`
              : `接续 ${taskLabel(r.lastYear.taskId)}：本单位未填报过`
          }
        >
          {lastYearText(r)}
        </span>
      ) : (
        ''
      ),
  },
  progressColumn('progress', 240),
  progressColumn('problems', 180),
  progressColumn('nextSteps', 180),
  progressColumn('evidence', 140),
  {
    id: 'evidenceCount',
    header: '附件',
    size: 64,
    text: (r) => (r.evidenceCount ? String(r.evidenceCount) : ''),
    render: (r) =>
      r.evidenceCount ? (
        <span className="badge" title={`本月已附 ${r.evidenceCount} 个佐证材料文件`}>
          📎{r.evidenceCount}
        </span>
      ) : (
        ''
      ),
  },
  progressColumn('reporter', 84),
  progressColumn('phone', 120),
  progressColumn('filledOn', 108),
  {
    id: 'schedule',
    header: '序时',
    size: 92,
    text: (r) => r.judgement,
    render: (r) => <span className={SCHEDULE_CLASS[r.judgement] ?? 'badge'}>{r.judgement}</span>,
  },
  {
    id: 'review',
    header: '审核',
    size: 96,
    text: (r) => (r.review ? (r.reviewComment ? `${r.review}：${r.reviewComment}` : r.review) : ''),
    render: (r) =>
      r.review ? (
        <span className={REVIEW_CLASS[r.review] ?? 'badge'} title={r.reviewComment || undefined}>
          {r.review}
        </span>
      ) : (
        ''
      ),
  },
];

export const COLUMN_BY_ID: ReadonlyMap<string, GridColumn> = new Map(GRID_COLUMNS.map((c) => [c.id, c]));
