// 导入修订版: a corrected reissue (修订版) of the plan on screen. The document is read by the same rules;
// the preview lists every task text it changes (old → new) and the tasks it adds; nothing is written
// until 导入修订版 — then one backup and one transaction, recorded as the plan's next version. The
// reports stay with their tasks; a reissue that drops a task is refused (shared/engine/plan-cases.ts).
// Unit names the registry lacks are not decided here: import the plan's unit changes first (or use
// `taizhang plan reissue --map`).
import { useState } from 'react';
import { taskLabel, TASK_TEXT_FIELDS, type Deadline, type PlanMeta } from '../../../shared/model.ts';
import { localTaskId } from '../../../shared/plan-ids.ts';
import {
  applyPlanReissue,
  previewPlanReissue,
  readPlanFile,
  type PlanFileRead,
  type ReissueResult,
} from '../../hooks/plan-actions.ts';

const FIELD_LABELS: Record<(typeof TASK_TEXT_FIELDS)[number], string> = {
  section: '类别',
  keyTask: '重点任务',
  keyTaskInherited: '重点任务（承上）',
  measures: '工作措施',
  deadline: '完成时限',
  leaders: '牵头领导',
  leadUnits: '主责单位',
  coUnits: '协办单位',
};

function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.join('、');
  if (v && typeof v === 'object' && 'raw' in v) return (v as Deadline).raw;
  return String(v ?? '');
}

export function PlanReissue({ plan, who, onClose }: { plan: PlanMeta; who: string; onClose: () => void }) {
  const [file, setFile] = useState<Extract<PlanFileRead, { ok: true }> | null>(null);
  const [preview, setPreview] = useState<ReissueResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFile = async (f: File | undefined) => {
    setError(null);
    setPreview(null);
    setDone(null);
    if (!f) return;
    const read = await readPlanFile(f.name, new Uint8Array(await f.arrayBuffer()));
    if (!read.ok) {
      setError(read.message);
      return;
    }
    setFile(read);
    setBusy(true);
    try {
      setPreview(await previewPlanReissue(plan.id, read, who));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await applyPlanReissue(plan.id, file, who);
      if (!r.ok) setError(r.refusal);
      else
        setDone(
          `已导入修订版：改动 ${r.changes.length} 处，新增 ${r.added.length} 项任务；填报记录保持不变。`,
        );
    } catch (err) {
      console.error('reissue failed', err);
      setError('导入失败，台账未改动。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="plan-import" aria-labelledby="plan-reissue-heading" data-testid="plan-reissue">
      <div className="plan-import-head">
        <h3 id="plan-reissue-heading">导入修订版：{plan.title || plan.id}</h3>
        <button type="button" onClick={onClose}>
          关闭
        </button>
      </div>
      <input
        type="file"
        accept=".docx,.xlsx,.xls,.et,.ods"
        aria-label="选择修订版文件"
        data-testid="plan-reissue-file"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      {error && (
        <p role="alert" className="plan-import-error">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      {preview && !done && (
        <div aria-busy={busy || undefined}>
          {!preview.ok ? (
            <p className="plan-import-error" data-testid="plan-reissue-refusal">
              {preview.refusal}
            </p>
          ) : preview.changes.length === 0 && preview.added.length === 0 ? (
            <p>修订版与现有计划相同，无需导入。</p>
          ) : (
            <>
              <div className="plan-import-table" tabIndex={0} role="region" aria-label="修订内容">
                <table data-testid="plan-reissue-changes">
                  <thead>
                    <tr>
                      <th scope="col">编号</th>
                      <th scope="col">项目</th>
                      <th scope="col">原文</th>
                      <th scope="col">修订后</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.changes.map((c) => (
                      <tr key={`${c.taskId}|${c.field}`}>
                        <th scope="row">{taskLabel(localTaskId(c.taskId))}</th>
                        <td>{FIELD_LABELS[c.field]}</td>
                        <td>{valueText(c.old)}</td>
                        <td>{valueText(c.new)}</td>
                      </tr>
                    ))}
                    {preview.added.map((id) => (
                      <tr key={id}>
                        <th scope="row">{taskLabel(localTaskId(id))}</th>
                        <td colSpan={3}>新增任务</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void apply()}
                data-testid="plan-reissue-apply"
              >
                导入修订版
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
