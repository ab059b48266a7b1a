// One returned workbook in the import wizard: how it was identified (manifest / title / file name),
// the unit and period it will be merged into (chosen or confirmed by the user when not from the
// manifest), its counts, warnings, rejected rows with reasons, and whether it is already imported.
// A protected file asks for its password here (three tries; the password is not kept), and a unit's
// own ledger says whether its mapping still needs a person (the wizard's mapping step).
import { useState } from 'react';
import { periodLabel } from '../../../shared/deadline.ts';
import type { LayoutMapping } from '../../../shared/mapping/types.ts';
import { PASSWORD_TRIES } from '../../../shared/workbook/decrypt.ts';
import type { ReturnIdentity } from '../../../shared/file-identity.ts';
import type { MergePlan } from '../../../shared/merge/plan-merge.ts';
import { periodChoices } from '../../../shared/periods.ts';
import type { ReadResult } from '../../../shared/workbook/read-workbook.ts';
import { countsText, IDENTIFIED_BY } from './labels.ts';
import type { EvidenceOutcome, PackageEvidence } from '../../../shared/engine/import-returns.ts';

const EVIDENCE_STATUS: Record<EvidenceOutcome['status'], string> = {
  attached: '将附上',
  duplicate: '已有，不重复添加',
  refused: '不导入',
};

/** A package's files and what the import does with each (`outcomes` undefined: still being checked). */
export function EvidenceList({
  file,
  outcomes,
}: {
  file: WizardFile;
  outcomes: readonly EvidenceOutcome[] | undefined;
}) {
  if (!file.evidence && !file.packageNotes?.length) return null;
  if (!outcomes) {
    const count = (file.evidence?.files.length ?? 0) + (file.evidence?.refused.length ?? 0);
    return (
      <p className="xc-list" data-testid="import-file-evidence" aria-busy="true">
        佐证材料 {count} 个文件：正在核对…
      </p>
    );
  }
  const attached = outcomes.filter((o) => o.status === 'attached').length;
  const refused = outcomes.filter((o) => o.status === 'refused').length;
  return (
    <details
      className="xc-list"
      open={refused > 0 && outcomes.length <= 12}
      data-testid="import-file-evidence"
    >
      <summary>
        佐证材料 {outcomes.length} 个文件：将附上 {attached} 个{refused > 0 && `，${refused} 个不导入`}
      </summary>
      <ul>
        {file.packageNotes?.map((n, i) => (
          <li key={`n${i}`} className="xc-warn-text">
            {n}
          </li>
        ))}
        {outcomes.map((o, i) => (
          <li key={i} data-testid="evidence-outcome" data-status={o.status}>
            {o.path}：{EVIDENCE_STATUS[o.status]}
            {o.reason && `（${o.reason}）`}
          </li>
        ))}
      </ul>
    </details>
  );
}

export interface WizardFile {
  id: string;
  read: ReadResult;
  /** Whose return the file says it is (shared/file-identity.ts). */
  identity: ReturnIdentity;
  /** The unit and period the file is merged into ('' = not chosen yet). */
  unit: string;
  period: string;
  /** The user confirmed unit and period (files without a manifest, or a disputed manifest). */
  confirmed: boolean;
  selected: boolean;
  /** A return package: the evidence that came with the workbook, and remarks on the package. */
  evidence?: PackageEvidence;
  packageName?: string;
  packageNotes?: string[];
  /** The file's bytes, kept only while it waits for its password (in memory, never stored). */
  bytes?: Uint8Array;
  /** Wrong passwords given so far. */
  passwordTries?: number;
  /**
   * A unit's own layout: the file as read (with its sheets) and its mapping; `read` holds the rows
   * read through the mapping once it is confirmed.
   */
  foreign?: { original: ReadResult; mapping: LayoutMapping; confirmed: boolean; open: number };
}

/** Waits for its password: a protected file the host can decrypt, with tries left. */
export function needsPassword(f: WizardFile): boolean {
  const code = f.read.errors[0]?.code;
  return f.bytes !== undefined && (code === 'encrypted' || code === 'wrong-password');
}

export function hasManifest(f: WizardFile): boolean {
  return f.identity.by === 'manifest';
}

