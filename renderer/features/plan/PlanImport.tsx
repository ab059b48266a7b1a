// 导入新计划: the coordinator loads next year's plan from its Word document (.docx) or workbook (.xlsx).
// The preview shows every task as the shared rules parsed it, with the row it came from; each unit
// name the registry does not know is decided here (对应到已有单位 / 记为别名 / 新增单位) before anything is
// written; continuity with last year's tasks is suggested and confirmed per task. Nothing is written
// until 导入 — then one backup and one transaction (renderer/hooks/plan-actions.ts).
import { useMemo, useRef, useState } from 'react';
import { taskLabel, type UnitNameDecision, type UnitKind } from '../../../shared/model.ts';
import { localTaskId } from '../../../shared/plan-ids.ts';
import { UNIT_KIND_LABELS } from '../../../shared/registry.ts';
import { useUnits } from '../../hooks/useLedgerData.ts';
import {
  applyPlanImport,
  previewPlanImport,
  readPlanFile,
  type PlanFileRead,
  type PlanImportResult,
} from '../../hooks/plan-actions.ts';
import { chooseCurrentPlan } from '../../state/current-plan.ts';

type Choice = { action: 'map' | 'alias' | 'add'; to: string; kind: UnitKind };

function decisionsOf(choices: Record<string, Choice>): UnitNameDecision[] {
  return Object.entries(choices)
    .filter(([, c]) => c.to)
    .map(([name, c]) => ({
      name,
      action: c.action,
      to: c.to,
      ...(c.action === 'add' ? { kind: c.kind } : {}),
    }));
}

const ACTION_LABELS = { map: '对应到已有单位', alias: '记为已有单位的别名', add: '新增单位' } as const;

