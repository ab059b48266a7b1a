// The progress grid: a react-table table whose body rows are virtualised, driven like a spreadsheet.
// One transparent <textarea> (the "proxy") sits over the selected cell and keeps the keyboard focus
// at all times, so typing — including a pinyin IME's composition — always starts inside a real text
// field: the first character is neither lost nor doubled. Not editing: arrows/Tab/Enter navigate as
// in Excel (Enter moves down — after a run of Tabs, to the column the run started in), F2 or a
// printable key starts editing (a key replaces the content). Editing: the proxy becomes the visible
// editor; Enter commits and moves down, Esc cancels, Alt+Enter adds a line break. The status column
// edits through a list box (F2 or Alt+↓ opens it; typing a status works too). Copy/paste work on blocks as TSV. Values are validated
// here (shared/progress-input.ts); writing and undo belong to the parent.
//
// Accessibility (docs/design.md §13): the table is laid out with CSS for virtualisation, so the ARIA
// grid pattern is written out — role=grid with aria-rowcount/aria-colcount, rowgroup/row/columnheader/
// gridcell roles, aria-rowindex/aria-colindex for rows not in the DOM, aria-selected on gridcells
// only. The proxy keeps the focus and names the active cell with aria-activedescendant. Tab moves
// between cells as in Excel, so Esc (when not editing) leaves the grid; ArrowUp from the first row
// reaches the column headers (Enter sorts, Alt+←/→ changes the width, ArrowDown comes back).
import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnSizingState,
  type OnChangeFn,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { PeriodRow as GridRow } from '../../../shared/period-state.ts';
import { emptyProgress, STATUSES, taskLabel, type ProgressField } from '../../../shared/model.ts';
import { parseFieldInput } from '../../../shared/progress-input.ts';
import { parseTsv, tileToSelection, toTsv } from '../../../shared/tsv.ts';
import { COLUMN_BY_ID, GRID_COLUMNS, type GridColumn } from './columns.tsx';
import { fitWidths, type LayoutPreset } from './layouts.ts';

export const ROW_HEIGHT = 84;
export const HEAD_HEIGHT = 38;

export interface CellWrite {
  row: GridRow;
  field: ProgressField;
  value: unknown;
}

export interface PasteProblem {
  /** `大气-01 永乐店镇 · 完成比例(%)`, or a position when outside the grid. */
  where: string;
  message: string;
}

export interface ProgressGridProps {
  rows: readonly GridRow[];
  /** Another month is loading: the rows shown are the previous month's and take no input. */
  busy?: boolean;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  columnSizing: ColumnSizingState;
  onColumnSizingChange: OnChangeFn<ColumnSizingState>;
  columnVisibility: VisibilityState;
  /** Column ids in display order (the layout preset's). */
  columnOrder: readonly string[];
  /** The preset the default widths are fitted for (layouts.ts fitWidths). */
  preset: LayoutPreset;
  /** Apply validated changes (one undo step). */
  onWrite: (writes: CellWrite[], source: 'edit' | 'paste') => void;
  onUndo: () => void;
  onRedo: () => void;
  onOpenDetail: (row: GridRow) => void;
  /** A short message for the status line (e.g. a paste report). */
  onNotice: (text: string, problems?: PasteProblem[]) => void;
  /** Changing this number hands the keyboard focus back to the grid (e.g. after the detail panel closes). */
  focusRequest?: number;
  /** The selected block's first and last row indexes (into `rows`), whenever they change. */
  onSelectRows?: (first: number, last: number) => void;
  /** The grid's accessible name (e.g. `2021年3月 进展填报`). */
  label: string;
  /** Id of the text that explains the grid's keys (aria-describedby of the focused proxy). */
  helpId?: string;
  /** Esc outside editing: hand the keyboard to the controls above the grid. */
  onLeave?: () => void;
  /** The row under the cursor, whenever it changes (the detail panel follows it). */
  onCursorRow?: (row: GridRow) => void;
}

