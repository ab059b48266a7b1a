// The 台账 view: the period and unit pickers, filters, the progress grid and the row detail panel.
// Owns the session's undo/redo history (shared/undo-stack.ts); every write goes through
// hooks/actions.ts and is audited with the user's name and its source (edit, paste, undo, redo).
import type { ColumnSizingState, SortingState, Updater, VisibilityState } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import {
  countPending,
  EMPTY_FILTER,
  filterChoices,
  filterFromLink,
  filterRows,
  isFiltered,
  isPending,
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
import { preloadPeriod, usePeriodRows } from '../../hooks/usePeriod.ts';
import { useHash } from '../../hooks/useRoute.ts';
import { openChecklist, parseGridLink } from '../../navigation.ts';
import { checklistScopeForRows } from '../../../shared/checklist.ts';
import { LEDGER_REPLACED_EVENT, REDO_EVENT, UNDO_EVENT } from '../../app-events.ts';
import { useGridLayout, useGroupResolutions, useProfile, useUnits } from '../../hooks/useLedgerData.ts';
import { usePlanMeta } from '../../hooks/usePlanMeta.ts';
import { useTasks } from '../../hooks/useTasks.ts';
import { ColumnMenu } from './ColumnMenu.tsx';
import { GRID_COLUMNS } from './columns.tsx';
import {
  effectivePreset,
  isShown,
  PLAN_TEXT_COLUMNS,
  PRESETS,
  presetOrder,
  type LayoutPreset,
} from './layouts.ts';
import { DetailPanel } from './DetailPanel.tsx';
import { FilterBar } from './FilterBar.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { ProgressGrid, type CellWrite, type PasteProblem } from './ProgressGrid.tsx';

const NO_LAST_YEAR: ReadonlySet<string> = new Set(['lastYear']);

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
  // The column layout (layouts.ts): the preset, and per preset what the user showed, hid or resized.
  const [columns, setColumns] = useState<GridLayout>(layout);
  const preset = effectivePreset(columns.preset, profile.mode);
  const oneUnit = scopeUnit !== null;
  const own = columns[preset];
  const columnVisibility: VisibilityState = useMemo(
    () => Object.fromEntries(GRID_COLUMNS.map((c) => [c.id, isShown(c.id, preset, oneUnit, own.visibility)])),
    [preset, oneUnit, own.visibility],
  );
  const columnSizing: ColumnSizingState = own.widths;
  const setColumnSizing = useCallback(
    (update: Updater<ColumnSizingState>) =>
      setColumns((l) => {
        const widths = typeof update === 'function' ? update(l[preset].widths) : update;
        return { ...l, [preset]: { ...l[preset], widths } };
      }),
    [preset],
  );
  const showColumns = (ids: readonly string[], shown: boolean) =>
    setColumns((l) => {
      const visibility = { ...l[preset].visibility };
      for (const id of ids) visibility[id] = shown;
      return { ...l, [preset]: { ...l[preset], visibility } };
    });
  const planTextShown = PLAN_TEXT_COLUMNS.every((id) => columnVisibility[id] !== false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [detailKey, setDetailKey] = useState<string | null>(null);
  const [lastDetail, setLastDetail] = useState<GridRow | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const [stack, setStack] = useState<UndoStack>(emptyUndoStack);
  const stackRef = useRef(stack);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const who = profile.name || '未署名';
  const helpId = useId();
  const searchRef = useRef<HTMLInputElement>(null);

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
  // 上年最终状态 has a place only when the plan on screen continues an earlier one.
  const continues = useMemo(() => rows?.some((r) => r.lastYear !== null) ?? false, [rows]);
  const gridVisibility: VisibilityState = useMemo(
    () => (continues ? columnVisibility : { ...columnVisibility, lastYear: false }),
    [continues, columnVisibility],
  );
  // 本月待填 lists the rows not yet updated when it is switched on (or the month or unit changes) and
  // keeps them while the clerk works through them: a row filled in stays on screen (and under the
  // cursor) instead of vanishing after its first field; the counter is always live.
  const pendingAt = `${period}|${scopeUnit ?? ''}`;
  const [pendingKeys, setPendingKeys] = useState<{ at: string; keys: ReadonlySet<string> } | null>(null);
  if (filter.pending && rows && pendingKeys?.at !== pendingAt)
    setPendingKeys({ at: pendingAt, keys: new Set(rows.filter(isPending).map((r) => r.key)) });
  if (!filter.pending && pendingKeys) setPendingKeys(null);
  const inScope = useMemo(
    () => (rows ? filterRows(rows, { ...filter, pending: false }) : undefined),
    [rows, filter],
  );
  const shown = useMemo(() => {
    if (!inScope) return undefined;
    const keep = pendingKeys?.at === pendingAt ? pendingKeys.keys : null;
    const listed = filter.pending ? inScope.filter((r) => (keep ? keep.has(r.key) : isPending(r))) : inScope;
    return sortRows(listed, sorting as SortSpec[]);
  }, [inScope, filter.pending, pendingKeys, pendingAt, sorting]);
  const pendingLeft = inScope ? countPending(inScope) : undefined;
  const choices = useMemo(() => filterChoices(rows ?? []), [rows]);
  // While another month loads, the grid stays on screen (not torn down and rebuilt) but busy:
  // dimmed, announced, and closed to input, so nothing can be typed into the wrong month.
  const [held, setHeld] = useState<GridRow[] | undefined>(undefined);
  if (shown !== undefined && shown !== held) setHeld(shown);
  const gridRows = shown ?? held;
  const busy = shown === undefined;

  // Remember the layout (debounced: a resize drag changes the widths many times).
  const savedLayout = useRef(JSON.stringify(layout));
  useEffect(() => {
    const text = JSON.stringify(columns);
    if (text === savedLayout.current) return;
    const timer = setTimeout(() => {
      savedLayout.current = text;
      void updateGridLayout(columns);
    }, 400);
    return () => clearTimeout(timer);
  }, [columns]);

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

  const [detailFocus, setDetailFocus] = useState(0);
  const openDetail = useCallback((row: GridRow) => {
    setDetailKey(row.key);
    setLastDetail(row);
    setDetailFocus((n) => n + 1);
  }, []);
  // An open detail panel follows the cursor, so the plan text collapsed out of the grid stays at hand.
  const onCursorRow = useCallback((row: GridRow) => {
    setDetailKey((key) => (key === null ? null : row.key));
    setLastDetail((last) => (last ? row : last));
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
        <PeriodPicker
          period={period}
          planYear={planYear}
          onChange={(next) => {
            preloadPeriod(next);
            setPeriod(next);
          }}
        />
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
        <select
          value={preset}
          onChange={(e) => setColumns((l) => ({ ...l, preset: e.target.value as LayoutPreset }))}
          aria-label="列布局"
          title="填报视图：填报列紧跟编号和重点任务；完整视图：计划的全部列"
          data-testid="layout-preset"
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          aria-pressed={planTextShown}
          onClick={() => showColumns(PLAN_TEXT_COLUMNS, !planTextShown)}
          title="类别、工作措施、牵头领导：收起后在详情（Ctrl+Enter）中查看"
          data-testid="toggle-plan-text"
        >
          {planTextShown ? '收起计划内容' : '展开计划内容'}
        </button>
        <ColumnMenu
          visibility={gridVisibility}
          absent={continues ? undefined : NO_LAST_YEAR}
          onChange={(id, shown) => showColumns([id], shown)}
          onResetWidths={() => setColumnSizing({})}
        />
        <span className="pending-count" role="status" data-testid="pending-count">
          {pendingLeft === undefined
            ? ''
            : `${isFiltered({ ...filter, pending: false }) ? '筛选范围内' : ''}${
                pendingLeft === 0 ? '本月已全部更新' : `还有 ${pendingLeft} 项未更新`
              }`}
        </span>
        <span className="row-count" data-testid="row-count">
          {shown === undefined || rows === undefined
            ? '加载中…'
            : !isFiltered(filter)
              ? `${periodLabel(period)} · 共 ${rows.length} 行`
              : `${periodLabel(period)} · 筛选出 ${shown.length} / ${rows.length} 行`}
        </span>
      </div>
      <FilterBar
        filter={filter}
        onChange={setFilter}
        choices={choices}
        showUnit={!scopeUnit}
        searchRef={searchRef}
        compact={preset === 'clerk'}
      />
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
            label={`${periodLabel(period)} ${scopeUnit ?? '全部单位'} 进展填报`}
            helpId={helpId}
            onLeave={() => searchRef.current?.focus()}
            onSelectRows={onSelectRows}
            sorting={sorting}
            onSortingChange={setSorting}
            columnSizing={columnSizing}
            onColumnSizingChange={setColumnSizing}
            columnVisibility={gridVisibility}
            columnOrder={presetOrder(preset)}
            preset={preset}
            onWrite={onWrite}
            onUndo={onUndo}
            onRedo={onRedo}
            onOpenDetail={openDetail}
            onCursorRow={onCursorRow}
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
            focusRequest={detailFocus}
            onClose={() => {
              setDetailKey(null);
              setLastDetail(null); // a closed panel follows nothing
              setFocusRequest((n) => n + 1);
            }}
          />
        )}
      </div>
      {/* One line until opened (small screens need the rows); the grid's description either way. */}
      <details className="grid-help">
        <summary>键盘操作</summary>
        <p id={helpId}>
          方向键/Tab 移动 · Enter 下移（连续 Tab 后回到起始列）· F2、Alt+↓ 或直接输入开始编辑 · Enter 确认 ·
          Esc 取消 · Alt+Enter 换行 · Ctrl+C/Ctrl+V 复制粘贴（可从 Excel 粘贴） · Delete 清空 · Ctrl+Z 撤销 ·
          Ctrl+Y 重做 · Ctrl+Enter 详情 · 第一行按 ↑ 到表头（Enter 排序，Alt+←/→ 列宽） · Esc 离开表格
        </p>
      </details>
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
