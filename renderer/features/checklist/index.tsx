// The 督查清单 view. Loaded lazily by App.tsx (React.lazy): this module's default export is the whole
// view and takes no props. Its scope (period, unit, plan, section, selected task ids) lives in the
// hash (`#/checklist?…`, see renderer/navigation.ts openChecklist), so the grid can open it for a
// selection; the pickers here rewrite the hash. The document below the toolbar is what gets printed.
import { useEffect, useMemo, useRef, useState } from 'react';
import { buildChecklist, checklistFileName, type ChecklistScope } from '../../../shared/checklist.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { rowKey, type RowKey } from '../../../shared/keys.ts';
import type { Attachment } from '../../../shared/evidence/model.ts';
import type { ExtensionRequest } from '../../../shared/extension.ts';
import { appDb, appStore } from '../../db/index.ts';
import { periodLabel } from '../../../shared/deadline.ts';
import { SUB_PLANS, isPlanId, type PlanId } from '../../../shared/model.ts';
import { defaultPeriod, periodChoices } from '../../../shared/periods.ts';
import { Loading } from '../../components/Loading.tsx';
import { getHost } from '../../host.ts';
import { preloadPeriod, useHeldPeriodView } from '../../hooks/usePeriod.ts';
import { usePlanMeta } from '../../hooks/usePlanMeta.ts';
import type { PeriodView } from '../../state/period-cache.ts';
import { PRINT_CHECKLIST_EVENT } from '../../app-events.ts';
import { useHash, useHashBackedValue } from '../../hooks/useRoute.ts';
import { checklistHash, openChecklist, parseChecklistLink, type ChecklistLink } from '../../navigation.ts';
import { ChecklistDocument } from './ChecklistDocument.tsx';
import { printChecklist, type Orientation } from './print.ts';
import './checklist.css';

export default function ChecklistView() {
  const plan = usePlanMeta();
  const hash = useHash();
  const planYear = plan?.year;
  const scope: ChecklistScope | null = useMemo(() => {
    if (planYear === undefined) return null;
    const link = parseChecklistLink(hash) ?? {};
    return { ...link, period: link.period ?? defaultPeriod(new Date(), planYear) };
  }, [hash, planYear]);
  if (!scope) return <Loading />;
  return <ChecklistPeriod scope={scope} />;
}

/**
 * The month's rows come from the period cache: read once, then kept current by each commit. While
 * another month loads, the last one stays (dimmed, aria-busy) so the pickers keep the focus.
 */
function ChecklistPeriod({ scope }: { scope: ChecklistScope }) {
  const { view, loading } = useHeldPeriodView(scope.period);
  if (!view) return <Loading />;
  return <ChecklistWorkspace view={view} scope={scope} loading={loading} />;
}

