// 设置 → 数据备份与恢复: save the whole ledger to a file (browser: a download), restore from a file
// (browser: a file input; Electron: the open dialog) and, in Electron, from the automatic backups main
// keeps in the user-data folder. Restores go through RestoreFlow (validate → confirm what is lost →
// back up current → replace). Menu commands reach the same actions through electron-bridge.ts.
import { useEffect, useState } from 'react';
import { formatSavedAt } from '../../../shared/backup-diff.ts';
import type { BackupEntry } from '../../../shared/ipc-contract.ts';
import type { LocalBackup } from '../../db/backup-repo.ts';
import { getHost } from '../../host.ts';
import {
  downloadLocalBackup,
  listAutomaticBackups,
  listLocalSafetyBackups,
  pickBackupFile,
  readAutomaticBackup,
  saveBackupToFile,
} from './backup-actions.ts';
import { RestoreFlow, type RestoreRequest } from './RestoreFlow.tsx';
import './backup.css';

/** Times are shown in the computer's own time zone (minutes east of UTC). */
const LOCAL_OFFSET = -new Date().getTimezoneOffset();

const REASON_LABELS: Record<string, string> = {
  manual: '手动备份',
  quit: '退出时自动备份',
  import: '导入前自动备份',
  restore: '恢复前自动备份',
};

let requestSeq = 0;

export default function BackupPanel() {
  const host = getHost();
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [request, setRequest] = useState<RestoreRequest | null>(null);
  const [autoBackups, setAutoBackups] = useState<BackupEntry[] | null>(null);
  const [localBackups, setLocalBackups] = useState<LocalBackup[]>([]);

  // Bumped after each restore so the lists are read again.
  const [listVersion, setListVersion] = useState(0);

  useEffect(() => {
    let live = true;
    const read = host.backups
      ? listAutomaticBackups().then((list) => live && setAutoBackups(list))
      : listLocalSafetyBackups().then((list) => live && setLocalBackups(list));
    read.catch((err: unknown) => console.error('backup list failed', err));
    return () => {
      live = false;
    };
  }, [host, listVersion]);

  const restore = (load: RestoreRequest['load']) => {
    setStatus(null);
    setRequest({ id: ++requestSeq, load });
  };

  const save = async () => {
    setStatus(null);
    try {
      const { saved, name } = await saveBackupToFile();
      if (saved) setStatus({ text: host.isElectron ? '备份已保存。' : `备份已下载：${name}`, error: false });
    } catch (err) {
      console.error('backup save failed', err);
      setStatus({ text: '保存备份失败，请重试。', error: true });
    }
  };

  return (
    <section className="settings-section" data-testid="backup-panel">
      <h3>数据备份与恢复</h3>
      <p className="muted">
        备份文件（.json）包含全部台账数据：填报记录、修改记录、导入批次和泛指单位指定。从备份恢复会
        <strong>替换</strong>
        当前全部数据（不合并），恢复前会列出将丢失的内容请您确认，并自动备份被替换的数据。
        {host.isElectron && '桌面版还会在每次导入前和退出时自动备份，保留最近 10 份。'}
      </p>
      <div className="backup-actions">
        <button type="button" className="primary" onClick={() => void save()} data-testid="backup-save">
          保存备份
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
              accept=".json,application/json"
              hidden
              data-testid="backup-restore-input"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file) restore(async () => ({ source: file.name, text: await file.text() }));
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
      {host.isElectron && autoBackups && (
        <>
          <h4>自动备份（用户数据文件夹）</h4>
          {autoBackups.length === 0 ? (
            <p className="muted">暂无自动备份。</p>
          ) : (
            <table className="backup-table" data-testid="auto-backups">
              <thead>
                <tr>
                  <th>时间</th>
                  <th>原因</th>
                  <th>大小</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {autoBackups.map((b) => (
                  <tr key={b.name}>
                    <td>{formatSavedAt(b.createdAt, LOCAL_OFFSET)}</td>
                    <td>{REASON_LABELS[b.reason] ?? b.reason}</td>
                    <td>{(b.bytes / 1024).toFixed(0)} KB</td>
                    <td>
                      <button
                        type="button"
                        onClick={() =>
                          restore(async () => ({
                            source: `${REASON_LABELS[b.reason] ?? b.reason} ${formatSavedAt(b.createdAt, LOCAL_OFFSET)}`,
                            text: await readAutomaticBackup(b.name),
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
      {!host.isElectron && localBackups.length > 0 && (
        <>
          <h4>自动备份（本机浏览器，保留最近 3 份）</h4>
          <table className="backup-table" data-testid="local-backups">
            <tbody>
              {localBackups.map((b) => (
                <tr key={b.savedAt}>
                  <td>{formatSavedAt(b.savedAt, LOCAL_OFFSET)}</td>
                  <td>{REASON_LABELS[b.reason] ?? b.reason}</td>
                  <td>{(b.json.length / 1024).toFixed(0)} KB</td>
                  <td>
                    <button type="button" onClick={() => void downloadLocalBackup(b)}>
                      下载
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() =>
                        restore(async () => ({
                          source: `${REASON_LABELS[b.reason] ?? b.reason} ${formatSavedAt(b.savedAt, LOCAL_OFFSET)}`,
                          text: b.json,
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