/** The manifest alone decides: it is valid and neither the title nor the file name disputes it. */
function manifestDecides(f: WizardFile): boolean {
  return hasManifest(f) && f.identity.disagreements.length === 0;
}

export function identityReady(f: WizardFile): boolean {
  return f.unit !== '' && f.period !== '' && (manifestDecides(f) || f.confirmed);
}

/** The file can be applied: selected, identified, planned, not rejected, not imported before. */
/**
 * The file can be applied: selected, identified, mapped (a unit's own layout), planned, not rejected,
 * not imported before — or imported before but bringing evidence files that are new (a package sent
 * again with more photos).
 */
export function applicable(
  f: WizardFile,
  plan: MergePlan | null,
  evidence: readonly EvidenceOutcome[] = [],
): plan is MergePlan {
  if (!f.selected || !identityReady(f) || (f.foreign && !f.foreign.confirmed)) return false;
  if (plan === null || plan.rejection) return false;
  return !plan.alreadyImported || evidence.some((e) => e.status === 'attached');
}

interface FileCardProps {
  file: WizardFile;
  plan: MergePlan | null;
  position: number;
  unitNames: readonly string[];
  planYear: number;
  onChange: (patch: Partial<WizardFile>) => void;
  onRemove: () => void;
  /** What the import does with each file of a return package; undefined while it is being planned. */
  evidence?: readonly EvidenceOutcome[] | undefined;
  /** Try a password (protected files). */
  onPassword: (password: string) => void;
  /** Open the mapping step (a unit's own ledger). */
  onShowMapping: () => void;
}