function ChecklistWorkspace({
  view,
  scope,
  loading,
}: {
  view: PeriodView;
  scope: ChecklistScope;
  loading: boolean;
}) {
  const { frame, state } = view;
  const [orientation, setOrientation] = useState<Orientation>('portrait');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isElectron = getHost().isElectron;

  const units = frame.unitsWithWork;
  const sections = useMemo(
    () => [...new Set(frame.tasks.filter((t) => !scope.plan || t.plan === scope.plan).map((t) => t.section))],
    [frame, scope.plan],
  );
  const extras = useChecklistExtras(scope.unit ?? null);
  const checklist = useMemo(
    () =>
      buildChecklist(
        {
          plan: frame.meta,
          tasks: frame.tasks,
          rows: state.rows,
          evidence: extras?.evidence,
          extensions: extras?.extensions,
        },
        scope,
      ),
    [frame, state, scope, extras],
  );

  // The document title becomes the PDF's title (and the browser's default file name when printing).
  const title = `督查清单-${checklist.unit ?? checklist.scopeLabel}-${checklist.periodLabel}`;
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);

  // The pickers show the choice at once; the hash (the truth) follows.
  const [shown, setShown] = useHashBackedValue<ChecklistLink>(scope);
  const update = (patch: Partial<ChecklistLink>) => {
    const next: ChecklistLink = { ...shown, ...patch };
    for (const k of Object.keys(next) as (keyof ChecklistLink)[]) if (next[k] === undefined) delete next[k];
    setShown(next);
    openChecklist(next);
  };
  // From a pick until the picked scope is read (the hash follows a tick later), what is shown is
  // still the last scope's checklist: it is not printed.
  // The unit's evidence and extension requests come from a query of their own: until it has
  // answered for this unit (a live query keeps its last answer when its input changes), the lines
  // they add are another unit's or missing.
  const pending =
    loading || checklistHash(shown) !== checklistHash(scope) || extras?.unit !== (scope.unit ?? null);

  const print = async () => {
    if (pending) {
      // The menu's 打印 while another scope loads: the button is disabled, the menu is not.
      setError('正在读取所选清单，请稍候再打印。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await printChecklist(checklistFileName(scope), orientation);
    } catch (e) {
      console.error('checklist: print failed', e);
      setError('打印失败，请重试。');
    } finally {
      setBusy(false);
    }
  };

  // The Electron menu's 打印督查清单 while this checklist is on screen.
  const printRef = useRef(print);
  useEffect(() => {
    printRef.current = print;
  });
  useEffect(() => {
    const onMenuPrint = () => void printRef.current();
    window.addEventListener(PRINT_CHECKLIST_EVENT, onMenuPrint);
    return () => window.removeEventListener(PRINT_CHECKLIST_EVENT, onMenuPrint);
  }, []);

  return (
    <section className="checklist-view" aria-labelledby="checklist-title" aria-busy={pending || undefined}>
      <div className="cl-toolbar no-print" role="toolbar" aria-label="督查清单设置">
        <h2 id="checklist-title">督查清单</h2>
        <label>
          单位
          <select
            value={shown.unit ?? ''}
            onChange={(e) => update({ unit: e.target.value || undefined })}
            data-testid="checklist-unit"
          >
            <option value="">（不限单位）</option>
            {units.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <label>
          类别
          <select
            value={shown.plan ?? ''}
            onChange={(e) =>
              update({
                plan: isPlanId(e.target.value) ? (e.target.value as PlanId) : undefined,
                section: undefined,
              })
            }
            data-testid="checklist-plan"
          >
            <option value="">（全部）</option>
            {SUB_PLANS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          章节
          <select
            value={shown.section ?? ''}
            onChange={(e) => update({ section: e.target.value || undefined })}
            data-testid="checklist-section"
          >
            <option value="">（全部）</option>
            {sections.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          报告期
          <select
            value={shown.period}
            onChange={(e) => {
              preloadPeriod(e.target.value);
              update({ period: e.target.value });
            }}
            data-testid="checklist-period"
          >
            {periodChoices(frame.meta.year, shown.period).map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
        </label>
        {scope.taskIds?.length ? (
          <span className="cl-selection">
            选定任务 {scope.taskIds.length} 项
            <button type="button" onClick={() => update({ taskIds: undefined })}>
              清除选择
            </button>
          </span>
        ) : null}
        <fieldset className="cl-orientation">
          <legend>纸张</legend>
          {(
            [
              ['portrait', 'A4 纵向'],
              ['landscape', 'A4 横向'],
            ] as const
          ).map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name="cl-orientation"
                value={value}
                checked={orientation === value}
                onChange={() => setOrientation(value)}
                data-testid={`checklist-${value}`}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="primary"
          onClick={() => void print()}
          disabled={busy || pending || checklist.blocks.length === 0}
          data-testid="checklist-print"
        >
          {isElectron ? '导出 PDF…' : '打印…'}
        </button>
        {error && <span className="form-error">{error}</span>}
      </div>
      {!isElectron && (
        <p className="cl-hint no-print">
          提示：页码（第 X 页 / 共 Y
          页）由浏览器打印对话框的“页眉和页脚”选项生成，打印时请勾选该选项；纸张方向请与上方选择一致。
        </p>
      )}
      <div className={pending ? 'cl-loading' : undefined}>
        <ChecklistDocument checklist={checklist} orientation={orientation} />
      </div>
    </section>
  );
}

/**
 * A unit's evidence and extension requests, by (task, unit), for its checklist, with the unit they
 * were read for; undefined until the first answer.
 */
function useChecklistExtras(unit: string | null):
  | {
      unit: string | null;
      evidence?: Map<RowKey, Attachment[]>;
      extensions?: Map<RowKey, ExtensionRequest[]>;
    }
  | undefined {
  return useLiveQuery(async () => {
    if (!unit) return { unit: null };
    const [files, requests] = await Promise.all([
      appDb.attachments.filter((a) => a.unit === unit).toArray(),
      appStore.extensions(),
    ]);
    const evidence = new Map<RowKey, Attachment[]>();
    for (const a of files) {
      const key = rowKey(a.taskId, a.unit);
      evidence.set(key, [...(evidence.get(key) ?? []), a]);
    }
    const extensions = new Map<RowKey, ExtensionRequest[]>();
    for (const e of requests) {
      if (e.unit !== unit) continue;
      const key = rowKey(e.taskId, e.unit);
      extensions.set(key, [...(extensions.get(key) ?? []), e]);
    }
    return { unit, evidence, extensions };
  }, [unit]);
}
