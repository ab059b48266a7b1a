// The 计划任务 view: the plan itself — all 134 tasks with their measures, deadline, leaders, lead and
// co-units, as the document states them (blank key-task cells marked as carried down). Read-only;
// progress is kept in the 台账 view. 导入新计划 opens the plan import (PlanImport.tsx).
import { useMemo, useState } from 'react';
import { taskCountText, taskRowView } from '../../../shared/task-view.ts';
import { Loading } from '../../components/Loading.tsx';
import { useTasks } from '../../hooks/useTasks.ts';
import { PlanGrid } from './PlanGrid.tsx';
import { PlanImport } from './PlanImport.tsx';
import { PlanReissue } from './PlanReissue.tsx';
import { usePlanMeta } from '../../hooks/usePlanMeta.ts';
import { useProfile } from '../../hooks/useLedgerData.ts';
import './plan.css';

export default function PlanView() {
  const tasks = useTasks();
  const [query, setQuery] = useState('');
  const [importing, setImporting] = useState<'plan' | 'reissue' | null>(null);
  const plan = usePlanMeta();
  const profile = useProfile();
  const rows = useMemo(() => tasks?.map(taskRowView), [tasks]);
  const shown = useMemo(() => {
    const q = query.trim();
    if (!rows || !q) return rows;
    return rows.filter((r) =>
      [r.label, r.section, r.keyTask, r.measures, r.deadline, r.leaders, r.leadUnits, r.coUnits].some((t) =>
        t.includes(q),
      ),
    );
  }, [rows, query]);
  if (!rows || !shown) return <Loading />;
  return (
    <section className="plan-view" aria-labelledby="plan-title-heading">
      <div className="plan-toolbar">
        <h2 id="plan-title-heading">计划任务</h2>
        <input
          type="search"
          placeholder="搜索编号、任务、措施、单位、领导…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="搜索计划任务"
          data-testid="plan-search"
        />
        <span className="plan-count" data-testid="plan-count">
          {shown.length === rows.length
            ? taskCountText(rows.length)
            : `筛选出 ${shown.length} / ${rows.length} 项任务`}
        </span>
        {!importing && profile?.mode !== 'unit' && (
          <>
            <button type="button" onClick={() => setImporting('plan')} data-testid="plan-import-open">
              导入新计划…
            </button>
            <button type="button" onClick={() => setImporting('reissue')} data-testid="plan-reissue-open">
              导入修订版…
            </button>
          </>
        )}
      </div>
      {importing === 'plan' ? (
        <PlanImport who={profile?.name || '协调员'} onClose={() => setImporting(null)} />
      ) : importing === 'reissue' && plan ? (
        <PlanReissue plan={plan} who={profile?.name || '协调员'} onClose={() => setImporting(null)} />
      ) : (
        <PlanGrid rows={shown} />
      )}
    </section>
  );
}
