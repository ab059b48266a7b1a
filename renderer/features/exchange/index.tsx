// The 导入导出 view. Loaded lazily by App.tsx (React.lazy): this module's default export is the whole
// view and takes no props — it reads what it needs through renderer/hooks. Tabs: the import wizard
// for returned workbooks, the district's master ledger imported as history, the import history (with
// undo) and the clerk's side (open the district's workbook, export the return); 导出填报工作簿 opens
// the export dialog.
import { useMemo, useState } from 'react';
import { useHash } from '../../hooks/useRoute.ts';
import { parseHash } from '../../navigation.ts';
import { resolutionMap } from '../../../shared/assignments.ts';
import { defaultPeriod } from '../../../shared/periods.ts';
import { unitsWithTasks, UnitIndex } from '../../../shared/registry.ts';
import type { GroupResolution, Task, Unit } from '../../../shared/model.ts';
import { Loading } from '../../components/Loading.tsx';
import { TabList, TabPanel } from '../../components/TabList.tsx';
import type { PlanMeta } from '../../db/schema.ts';
import type { UserProfile } from '../../db/settings-repo.ts';
import { useGroupResolutions, useProfile, useUnits } from '../../hooks/useLedgerData.ts';
import { usePlanMeta } from '../../hooks/usePlanMeta.ts';
import { useTasks } from '../../hooks/useTasks.ts';
import { ClerkPanel } from './ClerkPanel.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { HistoryImport } from './HistoryImport.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import './exchange.css';

type Tab = 'import' | 'master' | 'history' | 'clerk';

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'import', label: '导入回收的工作簿' },
  { id: 'master', label: '导入区级总台账（历史）' },
  { id: 'history', label: '导入记录' },
  { id: 'clerk', label: '单位填报：区里下发的工作簿' },
];

export default function ExchangeView() {
  const plan = usePlanMeta();
  const profile = useProfile();
  const tasks = useTasks();
  const units = useUnits();
  const resolutions = useGroupResolutions();
  if (!plan || !profile || !tasks || !units || !resolutions) return <Loading />;
  return (
    <ExchangeWorkspace plan={plan} profile={profile} tasks={tasks} units={units} resolutions={resolutions} />
  );
}

interface WorkspaceProps {
  plan: PlanMeta;
  profile: UserProfile;
  tasks: Task[];
  units: Unit[];
  resolutions: GroupResolution[];
}

function ExchangeWorkspace({ plan, profile, tasks, units, resolutions }: WorkspaceProps) {
  const [tab, setTab] = useState<Tab>(profile.mode === 'unit' ? 'clerk' : 'import');
  const [exporting, setExporting] = useState(false);
  // `#/exchange?export=1` (the Electron menu's 导出填报工作簿) opens the export dialog.
  const exportRequested = parseHash(useHash()).params.get('export') === '1';
  const closeExport = () => {
    setExporting(false);
    if (exportRequested) window.location.hash = '#/exchange';
  };
  const unitNames = useMemo(
    () => unitsWithTasks(tasks, new UnitIndex(units), resolutionMap(resolutions)),
    [tasks, units, resolutions],
  );
  const who = profile.name || '未署名';
  return (
    <section className="feature-page exchange-view" aria-labelledby="exchange-title">
      <header className="xc-head">
        <div>
          <h2 id="exchange-title">导入导出</h2>
          <p className="feature-lead">
            为各单位导出本期填报工作簿，导入各单位交回的工作簿；每次导入前自动备份，导入可撤销。
          </p>
        </div>
        <button
          type="button"
          className="primary"
          onClick={() => setExporting(true)}
          data-testid="open-export"
        >
          导出填报工作簿
        </button>
      </header>
      <TabList
        idPrefix="exchange"
        label="导入导出"
        className="xc-tabs"
        tabs={TABS.map((t) => ({ ...t, testId: `tab-${t.id}` }))}
        selected={tab}
        onSelect={setTab}
        tabClassName={(on) => (on ? 'xc-tab active' : 'xc-tab')}
      />
      <TabPanel idPrefix="exchange" selected={tab}>
        {/* The wizard stays mounted while another tab is shown, so picked files survive a look at the history. */}
        <div hidden={tab !== 'import'}>
          <ImportWizard
            planYear={plan.year}
            who={who}
            unitNames={unitNames}
            tasks={tasks}
            onShowHistory={() => setTab('history')}
          />
        </div>
        {tab === 'master' && (
          <HistoryImport
            who={who}
            tasks={tasks}
            unitNames={unitNames}
            onShowHistory={() => setTab('history')}
          />
        )}
        {tab === 'history' && <ImportHistory who={who} />}
        {tab === 'clerk' && <ClerkPanel profile={profile} who={who} />}
      </TabPanel>
      {(exporting || exportRequested) && (
        <ExportDialog
          planYear={plan.year}
          defaultPeriod={defaultPeriod(new Date(), plan.year)}
          unitNames={unitNames}
          defaultUnit={profile.mode === 'unit' ? profile.unit : null}
          onClose={closeExport}
        />
      )}
    </section>
  );
}
