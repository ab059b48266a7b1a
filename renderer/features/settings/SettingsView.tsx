// The 设置 view: who is using this copy of the app (the name stamped on every change) and in which
// mode — district coordinator (all units) or one unit's clerk (own tasks only) — and, for the
// coordinator, which concrete units the plan's vague groups (相关部门, 相关街道乡镇, …) stand for on
// each task; and what the official documents (公文) say about their issuer, with their templates.
// Resolutions (audited) and settings are stored through the use cases in hooks/actions.ts.
import { lazy, Suspense, useMemo, useState } from 'react';
import { unresolvedGroups } from '../../../shared/assignments.ts';
import type { GroupResolution, Task, Unit } from '../../../shared/model.ts';
import { taskLabel } from '../../../shared/model.ts';
import { UNIT_KIND_LABELS, unitsWithTasks, UnitIndex } from '../../../shared/registry.ts';
import { resolutionMap } from '../../../shared/assignments.ts';
import { Loading } from '../../components/Loading.tsx';
import type { UserMode, UserProfile } from '../../db/settings-repo.ts';
import { resolveGroup, updateProfile, updateReturnDueDay } from '../../hooks/actions.ts';
import { setRankReviewedOnly } from '../../hooks/evidence-actions.ts';
import { useGroupResolutions, useLedgerSettings, useProfile, useUnits } from '../../hooks/useLedgerData.ts';
import { useTasks } from '../../hooks/useTasks.ts';
// Loaded on first use: backups bring the container code and deflate, not needed at start-up.
const BackupPanel = lazy(() => import('../backup/BackupPanel.tsx'));
// Loaded on first use: the built-in document templates and their reference list.
const DocumentSettingsPanel = lazy(() => import('./DocumentSettingsPanel.tsx'));

export default function SettingsView() {
  const profile = useProfile();
  const units = useUnits();
  const tasks = useTasks();
  const resolutions = useGroupResolutions();
  if (!profile || !units || !tasks || !resolutions) return <Loading />;
  return (
    <div className="settings-view">
      <h2>设置</h2>
      <ProfileForm
        key={JSON.stringify(profile)}
        profile={profile}
        units={units}
        tasks={tasks}
        resolutions={resolutions}
      />
      {profile.mode === 'coordinator' && <ReturnDueDay />}
      {profile.mode === 'coordinator' && <RankReviewedOnly who={profile.name || '未署名'} />}
      {profile.mode === 'coordinator' && (
        <GroupResolutions tasks={tasks} units={units} resolutions={resolutions} who={profile.name} />
      )}
      {profile.mode === 'coordinator' && (
        <Suspense fallback={<Loading />}>
          <DocumentSettingsPanel />
        </Suspense>
      )}
      <Suspense fallback={<Loading />}>
        <BackupPanel />
      </Suspense>
    </div>
  );
}

