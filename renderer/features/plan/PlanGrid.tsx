// The plan's 134 tasks as the document states them, read-only: a react-table table whose body rows
// are virtualised (only the visible rows are in the DOM) and sized to their wrapped text.
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
    <div className="grid-scroll" ref={scrollRef} data-testid="plan-grid">
      <table className="grid" style={{ width: totalWidth }} aria-rowcount={tableRows.length + 1}>
        <thead className="grid-head">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="grid-row">
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  className="grid-cell"
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
        <tbody className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
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
                aria-rowindex={item.index + 2}
                className={item.index % 2 === 1 ? 'grid-row grid-row-alt' : 'grid-row'}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className="grid-cell"
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
