// The 台账 view: the period and unit pickers, filters, the progress grid and the row detail panel.
// Owns the session's undo/redo history (shared/undo-stack.ts); every write goes through
// hooks/actions.ts and is audited with the user's name and its source (edit, paste, undo, redo).
import type { ColumnSizingState, SortingState, VisibilityState } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import {
  EMPTY_FILTER,
  filterChoices,
  filterFromLink,
  filterRows,
  sortRows,
  type GridFilter,
  type SortSpec,
} from '../../../shared/grid-filter.ts';
import type { PeriodRow as GridRow } from '../../../shared/period-state.ts';
import { defaultPeriod } from '../../../shared/periods.ts';
import { unitsWithTasks, UnitIndex } from '../../../shared/registry.ts';
import { resolutionMap } from '../../../shared/assignments.ts';
import {
  canRedo,
  canUndo,
  emptyUndoStack,
  pushStep,
  reapplyValues,
  redo,
  revertValues,
  undo,
  type UndoStack,
} from '../../../shared/undo-stack.ts';
import { PROGRESS_FIELD_LABELS, taskLabel } from '../../../shared/model.ts';
import { Loading } from '../../components/Loading.tsx';
import type { GridLayout, UserProfile } from '../../db/settings-repo.ts';
import { updateGridLayout, writeCells, type CellWrite as StoreWrite } from '../../hooks/actions.ts';
import { usePeriodRows } from '../../hooks/usePeriod.ts';
import { useHash } from '../../hooks/useRoute.ts';
import { openChecklist, parseGridLink } from '../../navigation.ts';
import { checklistScopeForRows } from '../../../shared/checklist.ts';
import { LEDGER_REPLACED_EVENT, REDO_EVENT, UNDO_EVENT } from '../../electron-bridge.ts';
import { useGridLayout, useGroupResolutions, useProfile, useUnits } from '../../hooks/useLedgerData.ts';
import { usePlanMeta } from '../../hooks/usePlanMeta.ts';
import { useTasks } from '../../hooks/useTasks.ts';
import { ColumnMenu } from './ColumnMenu.tsx';
import { DetailPanel } from './DetailPanel.tsx';
import { FilterBar } from './FilterBar.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { ProgressGrid, type CellWrite, type PasteProblem } from './ProgressGrid.tsx';

export default function LedgerView() {
  const plan = usePlanMeta();
  const profile = useProfile();
  const layout = useGridLayout();
  if (!plan || !profile || !layout) return <Loading />;
  return <LedgerWorkspace planYear={plan.year} profile={profile} layout={layout} />;
}

interface Notice {
  text: string;
  problems: PasteProblem[];
  tone: 'info' | 'warn' | 'error';
}

/** Undo/redo left some fields alone because they changed since: say which. */
function skippedNotice(what: string, skipped: readonly StoreWrite[]): Notice {
  return {
    text: `已${what}，但有 ${skipped.length} 个单元格在此之后又被修改（如导入），未覆盖：`,
    problems: skipped.map((w) => ({
      where: `${taskLabel(w.taskId)} ${w.unit} · ${PROGRESS_FIELD_LABELS[w.field]}`,
      message: '之后已被修改，保持当前值',
    })),
    tone: 'warn',
  };
}

function visibilityFromLayout(layout: GridLayout): VisibilityState {
  return Object.fromEntries(layout.hidden.map((id) => [id, false]));
}

