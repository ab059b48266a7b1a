// The grid's filters: plan, section, unit, leader, deadline state, status, 序时, not yet updated this
// month (本月待填), overdue only, free text. Compact (the clerk layout, where the screen is small):
// search, status, 本月待填 and 仅看逾期 on one line, the rest behind 更多筛选 — shown anyway while
// one of them is set, so no active filter is ever out of sight.
import { DEADLINE_STATE_LABELS, type DeadlineState } from '../../../shared/deadline.ts';
import { ROW_CATEGORY_LABELS } from '../../../shared/period-state.ts';
import { EMPTY_FILTER, isFiltered, SCHEDULE_ORDER, type GridFilter } from '../../../shared/grid-filter.ts';
import type { ScheduleJudgement } from '../../../shared/schedule.ts';
import { useState, type Ref } from 'react';
import { STATUSES, SUB_PLANS } from '../../../shared/model.ts';

interface FilterBarProps {
  /** The search field, so the grid can hand the keyboard back to the filters (Esc). */
  searchRef?: Ref<HTMLInputElement>;
  filter: GridFilter;
  onChange: (filter: GridFilter) => void;
  choices: { sections: string[]; units: string[]; leaders: string[] };
  /** Hide the unit filter when the grid shows one unit only. */
  showUnit: boolean;
  /** One line: the filters a clerk uses, the others behind 更多筛选. */
  compact?: boolean;
}

const MORE: readonly (keyof GridFilter)[] = [
  'plan',
  'section',
  'unit',
  'leader',
  'deadlineState',
  'judgement',
];

export function FilterBar({ filter, onChange, choices, showUnit, searchRef, compact }: FilterBarProps) {
  const set = <K extends keyof GridFilter>(key: K, value: GridFilter[K]) =>
    onChange({ ...filter, [key]: value });
  const [expanded, setExpanded] = useState(false);
  const moreSet = MORE.filter((k) => filter[k] !== EMPTY_FILTER[k]).length;
  const all = !compact || expanded || moreSet > 0;
  return (
    <div className="filter-bar" role="search" aria-label="筛选">
      <input
        ref={searchRef}
        type="search"
        className="filter-text"
        placeholder="搜索任务、措施、进展…"
        value={filter.text}
        onChange={(e) => set('text', e.target.value)}
        aria-label="搜索"
        data-testid="filter-text"
      />
      {all && (
        <select
          value={filter.plan}
          onChange={(e) => set('plan', e.target.value as GridFilter['plan'])}
          aria-label="类别"
        >
          <option value="">全部类别</option>
          {SUB_PLANS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      {all && (
        <select
          value={filter.section}
          onChange={(e) => set('section', e.target.value)}
          aria-label="章节"
          className="filter-section"
        >
          <option value="">全部章节</option>
          {choices.sections.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      )}
      {all && showUnit && (
        <select value={filter.unit} onChange={(e) => set('unit', e.target.value)} aria-label="单位筛选">
          <option value="">全部单位</option>
          {choices.units.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      )}
      {all && (
        <select value={filter.leader} onChange={(e) => set('leader', e.target.value)} aria-label="牵头领导">
          <option value="">全部领导</option>
          {choices.leaders.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      )}
      {all && (
        <select
          value={filter.deadlineState}
          onChange={(e) => set('deadlineState', e.target.value as DeadlineState | '')}
          aria-label="期限状态"
        >
          <option value="">全部期限状态</option>
          {(Object.keys(DEADLINE_STATE_LABELS) as DeadlineState[]).map((s) => (
            <option key={s} value={s}>
              {DEADLINE_STATE_LABELS[s]}
            </option>
          ))}
        </select>
      )}
      <select
        value={filter.status}
        onChange={(e) => set('status', e.target.value as GridFilter['status'])}
        aria-label="完成状态筛选"
      >
        <option value="">全部状态</option>
        <option value="none">未填状态</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {all && (
        <>
          <select
            value={filter.judgement}
            onChange={(e) => set('judgement', e.target.value as ScheduleJudgement | '')}
            aria-label="序时"
          >
            <option value="">全部序时</option>
            {SCHEDULE_ORDER.map((j) => (
              <option key={j} value={j}>
                {j}
              </option>
            ))}
          </select>
          <select
            value={filter.review}
            onChange={(e) => set('review', e.target.value as GridFilter['review'])}
            aria-label="审核状态"
            data-testid="filter-review"
          >
            <option value="">审核：全部</option>
            <option value="待审核">待审核</option>
            <option value="已审核">已审核</option>
            <option value="退回">退回</option>
            <option value="unreported">本月未报送</option>
          </select>
        </>
      )}
      <label className="filter-check" title="只看本月还没有填报的任务（只有上月带过来的数值，或全空）">
        <input
          type="checkbox"
          checked={filter.pending}
          onChange={(e) => set('pending', e.target.checked)}
          data-testid="filter-pending"
        />
        本月待填
      </label>
      <label className="filter-check">
        <input
          type="checkbox"
          checked={filter.overdueOnly}
          onChange={(e) => set('overdueOnly', e.target.checked)}
        />
        仅看逾期
      </label>
      {compact && moreSet === 0 && (
        <button
          type="button"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
          data-testid="filter-more"
        >
          {expanded ? '收起筛选' : '更多筛选'}
        </button>
      )}
      {filter.category && (
        <span className="badge badge-ok" data-testid="filter-category">
          看板分类：{ROW_CATEGORY_LABELS[filter.category]}
          <button
            type="button"
            className="chip-close"
            onClick={() => set('category', '')}
            aria-label="取消看板分类筛选"
          >
            ×
          </button>
        </span>
      )}
      {isFiltered(filter) && (
        <button type="button" onClick={() => onChange(EMPTY_FILTER)}>
          清除筛选
        </button>
      )}
    </div>
  );
}
