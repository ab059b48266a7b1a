// The detail panel's evidence, review and extension sections for one task × unit × month.
//  - 佐证材料: the month's files (earlier months' below), each with its kind, size, date and first 8
//    hex of its hash; a photo's thumbnail; 预览 (images; PDFs in the browser's PDF viewer, or the
//    system's viewer in the desktop app), 另存, 用系统程序打开 (desktop), 删除. Files come in by drag
//    and drop, the picker, or pasting an image; they are read in the evidence worker with a progress
//    bar, identified by content, and attached through the use case.
//  - 审核 (district): 审核通过 / 退回 with a comment / 撤销审核; the clerk sees 区里意见 instead.
//  - 延期: the request (clerk's form), the district's approval or rejection with a comment.
import { useEffect, useState, type ClipboardEvent, type DragEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { PeriodRow } from '../../../shared/period-state.ts';
import type { Attachment } from '../../../shared/evidence/model.ts';
import { shortHash, sizeText } from '../../../shared/evidence/model.ts';
import { EVIDENCE_KIND_LABELS, isViewableImage } from '../../../shared/evidence/sniff.ts';
import { currentRequest, dateWords, deadlineEnd } from '../../../shared/extension.ts';
import { periodLabel } from '../../../shared/deadline.ts';
import { planOfTaskId } from '../../../shared/plan-ids.ts';
import { Modal } from '../../components/Modal.tsx';
import { appStore } from '../../db/index.ts';
import { getHost } from '../../host.ts';
import {
  askExtension,
  attachFiles,
  decideExtensionFor,
  evidenceBlob,
  openWithSystem,
  removeAttachment,
  reviewRows,
  saveCopy,
  thumbnail,
  useReview,
  useRowEvidence,
  useRowExtensions,
} from '../../hooks/evidence-actions.ts';

interface Props {
  row: PeriodRow;
  period: string;
  who: string;
  /** The clerk of a unit (single-unit mode) or the district's coordinator. */
  clerk: boolean;
}

const dateFormat = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit' });

/** A stored time as a date; a value that is not one shows as itself rather than failing the panel. */
function dateText(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : dateFormat.format(at);
}

export function EvidencePanel(props: Props) {
  return (
    <>
      <EvidenceSection {...props} />
      {props.clerk ? <OpinionSection {...props} /> : <ReviewSection {...props} />}
      <ExtensionSection {...props} />
    </>
  );
}

function Thumb({ a }: { a: Attachment }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    void thumbnail(a).then((t) => {
      if (!live || !t) return;
      made = URL.createObjectURL(t);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [a]);
  return url ? (
    <img className="ev-thumb" src={url} alt={`${a.name} 缩略图`} />
  ) : (
    <span className="ev-icon">📄</span>
  );
}

function EvidenceSection({ row, period, who }: Props) {
  const all = useRowEvidence(row.task.id, row.unit);
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [note, setNote] = useState<{ text: string; lines: string[] } | null>(null);
  const [preview, setPreview] = useState<{ a: Attachment; url: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const ref = { taskId: row.task.id, unit: row.unit, period };
  const mine = (all ?? []).filter((a) => a.period === period);
  const earlier = (all ?? []).filter((a) => a.period < period);

  const add = async (files: File[]) => {
    if (files.length === 0) return;
    setNote(null);
    setBusy({ done: 0, total: files.reduce((n, f) => n + f.size, 0) });
    try {
      const r = await attachFiles(ref, files, who, (done, total) => setBusy({ done, total }));
      setNote({
        text: `已附上 ${r.attached.length} 个文件${r.notTaken.length ? `，${r.notTaken.length} 个未附上：` : '。'}`,
        lines: r.notTaken.map((n) => `${n.name}：${n.reason}`),
      });
    } catch (err) {
      console.error('attaching evidence failed', err);
      setNote({
        text: `添加失败，台账未改动：${err instanceof Error ? err.message : String(err)}`,
        lines: [],
      });
    } finally {
      setBusy(null);
    }
  };

  const show = async (a: Attachment) => {
    if (!isViewableImage(a.kind) && (a.kind !== 'pdf' || getHost().isElectron)) {
      if (getHost().openCopy) return void openWithSystem(a);
      return void saveCopy(a);
    }
    const url = URL.createObjectURL(await evidenceBlob(a));
    setPreview({ a, url });
  };

  const closePreview = () => {
    if (preview) URL.revokeObjectURL(preview.url);
    setPreview(null);
  };

  const onPaste = (e: ClipboardEvent) => {
    const files = [...e.clipboardData.files].filter((f) => f.type.startsWith('image/'));
    if (files.length === 0) return;
    e.preventDefault();
    // A pasted screenshot has no name of its own.
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    void add(
      files.map((f, i) => new File([f], `粘贴图片_${stamp}${i ? `_${i + 1}` : ''}.png`, { type: f.type })),
    );
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void add([...e.dataTransfer.files]);
  };

  const item = (a: Attachment) => (
    <li key={a.id} className="ev-item" data-testid="evidence-item">
      <Thumb a={a} />
      <div className="ev-meta">
        <strong className="ev-name" data-testid="evidence-name">
          {a.name}
        </strong>
        <span className="muted">
          {EVIDENCE_KIND_LABELS[a.kind]} · {sizeText(a.size)} · {dateText(a.addedAt)} · {a.addedBy} ·{' '}
          <code title={a.sha256}>{shortHash(a.sha256)}</code>
          {a.period !== period && ` · ${periodLabel(a.period)}`}
        </span>
        <span className="ev-actions">
          <button type="button" onClick={() => void show(a)} data-testid="evidence-preview">
            预览
          </button>
          <button type="button" onClick={() => void saveCopy(a)}>
            另存
          </button>
          {getHost().openCopy && (
            <button type="button" onClick={() => void openWithSystem(a)}>
              用系统程序打开
            </button>
          )}
          {a.period === period && (
            <button
              type="button"
              onClick={() => void removeAttachment(a.id, who)}
              data-testid="evidence-remove"
            >
              删除
            </button>
          )}
        </span>
      </div>
    </li>
  );

  return (
    <section className="detail-section" onPaste={onPaste} data-testid="evidence-section">
      <h3>佐证材料（{periodLabel(period)}）</h3>
      <div
        className={dragging ? 'ev-drop dragging' : 'ev-drop'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span>把照片、扫描件、PDF、Word、Excel 拖到这里，或粘贴截图，或</span>{' '}
        <label className="xc-file-button">
          选择文件…
          <input
            type="file"
            multiple
            disabled={busy !== null}
            data-testid="evidence-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void add(files);
            }}
          />
        </label>
      </div>
      {busy && (
        <div className="xc-progress" data-testid="evidence-progress">
          <progress value={busy.done} max={Math.max(1, busy.total)} />
          <span>
            正在读取并校验 {sizeText(busy.done)} / {sizeText(busy.total)}
          </span>
        </div>
      )}
      {note && (
        <div className="notice notice-info" role="status" data-testid="evidence-note">
          {note.text}
          {note.lines.length > 0 && (
            <ul className="notice-problems">
              {note.lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {all === undefined ? (
        <p className="muted">正在加载…</p>
      ) : mine.length === 0 ? (
        <p className="muted">本月还没有附上佐证材料。</p>
      ) : (
        <ul className="ev-list" data-testid="evidence-list">
          {mine.map(item)}
        </ul>
      )}
      {earlier.length > 0 && (
        <details>
          <summary>以前月份的佐证材料（{earlier.length}）</summary>
          <ul className="ev-list">{earlier.map(item)}</ul>
        </details>
      )}
      {preview && (
        <Modal
          title={preview.a.name}
          onClose={closePreview}
          testId="evidence-viewer"
          className="modal ev-viewer"
        >
          {isViewableImage(preview.a.kind) ? (
            <img src={preview.url} alt={preview.a.name} className="ev-full" data-testid="evidence-image" />
          ) : (
            <iframe src={preview.url} title={preview.a.name} className="ev-pdf" data-testid="evidence-pdf" />
          )}
          <div className="form-actions">
            <button type="button" onClick={closePreview} data-autofocus>
              关闭
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}

function ReviewSection({ row, period, who }: Props) {
  const ref = { taskId: row.task.id, unit: row.unit, period };
  const review = useReview(ref);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const act = async (event: Parameters<typeof reviewRows>[1]) => {
    setMessage(null);
    const r = await reviewRows([ref], event, who);
    if (r.refused.length) setMessage(r.refused.join('；'));
    else setComment('');
  };
  return (
    <section className="detail-section" data-testid="review-section">
      <h3>审核</h3>
      {row.review === null ? (
        <p className="muted">本月尚未报送，暂无可审核的内容。</p>
      ) : (
        <>
          <p data-testid="review-state">
            状态：<strong>{review?.state ?? '待审核'}</strong>
            {review?.comment ? `（${review.comment}）` : ''}
            {review && review.state !== '待审核' && (
              <span className="muted">
                {' '}
                · {review.by} {dateText(review.at)}
              </span>
            )}
          </p>
          <textarea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="意见（退回时必填，单位会在下月工作簿的“区里意见”列看到）"
            aria-label="审核意见"
            rows={2}
            data-testid="review-comment"
          />
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              onClick={() => void act({ kind: 'approve', comment })}
              data-testid="review-approve"
            >
              审核通过
            </button>
            <button
              type="button"
              onClick={() => void act({ kind: 'return', comment })}
              data-testid="review-return"
            >
              退回
            </button>
            {review && review.state !== '待审核' && (
              <button type="button" onClick={() => void act({ kind: 'reopen' })}>
                改回待审核
              </button>
            )}
          </div>
          {message && (
            <p className="form-error" role="alert">
              {message}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The clerk's app: what the district said, from the workbook it sent. */
function OpinionSection({ row, period }: Props) {
  const opinion = useLiveQuery(async () => {
    const plan = planOfTaskId(await appStore.plans(), row.task.id);
    const base = plan && (await appStore.districtBase(plan.id, row.unit, period));
    return base?.rows.find((r) => r.taskId === row.task.id)?.opinion ?? '';
  }, [row.unit, row.task.id, period]);
  return (
    <section className="detail-section" data-testid="opinion-section">
      <h3>区里意见</h3>
      <p className={opinion ? 'opinion' : 'muted'}>{opinion || '区里没有意见。'}</p>
    </section>
  );
}

function ExtensionSection({ row, period, who, clerk }: Props) {
  const requests = useRowExtensions(row.task.id, row.unit);
  const current = requests ? currentRequest(requests) : null;
  const end = deadlineEnd(row.task.deadline);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (!end) return null;
  const ask = async () => {
    setMessage(await askExtension({ taskId: row.task.id, unit: row.unit, period, until, reason }, who));
  };
  const decide = async (decision: 'approve' | 'reject') => {
    const problem = await decideExtensionFor({ taskId: row.task.id, unit: row.unit, decision, comment }, who);
    setMessage(problem);
    if (!problem) setComment('');
  };
  return (
    <section className="detail-section" data-testid="extension-section">
      <h3>延期</h3>
      <p>
        原定时限：{row.extension?.approvedUntil ? <s>{dateWords(end)}</s> : dateWords(end)}
        {row.extension?.approvedUntil && (
          <strong> → 已批准延至{dateWords(row.extension.approvedUntil)}</strong>
        )}
      </p>
      {current && (
        <p data-testid="extension-current">
          {current.state}：申请延至{dateWords(current.until)}，理由：{current.reason}
          {current.comment ? `；区里意见：${current.comment}` : ''}
        </p>
      )}
      {!clerk && current?.state === '待批准' && (
        <>
          <input
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="意见（不批准时必填）"
            aria-label="延期意见"
          />
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              onClick={() => void decide('approve')}
              data-testid="extension-approve"
            >
              批准延期
            </button>
            <button type="button" onClick={() => void decide('reject')} data-testid="extension-reject">
              不批准
            </button>
          </div>
        </>
      )}
      <details open={clerk && !current}>
        <summary>{clerk ? '申请延期' : '登记单位的延期申请'}</summary>
        <label>
          申请延期至{' '}
          <input
            type="date"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            data-testid="extension-until"
          />
        </label>
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="延期理由"
          aria-label="延期理由"
          rows={2}
          data-testid="extension-reason"
        />
        <button type="button" onClick={() => void ask()} data-testid="extension-ask">
          提交申请
        </button>
      </details>
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
