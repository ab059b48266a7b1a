// The wizard's mapping step for one file in a layout we did not write: the sheets it found (plan,
// header rows), each column's field and each row's task — every one with its score and what it rests
// on. What is below the confident score is marked and must be confirmed or corrected; nothing is
// applied until nothing is left to confirm. Corrections go through shared/mapping/edit-mapping.ts.
import { useMemo, useState } from 'react';
import { confirmations } from '../../../shared/mapping/detect-layout.ts';
import {
  confirmItem,
  setColumnField,
  setRowTask,
  setRowUnit,
  setSheetPlan,
  setSheetUse,
} from '../../../shared/mapping/edit-mapping.ts';
import { MAPPED_FIELD_LABELS, MAPPED_FIELDS, type MappedField } from '../../../shared/mapping/synonyms.ts';
import {
  CONFIDENT,
  type ColumnMapping,
  type Confirmation,
  type LayoutMapping,
  type RowMapping,
  type SheetMapping,
} from '../../../shared/mapping/types.ts';
import { PLAN_IDS, planName, taskLabel, type PlanId, type Task } from '../../../shared/model.ts';

const BY_LABEL: Record<string, string> = {
  exact: '表头相同',
  synonym: '同义表头',
  partial: '表头包含',
  content: '按内容',
  saved: '上次确认',
  user: '人工确认',
  none: '—',
  id: '任务编号',
  ordinal: '序号',
  text: '文字相似',
  'ordinal+text': '序号+文字',
  ids: '任务编号',
  category: '类别列',
  name: '表名',
  title: '标题',
};

function Score({ score, confirmed }: { score: number; confirmed?: boolean }) {
  const cls = confirmed ? 'xc-score' : score >= CONFIDENT ? 'xc-score good' : 'xc-score low';
  return (
    <span className={cls} title="把握（0–1），0.8 以上自动采用">
      {score.toFixed(2)}
    </span>
  );
}

const isOpen = (open: readonly Confirmation[], sheet: string, pick: (c: Confirmation) => boolean) =>
  open.some((c) => c.sheet === sheet && pick(c));

interface MappingPanelProps {
  fileName: string;
  mapping: LayoutMapping;
  tasks: readonly Task[];
  /** History: the units a row may be for. */
  unitNames?: readonly string[];
  onChange: (mapping: LayoutMapping) => void;
}

export function MappingPanel({ fileName, mapping, tasks, unitNames = [], onChange }: MappingPanelProps) {
  const open = useMemo(() => confirmations(mapping), [mapping]);
  const used = mapping.sheets.filter((s) => s.use);
  const unused = mapping.sheets.filter((s) => !s.use);
  return (
    <section className="xc-mapping" data-testid="mapping-panel" data-file-name={fileName}>
      <h3>
        {fileName}
        {mapping.saved === 'applied' && <span className="badge badge-good">按上次确认的映射</span>}
      </h3>
      {mapping.warnings.map((w, i) => (
        <p key={i} className="xc-warn-text" data-testid="mapping-warning">
          {w}
        </p>
      ))}
      <p className={open.length ? 'xc-warn-text' : 'muted'} data-testid="mapping-open-count">
        {open.length
          ? `有 ${open.length} 项识别没有把握（低于 ${CONFIDENT}），请逐项确认或改正：`
          : '各项识别均已有把握或已确认。'}
      </p>
      {open.length > 0 && (
        <ul className="xc-list" data-testid="mapping-open">
          {open.map((c, i) => (
            <li key={i}>{c.message}</li>
          ))}
        </ul>
      )}
      {used.map((s) => (
        <SheetSection
          key={s.sheet}
          sheet={s}
          mapping={mapping}
          open={open}
          tasks={tasks}
          unitNames={unitNames}
          onChange={onChange}
        />
      ))}
      {unused.length > 0 && (
        <p className="muted xc-small">
          未读取的工作表：{unused.map((s) => `${s.sheet}（${s.note ?? '未使用'}）`).join('、')}
        </p>
      )}
    </section>
  );
}

interface SheetProps {
  sheet: SheetMapping;
  mapping: LayoutMapping;
  open: readonly Confirmation[];
  tasks: readonly Task[];
  unitNames: readonly string[];
  onChange: (mapping: LayoutMapping) => void;
}

