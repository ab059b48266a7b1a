// Show or hide grid columns (remembered per layout preset in the settings table with the widths).
import type { VisibilityState } from '@tanstack/react-table';
import { GRID_COLUMNS } from './columns.tsx';

interface ColumnMenuProps {
  visibility: VisibilityState;
  /** Columns that have no place here (上年最终状态 in a plan that continues none). */
  absent?: ReadonlySet<string>;
  onChange: (id: string, shown: boolean) => void;
  onResetWidths: () => void;
}

export function ColumnMenu({ visibility, absent, onChange, onResetWidths }: ColumnMenuProps) {
  return (
    <details className="column-menu">
      <summary>显示列</summary>
      <div className="column-menu-body">
        {GRID_COLUMNS.filter((c) => !absent?.has(c.id)).map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={visibility[c.id] !== false}
              disabled={c.id === 'label'}
              onChange={(e) => onChange(c.id, e.target.checked)}
            />
            {c.header}
          </label>
        ))}
        <button type="button" onClick={onResetWidths}>
          恢复默认列宽
        </button>
      </div>
    </details>
  );
}
