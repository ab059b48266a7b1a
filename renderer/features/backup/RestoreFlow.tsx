// The restore sequence, shared by the 设置 panel and the 文件 → 从备份恢复 menu: load the chosen backup,
// validate it (a bad file shows restoreLedger's Chinese message and changes nothing), show what
// would be lost in a confirmation dialog, and only on 确认 back up the current data and replace it;
// then a summary (browser: with a download of the replaced data).
import { useEffect, useState } from 'react';
import { describeLoss, formatSavedAt } from '../../../shared/backup-diff.ts';
import { LedgerFileError } from '../../../shared/ledger-file.ts';
import { applyRestore, prepareRestore, type PreparedRestore, type RestoreResult } from './backup-actions.ts';
import { MessageDialog, Modal } from '../../components/Modal.tsx';
import './backup.css';

/** Times are shown in the computer's own time zone (minutes east of UTC). */
const LOCAL_OFFSET = -new Date().getTimezoneOffset();

/** A request to restore: `load` yields the chosen backup's name and bytes, or null when cancelled. */
export interface RestoreRequest {
  id: number;
  load: () => Promise<{ source: string; bytes: Uint8Array | Blob } | null>;
}

type State =
  | { step: 'loading' }
  | { step: 'error'; message: string }
  | { step: 'confirm'; prepared: PreparedRestore }
  | { step: 'applying'; prepared: PreparedRestore }
  | { step: 'done'; result: RestoreResult; source: string };

/** English for logs, Chinese for people. */
function userMessage(err: unknown): string {
  if (err instanceof LedgerFileError) return err.userMessage;
  return '读取备份失败，当前数据未作任何改动。';
}

export function RestoreFlow({ request, onClose }: { request: RestoreRequest; onClose: () => void }) {
  const [state, setState] = useState<State>({ step: 'loading' });
  // A backup whose plan lacks tasks or units of the current one needs these losses acknowledged.
  const [planAcknowledged, setPlanAcknowledged] = useState(false);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const loaded = await request.load();
        if (!live) return;
        if (!loaded) return onClose();
        const prepared = await prepareRestore(loaded.source, loaded.bytes);
        if (live) setState({ step: 'confirm', prepared });
      } catch (err) {
        console.warn('backup restore: file refused', err);
        if (live) setState({ step: 'error', message: userMessage(err) });
      }
    })();
    return () => {
      live = false;
    };
    // One run per request (the parent passes a new request object for each restore).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request.id]);

  const confirm = async (prepared: PreparedRestore) => {
    setState({ step: 'applying', prepared });
    try {
      const result = await applyRestore(prepared.incoming, prepared.blobs);
      setState({ step: 'done', result, source: prepared.source });
    } catch (err) {
      console.error('backup restore failed', err);
      setState({
        step: 'error',
        message: '恢复失败：未能先备份当前数据或写入数据库失败，当前数据未作任何改动。',
      });
    }
  };

  if (state.step === 'loading') return null;
  if (state.step === 'error')
    return (
      <MessageDialog
        title="无法从备份恢复"
        lines={[state.message, '当前数据未作任何改动。']}
        onClose={onClose}
        testId="restore-error"
      />
    );
  if (state.step === 'done')
    return <RestoreSummary result={state.result} source={state.source} onClose={onClose} />;

  const { prepared } = state;
  const lines = describeLoss(prepared.diff, LOCAL_OFFSET);
  const busy = state.step === 'applying';
  return (
    <Modal title="从备份恢复：确认替换当前数据" onClose={() => !busy && onClose()} testId="restore-dialog">
      <p>
        将用备份「{prepared.source}」<strong>替换</strong>
        当前全部台账数据（不会合并）。恢复前会自动备份当前数据。
      </p>
      <ul className="modal-lines" data-testid="restore-loss">
        {lines.map((line, i) => (
          <li key={i} className={i === 0 && !prepared.diff.nothingLost ? 'modal-loss' : undefined}>
            {line}
          </li>
        ))}
      </ul>
      {prepared.diff.planLosses.length > 0 && (
        <label className="modal-loss" data-testid="restore-plan-losses">
          <input
            type="checkbox"
            checked={planAcknowledged}
            onChange={(e) => setPlanAcknowledged(e.target.checked)}
            data-testid="restore-confirm-plan"
          />
          我已核对：备份中的计划比当前的少，恢复后以上计划内容将丢失
        </label>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onClose} disabled={busy} data-autofocus data-testid="restore-cancel">
          取消
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => void confirm(prepared)}
          disabled={busy || (prepared.diff.planLosses.length > 0 && !planAcknowledged)}
          data-testid="restore-confirm"
        >
          {busy ? '正在恢复…' : '确认恢复'}
        </button>
      </div>
    </Modal>
  );
}

function RestoreSummary({
  result,
  source,
  onClose,
}: {
  result: RestoreResult;
  source: string;
  onClose: () => void;
}) {
  const { safety, restored } = result;
  const [downloaded, setDownloaded] = useState(false);
  return (
    <Modal title="已从备份恢复" onClose={onClose} testId="restore-done">
      <p>
        已用「{source}」替换当前数据：填报记录 {restored.reports} 条，修改记录 {restored.audit} 条，导入批次{' '}
        {restored.imports} 个。
      </p>
      {!safety.inBrowser ? (
        <p>
          恢复前的数据已备份为「{safety.where}」（{formatSavedAt(safety.savedAt, LOCAL_OFFSET)}
          ），可在「设置 → 数据备份与恢复」中找回。
        </p>
      ) : (
        <p>
          恢复前的数据已保存在本机浏览器中（{formatSavedAt(safety.savedAt, LOCAL_OFFSET)}
          ）。建议同时下载一份保存：
          <button
            type="button"
            onClick={() => void safety.download().then(() => setDownloaded(true))}
            data-testid="restore-download-safety"
          >
            下载恢复前的数据
          </button>
          {downloaded && <span role="status"> 已下载。</span>}
        </p>
      )}
      <div className="modal-actions">
        <button
          type="button"
          className="primary"
          onClick={onClose}
          data-autofocus
          data-testid="restore-close"
        >
          关闭
        </button>
      </div>
    </Modal>
  );
}
