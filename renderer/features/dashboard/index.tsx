// The 统计看板 view. Loaded lazily by App.tsx (React.lazy): this module's default export is the whole
// view and takes no props. The period lives in the hash (`#/dashboard?period=…`). Every figure is
// computed by shared/dashboard.ts and every number opens the grid with the matching filter
// (renderer/navigation.ts navigateToGrid). The toolbar's 公文 buttons (DocumentButtons.tsx) turn the
// same figures into the month's 通报, 催报通知 and 进展情况 annex.
import { memo, useMemo } from 'react';
import {
  buildDashboard,
  doneShare,
  type CategoryCounts,
  type Dashboard,
  type TaskFigures,
  type UnitFigures,
} from '../../../shared/dashboard.ts';
import { plainEqual } from '../../../shared/plain-equal.ts';
import { planChart, returnsChart } from '../../../shared/dashboard-charts.ts';
import { periodLabel } from '../../../shared/deadline.ts';
import { dateWords } from '../../../shared/deadline-words.ts';
import type { PlanId } from '../../../shared/model.ts';
import { defaultPeriod, periodChoices } from '../../../shared/periods.ts';
import type { UnitReturn } from '../../../shared/period-state.ts';
import { Loading } from '../../components/Loading.tsx';
import { preloadPeriod, useHeldPeriodView } from '../../hooks/usePeriod.ts';
import { usePlanMeta } from '../../hooks/usePlanMeta.ts';
import type { PeriodView } from '../../state/period-cache.ts';
import { useHash, useHashBackedValue } from '../../hooks/useRoute.ts';
import { navigateToGrid, openDashboard, parseDashboardPeriod, type GridLink } from '../../navigation.ts';
import { StackedBars, ShareBar } from './charts.tsx';
import { ReminderPanel } from './ReminderPanel.tsx';
import { DocumentButtons } from './DocumentButtons.tsx';
import './dashboard.css';

export default function DashboardView() {
  const plan = usePlanMeta();
  const hash = useHash();
  if (!plan) return <Loading />;
  const period = parseDashboardPeriod(hash) ?? defaultPeriod(new Date(), plan.year);
  return <DashboardPeriod period={period} />;
}

/**
 * The month's view comes from the period cache: read once, then kept current by each commit. While
 * another month loads, the last one stays (dimmed, aria-busy) so the period list keeps the focus.
 */
function DashboardPeriod({ period }: { period: string }) {
  const { view, loading } = useHeldPeriodView(period);
  if (!view) return <Loading />;
  return <DashboardWorkspace view={view} period={period} loading={loading} />;
}

type Scope = Pick<GridLink, 'plan' | 'section' | 'unit'>;

/** A figure that opens the grid with its filter. */
interface FigProps {
  value: number | string;
  link: GridLink;
  label: string;
  testId?: string;
  tone?: 'late' | 'done';
}

function Fig({ value, link, label, testId, tone }: FigProps) {
  return (
    <button
      type="button"
      className={`fig${tone ? ` fig-${tone}` : ''}`}
      onClick={() => navigateToGrid(link)}
      title={`在台账中查看：${label}`}
      aria-label={`${label}：${value}，在台账中查看`}
      data-testid={testId}
    >
      {value}
    </button>
  );
}

/** A table cell holding one figure that opens its rows in the grid. */
function FigCell(props: FigProps) {
  return (
    <td className="num">
      <Fig {...props} />
    </td>
  );
}

function countLinks(period: string, scope: Scope) {
  return {
    done: { period, ...scope, status: '已完成' } as GridLink,
    inProgress: { period, ...scope, category: 'inProgress' } as GridLink,
    late: { period, ...scope, category: 'late' } as GridLink,
    overdue: { period, ...scope, overdue: true } as GridLink,
    behind: { period, ...scope, judgement: '欠进度' } as GridLink,
    notStarted: { period, ...scope, category: 'notStarted' } as GridLink,
    na: { period, ...scope, status: '不涉及' } as GridLink,
    all: { period, ...scope } as GridLink,
  };
}

