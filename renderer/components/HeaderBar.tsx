// The top bar: app name, plan title and how many tasks are shown.
import { taskCountText } from '../../shared/task-view.ts';

interface HeaderBarProps {
  planTitle: string | undefined;
  taskCount: number | undefined;
}

export function HeaderBar({ planTitle, taskCount }: HeaderBarProps) {
  return (
    <header className="header-bar">
      <h1 className="app-name">台账</h1>
      <span className="plan-title" data-testid="plan-title">
        {planTitle ?? ''}
      </span>
      <span className="task-count" data-testid="task-count">
        {taskCount === undefined ? '加载中…' : taskCountText(taskCount)}
      </span>
    </header>
  );
}
