// The clerk's side: 打开区里下发的工作簿 — the app reads the workbook's manifest (unit, period, base
// values), shows what it would set in this copy of the ledger, and on confirmation stores the
// district's base, takes the workbook's values, optionally switches to unit-clerk mode for that unit,
// and opens the grid at that period. 导出回报工作簿 — the return in the same format, carrying the
// district's export id and base, with the current values in the progress cells.
import { useMemo, useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import { PROGRESS_FIELD_LABELS, taskLabel } from '../../../shared/model.ts';
import type { ReadResult } from '../../../shared/workbook/read-workbook.ts';
import { Loading } from '../../components/Loading.tsx';
import type { UserProfile } from '../../db/settings-repo.ts';
import { updateProfile } from '../../hooks/actions.ts';
import {
  buildClerkReturn,
  openDistrict,
  previewDistrict,
  readWorkbooks,
  type DistrictWorkbookPreview,
} from '../../hooks/exchange-actions.ts';
import { useDistrictBases } from '../../hooks/useExchangeData.ts';
import { usePlans } from '../../hooks/usePlanMeta.ts';
import { getHost } from '../../host.ts';
import { buildClerkPackage } from '../../hooks/package-actions.ts';
import { navigateToGrid } from '../../navigation.ts';
import { chooseCurrentPlan } from '../../state/current-plan.ts';
import { formatTime, valueText } from './labels.ts';

interface Pending {
  read: ReadResult;
  preview: DistrictWorkbookPreview;
  switchMode: boolean;
}

export function ClerkPanel({ profile, who }: { profile: UserProfile; who: string }) {
  const bases = useDistrictBases();
  // A base is kept per plan: with several plans, the list says whose each one is.
  const plans = usePlans();
  const planTitles = useMemo(() => new Map((plans ?? []).map((p) => [p.id, p.title])), [plans]);
  const severalPlans = new Set(bases?.map((b) => b.planId)).size > 1;
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);

  const open = async (file: File | undefined) => {
    if (!file) return;
    setMessage(null);
    setBusy(true);
    try {
      const [read] = await readWorkbooks([
        { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      ]);
      const preview = await previewDistrict(read!, who);
      const unit = preview.base?.unit;
      setPending({
        read: read!,
        preview,
        switchMode: !!unit && (profile.mode !== 'unit' || profile.unit !== unit),
      });
    } catch (err) {
      console.error('reading the district workbook failed', err);
      setMessage({ text: `读取失败：${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!pending?.preview.base) return;
    setBusy(true);
    try {
      const result = await openDistrict(pending.read, who);
      if (!result.base) throw new Error(result.problem ?? 'not a district workbook');
      const { planId, unit, period } = result.base;
      if (pending.switchMode) await updateProfile({ mode: 'unit', unit });
      // The grid opens on the workbook's plan: with several plans, the one on screen may be another.
      chooseCurrentPlan(planId);
      console.info(`opened the district workbook for ${unit} ${period}: ${result.changed} field(s) set`);
      setPending(null);
      setMessage({
        text: `已打开 ${unit} ${periodLabel(period)} 的工作簿，本地 ${result.changed} 个字段已按工作簿更新。`,
        tone: 'info',
      });
      navigateToGrid({ period, unit });
    } catch (err) {
      console.error('opening the district workbook failed', err);
      setMessage({ text: `打开失败：${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const exportReturn = async (planId: string, unit: string, period: string) => {
    setMessage(null);
    setBusy(true);
    try {
      const file = await buildClerkReturn(planId, unit, period);
      const saved = await getHost().saveFile(file.name, file.bytes);
      setMessage({ text: saved ? `已导出回报工作簿：${file.name}` : '已取消保存。', tone: 'info' });
    } catch (err) {
      console.error('clerk export failed', err);
      setMessage({ text: `导出失败：${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const exportPackage = async (planId: string, unit: string, period: string) => {
    setMessage(null);
    setBusy(true);
    try {
      const pkg = await buildClerkPackage(planId, unit, period);
      const saved = await getHost().saveBlob(pkg.name, pkg.data);
      setMessage({
        text: saved ? `已导出回报包：${pkg.name}（工作簿和 ${pkg.files} 个佐证材料文件）` : '已取消保存。',
        tone: 'info',
      });
    } catch (err) {
      console.error('clerk package export failed', err);
      setMessage({ text: `导出失败：${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const p = pending?.preview;
  return (
    <section className="xc-clerk" data-testid="clerk-panel">
      <p className="muted">
        单位填报员：打开区里下发的工作簿后，在「台账」中填报本单位进展，再导出回报工作簿交回区里。回报工作簿保留区里下发时的基准，区里导入时只会看到您改动的内容。
      </p>
      <label className="xc-file-button">
        打开区里下发的工作簿…
        <input
          type="file"
          accept=".xlsx"
          disabled={busy}
          data-testid="clerk-open-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            void open(f);
          }}
        />
      </label>
      {message && (
        <p
          className={message.tone === 'error' ? 'form-error' : 'xc-ok'}
          role="status"
          data-testid="clerk-message"
        >
          {message.text}
        </p>
      )}

      {pending && p && (
        <article className="xc-file" data-testid="clerk-preview">
          <header className="xc-file-head">
            <strong>{pending.read.fileName}</strong>
          </header>
          {!p.base ? (
            <p className="form-error">{p.problem}</p>
          ) : (
            <>
              <p>
                单位：<strong>{p.base.unit}</strong> · 月份：<strong>{periodLabel(p.base.period)}</strong> ·
                任务 {p.base.rows.length} 项 · 区里导出于 {formatTime(p.base.exportedAt)}
              </p>
              {p.alreadyOpened ? (
                <p className="xc-note">此工作簿已打开过，本地填报内容不会被改动。</p>
              ) : p.adopt.changes.length === 0 ? (
                <p className="muted">本地数值与工作簿一致，无需更新。</p>
              ) : (
                <details open={p.adopt.changes.length <= 8}>
                  <summary>将按工作簿更新本地 {p.adopt.changes.length} 个字段</summary>
                  <ul className="xc-small">
                    {p.adopt.changes.slice(0, 200).map((c, i) => (
                      <li key={i}>
                        {taskLabel(c.taskId)} {PROGRESS_FIELD_LABELS[c.field]}：{valueText(c.from)} →{' '}
                        {valueText(c.to)}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {p.adopt.skipped.length > 0 && (
                <ul className="xc-small">
                  {p.adopt.skipped.map((s, i) => (
                    <li key={i}>{s.reason}</li>
                  ))}
                </ul>
              )}
              {(profile.mode !== 'unit' || profile.unit !== p.base.unit) && (
                <label>
                  <input
                    type="checkbox"
                    checked={pending.switchMode}
                    onChange={(e) => setPending({ ...pending, switchMode: e.target.checked })}
                    data-testid="clerk-switch-mode"
                  />
                  切换为「单位填报」模式，只显示 {p.base.unit} 的任务
                </label>
              )}
            </>
          )}
          <div className="form-actions">
            {p.base && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void confirm()}
                data-testid="clerk-open-confirm"
              >
                打开并填报
              </button>
            )}
            <button type="button" disabled={busy} onClick={() => setPending(null)}>
              取消
            </button>
          </div>
        </article>
      )}

      <h3>导出回报工作簿</h3>
      {!bases ? (
        <Loading />
      ) : bases.length === 0 ? (
        <p className="muted">还没有打开过区里下发的工作簿。</p>
      ) : (
        <table className="xc-table">
          <thead>
            <tr>
              {severalPlans && <th>计划</th>}
              <th>单位</th>
              <th>月份</th>
              <th>区里导出时间</th>
              <th>打开时间</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {bases.map((b) => (
              <tr key={`${b.planId}|${b.unit}|${b.period}`} data-testid="clerk-base-row">
                {severalPlans && <td>{planTitles.get(b.planId) ?? b.planId}</td>}
                <td>{b.unit}</td>
                <td>{periodLabel(b.period)}</td>
                <td>{formatTime(b.exportedAt)}</td>
                <td>{formatTime(b.openedAt)}</td>
                <td>
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() => void exportReturn(b.planId, b.unit, b.period)}
                    data-testid="clerk-export"
                  >
                    导出回报工作簿
                  </button>{' '}
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void exportPackage(b.planId, b.unit, b.period)}
                    data-testid="clerk-export-package"
                    title="工作簿和本月附上的佐证材料一起打成一个 .zip 回报包"
                  >
                    导出回报包（含佐证材料）
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