/** The count cells of one table row: total, done, in progress, late (overdue / behind), not started, n/a. */
function CountCells({
  c,
  period,
  scope,
  testId,
}: {
  c: CategoryCounts;
  period: string;
  scope: Scope;
  testId: string;
}) {
  const l = countLinks(period, scope);
  return (
    <>
      <FigCell value={c.total} link={l.all} label="全部" testId={`${testId}-total`} />
      <FigCell value={c.done} link={l.done} label="已完成" tone="done" testId={`${testId}-done`} />
      <FigCell value={c.inProgress} link={l.inProgress} label="推进中" testId={`${testId}-inProgress`} />
      <td className="num">
        <Fig value={c.late} link={l.late} label="滞后" tone="late" testId={`${testId}-late`} />
        <span className="sub">
          逾期 <Fig value={c.overdue} link={l.overdue} label="逾期" testId={`${testId}-overdue`} /> · 欠进度{' '}
          <Fig value={c.behind} link={l.behind} label="欠进度" testId={`${testId}-behind`} />
        </span>
      </td>
      <FigCell value={c.notStarted} link={l.notStarted} label="未启动" testId={`${testId}-notStarted`} />
      <FigCell value={c.na} link={l.na} label="不涉及" testId={`${testId}-na`} />
      <td className="num">
        <ShareBar value={doneShare(c)} />
      </td>
    </>
  );
}

function returnText(r: UnitReturn): { text: string; tone: 'ok' | 'late' | 'missing' } {
  if (!r.received) return { text: '未报送', tone: 'missing' };
  const how = r.received === 'import' ? '导入' : '在线填报';
  const day = r.receivedOn ?? '';
  return r.late
    ? { text: `逾期报送（${how} ${day}）`, tone: 'late' }
    : { text: `已报送（${how} ${day}）`, tone: 'ok' };
}

