// Navigation between views through location.hash, so a figure on the dashboard or a grid selection can
// open another view with its filter, and the URL can be bookmarked or reloaded. Routes:
//
//   #/<view>                      view ∈ ledger | exchange | dashboard | checklist | settings
//   #/ledger?<grid filter>        the grid, filtered — query keys (all optional except period):
//       period         YYYY-MM                       the reporting period
//       plan           air | water | soil            类别
//       section        section heading, exact        e.g. 二、推进机动车结构进一步优化
//       unit           canonical unit name           e.g. 永乐店镇
//       status         未启动 | 推进中 | 已完成 | 不涉及 | none (nothing filed)
//       deadlineState  due | overdue | in-window | before-window | ongoing | done | unknown
//       overdue        1                             only rows past their deadline and not done
//       judgement      a 序时 judgement               e.g. 欠进度 (ScheduleJudgement in shared/schedule.ts)
//       category       done | inProgress | late | notStarted | na
//                      the dashboard's partition of rows: shared/dashboard.ts rowCategory(status,
//                      deadlineState, judgement) — the grid keeps rows whose category matches
//       review         待审核 | 已审核 | 退回 | unreported (the district's review of the month's report)
//   #/checklist?<scope>           the inspection checklist — query keys:
//       period (YYYY-MM), unit, plan, section, tasks (comma-separated task ids: air-01,air-02)
//   #/dashboard?period=YYYY-MM    the dashboard for a period
//
// Values are URI-encoded (URLSearchParams). Unknown or invalid values are dropped on parse.
// Nothing is stored here: the hash is the state.
import { REVIEW_FILTERS } from '../shared/grid-filter.ts';
import { ROW_CATEGORIES, type RowCategory } from '../shared/period-state.ts';
import type { DeadlineState } from '../shared/deadline.ts';
import { isPeriod } from '../shared/deadline.ts';
import type { GridLinkFilter } from '../shared/grid-filter.ts';
import { isPlanId, isStatus, type PlanId } from '../shared/model.ts';
import type { ScheduleJudgement } from '../shared/schedule.ts';
import type { ViewId } from './components/HeaderBar.tsx';

export const VIEW_IDS: readonly ViewId[] = [
  'ledger',
  'plan',
  'exchange',
  'dashboard',
  'checklist',
  'settings',
];

const DEADLINE_STATES: readonly DeadlineState[] = [
  'due',
  'overdue',
  'in-window',
  'before-window',
  'ongoing',
  'done',
  'unknown',
];
const JUDGEMENTS: readonly ScheduleJudgement[] = [
  '已完成',
  '超进度',
  '达到序时',
  '欠进度',
  '已逾期',
  '未到实施期',
  '已报送',
  '未报送',
  '未填比例',
  '不涉及',
];
const CATEGORIES: readonly RowCategory[] = ROW_CATEGORIES;

export interface Route {
  view: ViewId | null;
  params: URLSearchParams;
}

/** `#/checklist?unit=x` → { view: 'checklist', params }. An empty or foreign hash → view null. */
export function parseHash(hash: string): Route {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  const view = m && (VIEW_IDS as readonly string[]).includes(m[1] as string) ? (m[1] as ViewId) : null;
  return { view, params: new URLSearchParams(view ? (m?.[2] ?? '') : '') };
}

function hashOf(view: ViewId, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `#/${view}?${s}` : `#/${view}`;
}

// ---------------------------------------------------------------------------------------------------
// The grid

/** A grid link: the period plus the filter it asks for (shared/grid-filter.ts turns that into a GridFilter). */
export interface GridLink extends GridLinkFilter {
  period: string;
}

export function gridHash(f: GridLink): string {
  return hashOf('ledger', {
    period: f.period,
    plan: f.plan,
    section: f.section,
    unit: f.unit,
    status: f.status,
    deadlineState: f.deadlineState,
    overdue: f.overdue ? '1' : undefined,
    judgement: f.judgement,
    category: f.category,
    review: f.review,
  });
}