function SheetSection({ sheet: s, mapping, open, tasks, unitNames, onChange }: SheetProps) {
  const [showAll, setShowAll] = useState(false);
  const planOpen = isOpen(open, s.sheet, (c) => c.kind === 'plan' || c.kind === 'sheet');
  const flaggedRows = new Set(open.filter((c) => c.sheet === s.sheet && c.kind === 'row').map((c) => c.row));
  const rows = showAll ? s.rows : s.rows.filter((r) => flaggedRows.has(r.row));
  const header =
    s.headerRows.length === 2 ? `第 ${s.headerRows[0]}–${s.headerRows[1]} 行` : `第 ${s.headerRows[0]} 行`;
  return (
    <details className="xc-map-sheet" open data-testid="mapping-sheet" data-sheet={s.sheet}>
      <summary>
        工作表“{s.sheet}”：{s.plan ? planName(s.plan) : '全部计划'}
        （把握 <Score score={s.planScore} confirmed={s.planBy === 'user'} />，{BY_LABEL[s.planBy] ?? s.planBy}
        ）· 表头{header} · {s.rows.length} 行任务
        {s.skipped.length ? ` · 跳过 ${s.skipped.length} 行标题/说明` : ''}
        {s.month ? ` · ${s.month}` : ''}
      </summary>
      {s.note && <p className="muted xc-small">{s.note}</p>}
      <div className="xc-map-plan">
        <label>
          对应计划：
          <select
            value={s.plan ?? ''}
            onChange={(e) =>
              onChange(setSheetPlan(mapping, s.sheet, (e.target.value || null) as PlanId | null))
            }
            data-testid="mapping-plan"
          >
            <option value="">全部计划</option>
            {PLAN_IDS.map((p) => (
              <option key={p} value={p}>
                {planName(p)}
              </option>
            ))}
          </select>
        </label>
        {planOpen && (
          <button
            type="button"
            onClick={() => onChange(confirmItem(mapping, { kind: 'plan', sheet: s.sheet }))}
            data-testid="mapping-plan-confirm"
          >
            确认
          </button>
        )}
        <label>
          <input
            type="checkbox"
            checked={s.use}
            onChange={(e) => onChange(setSheetUse(mapping, s.sheet, e.target.checked))}
          />
          读取本表
        </label>
      </div>
      <table className="xc-table xc-map-columns">
        <thead>
          <tr>
            <th>列</th>
            <th>表头</th>
            <th>对应字段</th>
            <th>把握</th>
            <th>依据</th>
            <th>
              <span className="sr-only">操作</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {s.columns.map((c) => (
            <ColumnRow
              key={c.col}
              column={c}
              flagged={isOpen(open, s.sheet, (x) => x.kind === 'column' && x.col === c.col)}
              onField={(field) => onChange(setColumnField(mapping, s.sheet, c.col, field))}
              onConfirm={() => onChange(confirmItem(mapping, { kind: 'column', sheet: s.sheet, col: c.col }))}
            />
          ))}
        </tbody>
      </table>
      <div className="xc-map-rows-head">
        <strong>行与任务的对应</strong>
        <span className="muted">{flaggedRows.size ? `${flaggedRows.size} 行需确认` : '全部有把握'}</span>
        <label>
          <input
            type="checkbox"
            checked={showAll}
            onChange={(e) => setShowAll(e.target.checked)}
            data-testid="mapping-show-all"
          />
          显示全部 {s.rows.length} 行
        </label>
      </div>
      {rows.length > 0 && (
        <table className="xc-table xc-map-rows">
          <thead>
            <tr>
              <th>行</th>
              <th>文件中的内容</th>
              {mapping.mode === 'history' && <th>责任单位</th>}
              <th>对应任务</th>
              <th>把握</th>
              <th>依据</th>
              <th>
                <span className="sr-only">操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <TaskRow
                key={r.row}
                row={r}
                plan={s.plan}
                tasks={tasks}
                history={mapping.mode === 'history'}
                unitNames={unitNames}
                flagged={flaggedRows.has(r.row)}
                onTask={(taskId) => onChange(setRowTask(mapping, s.sheet, r.row, taskId))}
                onUnit={(unit) => onChange(setRowUnit(mapping, s.sheet, r.row, unit))}
                onConfirm={() => onChange(confirmItem(mapping, { kind: 'row', sheet: s.sheet, row: r.row }))}
              />
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

function ColumnRow({
  column: c,
  flagged,
  onField,
  onConfirm,
}: {
  column: ColumnMapping;
  flagged: boolean;
  onField: (field: MappedField | null) => void;
  onConfirm: () => void;
}) {
  return (
    <tr className={flagged ? 'xc-flag' : undefined} data-testid="mapping-column" data-col={c.letter}>
      <td>{c.letter}</td>
      <td>
        {c.header}
        {c.month ? `（${c.month}）` : ''}
      </td>
      <td>
        <select
          value={c.field ?? ''}
          onChange={(e) => onField((e.target.value || null) as MappedField | null)}
          aria-label={`${c.letter} 列对应字段`}
          data-testid="mapping-column-field"
        >
          <option value="">（不导入）</option>
          {MAPPED_FIELDS.map((f) => (
            <option key={f} value={f}>
              {MAPPED_FIELD_LABELS[f]}
            </option>
          ))}
        </select>
        {c.note && <span className="muted xc-small"> {c.note}</span>}
      </td>
      <td>{c.field ? <Score score={c.score} confirmed={c.by === 'user'} /> : '—'}</td>
      <td>{BY_LABEL[c.by] ?? c.by}</td>
      <td>
        {flagged && (
          <button type="button" onClick={onConfirm} data-testid="mapping-column-confirm">
            确认
          </button>
        )}
      </td>
    </tr>
  );
}

function TaskRow({
  row: r,
  plan,
  tasks,
  history,
  unitNames,
  flagged,
  onTask,
  onUnit,
  onConfirm,
}: {
  row: RowMapping;
  plan: PlanId | null;
  tasks: readonly Task[];
  history: boolean;
  unitNames: readonly string[];
  flagged: boolean;
  onTask: (taskId: string | null) => void;
  onUnit: (unit: string | null) => void;
  onConfirm: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const byId = useMemo(() => new Map(tasks.map((t) => [t.id, t])), [tasks]);
  const label = (id: string) => `${taskLabel(id)} ${(byId.get(id)?.keyTask ?? '').slice(0, 16)}`;
  const choices = plan ? tasks.filter((t) => t.plan === plan) : tasks;
  return (
    <tr
      className={flagged ? 'xc-flag' : undefined}
      data-testid="mapping-row"
      data-row={r.row}
      data-task-id={r.taskId ?? ''}
    >
      <td>{r.row}</td>
      <td className="xc-map-label">{r.label}</td>
      {history && (
        <td>
          {r.unit ?? (
            <select value="" onChange={(e) => onUnit(e.target.value || null)} aria-label="责任单位">
              <option value="">“{r.unitText}”不在名录，选择单位…</option>
              {unitNames.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          )}
        </td>
      )}
      <td>
        {flagged || editing ? (
          <select
            value={r.taskId ?? ''}
            onChange={(e) => onTask(e.target.value || null)}
            aria-label={`第 ${r.row} 行对应任务`}
            data-testid="mapping-row-task"
          >
            <option value="">（不导入）</option>
            {r.candidates.length > 0 && (
              <optgroup label="最接近的任务">
                {r.candidates.map((c) => (
                  <option key={`c-${c.taskId}`} value={c.taskId}>
                    {label(c.taskId)}（{c.score.toFixed(2)}）
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={plan ? `${planName(plan)}的全部任务` : '全部任务'}>
              {choices.map((t) => (
                <option key={t.id} value={t.id}>
                  {label(t.id)}
                </option>
              ))}
            </optgroup>
          </select>
        ) : (
          <>
            {r.taskId ? label(r.taskId) : '（不导入）'}{' '}
            <button type="button" className="link" onClick={() => setEditing(true)}>
              更改
            </button>
          </>
        )}
        {r.note && <div className="muted xc-small">{r.note}</div>}
      </td>
      <td>
        <Score score={r.score} confirmed={r.by === 'user'} />
      </td>
      <td>{BY_LABEL[r.by] ?? r.by}</td>
      <td>
        {flagged && (
          <button type="button" onClick={onConfirm} data-testid="mapping-row-confirm">
            确认
          </button>
        )}
      </td>
    </tr>
  );
}
