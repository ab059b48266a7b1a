// The top bar: app name, plan title, the navigation between views and who is working.
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
  view: ViewId;
  onView: (view: ViewId) => void;
  userName: string | undefined;
}

export function HeaderBar({ planTitle, view, onView, userName }: HeaderBarProps) {
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
      <span className="plan-title" data-testid="plan-title" title={planTitle}>
        {planTitle ?? ''}
      </span>
      <span className="user-name" data-testid="user-name">
        {userName ? `填报人：${userName}` : ''}
      </span>
    </header>
  );
}