function ProfileForm({
  profile,
  units,
  tasks,
  resolutions,
}: {
  profile: UserProfile;
  units: Unit[];
  tasks: Task[];
  resolutions: GroupResolution[];
}) {
  const [name, setName] = useState(profile.name);
  const [mode, setMode] = useState<UserMode>(profile.mode);
  const [unit, setUnit] = useState(profile.unit ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const unitNames = useMemo(
    () => unitsWithTasks(tasks, new UnitIndex(units), resolutionMap(resolutions)),
    [tasks, units, resolutions],
  );
  const save = async () => {
    if (!name.trim()) return setMessage('请填写姓名。');
    if (mode === 'unit' && !unit) return setMessage('单位填报模式需要选择本单位。');
    await updateProfile({ name, mode, unit: mode === 'unit' ? unit : null });
    setMessage('已保存。');
  };
  return (
    <form
      className="settings-section"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>使用人</h3>
      <label className="field">
        <span>姓名</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="settings-name"
          maxLength={40}
        />
        <small>每次修改都会记录修改人姓名。</small>
      </label>
      <fieldset className="field">
        <legend>使用方式</legend>
        <label>
          <input
            type="radio"
            name="mode"
            checked={mode === 'coordinator'}
            onChange={() => setMode('coordinator')}
          />
          区级统筹（区生态环境局）：查看和填报全部单位
        </label>
        <label>
          <input
            type="radio"
            name="mode"
            checked={mode === 'unit'}
            onChange={() => setMode('unit')}
            data-testid="mode-unit"
          />
          单位填报：只显示本单位的任务
        </label>
        {mode === 'unit' && (
          <label className="field">
            <span>本单位</span>
            <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="settings-unit">
              <option value="">请选择…</option>
              {unitNames.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="settings-save">
          保存
        </button>
        {message && <span role="status">{message}</span>}
      </div>
    </form>
  );
}

function GroupResolutions({
  tasks,
  units,
  resolutions,
  who,
}: {
  tasks: Task[];
  units: Unit[];
  resolutions: GroupResolution[];
  who: string;
}) {
  const vague = useMemo(
    () => new Set(units.filter((u) => u.kind === 'group' && u.vague).map((u) => u.name)),
    [units],
  );
  const concrete = useMemo(() => units.filter((u) => u.kind !== 'group'), [units]);
  const items = useMemo(
    () =>
      tasks.flatMap((t) =>
        [...new Set([...t.leadUnits, ...t.coUnits])]
          .filter((n) => vague.has(n))
          .map((group) => ({ task: t, group })),
      ),
    [tasks, vague],
  );
  const open = items.filter(({ task }) => unresolvedGroups(task, units, resolutions).length > 0).length;
  return (
    <section className="settings-section">
      <h3>指定泛指单位</h3>
      <p className="muted">
        计划中有 {items.length} 处泛指单位（如「相关部门」「相关街道乡镇」），尚有 {open}{' '}
        处未指定。指定后，这些单位会在台账中看到相应任务；每次指定都会记录在修改记录中。
      </p>
      {items.map(({ task, group }) => (
        <ResolutionEditor
          key={`${task.id}|${group}`}
          task={task}
          group={group}
          units={concrete}
          current={resolutions.find((r) => r.taskId === task.id && r.group === group)?.units ?? []}
          who={who}
        />
      ))}
    </section>
  );
}

function ResolutionEditor({
  task,
  group,
  units,
  current,
  who,
}: {
  task: Task;
  group: string;
  units: Unit[];
  current: string[];
  who: string;
}) {
  const [chosen, setChosen] = useState<string[]>(current);
  const [saved, setSaved] = useState(false);
  const changed = chosen.length !== current.length || chosen.some((u) => !current.includes(u));
  const toggle = (name: string, on: boolean) => {
    setSaved(false);
    setChosen((list) =>
      on
        ? units.map((u) => u.name).filter((n) => n === name || list.includes(n))
        : list.filter((n) => n !== name),
    );
  };
  const kinds = [...new Set(units.map((u) => u.kind))];
  return (
    <details className="resolution" data-testid="resolution">
      <summary>
        <strong>{taskLabel(task.id)}</strong> {task.keyTask} · 「{group}」→{' '}
        {current.length ? current.join('、') : <span className="badge badge-warn">未指定</span>}
      </summary>
      {kinds.map((kind) => (
        <fieldset key={kind} className="resolution-kind">
          <legend>{UNIT_KIND_LABELS[kind]}</legend>
          {units
            .filter((u) => u.kind === kind)
            .map((u) => (
              <label key={u.name}>
                <input
                  type="checkbox"
                  checked={chosen.includes(u.name)}
                  onChange={(e) => toggle(u.name, e.target.checked)}
                />
                {u.name}
              </label>
            ))}
        </fieldset>
      ))}
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={!changed}
          onClick={async () => {
            await resolveGroup(task.id, group, chosen, who || '未署名');
            setSaved(true);
          }}
        >
          保存指定
        </button>
        {saved && <span role="status">已保存。</span>}
      </div>
    </details>
  );
}

/** 报送截止日: the day of the month by which units' returns are due (a unit without one is late). */
function ReturnDueDay() {
  const settings = useLedgerSettings();
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!settings) return null;
  const value = text ?? String(settings.returnDueDay);
  const save = async () => {
    const day = Number(value);
    if (!/^\d{1,2}$/.test(value.trim()) || day < 1 || day > 31) {
      setMessage('请填写 1 到 31 之间的整数。');
      return;
    }
    await updateReturnDueDay(day);
    setText(null);
    setMessage(`已保存：每月${day}日前报送（当月没有该日时取月末）。`);
  };
  return (
    <form
      className="settings-section"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>报送截止日</h3>
      <label>
        各单位每月
        <input
          type="text"
          inputMode="numeric"
          size={3}
          value={value}
          onChange={(e) => setText(e.target.value)}
          data-testid="return-due-day"
          aria-label="每月报送截止日"
        />
        日前报送本月进展；统计看板据此判断“逾期报送”。
      </label>
      <button type="submit" data-testid="save-return-due-day">
        保存
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

/** 排名只计已审核: the ranking counts a report only once the district has reviewed it (audited). */
function RankReviewedOnly({ who }: { who: string }) {
  const settings = useLedgerSettings();
  const [message, setMessage] = useState<string | null>(null);
  if (!settings) return null;
  return (
    <section className="settings-section">
      <h3>排名通报</h3>
      <label>
        <input
          type="checkbox"
          checked={settings.rankReviewedOnly}
          data-testid="rank-reviewed-only"
          onChange={(e) => {
            const on = e.target.checked;
            void setRankReviewedOnly(on, who).then(() =>
              setMessage(on ? '已保存：排名只计区里已审核的报送。' : '已保存：排名计入全部报送。'),
            );
          }}
        />
        排名只计区里已审核的报送（未审核、已退回的按未报送计）
      </label>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
