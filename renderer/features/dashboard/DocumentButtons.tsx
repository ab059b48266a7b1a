// 公文: the month's 通报, 催报通知 and 进展情况 annex as Word files, one click each, from the dashboard's
// own figures (the Dashboard object this view drew) and the period view it already holds. The docx
// library and the document code (shared/documents) load on the first click, not with the app; the
// file goes out through the host (a download in the browser, a save dialog in Electron).
import { useState } from 'react';
import type { Dashboard } from '../../../shared/dashboard.ts';
import type { DocumentKind } from '../../../shared/ledger.ts';
import { getHost } from '../../host.ts';
import type { PeriodView } from '../../state/period-cache.ts';

const BUTTONS: readonly { kind: DocumentKind; label: string }[] = [
  { kind: 'tongbao', label: '通报' },
  { kind: 'cuibao', label: '催报通知' },
  { kind: 'annex', label: '进展情况附件' },
];

export function DocumentButtons({
  view,
  d,
  loading,
}: {
  view: PeriodView;
  d: Dashboard;
  /** Another month is loading: `view` is still the last one, so no document is made from it. */
  loading: boolean;
}) {
  const [busy, setBusy] = useState<DocumentKind | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const make = async (kind: DocumentKind, label: string) => {
    setBusy(kind);
    setMessage(null);
    try {
      const { buildOfficialDocument } = await import('../../../shared/documents/index.ts');
      const made = await buildOfficialDocument({
        kind,
        state: view.state,
        dashboard: d,
        units: view.frame.units,
        plan: view.frame.meta,
        settings: view.frame.settings,
        now: new Date(),
      });
      const saved = await getHost().saveFile(made.fileName, made.bytes);
      console.info(`dashboard: ${kind} for ${d.period} made (${made.bytes.length} bytes, saved=${saved})`);
      setMessage(saved ? `已生成${label}：${made.fileName}` : null);
    } catch (e) {
      console.error(`dashboard: ${kind} document failed`, e);
      setMessage(`${label}生成失败，请重试。`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="dash-documents" role="group" aria-label="生成公文（Word）">
      <span className="muted">生成公文（Word）：</span>
      {BUTTONS.map(({ kind, label }) => (
        <button
          key={kind}
          type="button"
          onClick={() => void make(kind, label)}
          disabled={busy !== null || loading}
          data-testid={`doc-${kind}`}
          title={`按公文格式生成${label}（发文机关、发文字号、成文日期和模板在设置中修改）`}
        >
          {busy === kind ? '正在生成…' : label}
        </button>
      ))}
      {message && (
        <span role="status" data-testid="doc-status">
          {message}
        </span>
      )}
    </div>
  );
}