function LedgerWorkspace({
  planYear,
  profile,
  layout,
}: {
  planYear: number;
  profile: UserProfile;
  layout: GridLayout;
}) {
  const [period, setPeriod] = useState(() => defaultPeriod(new Date(), planYear));
  const [pickedUnit, setPickedUnit] = useState<string | null>(null);
  const scopeUnit = profile.mode === 'unit' ? profile.unit : pickedUnit;
  const [filter, setFilter] = useState<GridFilter>(EMPTY_FILTER);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>(layout.widths);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(() =>
    visibilityFromLayout(layout),
  );
  const [notice, setNotice] = useState<Notice | null>(null);
  const [detailKey, setDetailKey] = useState<string | null>(null);
  const [lastDetail, setLastDetail] = useState<GridRow | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const [stack, setStack] = useState<UndoStack>(emptyUndoStack);
  const stackRef = useRef(stack);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const who = profile.name || '未署名';

  // A link into the grid (#/ledger?period=…&unit=…, e.g. from 统计看板) sets the period and filters.
  const hash = useHash();
  const [appliedHash, setAppliedHash] = useState<string | null>(null);
  if (hash !== appliedHash) {
    setAppliedHash(hash);
    const link = parseGridLink(hash);
    if (link) {
      setPeriod(link.period);
      setFilter(filterFromLink(link));
    }
  }

  const rows = usePeriodRows(period, scopeUnit);
  const shown = useMemo(
    () => (rows ? sortRows(filterRows(rows, filter), sorting as SortSpec[]) : undefined),
    [rows, filter, sorting],
  );
  const choices = useMemo(() => filterChoices(rows ?? []), [rows]);
  // While another month loads, the grid stays on screen (not torn down and rebuilt) but busy:
  // dimmed, announced, and closed to input, so nothing can be typed into the wrong month.
  const [held, setHeld] = useState<GridRow[] | undefined>(undefined);
  if (shown !== undefined && shown !== held) setHeld(shown);
  const gridRows = shown ?? held;
  const busy = shown === undefined;

  // Remember column widths and visibility (debounced: a resize drag changes them many times).
  const savedLayout = useRef(JSON.stringify(layout));
  useEffect(() => {
    const next: GridLayout = {
      hidden: Object.entries(columnVisibility)
        .filter(([, v]) => !v)
        .map(([k]) => k),
      widths: columnSizing,
    };
    const text = JSON.stringify(next);
    if (text === savedLayout.current) return;
    const timer = setTimeout(() => {
      savedLayout.current = text;
      void updateGridLayout(next);
    }, 400);
    return () => clearTimeout(timer);
  }, [columnSizing, columnVisibility]);

  const setUndoStack = (next: UndoStack) => {
    stackRef.current = next;
    setStack(next);
  };

  /** Run writes one after another so undo never overtakes the edit it undoes. */
  const enqueue = useCallback((job: () => Promise<void>) => {
    queue.current = queue.current.then(job).catch((err: unknown) => {
      console.error('ledger write failed', err);
      setNotice({
        text: '保存失败，请重试。如问题持续，请备份台账后联系管理员。',
        problems: [],
        tone: 'error',
      });
    });
  }, []);

  const onWrite = useCallback(
    (writes: CellWrite[], source: 'edit' | 'paste') =>
      enqueue(async () => {
        const { applied, invalid } = await writeCells(
          writes.map((w) => ({
            taskId: w.row.task.id,
            unit: w.row.unit,
            period,
            field: w.field,
            value: w.value,
          })),
          who,
          source,
        );
        if (applied.length) setUndoStack(pushStep(stackRef.current, { kind: source, changes: applied }));
        if (invalid.length)
          setNotice({
            text: `有 ${invalid.length} 个单元格的值无效，未保存：`,
            problems: invalid.map(({ write, message }) => ({
              where: `${taskLabel(write.taskId)} ${write.unit} · ${PROGRESS_FIELD_LABELS[write.field]}`,
              message,
            })),
            tone: 'warn',
          });
      }),
    [enqueue, period, who],
  );

  const onUndo = useCallback(
    () =>
      enqueue(async () => {
        const step = undo(stackRef.current);
        if (!step) {
          setNotice({ text: '没有可撤销的操作。', problems: [], tone: 'info' });
          return;
        }
        const { skipped } = await writeCells(
          revertValues(step.step).map(({ change, value }) => ({ ...change, value, expected: change.new })),
          who,
          'undo',
        );
        setUndoStack(step.stack);
        if (skipped.length) return setNotice(skippedNotice('撤销', skipped));
        setNotice({
          text: `已撤销${step.step.kind === 'paste' ? '粘贴' : '修改'}（${step.step.changes.length} 个单元格）。`,
          problems: [],
          tone: 'info',
        });
      }),
    [enqueue, who],
  );

  const onRedo = useCallback(
    () =>
      enqueue(async () => {
        const step = redo(stackRef.current);
        if (!step) {
          setNotice({ text: '没有可重做的操作。', problems: [], tone: 'info' });
          return;
        }
        const { skipped } = await writeCells(
          reapplyValues(step.step).map(({ change, value }) => ({ ...change, value, expected: change.old })),
          who,
          'redo',
        );
        setUndoStack(step.stack);
        if (skipped.length) return setNotice(skippedNotice('重做', skipped));
        setNotice({ text: `已重做（${step.step.changes.length} 个单元格）。`, problems: [], tone: 'info' });
      }),
    [enqueue, who],
  );

  // The Electron menu's 撤销/重做 (when no text field has focus), and a restore that replaced the
  // whole ledger: the session's history no longer describes the data, so it is dropped.
  useEffect(() => {
    const dropHistory = () => setUndoStack(emptyUndoStack());
    window.addEventListener(UNDO_EVENT, onUndo);
    window.addEventListener(REDO_EVENT, onRedo);
    window.addEventListener(LEDGER_REPLACED_EVENT, dropHistory);
    return () => {
      window.removeEventListener(UNDO_EVENT, onUndo);
      window.removeEventListener(REDO_EVENT, onRedo);
      window.removeEventListener(LEDGER_REPLACED_EVENT, dropHistory);
    };
  }, [onUndo, onRedo]);

  const onNotice = useCallback((text: string, problems: PasteProblem[] = []) => {
    setNotice({ text, problems, tone: problems.length ? 'warn' : 'info' });
  }, []);

  const openDetail = useCallback((row: GridRow) => {
    setDetailKey(row.key);
    setLastDetail(row);
  }, []);

  const detailRow = detailKey ? (rows?.find((r) => r.key === detailKey) ?? lastDetail) : null;

  // 督查清单 for the rows of a selected block (two or more rows), else for every row shown.
  const [selectedRows, setSelectedRows] = useState<[number, number]>([0, 0]);
  const onSelectRows = useCallback((first: number, last: number) => setSelectedRows([first, last]), []);
  const printChecklist = () => {
    if (!shown?.length) return;
    const [first, last] = selectedRows;
    const picked = last > first ? shown.slice(first, last + 1) : shown;
    openChecklist(
      checklistScopeForRows(
        picked.map((r) => ({ taskId: r.task.id, unit: r.unit })),
        period,
      ),
    );
  };

  return (
    <div className="ledger-view">
      <div className="toolbar">
        <PeriodPicker period={period} planYear={planYear} onChange={setPeriod} />
        <UnitPicker profile={profile} unit={scopeUnit} onChange={setPickedUnit} />
        <span className="toolbar-spacer" />
        <button type="button" onClick={onUndo} disabled={!canUndo(stack)} title="撤销（Ctrl+Z）">
          撤销
        </button>
        <button type="button" onClick={onRedo} disabled={!canRedo(stack)} title="重做（Ctrl+Y）">
          重做
        </button>
        <button
          type="button"
          onClick={printChecklist}
          disabled={!shown?.length}
          title="为选中的行（选中多行时）或当前筛选出的全部行生成督查清单"
          data-testid="grid-checklist"
        >
          督查清单
        </button>
        <ColumnMenu
          visibility={columnVisibility}
          onChange={setColumnVisibility}
          onResetWidths={() => setColumnSizing({})}
        />
        <span className="row-count" data-testid="row-count">
          {shown === undefined || rows === undefined
            ? '加载中…'
            : shown.length === rows.length
              ? `${periodLabel(period)} · 共 ${rows.length} 行`
              : `${periodLabel(period)} · 筛选出 ${shown.length} / ${rows.length} 行`}
        </span>
      </div>
      <FilterBar filter={filter} onChange={setFilter} choices={choices} showUnit={!scopeUnit} />
      {notice && (
        <div className={`notice notice-${notice.tone}`} role="status" data-testid="notice">
          <span>{notice.text}</span>
          {notice.problems.length > 0 && (
            <ul className="notice-problems">
              {notice.problems.map((p, i) => (
                <li key={i}>
                  {p.where}：{p.message}
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="notice-close"
            onClick={() => setNotice(null)}
            aria-label="关闭提示"
          >
            ×
          </button>
        </div>
      )}
      <div className="ledger-body">
        {gridRows === undefined ? (
          <Loading />
        ) : (
          <ProgressGrid
            rows={gridRows}
            busy={busy}
            onSelectRows={onSelectRows}
            sorting={sorting}
            onSortingChange={setSorting}
            columnSizing={columnSizing}
            onColumnSizingChange={setColumnSizing}
            columnVisibility={columnVisibility}
            onWrite={onWrite}
            onUndo={onUndo}
            onRedo={onRedo}
            onOpenDetail={openDetail}
            onNotice={onNotice}
            focusRequest={focusRequest}
          />
        )}
        {detailRow && (
          <DetailPanel
            row={detailRow}
            period={period}
            who={who}
            clerk={profile.mode === 'unit'}
            onClose={() => {
              setDetailKey(null);
              setFocusRequest((n) => n + 1);
            }}
          />
        )}
      </div>
      <p className="grid-help">
        方向键/Tab 移动 · Enter/F2 或直接输入开始编辑 · Enter 确认 · Esc 取消 · Alt+Enter 换行 · Ctrl+C/Ctrl+V
        复制粘贴（可从 Excel 粘贴） · Ctrl+Z 撤销 · Ctrl+Y 重做 · Ctrl+Enter 详情
      </p>
    </div>
  );
}

function UnitPicker({
  profile,
  unit,
  onChange,
}: {
  profile: UserProfile;
  unit: string | null;
  onChange: (unit: string | null) => void;
}) {
  const tasks = useTasks();
  const units = useUnits();
  const resolutions = useGroupResolutions();
  const names = useMemo(
    () =>
      tasks && units && resolutions
        ? unitsWithTasks(tasks, new UnitIndex(units), resolutionMap(resolutions))
        : [],
    [tasks, units, resolutions],
  );
  if (profile.mode === 'unit')
    return (
      <span
        className="unit-locked"
        data-testid="unit-locked"
        title="单位填报模式：只显示本单位任务（可在「设置」中更改）"
      >
        单位：<strong>{unit}</strong>
      </span>
    );
  return (
    <select
      value={unit ?? ''}
      onChange={(e) => onChange(e.target.value || null)}
      aria-label="单位"
      data-testid="unit-picker"
    >
      <option value="">全部单位（区级汇总）</option>
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}