export function PlanImport({ who, onClose }: { who: string; onClose: () => void }) {
  const units = useUnits();
  const [file, setFile] = useState<Extract<PlanFileRead, { ok: true }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [links, setLinks] = useState<Record<string, boolean>>({});
  const [preview, setPreview] = useState<PlanImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const decisions = useMemo(() => decisionsOf(choices), [choices]);
  // Every unknown name seen since the file was chosen stays listed (decided ones leave `undecided`).
  const [names, setNames] = useState<{ name: string; where: string; suggestions: string[] }[]>([]);
  const run = useRef(0);

  /** Plan the import again (a file or a decision changed); an outdated run's result is dropped. */
  const replan = (f: Extract<PlanFileRead, { ok: true }>, units: UnitNameDecision[]) => {
    const mine = ++run.current;
    setBusy(true);
    previewPlanImport({ source: f.source, fileName: f.fileName, sha256: f.sha256, units }, who)
      .then((r) => {
        if (mine !== run.current) return;
        setPreview(r);
        setLinks((old) => {
          const next = { ...old };
          for (const sg of r.suggestions) if (!(sg.taskId in next)) next[sg.taskId] = true;
          return next;
        });
        setNames((old) => {
          const known = new Set(old.map((n) => n.name));
          const added = r.undecided
            .filter((u) => !known.has(u.name))
            .map((u) => ({
              name: u.name,
              where: u.occurrences
                .slice(0, 3)
                .map((o) => `${taskLabel(o.taskId)} ${o.column}（${o.source.label}）`)
                .join('；'),
              suggestions: u.suggestions,
            }));
          return added.length ? [...old, ...added] : old;
        });
      })
      .catch((err: unknown) => {
        console.error('plan preview failed', err);
        if (mine === run.current) setError('预览失败，请重试。');
      })
      .finally(() => mine === run.current && setBusy(false));
  };

  const decide = (name: string, choice: Choice) => {
    const next = { ...choices, [name]: choice };
    setChoices(next);
    if (file) replan(file, decisionsOf(next));
  };

  const onFile = async (f: File | undefined) => {
    setError(null);
    setPreview(null);
    setChoices({});
    setLinks({});
    setNames([]);
    setDone(null);
    if (!f) return;
    const read = await readPlanFile(f.name, new Uint8Array(await f.arrayBuffer()));
    if (!read.ok) {
      setFile(null);
      setError(read.message);
      return;
    }
    setFile(read);
    replan(read, []);
  };

  const apply = async () => {
    if (!file || !preview?.ok) return;
    setBusy(true);
    try {
      const chosen = preview.suggestions
        .filter((s) => links[s.taskId])
        .map((s) => ({ taskId: s.taskId, continues: s.continues, score: s.score }));
      const r = await applyPlanImport(
        {
          source: file.source,
          fileName: file.fileName,
          sha256: file.sha256,
          units: decisions,
          links: chosen,
        },
        who,
      );
      if (!r.ok) setError(r.refusal);
      else {
        setDone(
          `已导入计划“${r.plan.title || r.plan.id}”：${r.plan.tasks.length} 项任务，接续上年 ${chosen.length} 项。`,
        );
        chooseCurrentPlan(r.plan.id);
      }
    } catch (err) {
      console.error('plan import failed', err);
      setError('导入失败，台账未改动。');
    } finally {
      setBusy(false);
    }
  };

  const unitNames = useMemo(
    () => (units ?? []).filter((u) => u.kind !== 'group').map((u) => u.name),
    [units],
  );
  const rowsById = useMemo(
    () => new Map(preview?.built.rows.map((r, i) => [preview.plan.tasks[i]?.id, r]) ?? []),
    [preview],
  );

  return (
    <section className="plan-import" aria-labelledby="plan-import-heading" data-testid="plan-import">
      <div className="plan-import-head">
        <h3 id="plan-import-heading">导入新计划</h3>
        <button type="button" onClick={onClose}>
          关闭
        </button>
      </div>
      <p className="plan-import-help">
        选择区里印发的行动计划（Word 文档 .docx，或同样表格的 Excel 工作簿
        .xlsx）。导入前会逐项显示识别结果；名录中没有的单位须先确定如何对应。
      </p>
      <input
        type="file"
        accept=".docx,.xlsx,.xls,.et,.ods"
        aria-label="选择计划文件"
        data-testid="plan-import-file"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      {error && (
        <p role="alert" className="plan-import-error" data-testid="plan-import-error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" data-testid="plan-import-done">
          {done}
        </p>
      )}
      {preview && !done && (
        <div className="plan-import-preview" aria-busy={busy || undefined} data-testid="plan-import-preview">
          <p data-testid="plan-import-summary">
            {preview.plan.year}年 · {preview.plan.title || '（未识别到标题）'} {preview.plan.docNumber} ·{' '}
            {preview.plan.tasks.length} 项任务 · 计划编号 {preview.plan.id}
          </p>
          {names.length > 0 && (
            <fieldset className="plan-import-units" data-testid="plan-import-units">
              <legend>名录中没有的单位（{preview.undecided.length} 个待确定）</legend>
              <table>
                <thead>
                  <tr>
                    <th scope="col">文件中的名称</th>
                    <th scope="col">出现在</th>
                    <th scope="col">处理方式</th>
                    <th scope="col">对应单位 / 新单位类别</th>
                  </tr>
                </thead>
                <tbody>
                  {names.map((n) => {
                    const c = choices[n.name] ?? { action: 'map', to: '', kind: 'district' };
                    const set = (next: Partial<Choice>) => {
                      const merged = { ...c, ...next };
                      if (merged.action === 'add') merged.to = n.name;
                      else if (next.action && c.action === 'add') merged.to = '';
                      decide(n.name, merged);
                    };
                    return (
                      <tr key={n.name} data-testid="plan-import-unit">
                        <th scope="row">{n.name}</th>
                        <td>{n.where}</td>
                        <td>
                          <select
                            aria-label={`“${n.name}”的处理方式`}
                            value={c.action}
                            onChange={(e) => set({ action: e.target.value as Choice['action'] })}
                          >
                            {(['map', 'alias', 'add'] as const).map((a) => (
                              <option key={a} value={a}>
                                {ACTION_LABELS[a]}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          {c.action === 'add' ? (
                            <select
                              aria-label={`新单位“${n.name}”的类别`}
                              value={c.kind}
                              onChange={(e) => set({ kind: e.target.value as UnitKind })}
                            >
                              {(['district', 'city', 'street', 'town', 'township'] as const).map((k) => (
                                <option key={k} value={k}>
                                  {UNIT_KIND_LABELS[k]}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <select
                              aria-label={`“${n.name}”对应的单位`}
                              value={c.to}
                              onChange={(e) => set({ to: e.target.value })}
                            >
                              <option value="">（请选择）</option>
                              {[...n.suggestions, ...unitNames.filter((u) => !n.suggestions.includes(u))].map(
                                (u) => (
                                  <option key={u} value={u}>
                                    {u}
                                  </option>
                                ),
                              )}
                            </select>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </fieldset>
          )}
          {preview.issues.filter((i) => i.code !== 'unknown-unit').length > 0 && (
            <ul className="plan-import-issues" data-testid="plan-import-issues">
              {preview.issues
                .filter((i) => i.code !== 'unknown-unit')
                .map((i, k) => (
                  <li key={k} className={i.severity}>
                    {i.severity === 'error' ? '错误' : '提示'}：{i.source.label}：{i.message}
                  </li>
                ))}
            </ul>
          )}
          <div className="plan-import-table" tabIndex={0} role="region" aria-label="识别出的任务">
            <table data-testid="plan-import-tasks">
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">来源</th>
                  <th scope="col">重点任务</th>
                  <th scope="col">工作措施</th>
                  <th scope="col">完成时限</th>
                  <th scope="col">主责单位</th>
                  <th scope="col">协办单位</th>
                  <th scope="col">接续上年</th>
                </tr>
              </thead>
              <tbody>
                {preview.plan.tasks.map((t) => {
                  const row = rowsById.get(t.id);
                  const s = preview.suggestions.find((x) => x.taskId === t.id);
                  return (
                    <tr key={t.id} data-testid="plan-import-task">
                      <th scope="row">{taskLabel(localTaskId(t.id))}</th>
                      <td>{row?.source.label ?? ''}</td>
                      <td>{t.keyTask}</td>
                      <td className="measures">{t.measures}</td>
                      <td className={t.deadline.kind === 'unknown' ? 'unknown' : undefined}>
                        {t.deadline.raw}
                        {t.deadline.kind === 'unknown' ? '（时限不明）' : ''}
                      </td>
                      <td>{[...t.leadUnits, ...(row?.unknownUnits.length ? ['…'] : [])].join('、')}</td>
                      <td>{t.coUnits.join('、')}</td>
                      <td>
                        {s && (
                          <label>
                            <input
                              type="checkbox"
                              checked={links[t.id] ?? true}
                              onChange={(e) => setLinks((l) => ({ ...l, [t.id]: e.target.checked }))}
                            />
                            {taskLabel(s.continues)}（{Math.round(s.score * 100)}%）
                          </label>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="plan-import-refusal" data-testid="plan-import-refusal">
            {preview.refusal ?? '可以导入。'}
          </p>
          <button
            type="button"
            className="primary"
            disabled={!preview.ok || busy}
            onClick={() => void apply()}
            data-testid="plan-import-apply"
          >
            导入计划
          </button>
        </div>
      )}
    </section>
  );
}