/**
 * The cursor and the block's anchor, by row key (task × unit): an edit that re-sorts or re-filters
 * the rows leaves the cursor on the same task × unit. The index is where the row was when it was
 * selected — used only when the row left the view (filtered out), so the cursor stays in place.
 */
interface Selection {
  rowKey: string | null;
  row: number;
  col: number;
  anchorKey: string | null;
  anchorRow: number;
  anchorCol: number;
}

type EditMode = null | 'text' | 'select';

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** react-table's column definitions with the given default widths. */
function columnDefsFor(sizes: Readonly<Record<string, number>>): ColumnDef<GridRow>[] {
  return GRID_COLUMNS.map((c) => ({
    id: c.id,
    header: c.header,
    size: sizes[c.id] ?? c.size,
    minSize: 48,
    maxSize: 900,
    accessorFn: (row: GridRow) => c.text(row),
  }));
}

const NO_ROWS: GridRow[] = [];

/** What Delete/Backspace writes into a progress cell: the field's empty value. */
const EMPTY_VALUE = emptyProgress();

export function ProgressGrid(props: ProgressGridProps) {
  const { rows, onWrite, onNotice, onSelectRows } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const proxyRef = useRef<HTMLTextAreaElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  /**
   * The row a pointer pressed a row's 编号 link on. Rows are reused by place, so a re-sort between
   * press and release (a commit from another tab, say) can put another row under the pointer: that
   * click opens nothing rather than a row the person did not press. A click without a press (a
   * screen reader's activation) opens its row.
   */
  const pressedRow = useRef<string | null>(null);
  const composing = useRef(false);
  // The cursor starts on the first column (in the clerk layout: the first input column).
  const [sel, setSel] = useState<Selection>(() => {
    const shown = props.columnOrder.filter((id) => props.columnVisibility[id] !== false);
    const first =
      props.preset === 'clerk'
        ? Math.max(
            0,
            shown.findIndex((id) => COLUMN_BY_ID.get(id)?.field),
          )
        : 0;
    return { rowKey: null, row: 0, col: first, anchorKey: null, anchorRow: 0, anchorCol: first };
  });
  /** Where a run of Tabs started: Enter goes down to this column of the next row, as in Excel. */
  const tabOrigin = useRef<number | null>(null);
  const indexOfKey = useMemo(() => new Map(rows.map((x, i) => [x.key as string, i])), [rows]);
  const at = (key: string | null, fallback: number) =>
    key !== null && indexOfKey.has(key) ? (indexOfKey.get(key) as number) : fallback;
  const [editing, setEditing] = useState<EditMode>(null);
  const [error, setError] = useState<string | null>(null);
  const gridId = useId();
  const cellId = (rowIndex: number, columnId: string) => `${gridId}-r${rowIndex}-${columnId}`;

  // The width the rows are drawn in, for the fitted default widths (layouts.ts); measured before
  // the first paint and whenever the box changes (window resized, detail panel opened).
  const [boxWidth, setBoxWidth] = useState(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setBoxWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setBoxWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const visibleIds = props.columnOrder.filter((id) => props.columnVisibility[id] !== false);
  const sizes = fitWidths(props.preset, boxWidth || 1200, visibleIds, props.columnSizing);
  const sizesKey = JSON.stringify(sizes);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt only when a width changes.
  const columnDefs = useMemo(() => columnDefsFor(sizes), [sizesKey]);

  // react-table keeps the columns (order, widths, visibility, sort state); the body is drawn from
  // `rows` directly, virtualised, so it is given no data and builds no row model for 2,500 rows.
  // eslint-disable-next-line react-hooks/incompatible-library -- react-table returns unstable functions; this component is not memoised.
  const table = useReactTable({
    data: NO_ROWS,
    columns: columnDefs,
    state: {
      sorting: props.sorting,
      columnSizing: props.columnSizing,
      columnVisibility: props.columnVisibility,
      columnOrder: props.columnOrder as string[],
    },
    onSortingChange: props.onSortingChange,
    onColumnSizingChange: props.onColumnSizingChange,
    manualSorting: true,
    // Without data react-table can not guess a first direction from the values: always ascending.
    sortDescFirst: false,
    enableMultiSort: true,
    columnResizeMode: 'onChange',
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.key,
  });
  const leafColumns = table.getVisibleLeafColumns();
  const cols: GridColumn[] = leafColumns.map((c) => COLUMN_BY_ID.get(c.id) as GridColumn);
  // When columns are shown, hidden or reordered (another layout), the cursor stays on its column.
  const colIds = cols.map((x) => x.id).join(',');
  const [seenColIds, setSeenColIds] = useState(colIds);
  if (colIds !== seenColIds) {
    setSeenColIds(colIds);
    const before = seenColIds.split(',');
    const remap = (i: number) => {
      const j = cols.findIndex((x) => x.id === before[i]);
      return j >= 0 ? j : i;
    };
    tabOrigin.current = null;
    setSel((s) => ({ ...s, col: remap(s.col), anchorCol: remap(s.anchorCol) }));
  }
  const widths = leafColumns.map((c) => c.getSize());
  const lefts = useMemo(() => {
    const out: number[] = [];
    let x = 0;
    for (const w of widths) {
      out.push(x);
      x += w;
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recompute only when the widths change.
  }, [widths.join(',')]);
  const totalWidth = widths.reduce((a, b) => a + b, 0);

  const maxRow = rows.length - 1;
  const maxCol = cols.length - 1;
  const r = clamp(at(sel.rowKey, sel.row), 0, Math.max(maxRow, 0));
  const c = clamp(sel.col, 0, Math.max(maxCol, 0));
  const ar = clamp(at(sel.anchorKey, sel.anchorRow), 0, Math.max(maxRow, 0));
  const ac = clamp(sel.anchorCol, 0, Math.max(maxCol, 0));
  const block = { r0: Math.min(r, ar), r1: Math.max(r, ar), c0: Math.min(c, ac), c1: Math.max(c, ac) };
  const row = rows[r];
  const col = cols[c];
  useEffect(() => {
    onSelectRows?.(block.r0, block.r1);
  }, [onSelectRows, block.r0, block.r1]);
  const { onCursorRow } = props;
  useEffect(() => {
    if (row) onCursorRow?.(row);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the cursor reaches another row.
  }, [row?.key, onCursorRow]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Four rows each side (two frames of a brisk wheel scroll at 84 px a row): every filter or month
    // lays out the rows on screen anew, and eight each side doubled them (filter p50 ~55 → ~40 ms
    // at 2,498 rows) with no smoother scrolling (frame p95 16.7 ms either way).
    overscan: 4,
    getItemKey: (index) => rows[index]?.key ?? index,
  });

  const focusProxy = useCallback(() => {
    proxyRef.current?.focus({ preventScroll: true });
  }, []);

  /** The keyboard's way into the column headers: the sort button of column `ci`. */
  const focusHeader = (ci: number) => {
    scrollRef.current?.querySelector<HTMLButtonElement>(`th[data-ci="${ci}"] .sort-button`)?.focus();
  };

  // Keep the selected cell in view.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || rows.length === 0) return;
    const top = r * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT + HEAD_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT + HEAD_HEIGHT - el.clientHeight;
    const left = lefts[c] ?? 0;
    const width = widths[c] ?? 0;
    if (left < el.scrollLeft) el.scrollLeft = left;
    else if (left + width > el.scrollLeft + el.clientWidth)
      el.scrollLeft = Math.max(0, left + width - el.clientWidth);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the selection moves.
  }, [r, c]);

  // The list box editor takes the focus while open.
  useEffect(() => {
    if (editing === 'select') selectRef.current?.focus();
  }, [editing]);

  useEffect(() => {
    if (props.focusRequest) focusProxy();
  }, [props.focusRequest, focusProxy]);

  // Focus the proxy on first show, and when a loading month arrives, unless someone else (e.g. the
  // name prompt) holds the focus.
  useEffect(() => {
    if (props.busy) return;
    if (document.activeElement === document.body || document.activeElement === null) focusProxy();
  }, [focusProxy, props.busy]);

  const moveTo = useCallback(
    (nr: number, nc: number, extend = false) => {
      const rr = clamp(nr, 0, Math.max(maxRow, 0));
      const cc = clamp(nc, 0, Math.max(maxCol, 0));
      const key = rows[rr]?.key ?? null;
      setSel((s) =>
        extend
          ? { ...s, rowKey: key, row: rr, col: cc }
          : { rowKey: key, row: rr, col: cc, anchorKey: key, anchorRow: rr, anchorCol: cc },
      );
    },
    [maxRow, maxCol, rows],
  );

  const resetProxy = () => {
    if (proxyRef.current) proxyRef.current.value = '';
  };

  const cancelEdit = () => {
    resetProxy();
    setEditing(null);
    setError(null);
    focusProxy();
  };

  const readOnlyNotice = (column: GridColumn) =>
    onNotice(`「${column.header}」列不可编辑（计划内容），请在进展列中填报。`);

  const beginEdit = (initial: 'current' | 'typed') => {
    if (!row || !col) return;
    if (!col.field) {
      resetProxy();
      readOnlyNotice(col);
      return;
    }
    setError(null);
    if (col.field === 'status' && initial === 'current') {
      setEditing('select');
      return;
    }
    const proxy = proxyRef.current;
    if (proxy && initial === 'current') {
      proxy.value = col.text(row);
      proxy.setSelectionRange(proxy.value.length, proxy.value.length);
    }
    setEditing('text');
  };

  type Move = 'down' | 'up' | 'right' | 'left' | null;
  const after = (move: Move) => {
    if (move === 'down') {
      // Back to where the Tabs started, one row down (Excel's Tab, Tab, Enter).
      const to = tabOrigin.current ?? c;
      tabOrigin.current = null;
      moveTo(r + 1, to);
    } else if (move === 'up') {
      tabOrigin.current = null;
      moveTo(r - 1, c);
    } else if (move === 'right') {
      if (c < maxCol && tabOrigin.current === null) tabOrigin.current = c;
      moveTo(r, c + 1);
    } else if (move === 'left') moveTo(r, c - 1);
  };

  /** Validate and write the editor's text; false (and an error shown) when it is invalid. */
  const commitText = (text: string, move: Move): boolean => {
    if (!row || !col?.field) return false;
    const parsed = parseFieldInput(col.field, text);
    if (!parsed.ok) {
      setError(parsed.message);
      return false;
    }
    onWrite([{ row, field: col.field, value: parsed.value }], 'edit');
    resetProxy();
    setEditing(null);
    setError(null);
    after(move);
    focusProxy();
    return true;
  };

  const blockRows = (): string[][] => {
    const out: string[][] = [];
    for (let i = block.r0; i <= block.r1; i++) {
      const gr = rows[i];
      if (!gr) continue;
      out.push(cols.slice(block.c0, block.c1 + 1).map((column) => column.text(gr)));
    }
    return out;
  };

  const cellName = (gr: GridRow, column: GridColumn) =>
    `${taskLabel(gr.task.id)} ${gr.unit} · ${column.header}`;

  const clearBlock = () => {
    const writes: CellWrite[] = [];
    for (let i = block.r0; i <= block.r1; i++) {
      const gr = rows[i];
      if (!gr) continue;
      for (const column of cols.slice(block.c0, block.c1 + 1))
        if (column.field) writes.push({ row: gr, field: column.field, value: EMPTY_VALUE[column.field] });
    }
    if (writes.length) onWrite(writes, 'edit');
    else if (col) readOnlyNotice(col);
  };

  const pasteBlock = (text: string) => {
    const data = tileToSelection(parseTsv(text), block.r1 - block.r0 + 1, block.c1 - block.c0 + 1);
    if (data.length === 0) return;
    const writes: CellWrite[] = [];
    const problems: PasteProblem[] = [];
    data.forEach((cells, i) => {
      const gr = rows[block.r0 + i];
      cells.forEach((cellText, j) => {
        const column = cols[block.c0 + j];
        if (!gr || !column) {
          problems.push({ where: `粘贴内容第${i + 1}行第${j + 1}列`, message: '超出表格范围，未粘贴' });
          return;
        }
        if (!column.field) {
          if (cellText !== column.text(gr))
            problems.push({ where: cellName(gr, column), message: `「${column.header}」列不可编辑，未粘贴` });
          return;
        }
        const parsed = parseFieldInput(column.field, cellText);
        if (parsed.ok) writes.push({ row: gr, field: column.field, value: parsed.value });
        else problems.push({ where: cellName(gr, column), message: parsed.message });
      });
    });
    if (writes.length) onWrite(writes, 'paste');
    const width = Math.max(...data.map((d) => d.length));
    const last = clamp(block.r0 + data.length - 1, 0, maxRow);
    setSel({
      anchorKey: rows[block.r0]?.key ?? null,
      anchorRow: block.r0,
      anchorCol: block.c0,
      rowKey: rows[last]?.key ?? null,
      row: last,
      col: clamp(block.c0 + width - 1, 0, maxCol),
    });
    onNotice(
      problems.length
        ? `已粘贴 ${writes.length} 个单元格；${problems.length} 个单元格未粘贴：`
        : `已粘贴 ${writes.length} 个单元格。`,
      problems,
    );
  };

  const onProxyKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an IME composes, its keys (Enter picks a candidate, arrows move in the list) are its own.
    if (e.nativeEvent.isComposing || e.keyCode === 229 || composing.current) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    if (editing === 'text') {
      if (key === 'Escape') {
        e.preventDefault();
        cancelEdit();
      } else if (key === 'Enter' && e.altKey) {
        e.preventDefault();
        e.currentTarget.setRangeText(
          '\n',
          e.currentTarget.selectionStart,
          e.currentTarget.selectionEnd,
          'end',
        );
      } else if (key === 'Enter' && !ctrl) {
        e.preventDefault();
        commitText(e.currentTarget.value, e.shiftKey ? 'up' : 'down');
      } else if (key === 'Tab') {
        e.preventDefault();
        commitText(e.currentTarget.value, e.shiftKey ? 'left' : 'right');
      }
      return;
    }
    const extend = e.shiftKey;
    if (/^(Arrow|Page|Home$|End$)/.test(key)) tabOrigin.current = null;
    const page = Math.max(
      1,
      Math.floor(((scrollRef.current?.clientHeight ?? 600) - HEAD_HEIGHT) / ROW_HEIGHT),
    );
    let handled = true;
    if (ctrl && (key === 'z' || key === 'Z') && !e.shiftKey) props.onUndo();
    else if (ctrl && (key === 'y' || key === 'Y' || ((key === 'z' || key === 'Z') && e.shiftKey)))
      props.onRedo();
    else if (ctrl && key === 'Enter') {
      if (row) props.onOpenDetail(row);
    } else if (ctrl && (key === 'a' || key === 'A'))
      setSel({
        anchorKey: rows[0]?.key ?? null,
        anchorRow: 0,
        anchorCol: 0,
        rowKey: rows[maxRow]?.key ?? null,
        row: maxRow,
        col: maxCol,
      });
    else if (ctrl)
      handled = false; // Ctrl+C / Ctrl+V reach the copy and paste events.
    else if (key === 'ArrowDown' && !e.altKey) moveTo(r + 1, c, extend);
    else if (key === 'ArrowUp' && r === 0 && !extend) focusHeader(c);
    else if (key === 'ArrowUp') moveTo(r - 1, c, extend);
    else if (key === 'ArrowRight') moveTo(r, c + 1, extend);
    else if (key === 'ArrowLeft') moveTo(r, c - 1, extend);
    else if (key === 'PageDown') moveTo(r + page, c, extend);
    else if (key === 'PageUp') moveTo(r - page, c, extend);
    else if (key === 'Home') moveTo(r, 0, extend);
    else if (key === 'End') moveTo(r, maxCol, extend);
    else if (key === 'Tab') {
      if (e.shiftKey) moveTo(c > 0 ? r : r - 1, c > 0 ? c - 1 : maxCol);
      else if (c < maxCol) after('right');
      else {
        tabOrigin.current = null;
        moveTo(r + 1, 0);
      }
    } else if (key === 'Enter') {
      // As in Excel: Enter moves down (F2, a double click or typing edits).
      after(e.shiftKey ? 'up' : 'down');
    } else if (key === 'F2' || (key === 'ArrowDown' && e.altKey)) beginEdit('current');
    else if (key === 'Escape' && props.onLeave) props.onLeave();
    else if (key === 'Delete' || key === 'Backspace') clearBlock();
    else handled = false; // printable keys: the input event starts editing.
    if (handled) e.preventDefault();
  };

  const onProxyInput = () => {
    if (editing || composing.current) return;
    if (proxyRef.current?.value) beginEdit('typed');
  };

  const onCompositionStart = () => {
    composing.current = true;
    // Switch to editing without touching the text field's value: the composition carries on.
    if (!editing && col?.field) {
      setError(null);
      setEditing('text');
    }
  };

  const onCompositionEnd = () => {
    composing.current = false;
    if (!col?.field) {
      resetProxy();
      if (col) readOnlyNotice(col);
    }
  };

  const onCopy = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (editing) return;
    e.preventDefault();
    e.clipboardData.setData('text/plain', toTsv(blockRows()));
    const n = (block.r1 - block.r0 + 1) * (block.c1 - block.c0 + 1);
    onNotice(`已复制 ${n} 个单元格。`);
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (editing) return;
    e.preventDefault();
    pasteBlock(e.clipboardData.getData('text/plain'));
  };

  const cellFromEvent = (e: MouseEvent): { ri: number; ci: number } | null => {
    const td = (e.target as HTMLElement).closest('td[data-ci]');
    const tr = td?.closest('tr[data-index]');
    if (!td || !tr) return null;
    return { ri: Number(tr.getAttribute('data-index')), ci: Number(td.getAttribute('data-ci')) };
  };

  const onBodyMouseDown = (e: MouseEvent) => {
    const hit = cellFromEvent(e);
    if (!hit || e.button !== 0) return;
    e.preventDefault();
    if (editing === 'text' && proxyRef.current && !commitText(proxyRef.current.value, null)) return;
    if (editing === 'select') setEditing(null);
    tabOrigin.current = null;
    moveTo(hit.ri, hit.ci, e.shiftKey);
    focusProxy();
  };

  const onBodyDoubleClick = (e: MouseEvent) => {
    const hit = cellFromEvent(e);
    if (hit && hit.ri === r && hit.ci === c) beginEdit('current');
  };

  /** Keys on a column header's sort button (Enter/Space sort: the button's own click). */
  const onHeadKeyDown = (e: KeyboardEvent<HTMLElement>, ci: number) => {
    const key = e.key;
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      e.preventDefault();
      const step = key === 'ArrowLeft' ? -1 : 1;
      const column = leafColumns[ci];
      if (e.altKey && column) {
        const width = clamp(column.getSize() + step * 16, 48, 900);
        table.setColumnSizing((old) => ({ ...old, [column.id]: width }));
        return;
      }
      const next = clamp(ci + step, 0, maxCol);
      moveTo(r, next);
      focusHeader(next);
    } else if (key === 'ArrowDown' || key === 'Escape') {
      e.preventDefault();
      moveTo(r, ci);
      focusProxy();
    }
  };

  const onSelectKeyDown = (e: KeyboardEvent<HTMLSelectElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancelEdit();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      const move: Move = e.key === 'Tab' ? (e.shiftKey ? 'left' : 'right') : e.shiftKey ? 'up' : 'down';
      commitText(e.currentTarget.value, move);
    }
  };

  const cellTop = HEAD_HEIGHT + r * ROW_HEIGHT;
  const cellLeft = lefts[c] ?? 0;
  const cellWidth = widths[c] ?? 100;
  const wideEditor =
    editing === 'text' && col?.field && !['status', 'percent', 'filledOn', 'reporter'].includes(col.field);
  const editorWidth = wideEditor ? Math.max(cellWidth, 320) : cellWidth;
  // A widened editor near the right edge opens leftwards so it stays in view. The scroll box is
  // measured only while a cell is edited as text: reading scrollLeft/clientWidth during a render
  // made the browser lay the page out there and then, after the commit, once more — two layouts
  // instead of one for every filter, month switch and scroll frame (the extra one was small).
  const editedIn = editing === 'text' ? scrollRef.current : null;
  const viewRight = editedIn ? editedIn.scrollLeft + editedIn.clientWidth : Infinity;
  const editorBox = {
    top: cellTop,
    left: Math.max(0, Math.min(cellLeft, viewRight - editorWidth)),
    width: editorWidth,
    height: wideEditor ? Math.max(ROW_HEIGHT, 140) : ROW_HEIGHT,
  };

  const virtualItems = virtualizer.getVirtualItems();
  // The active cell is named to assistive technology only while it is in the DOM (virtualised rows).
  const activeId =
    row && col && virtualItems.some((item) => item.index === r) ? cellId(r, col.id) : undefined;
  const tableId = `${gridId}-table`;

  return (
    <div
      className={props.busy ? 'grid-scroll grid-busy' : 'grid-scroll'}
      ref={scrollRef}
      data-testid="task-grid"
      aria-busy={props.busy || undefined}
      inert={props.busy || undefined}
    >
      <table
        id={tableId}
        className="grid"
        role="grid"
        aria-label={props.label}
        aria-multiselectable="true"
        style={{ width: totalWidth }}
        aria-rowcount={rows.length + 1}
        aria-colcount={cols.length}
      >
        <thead className="grid-head" role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="grid-row" role="row" aria-rowindex={1}>
              {group.headers.map((header, hi) => {
                const sorted = header.column.getIsSorted();
                const editable = COLUMN_BY_ID.get(header.column.id)?.field !== undefined;
                return (
                  <th
                    key={header.id}
                    className={
                      editable ? 'grid-cell grid-head-cell editable-head' : 'grid-cell grid-head-cell'
                    }
                    style={{ width: header.getSize(), height: HEAD_HEIGHT }}
                    data-col={header.id}
                    data-ci={hi}
                    role="columnheader"
                    aria-colindex={hi + 1}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    onKeyDown={(e) => onHeadKeyDown(e, hi)}
                  >
                    {/* Out of the Tab order (Tab moves between cells): reached by ArrowUp from the first row. */}
                    <button
                      type="button"
                      className="sort-button"
                      tabIndex={-1}
                      onClick={header.column.getToggleSortingHandler()}
                      title="点击排序，按住 Shift 可多列排序；键盘：Enter 排序，Alt+←/→ 调整列宽，↓ 回到表格"
                    >
                      {String(header.column.columnDef.header)}
                      <span className="sort-mark" aria-hidden="true">
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </span>
                    </button>
                    <div
                      className={header.column.getIsResizing() ? 'col-resizer resizing' : 'col-resizer'}
                      onMouseDown={header.getResizeHandler()}
                      onDoubleClick={() => header.column.resetSize()}
                      // The mouse's handle; the keyboard resizes with Alt+←/→ on the header.
                      aria-hidden="true"
                      title={`拖动调整「${String(header.column.columnDef.header)}」列宽，双击恢复`}
                    />
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody
          className="grid-body"
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize() }}
          onMouseDown={onBodyMouseDown}
          onDoubleClick={onBodyDoubleClick}
        >
          {virtualItems.map((item) => {
            const gr = rows[item.index];
            if (!gr) return null;
            const inRows = item.index >= block.r0 && item.index <= block.r1;
            // Keyed by place, not by task × unit: a filter, a month or a re-sort then rewrites the
            // text of the rows on screen instead of removing them and building new ones (filter
            // p50 ~37 → ~29 ms at 2,498 rows). No state lives in a row's DOM (the cursor is the
            // selection's row key and a proxy input); the one clickable element, the 编号 link,
            // checks that the row it was pressed on is still the row it shows (pressedRow).
            return (
              <tr
                key={item.index}
                data-index={item.index}
                data-testid="task-row"
                data-task-id={gr.task.id}
                data-unit={gr.unit}
                role="row"
                aria-rowindex={item.index + 2}
                className={item.index % 2 === 1 ? 'grid-row grid-row-alt' : 'grid-row'}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                {cols.map((column, ci) => {
                  const selected = item.index === r && ci === c;
                  const inBlock = inRows && ci >= block.c0 && ci <= block.c1;
                  const classes = ['grid-cell'];
                  if (column.field) classes.push('editable');
                  if (selected) classes.push('cell-selected');
                  else if (inBlock) classes.push('cell-in-range');
                  if (column.field && gr.carried) classes.push('carried');
                  return (
                    <td
                      key={column.id}
                      className={classes.join(' ')}
                      style={{ width: widths[ci] }}
                      data-col={column.id}
                      data-ci={ci}
                      id={cellId(item.index, column.id)}
                      role="gridcell"
                      aria-colindex={ci + 1}
                      aria-selected={inBlock}
                      aria-readonly={column.field ? undefined : true}
                    >
                      {column.id === 'label' ? (
                        <button
                          type="button"
                          className="row-link"
                          tabIndex={-1}
                          title="查看详情（Ctrl+Enter）"
                          onPointerDown={() => (pressedRow.current = gr.key)}
                          onPointerLeave={() => (pressedRow.current = null)}
                          onClick={() => {
                            const pressed = pressedRow.current;
                            pressedRow.current = null;
                            if (pressed === null || pressed === gr.key) props.onOpenDetail(gr);
                          }}
                        >
                          {column.render ? column.render(gr) : column.text(gr)}
                        </button>
                      ) : (
                        <div className="cell-clamp">
                          {column.render ? column.render(gr) : column.text(gr)}
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <textarea
        ref={proxyRef}
        className={editing === 'text' ? 'cell-proxy editing' : 'cell-proxy'}
        style={
          editing === 'text'
            ? editorBox
            : { top: cellTop, left: cellLeft, width: cellWidth, height: ROW_HEIGHT }
        }
        data-testid="cell-proxy"
        aria-label={
          row && col
            ? `${taskLabel(row.task.id)} ${row.unit} ${col.header}${col.field ? '' : '（只读）'}`
            : '单元格'
        }
        aria-activedescendant={editing ? undefined : activeId}
        aria-controls={tableId}
        aria-describedby={props.helpId}
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        autoComplete="off"
        onKeyDown={onProxyKeyDown}
        onInput={onProxyInput}
        onCompositionStart={onCompositionStart}
        onCompositionEnd={onCompositionEnd}
        onCopy={onCopy}
        onPaste={onPaste}
      />
      {editing === 'select' && row && (
        <select
          ref={selectRef}
          className="cell-select"
          data-testid="status-editor"
          size={STATUSES.length + 1}
          defaultValue={row.progress.status ?? ''}
          style={{ top: cellTop, left: cellLeft, width: Math.max(cellWidth, 120) }}
          onKeyDown={onSelectKeyDown}
          onClick={(e) => {
            if (e.detail > 0) commitText(e.currentTarget.value, null);
          }}
          onBlur={() => setEditing((m) => (m === 'select' ? null : m))}
          aria-label="完成状态"
        >
          <option value="">（空）</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      )}
      {error && (
        <div
          className="cell-error"
          role="alert"
          data-testid="cell-error"
          style={{
            top: editing === 'text' ? cellTop + editorBox.height + 2 : cellTop + ROW_HEIGHT + 2,
            left: cellLeft,
          }}
        >
          {error}
          <span className="cell-error-hint">（按 Esc 取消）</span>
        </div>
      )}
      {rows.length === 0 && <div className="grid-empty">没有符合条件的任务。</div>}
    </div>
  );
}
