// The printable inspection checklist (督查清单): a title block with the plan, document number, unit,
// period and a blank 检查日期 line; a table whose header row repeats on every printed page; one row
// per task (kept on one page where it fits, else split between paragraphs); signature lines at the end.
// Page numbers come from the print footer (see print.ts). Pure presentation of shared/checklist.ts.
import { PROGRESS_FIELD_LABELS } from '../../../shared/model.ts';
import { groupUnitsByStatus, type Checklist, type ChecklistBlock } from '../../../shared/checklist.ts';
import { joinNames } from '../../../shared/task-view.ts';
import { pageRule, type Orientation } from './print.ts';

const CHECKS = ['已落实', '部分落实', '未落实'];

function Block({ b }: { b: ChecklistBlock }) {
  const mine = b.mine;
  return (
    <tr className="cl-block" data-testid="checklist-block" data-task-id={b.taskId}>
      <td>
        <div className="cl-block-head">
          <span className="cl-id">{b.label}</span>
          <span className="cl-key">{b.keyTask}</span>
          {mine && <span className="cl-role">本单位：{mine.role}</span>}
        </div>
        <div className="cl-section">
          {b.planName} · {b.section}
        </div>
        <div className="cl-measures">
          <span className="cl-label">工作措施：</span>
          {b.measures.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
        <div className="cl-line">
          <span className="cl-label">完成时限：</span>
          {mine?.extension?.approvedUntil ? (
            <>
              <s data-testid="checklist-deadline-original">
                {b.deadlineRaw}（{b.deadlineMeaning}）
              </s>{' '}
              <strong>已批准延期至 {mine.extension.approvedUntil}</strong>
            </>
          ) : (
            <>
              {b.deadlineRaw}（{b.deadlineMeaning}）
            </>
          )}
          <span className="cl-state">本期：{b.deadlineStateLabel}</span>
        </div>
        <div className="cl-line">
          <span className="cl-label">主责单位：</span>
          {joinNames(b.leadUnits) || '—'}
          {b.coUnits.length > 0 && (
            <>
              <span className="cl-label cl-gap">协办单位：</span>
              {joinNames(b.coUnits)}
            </>
          )}
          {b.leaders.length > 0 && (
            <>
              <span className="cl-label cl-gap">牵头领导：</span>
              {joinNames(b.leaders)}
            </>
          )}
        </div>
        {mine && (
          <div className="cl-progress">
            <div className="cl-line">
              <span className="cl-label">本期填报：</span>
              {PROGRESS_FIELD_LABELS.status} {mine.progress.status ?? '未填报'}
              {mine.progress.percent !== null && ` · 完成比例 ${mine.progress.percent}%`}
              {` · 序时进度 ${mine.judgement}`}
              {!mine.reportedThisPeriod && mine.progress.status !== null && '（沿用上期）'}
            </div>
            <div className="cl-line">
              <span className="cl-label">{PROGRESS_FIELD_LABELS.progress}：</span>
              {mine.progress.progress || '（未填写）'}
            </div>
            {mine.progress.problems && (
              <div className="cl-line">
                <span className="cl-label">{PROGRESS_FIELD_LABELS.problems}：</span>
                {mine.progress.problems}
              </div>
            )}
            <div className="cl-line" data-testid="checklist-review">
              <span className="cl-label">区里审核：</span>
              {mine.review === null ? '本期未报送' : mine.review}
              {mine.reviewComment && `（${mine.reviewComment}）`}
            </div>
            {mine.extension && (
              <div className="cl-line" data-testid="checklist-extension">
                <span className="cl-label">延期申请：</span>
                申请延至 {mine.extension.until}，理由：{mine.extension.reason} · {mine.extension.state}
                {mine.extension.comment && `（${mine.extension.comment}）`}
              </div>
            )}
            <div className="cl-line" data-testid="checklist-evidence">
              <span className="cl-label">佐证材料：</span>
              {mine.evidence.length === 0 ? (
                '（无）'
              ) : (
                <ol className="cl-evidence">
                  {mine.evidence.map((e, i) => (
                    <li key={i}>
                      {e.name} · {e.date} · <code>{e.hash8}</code>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </div>
        )}
        {b.units && (
          <div className="cl-line">
            <span className="cl-label">各单位本期状态：</span>
            {b.units.length === 0
              ? '（无明确责任单位）'
              : groupUnitsByStatus(b.units).map(([status, names]) => (
                  <span key={status} className="cl-status-group">
                    {status}（{names.length}）：{joinNames(names)}
                  </span>
                ))}
          </div>
        )}
        <div className="cl-checks">
          <span className="cl-label">检查结果：</span>
          {CHECKS.map((c) => (
            <span key={c} className="cl-check">
              □{c}
            </span>
          ))}
        </div>
        <div className="cl-remarks">
          <span className="cl-label">备注：</span>
          <span className="cl-rule" />
          <span className="cl-rule cl-rule-full" />
        </div>
      </td>
    </tr>
  );
}

export function ChecklistDocument({
  checklist: c,
  orientation,
}: {
  checklist: Checklist;
  orientation: Orientation;
}) {
  const running = `${c.planTitle}（${c.docNumber}）· 督查清单 · ${c.unit ?? c.scopeLabel} · ${c.periodLabel}`;
  return (
    <article className={`checklist-print ${orientation}`} data-testid="checklist-doc">
      <style>{pageRule(orientation)}</style>
      <header className="cl-title">
        <h2>督查清单</h2>
        <p className="cl-plan">
          {c.planTitle}（{c.docNumber}）
        </p>
        <div className="cl-meta">
          <span>
            被检查单位：<strong>{c.unit ?? '（按任务）'}</strong>
          </span>
          <span>报告期：{c.periodLabel}</span>
          <span>
            范围：{c.scopeLabel}（共 {c.blocks.length} 项）
          </span>
          <span>检查日期：______年____月____日</span>
        </div>
      </header>
      {c.blocks.length === 0 ? (
        <p className="cl-empty">所选范围内没有任务。</p>
      ) : (
        <table className="cl-table">
          <thead>
            <tr>
              <th>{running}</th>
            </tr>
          </thead>
          <tbody>
            {c.blocks.map((b) => (
              <Block key={b.taskId} b={b} />
            ))}
          </tbody>
        </table>
      )}
      <footer className="cl-sign">
        <span>检查人：________________</span>
        <span>被检查单位负责人：________________</span>
        <span>日期：______年____月____日</span>
      </footer>
    </article>
  );
}
