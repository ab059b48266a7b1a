// The top bar: app name, the plan picker (which plan every view shows — the grid, export, import,
// dashboard, checklist and documents all work on it; one plan: its title), the navigation between
// views and who is working.
import type { PlanMeta } from '../../shared/model.ts';
export type ViewId = 'ledger' | 'plan' | 'exchange' | 'dashboard' | 'checklist' | 'settings';

export const VIEWS: readonly { id: ViewId; label: string }[] = [
  { id: 'ledger', label: '台账' },
  { id: 'plan', label: '计划任务' },
  { id: 'exchange', label: '导入导出' },
  { id: 'dashboard', label: '统计看板' },
  { id: 'checklist', label: '督查清单' },
  { id: 'settings', label: '设置' },
];

interface HeaderBarProps {
  planTitle: string | undefined;
  /** Every plan the ledger runs (oldest first), the one on screen, and how to choose another. */
  plans?: readonly PlanMeta[];
  planId?: string;
  onPlan?: (planId: string) => void;
  view: ViewId;
  onView: (view: ViewId) => void;
  userName: string | undefined;
}

export function HeaderBar({ planTitle, plans, planId, onPlan, view, onView, userName }: HeaderBarProps) {
  return (
    <header className="header-bar">
      <h1 className="app-name">台账</h1>
      <nav className="main-nav" aria-label="主导航">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            className={v.id === view ? 'nav-item active' : 'nav-item'}
            aria-current={v.id === view ? 'page' : undefined}
            onClick={() => onView(v.id)}
            data-testid={`nav-${v.id}`}
          >
            {v.label}
          </button>
        ))}
      </nav>
      {plans && plans.length > 1 && onPlan ? (
        <label className="plan-picker">
          <span className="sr-only">计划</span>
          <select
            aria-label="当前计划"
            data-testid="plan-picker"
            value={planId ?? ''}
            onChange={(e) => onPlan(e.target.value)}
            title={planTitle}
          >
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.year}年 · {p.title || p.id}
                {p.version && p.version > 1 ? `（第${p.version}版）` : ''}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className="plan-title" data-testid="plan-title" title={planTitle}>
          {planTitle ?? ''}
        </span>
      )}
      <span className="user-name" data-testid="user-name">
        {userName ? `填报人：${userName}` : ''}
      </span>
    </header>
  );
}