/** The grid filter a `#/ledger?…` hash asks for; null when it is not a grid route with a valid period. */
export function parseGridLink(hash: string): GridLink | null {
  const { view, params: p } = parseHash(hash);
  const period = p.get('period') ?? '';
  if (view !== 'ledger' || !isPeriod(period)) return null;
  const out: GridLink = { period };
  const plan = p.get('plan');
  if (isPlanId(plan)) out.plan = plan;
  const section = p.get('section');
  if (section) out.section = section;
  const unit = p.get('unit');
  if (unit) out.unit = unit;
  const status = p.get('status');
  if (status === 'none' || isStatus(status)) out.status = status;
  const state = p.get('deadlineState');
  if ((DEADLINE_STATES as readonly (string | null)[]).includes(state))
    out.deadlineState = state as DeadlineState;
  if (p.get('overdue') === '1') out.overdue = true;
  const judgement = p.get('judgement');
  if ((JUDGEMENTS as readonly (string | null)[]).includes(judgement))
    out.judgement = judgement as ScheduleJudgement;
  const category = p.get('category');
  if ((CATEGORIES as readonly (string | null)[]).includes(category)) out.category = category as RowCategory;
  const review = p.get('review');
  if ((REVIEW_FILTERS as readonly (string | null)[]).includes(review))
    out.review = review as NonNullable<GridLink['review']>;
  return out;
}

/** Open the grid (台账) with this filter. */
export function navigateToGrid(filter: GridLink): void {
  window.location.hash = gridHash(filter);
}

// ---------------------------------------------------------------------------------------------------
// The checklist

export interface ChecklistLink {
  period: string;
  unit?: string;
  plan?: PlanId;
  section?: string;
  taskIds?: readonly string[];
}

export function checklistHash(s: ChecklistLink): string {
  return hashOf('checklist', {
    period: s.period,
    unit: s.unit,
    plan: s.plan,
    section: s.section,
    tasks: s.taskIds?.length ? s.taskIds.join(',') : undefined,
  });
}

/** The checklist scope a `#/checklist?…` hash asks for (fields absent when not given or invalid). */
export function parseChecklistLink(hash: string): Partial<ChecklistLink> | null {
  const { view, params: p } = parseHash(hash);
  if (view !== 'checklist') return null;
  const out: Partial<ChecklistLink> = {};
  const period = p.get('period');
  if (period && isPeriod(period)) out.period = period;
  const unit = p.get('unit');
  if (unit) out.unit = unit;
  const plan = p.get('plan');
  if (isPlanId(plan)) out.plan = plan;
  const section = p.get('section');
  if (section) out.section = section;
  const tasks = (p.get('tasks') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => /^(air|water|soil)-\d{2,}$/.test(t));
  if (tasks.length) out.taskIds = tasks;
  return out;
}

/** Open the inspection checklist (督查清单) for a unit, a plan, a section or a selection of tasks. */
export function openChecklist(scope: ChecklistLink): void {
  window.location.hash = checklistHash(scope);
}

// ---------------------------------------------------------------------------------------------------
// The dashboard

export function dashboardHash(period: string): string {
  return hashOf('dashboard', { period });
}

/** The period a `#/dashboard?period=…` hash asks for, or null. */
export function parseDashboardPeriod(hash: string): string | null {
  const { view, params } = parseHash(hash);
  const period = params.get('period') ?? '';
  return view === 'dashboard' && isPeriod(period) ? period : null;
}

export function openDashboard(period: string): void {
  window.location.hash = dashboardHash(period);
}

// ---------------------------------------------------------------------------------------------------
// Views

/** Show a view; a hash already on that view (with its query) is kept. */
export function showView(view: ViewId): void {
  if (parseHash(window.location.hash).view === view) return;
  window.location.hash = `#/${view}`;
}

export function subscribeHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function currentHash(): string {
  return window.location.hash;
}
