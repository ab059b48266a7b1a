// The app shell: the top bar with the view navigation (台账, 计划任务, 导入导出, 统计看板, 督查清单, 设置) and the
// active view, named by location.hash (navigation.ts: #/ledger, #/settings, …; none = 台账). The
// 台账 view stays mounted while another view is shown, so its period, filters and undo history
// survive a visit to 设置. Views owned by other features load lazily from
// renderer/features/<name>/index.tsx.
//
// When a link changes the view (a dashboard figure opens the grid) the element that had the keyboard
// focus is gone or hidden: the focus then moves into the new view — the grid's cell for 台账, the
// main region otherwise — instead of falling back to the top of the page.
import { Suspense, useEffect, useRef } from 'react';
import { HeaderBar } from './components/HeaderBar.tsx';
import { Loading } from './components/Loading.tsx';
import { ViewErrorBoundary } from './components/ViewErrorBoundary.tsx';
import { NamePrompt } from './components/NamePrompt.tsx';
import LedgerView from './features/ledger/LedgerView.tsx';
import SettingsView from './features/settings/SettingsView.tsx';
import { useProfile } from './hooks/useLedgerData.ts';
import { usePlanMeta, usePlans, useWantedPlan } from './hooks/usePlanMeta.ts';
import { chooseCurrentPlan } from './state/current-plan.ts';
import { useRouteView } from './hooks/useRoute.ts';

import { lazyView } from './lazy-view.ts';

export const PlanView = lazyView(() => import('./features/plan/index.tsx'));
export const ExchangeView = lazyView(() => import('./features/exchange/index.tsx'));
export const DashboardView = lazyView(() => import('./features/dashboard/index.tsx'));
export const ChecklistView = lazyView(() => import('./features/checklist/index.tsx'));

export function App() {
  // The view follows location.hash (renderer/navigation.ts), so other views can link into it.
  const [view, setView] = useRouteView();
  const plan = usePlanMeta();
  const plans = usePlans();
  // The picker shows a choice at once, not the last plan until the new one's metadata is read.
  const wanted = useWantedPlan();
  const shownPlan = wanted !== null && plans?.some((p) => p.id === wanted) ? wanted : plan?.id;
  const profile = useProfile();
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    const lost = !active || active === document.body || !(active as HTMLElement).checkVisibility?.();
    if (!lost) return;
    const cell = view === 'ledger' ? document.querySelector<HTMLElement>('[data-testid="cell-proxy"]') : null;
    (cell ?? mainRef.current)?.focus({ preventScroll: true });
  }, [view]);
  return (
    <div className="app">
      <HeaderBar
        planTitle={plan?.title}
        plans={plans}
        planId={shownPlan}
        onPlan={chooseCurrentPlan}
        view={view}
        onView={setView}
        userName={profile?.name}
      />
      {profile && !profile.name && <NamePrompt />}
      <main className="app-main" ref={mainRef} tabIndex={-1}>
        <div className="view" hidden={view !== 'ledger'}>
          <LedgerView />
        </div>
        {view !== 'ledger' && (
          <div className="view view-page">
            <ViewErrorBoundary view={view}>
              <Suspense fallback={<Loading />}>
                {view === 'plan' && <PlanView />}
                {view === 'exchange' && <ExchangeView />}
                {view === 'dashboard' && <DashboardView />}
                {view === 'checklist' && <ChecklistView />}
                {view === 'settings' && <SettingsView />}
              </Suspense>
            </ViewErrorBoundary>
          </div>
        )}
      </main>
    </div>
  );
}
