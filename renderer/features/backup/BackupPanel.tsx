// 设置 → 数据备份与恢复: save the whole ledger to a file (browser: a download), restore from a file
// (browser: a file input; Electron: the open dialog) and, in Electron, from the automatic backups main
// keeps in the user-data folder. Restores go through RestoreFlow (validate → confirm what is lost →
// back up current → replace). Menu commands reach the same actions through electron-bridge.ts.
import { useEffect, useState } from 'react';
import { formatSavedAt } from '../../../shared/backup-diff.ts';
import { BACKUPS_KEPT_BY_KIND } from '../../db/backup-store.ts';
import { getHost } from '../../host.ts';
import {
  automaticBackup,
  downloadBackup,
  listAutomaticBackups,
  pickBackupFile,
  saveBackupToFile,
  type AutomaticBackup,
} from './backup-actions.ts';
import { RestoreFlow, type RestoreRequest } from './RestoreFlow.tsx';
import './backup.css';

/** Times are shown in the computer's own time zone (minutes east of UTC). */
const LOCAL_OFFSET = -new Date().getTimezoneOffset();

const REASON_LABELS: Record<string, string> = {
  manual: '手动保留',
  quit: '退出时自动备份',
  import: '导入前自动备份',
  restore: '恢复前自动备份',
};

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

let requestSeq = 0;

export default function BackupPanel() {
  const host = getHost();
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [request, setRequest] = useState<RestoreRequest | null>(null);
  const [kept, setKept] = useState<AutomaticBackup[] | null>(null);
  const [busy, setBusy] = useState(false);

  // Bumped after each restore or kept copy so the list is read again.
  const [listVersion, setListVersion] = useState(0);

  useEffect(() => {
    let live = true;
    listAutomaticBackups()
      .then((list) => live && setKept(list))
      .catch((err: unknown) => console.error('backup list failed', err));
    return () => {
      live = false;
    };
  }, [listVersion]);

  const restore = (load: RestoreRequest['load']) => {
    setStatus(null);
    setRequest({ id: ++requestSeq, load });
  };

  const save = async () => {
    setStatus(null);
    setBusy(true);
    try {
      const { saved, name } = await saveBackupToFile();
      if (saved) setStatus({ text: host.isElectron ? '备份已保存。' : `备份已下载：${name}`, error: false });
    } catch (err) {
      console.error('backup save failed', err);
      setStatus({ text: '保存备份失败，请重试。', error: true });
    } finally {
      setBusy(false);
    }
  };

  const keepNow = async () => {
    setStatus(null);
    setBusy(true);
    try {
      const k = await automaticBackup('manual');
      setStatus({ text: `已保留一份备份（${sizeText(k.bytes)}）。`, error: false });
      setListVersion((v) => v + 1);
    } catch (err) {
      console.error('keeping a backup failed', err);
      setStatus({ text: '保留备份失败，请重试。', error: true });
    } finally {
      setBusy(false);
    }
  };

  const limits = Object.entries(BACKUPS_KEPT_BY_KIND)
    .map(([k, n]) => `${REASON_LABELS[k] ?? k} ${n} 份`)
    .join('、');

  return (
    <section className="settings-section" data-testid="backup-panel">
      <h3>数据备份与恢复</h3>
      <p className="muted">
        备份文件（.taizhang）包含全部台账数据：填报记录、修改记录、导入批次和泛指单位指定。从备份恢复会
        <strong>替换</strong>
        当前全部数据（不合并），恢复前会列出将丢失的内容请您确认，并自动备份被替换的数据。每批导入前、
        {host.isElectron ? '退出时、' : ''}恢复前都会自动备份，各类分别保留最近的若干份（{limits}
        ），互不挤占。
      </p>
      <div className="backup-actions">
        <button
          type="button"
          className="primary"
          onClick={() => void save()}
          disabled={busy}
          data-testid="backup-save"
        >
          保存备份
        </button>
        <button type="button" onClick={() => void keepNow()} disabled={busy} data-testid="backup-keep">
          在本机保留一份
        </button>
        {host.isElectron ? (
          <button type="button" onClick={() => restore(pickBackupFile)} data-testid="backup-restore">
            从备份恢复…
          </button>
        ) : (
          <label className="backup-file-button" data-testid="backup-restore">
            从备份恢复…
            <input
              type="file"
              accept=".taizhang,.json,.zip"
              hidden
              data-testid="backup-restore-input"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file) restore(async () => ({ source: file.name, bytes: file }));
              }}
            />
          </label>
        )}
        {status && (
          <span
            role="status"
            className={status.error ? 'backup-status-error' : undefined}
            data-testid="backup-status"
          >
            {status.text}
          </span>
        )}
      </div>
      {kept && (
        <>
          <h4>{host.isElectron ? '自动备份（用户数据文件夹）' : '自动备份（本机浏览器）'}</h4>
          {kept.length === 0 ? (
            <p className="muted">暂无自动备份。</p>
          ) : (
            <table className="backup-table" data-testid="auto-backups">
              <thead>
                <tr>
                  <th>时间</th>
                  <th>原因</th>
                  <th>大小</th>
                  <th>
                    <span className="sr-only">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {kept.map((b) => (
                  <tr key={b.key} data-testid="auto-backup-row" data-kind={b.kind}>
                    <td>{formatSavedAt(b.savedAt, LOCAL_OFFSET)}</td>
                    <td>{REASON_LABELS[b.kind] ?? b.kind}</td>
                    <td>{sizeText(b.bytes)}</td>
                    <td>
                      <button type="button" onClick={() => void downloadBackup(b)}>
                        {host.isElectron ? '另存为' : '下载'}
                      </button>{' '}
                      <button
                        type="button"
                        onClick={() =>
                          restore(async () => ({
                            source: `${REASON_LABELS[b.kind] ?? b.kind} ${formatSavedAt(b.savedAt, LOCAL_OFFSET)}`,
                            bytes: await b.read(),
                          }))
                        }
                      >
                        恢复
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {request && (
        <RestoreFlow
          key={request.id}
          request={request}
          onClose={() => {
            setRequest(null);
            setListVersion((v) => v + 1);
          }}
        />
      )}
    </section>
  );
}
