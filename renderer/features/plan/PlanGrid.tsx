// The plan's 134 tasks as the document states them, read-only: a react-table table whose body rows
// are virtualised (only the visible rows are in the DOM) and sized to their wrapped text. The table is
// laid out with CSS grid, so its roles are written out (table, row, columnheader, cell, with
// aria-rowcount/aria-rowindex for the rows not in the DOM); the scrolling box is a labelled region
// that takes the keyboard focus, so arrows and PageUp/PageDown scroll it without a mouse.
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { TaskRowView } from '../../../shared/task-view.ts';
import { planColumns } from './planColumns.tsx';

interface PlanGridProps {
  rows: TaskRowView[];
}

const ESTIMATED_ROW_HEIGHT = 120;

export function PlanGrid({ rows }: PlanGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- react-table returns unstable functions; this component is not memoised.
  const table = useReactTable({
    data: rows,
    columns: planColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
  });
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => tableRows[index]?.id ?? index,
  });
  const totalWidth = table.getTotalSize();

  return (
    <div
      className="grid-scroll"
      ref={scrollRef}
      data-testid="plan-grid"
      role="region"
      aria-label="计划任务表（方向键、PageUp/PageDown 滚动）"
      tabIndex={0}
    >
      <table
        className="grid"
        role="table"
        aria-label="计划任务"
        style={{ width: totalWidth }}
        aria-rowcount={tableRows.length + 1}
        aria-colcount={planColumns.length}
      >
        <thead className="grid-head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="grid-row" role="row" aria-rowindex={1}>
              {group.headers.map((header, i) => (
                <th
                  key={header.id}
                  className="grid-cell"
                  role="columnheader"
                  aria-colindex={i + 1}
                  style={{ width: header.getSize() }}
                  data-col={header.id}
                >
                  <span className="plan-head">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </span>
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                data-testid="plan-row"
                data-task-id={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                className={item.index % 2 === 1 ? 'grid-row grid-row-alt' : 'grid-row'}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.getVisibleCells().map((cell, i) => (
                  <td
                    key={cell.id}
                    className="grid-cell"
                    role="cell"
                    aria-colindex={i + 1}
                    style={{ width: cell.column.getSize() }}
                    data-col={cell.column.id}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