function PlanSection({ d }: { d: Dashboard }) {
  const period = d.period;
  const chart = planChart(d);
  return (
    <section className="dash-card" aria-labelledby="dash-plans">
      <h3 id="dash-plans">按类别、章节（任务 × 单位）</h3>
      <StackedBars
        title={chart.title}
        rows={chart.rows}
        testId="chart-plans"
        onSelect={(plan, seg) => {
          const links = countLinks(period, { plan: plan as PlanId });
          navigateToGrid(links[seg as keyof typeof links]);
        }}
      />
      <table className="dash-table" data-testid="plan-table">
        <thead>
          <tr>
            <th>类别 / 章节</th>
            <th>任务数</th>
            <th>全部单位已完成</th>
            <th>任务×单位</th>
            <th>已完成</th>
            <th>推进中</th>
            <th>滞后</th>
            <th>未启动</th>
            <th>不涉及</th>
            <th>完成率</th>
          </tr>
        </thead>
        {d.plans.map((p) => (
          <tbody key={p.plan}>
            <tr className="plan-row" data-testid={`plan-row-${p.plan}`}>
              <th scope="row">{p.name}</th>
              <td className="num">{p.tasks}</td>
              <td className="num">{p.tasksAllDone}</td>
              <CountCells c={p.counts} period={period} scope={{ plan: p.plan }} testId={`plan-${p.plan}`} />
            </tr>
            {p.sections.map((s, i) => (
              <tr key={s.section} className="section-row">
                <th scope="row" title={s.section}>
                  {s.section}
                </th>
                <td className="num">{s.tasks}</td>
                <td className="num">{s.tasksAllDone}</td>
                <CountCells
                  c={s.counts}
                  period={period}
                  scope={{ plan: p.plan, section: s.section }}
                  testId={`section-${p.plan}-${i}`}
                />
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </section>
  );
}

function RankingSection({ d }: { d: Dashboard }) {
  const period = d.period;
  const returns = returnsChart(d);
  return (
    <section className="dash-card" aria-labelledby="dash-ranking">
      <h3 id="dash-ranking">单位排名通报</h3>
      <p className="muted small">
        按完成率从高到低，完成率相同时逾期任务少者在前；完成率 = 已完成 ÷（任务数 − 不涉及）。
        {d.rankReviewedOnly && (
          <strong data-testid="ranking-reviewed-only"> 排名只计区里已审核的报送（设置中可更改）。</strong>
        )}
      </p>
      <p data-testid="review-totals">
        本期报送待审核 <strong>{d.reviewPending}</strong> 项，已退回 <strong>{d.reviewReturned}</strong> 项。
      </p>
      <StackedBars title={returns.title} testId="chart-returns" rows={returns.rows} />
      <table className="dash-table" data-testid="ranking-table">
        <thead>
          <tr>
            <th>名次</th>
            <th>单位</th>
            <th>任务数</th>
            <th>已完成</th>
            <th>完成率</th>
            <th>逾期</th>
            <th>欠进度</th>
            <th>未审核</th>
            <th>退回</th>
            <th>本期报送</th>
          </tr>
        </thead>
        <tbody>
          {d.ranking.map((u) => (
            <RankingRow key={u.unit} u={u} period={period} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * One unit's line of the ranking, redrawn only when its figures change: an edit changes the lines
 * of the units whose figures or places it moves, and redrawing all 54 (with the task table's 134)
 * was about a third of the dashboard's update after an edit.
 */
const RankingRow = memo(
  function RankingRow({ u, period }: { u: UnitFigures; period: string }) {
    const r = returnText(u.returned);
    return (
      <tr data-testid="unit-row" data-unit={u.unit}>
        <td className="num">{u.rank}</td>
        <th scope="row">
          <Fig value={u.unit} link={{ period, unit: u.unit }} label={`${u.unit} 全部任务`} />
        </th>
        <td className="num">{u.counts.total}</td>
        <FigCell
          value={u.counts.done}
          link={{ period, unit: u.unit, status: '已完成' }}
          label={`${u.unit} 已完成`}
          tone="done"
          testId="unit-done"
        />
        <td className="num" data-testid="unit-share">
          <ShareBar value={u.doneShare} />
        </td>
        <FigCell
          value={u.overdue}
          link={{ period, unit: u.unit, overdue: true }}
          label={`${u.unit} 逾期任务`}
          tone={u.overdue ? 'late' : undefined}
          testId="unit-overdue"
        />
        <FigCell
          value={u.counts.behind}
          link={{ period, unit: u.unit, judgement: '欠进度' }}
          label={`${u.unit} 欠进度任务`}
          testId="unit-behind"
        />
        <FigCell
          value={u.reviewPending}
          link={{ period, unit: u.unit, review: '待审核' }}
          label={`${u.unit} 未审核`}
          testId="unit-unreviewed"
        />
        <FigCell
          value={u.reviewReturned}
          link={{ period, unit: u.unit, review: '退回' }}
          label={`${u.unit} 退回`}
          tone={u.reviewReturned ? 'late' : undefined}
          testId="unit-returned"
        />
        <td className={`return-${r.tone}`} data-testid="unit-return">
          {r.text}
        </td>
      </tr>
    );
  },
  (a, b) => a.period === b.period && plainEqual(a.u, b.u),
);

/** One task's line, redrawn only when its figures change (as RankingRow). */
const TaskRow = memo(
  function TaskRow({ t }: { t: TaskFigures }) {
    return (
      <tr>
        <td>{t.label}</td>
        <td>{t.task.keyTask}</td>
        <td className="num">{t.units}</td>
        <td className="num">{t.counts.done}</td>
        <td className="num">{t.counts.late}</td>
        <td className="num">{t.allDone ? '✓' : ''}</td>
      </tr>
    );
  },
  (a, b) => plainEqual(a.t, b.t),
);

function TaskSection({ d }: { d: Dashboard }) {
  const allDone = d.tasks.filter((t) => t.allDone);
  return (
    <section className="dash-card" aria-labelledby="dash-tasks">
      <h3 id="dash-tasks">按任务</h3>
      <p data-testid="tasks-all-done">
        全部责任单位已完成的任务：<strong>{allDone.length}</strong> / {d.tasks.length} 项
        {allDone.length > 0 && `（${allDone.map((t) => t.label).join('、')}）`}
      </p>
      <details>
        <summary>逐项查看</summary>
        <table className="dash-table">
          <thead>
            <tr>
              <th>编号</th>
              <th>重点任务</th>
              <th>单位数</th>
              <th>已完成</th>
              <th>滞后</th>
              <th>全部完成</th>
            </tr>
          </thead>
          <tbody>
            {d.tasks.map((t) => (
              <TaskRow key={t.task.id} t={t} />
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function DashboardWorkspace({
  view,
  period: picked,
  loading,
}: {
  view: PeriodView;
  period: string;
  loading: boolean;
}) {
  const { frame, state } = view;
  const period = state.period;
  // The list shows the choice at once; the hash (the truth) follows.
  const [shownPeriod, setShownPeriod] = useHashBackedValue(picked);
  // From the pick until the picked month is read (the hash follows a tick later), what is shown is
  // still the last month's.
  const pending = loading || shownPeriod !== period;
  const d = useMemo(
    () => buildDashboard(state, { rankReviewedOnly: frame.settings.rankReviewedOnly }),
    [state, frame.settings.rankReviewedOnly],
  );
  const t = d.totals;
  const unitsTotal = d.units.length;
  const received = d.units.filter((u) => u.returned.received).length;
  const lateReturns = d.units.filter((u) => u.returned.received && u.returned.late).length;
  const l = countLinks(period, {});
  return (
    <section
      className={pending ? 'dashboard-view dash-loading' : 'dashboard-view'}
      aria-labelledby="dashboard-title"
      aria-busy={pending || undefined}
    >
      <div className="dash-toolbar">
        <h2 id="dashboard-title">统计看板</h2>
        <label>
          报告期
          <select
            value={shownPeriod}
            onChange={(e) => {
              preloadPeriod(e.target.value);
              setShownPeriod(e.target.value);
              openDashboard(e.target.value);
            }}
            data-testid="dashboard-period"
          >
            {periodChoices(frame.meta.year, shownPeriod).map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          报送截止：{dateWords(d.dueDate)}（每月{frame.settings.returnDueDay}日前，可在设置中修改）
        </span>
        <DocumentButtons view={view} d={d} loading={pending} />
      </div>

      {/* While another month loads, what is shown is the last month's: nothing in it can be clicked,
          so no link, export or document is made for a month other than the one the list names. */}
      <div className="dash-body" inert={pending || undefined}>
        <div className="dash-tiles" data-testid="dash-totals">
          <div className="tile">
            <span className="tile-label">任务 × 单位</span>
            <Fig value={t.total} link={l.all} label="全部" testId="total-all" />
          </div>
          <div className="tile tile-done">
            <span className="tile-label">已完成</span>
            <Fig value={t.done} link={l.done} label="已完成" testId="total-done" />
            <span className="tile-sub">{doneShare(t)}%</span>
          </div>
          <div className="tile">
            <span className="tile-label">推进中</span>
            <Fig value={t.inProgress} link={l.inProgress} label="推进中" testId="total-inProgress" />
          </div>
          <div className="tile tile-late">
            <span className="tile-label">滞后</span>
            <Fig value={t.late} link={l.late} label="滞后" testId="total-late" />
            <span className="tile-sub">
              逾期 <Fig value={t.overdue} link={l.overdue} label="逾期" testId="total-overdue" /> · 欠进度{' '}
              <Fig value={t.behind} link={l.behind} label="欠进度" testId="total-behind" />
            </span>
          </div>
          <div className="tile">
            <span className="tile-label">未启动</span>
            <Fig value={t.notStarted} link={l.notStarted} label="未启动" testId="total-notStarted" />
          </div>
          <div className="tile">
            <span className="tile-label">本期已报送单位</span>
            <span className="tile-value" data-testid="total-returns">
              {received} / {unitsTotal}
            </span>
            <span className="tile-sub">其中逾期报送 {lateReturns}</span>
          </div>
        </div>

        <PlanSection d={d} />
        <RankingSection d={d} />
        <ReminderPanel d={d} planTitle={frame.meta.title} docNumber={frame.meta.docNumber} />
        <TaskSection d={d} />
      </div>
    </section>
  );
}