export function FileCard({
  file,
  plan,
  position,
  unitNames,
  planYear,
  onChange,
  onRemove,
  evidence,
  onPassword,
  onShowMapping,
}: FileCardProps) {
  const read = file.read;
  const foreign = file.foreign;
  const status = needsPassword(file)
    ? { text: '需要密码', cls: 'badge badge-warn' }
    : foreign && !foreign.confirmed
      ? { text: '待核对映射', cls: 'badge badge-warn' }
      : !identityReady(file)
        ? { text: '待确认单位和月份', cls: 'badge badge-warn' }
        : !plan
          ? { text: '正在比对…', cls: 'badge' }
          : plan.rejection
            ? { text: '整份退回', cls: 'badge badge-bad' }
            : plan.alreadyImported
              ? { text: '已导入过', cls: 'badge badge-warn' }
              : { text: '可导入', cls: 'badge badge-good' };
  const canSelect =
    identityReady(file) &&
    (!foreign || foreign.confirmed) &&
    plan !== null &&
    !plan.rejection &&
    !plan.alreadyImported;
  const readErrors = foreign ? [] : read.errors;
  return (
    <article className="xc-file" data-testid="import-file" data-file-name={read.fileName ?? ''}>
      <header className="xc-file-head">
        <label className="xc-file-select">
          <input
            type="checkbox"
            checked={file.selected && canSelect}
            disabled={!canSelect}
            onChange={(e) => onChange({ selected: e.target.checked })}
            data-testid="import-file-selected"
          />
          <span className="xc-file-no">{position}.</span>
          <strong className="xc-file-name">{read.fileName ?? '（未命名文件）'}</strong>
        </label>
        <span className={status.cls} data-testid="import-file-status">
          {status.text}
        </span>
        <span className="toolbar-spacer" />
        <button type="button" onClick={onRemove} aria-label={`移除 ${read.fileName ?? ''}`}>
          移除
        </button>
      </header>

      {needsPassword(file) && <PasswordPrompt file={file} onPassword={onPassword} />}
      {foreign && (
        <p className="xc-note" data-testid="import-file-foreign">
          单位自己的台账（
          {foreign.mapping.sheets
            .filter((s) => s.use)
            .map((s) => `“${s.sheet}”`)
            .join('、')}
          ）：
          {foreign.confirmed
            ? foreign.mapping.saved === 'applied'
              ? '按上次确认的映射识别。'
              : '各表、各列和各行已对应到计划任务。'
            : `有 ${foreign.open} 项识别需要确认。`}{' '}
          <button
            type="button"
            className="link"
            onClick={onShowMapping}
            data-testid="import-file-show-mapping"
          >
            {foreign.confirmed ? '查看映射' : '核对映射'}
          </button>
        </p>
      )}
      {readErrors.length > 0 ? null : manifestDecides(file) ? (
        <p className="xc-identity" data-testid="import-file-identity">
          单位：<strong>{file.unit}</strong> · 月份：<strong>{periodLabel(file.period)}</strong> ·{' '}
          {IDENTIFIED_BY.manifest}
        </p>
      ) : (
        <div className="xc-identity xc-identity-confirm" data-testid="import-file-identity">
          <span>
            {file.identity.disagreements.map((d, i) => (
              <span key={i} className="xc-warn-text" data-testid="import-file-disagreement">
                {d.message}。
              </span>
            ))}
            {file.identity.by ? `${IDENTIFIED_BY[file.identity.by]}：` : '无法从文件识别单位和月份，'}
            {file.identity.by &&
              `${file.identity.unit ?? file.identity.unknownUnit ?? '单位不明'} ${file.identity.period ? periodLabel(file.identity.period) : '月份不明'}，`}
            请选择或确认：
          </span>
          <select
            value={file.unit}
            onChange={(e) => onChange({ unit: e.target.value, confirmed: false })}
            aria-label="单位"
            data-testid="import-file-unit"
          >
            <option value="">选择单位…</option>
            {unitNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <select
            value={file.period}
            onChange={(e) => onChange({ period: e.target.value, confirmed: false })}
            aria-label="月份"
            data-testid="import-file-period"
          >
            <option value="">选择月份…</option>
            {periodChoices(planYear, file.period || undefined).map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
          <label>
            <input
              type="checkbox"
              checked={file.confirmed}
              disabled={!file.unit || !file.period}
              onChange={(e) => onChange({ confirmed: e.target.checked })}
              data-testid="import-file-confirm"
            />
            已核对单位和月份
          </label>
        </div>
      )}

      {!needsPassword(file) &&
        readErrors.map((e, i) => (
          <p key={i} className="form-error" data-testid="import-file-error">
            无法读取：{e.message}
          </p>
        ))}
      {plan?.rejection && (!foreign || foreign.confirmed) && (
        <p className="form-error">{plan.rejection.message}</p>
      )}
      {plan?.alreadyImported && (
        <p className="xc-note" data-testid="import-file-duplicate">
          此文件已导入过（内容完全相同），不会重复导入。
        </p>
      )}
      {plan && !plan.rejection && !plan.alreadyImported && (
        <p className="xc-counts" data-testid="import-file-counts">
          {countsText(plan.counts)}
          {plan.conflicts.length > 0 && `（${plan.conflicts.length} 个字段冲突，需逐项处理）`}
        </p>
      )}
      <EvidenceList file={file} outcomes={evidence} />
      {plan && plan.rejected.length > 0 && (
        <details className="xc-list" open={plan.rejected.length <= 5}>
          <summary>退回 {plan.rejected.length} 行（未导入）</summary>
          <ul data-testid="import-file-rejected">
            {plan.rejected.map((r, i) => (
              <li key={i}>{r.reason}</li>
            ))}
          </ul>
        </details>
      )}
      {plan && plan.warnings.length > 0 && (
        <details className="xc-list" open={plan.warnings.length <= 3}>
          <summary>提示 {plan.warnings.length} 条</summary>
          <ul data-testid="import-file-warnings">
            {plan.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

function PasswordPrompt({ file, onPassword }: { file: WizardFile; onPassword: (password: string) => void }) {
  // Held in this input only while typed; handed over once and cleared.
  const [password, setPassword] = useState('');
  const tries = file.passwordTries ?? 0;
  const submit = () => {
    if (!password) return;
    onPassword(password);
    setPassword('');
  };
  return (
    <form
      className="xc-password"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="import-file-password"
    >
      <span>
        {tries > 0
          ? `密码不正确（还可再试 ${PASSWORD_TRIES - tries} 次）。`
          : '文件设置了打开密码，请输入密码（只用于打开本文件，不会保存）：'}
      </span>
      <input
        type="password"
        autoComplete="off"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-label="文件密码"
        data-testid="import-file-password-input"
      />
      <button type="submit" disabled={!password} data-testid="import-file-password-open">
        打开
      </button>
    </form>
  );
}
