// 导入回收的工作簿: a wizard over several returned files, in the order shown.
//   1. 选择文件   drop zone + file picker (.xlsx .xls .et .ods .csv); each file read (lazily loaded
//                 readers), identified and planned — in sequence, each against the state the files
//                 before it leave; a protected file asks for its password (three tries, decrypted by
//                 the host, not kept);
//   2. 核对映射   only for a unit's own ledger (a layout we did not write): the detected sheets,
//                 columns and row matches with their scores; what is below the confident score must
//                 be confirmed or corrected before the file can be imported. A mapping with nothing
//                 below it (or the one kept for the unit, same layout) is applied by itself;
//   3. 处理冲突   conflicts side by side, resolved per field; 导入 stays disabled until every
//                 conflict of the selected files is resolved or explicitly skipped;
//   4. 导入       one backup of the ledger, then the whole batch in one transaction (each file its
//                 own batch row, audit entries and before-images; all files or none); a confirmed
//                 mapping is kept for its unit in the same transaction;
//   5. 结果       what each file changed, left open and why.
// Planning is the import use case run as a preview (shared/engine/import-returns.ts), so what the
// wizard shows is what applying does.
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useSessionState } from '../../hooks/useSessionState.ts';
import { periodLabel } from '../../../shared/deadline.ts';
import { fieldKey, parseFieldKey, type FieldKey } from '../../../shared/keys.ts';
import type { MergePlan } from '../../../shared/merge/plan-merge.ts';
import type { Task } from '../../../shared/model.ts';
import type { Resolution } from '../../../shared/merge/apply-merge.ts';
import { parseFieldInput } from '../../../shared/progress-input.ts';
import type { LayoutMapping } from '../../../shared/mapping/types.ts';
import { confirmations } from '../../../shared/mapping/detect-layout.ts';
import { PASSWORD_TRIES } from '../../../shared/workbook/decrypt.ts';
import type { ReadResult } from '../../../shared/workbook/read-workbook.ts';
import {
  applyImportBatch,
  canDecrypt,
  identifyReads,
  newId,
  planImport,
  proposeFileMapping,
  readThroughMapping,
  readWorkbooks,
  type ReturnFile,
} from '../../hooks/exchange-actions.ts';
import { ConflictTable, isSettled, resolutionsFor, type ConflictChoice } from './ConflictTable.tsx';
import { applicable, FileCard, hasManifest, identityReady, type WizardFile } from './FileCard.tsx';
import type { EvidenceOutcome } from '../../../shared/engine/import-returns.ts';
import type { PackageRead } from '../../../shared/evidence/package.ts';
import { sizeText } from '../../../shared/evidence/model.ts';
import { readDroppedFolder, readPackage } from '../../evidence/intake.ts';

/**
 * A dropped folder (a workbook together with its evidence folders): every file under it with its
 * path relative to the drop. Null when nothing dropped is a folder.
 */
async function collectFolder(dt: DataTransfer): Promise<{ path: string; file: File }[] | null> {
  const entries = [...dt.items]
    .map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (!entries.some((e) => e.isDirectory)) return null;
  const out: { path: string; file: File }[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string, depth: number): Promise<void> => {
    if (out.length > 5000 || depth > 8) return;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      out.push({ path: `${prefix}${entry.name}`, file });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, depth + 1);
    }
  };
  // One folder dropped: its contents are the package (paths relative to it).
  if (entries.length === 1 && entries[0]!.isDirectory) {
    const reader = (entries[0] as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, '', 1);
    }
  } else for (const e of entries) await walk(e, '', 0);
  return out;
}
import { MappingPanel } from './MappingPanel.tsx';
import { afterWrongPassword } from './password.ts';

type Step = 'files' | 'mapping' | 'conflicts' | 'applying' | 'summary';

/** What the wizard accepts (by extension; the reader decides by content). */
const ACCEPT = '.xlsx,.xls,.et,.ods,.csv,.zip';

/** One row of the result: what applying did to a file. */
interface SummaryRow {
  fileName: string;
  unit: string;
  period: string;
  written: number;
  open: number;
  stale: number;
  attached: number;
  refusedFiles: number;
  requests: number;
}

interface ImportWizardProps {
  planYear: number;
  who: string;
  unitNames: readonly string[];
  tasks: readonly Task[];
  onShowHistory: () => void;
}

export function ImportWizard({ planYear, who, unitNames, tasks, onShowHistory }: ImportWizardProps) {
  // Picked files and conflict choices survive leaving the 导入导出 view (e.g. to look at the grid).
  const [files, setFiles] = useSessionState<WizardFile[]>('import-wizard.files', []);
  const [choices, setChoices] = useSessionState<Map<string, Map<FieldKey, ConflictChoice>>>(
    'import-wizard.choices',
    new Map(),
  );
  const [planById, setPlanById] = useState<ReadonlyMap<string, MergePlan | null>>(new Map());
  const [evidenceById, setEvidenceById] = useState<ReadonlyMap<string, EvidenceOutcome[]>>(new Map());
  const [readProgress, setReadProgress] = useState<{ done: number; total: number } | null>(null);
  // A file without unit or month is not planned; its last plan (if any) no longer applies.
  const plans = files.map((f) => (f.unit && f.period ? (planById.get(f.id) ?? null) : null));
  const [step, setStep] = useState<Step>('files');
  const [reading, setReading] = useState<number>(0);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number; label: string } | null>(null);
  const [outcomes, setOutcomes] = useState<SummaryRow[]>([]);
  const [backupNote, setBackupNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const tasksById = useMemo(() => new Map(tasks.map((t) => [t.id, t])), [tasks]);

  // Plan every identified file, in order, each against the state the selected files before it
  // leave — the import use case as a preview, re-run whenever a file, its identity or a choice
  // changes (and when the view is shown again). Results of an outdated run are dropped.
  const planRun = useRef(0);
  useEffect(() => {
    const run = ++planRun.current;
    const planned = files.filter((f) => f.unit && f.period);
    if (planned.length === 0) return;
    const items: ReturnFile[] = planned.map((f) => ({
      read: f.read,
      unit: f.unit,
      period: f.period,
      identityConfirmed: f.confirmed,
      selected: f.selected && identityReady(f) && (!f.foreign || f.foreign.confirmed),
      resolutions: resolutionsForChoices(choices.get(f.id) ?? new Map()),
      ...(f.evidence ? { evidence: f.evidence } : {}),
    }));
    planImport(items, who).then(
      (outcomes) => {
        if (run !== planRun.current) return;
        setPlanById(new Map(planned.map((f, i) => [f.id, outcomes[i]?.plan ?? null])));
        setEvidenceById(new Map(planned.map((f, i) => [f.id, outcomes[i]?.evidence ?? []])));
      },
      (err: unknown) => {
        if (run !== planRun.current) return;
        console.error('planning the import failed', err);
        setError(`比对失败：${err instanceof Error ? err.message : String(err)}`);
      },
    );
  }, [files, choices, who]);

  /** A read file as the wizard holds it: a unit's own layout gets its proposed mapping. */
  const toWizardFile = async (
    read: ReadResult,
    identity: WizardFile['identity'],
    bytes: Uint8Array,
    id = newId('file'),
  ): Promise<WizardFile> => {
    const unit = identity.unit && unitNames.includes(identity.unit) ? identity.unit : '';
    const file: WizardFile = {
      id,
      read,
      identity,
      unit,
      period: identity.period ?? '',
      confirmed: false,
      selected: true,
    };
    const code = read.errors[0]?.code;
    if ((code === 'encrypted' || code === 'wrong-password') && canDecrypt()) {
      file.bytes = bytes;
      file.passwordTries = 0;
    }
    if (read.layout === 'foreign') return withProposal(file, read, unit || null);
    return file;
  };

  /** Propose (again) how a unit's own ledger maps; confident (or as kept for the unit) → applied. */
  const withProposal = async (
    file: WizardFile,
    original: ReadResult,
    unit: string | null,
  ): Promise<WizardFile> => {
    const proposal = await proposeFileMapping(original, unit);
    const open = proposal.confirmations.length;
    const read = open === 0 ? await readThroughMapping(original, proposal.mapping) : original;
    return { ...file, read, foreign: { original, mapping: proposal.mapping, confirmed: open === 0, open } };
  };

  const addFiles = async (picked: readonly File[], folder: { path: string; file: File }[] | null = null) => {
    // Every picked file is read: a damaged file, a Word document or a CSV in an unknown encoding
    // gets its own message from the reader; a return package (.zip) or a dropped folder is read for
    // its workbook and evidence.
    if (picked.length === 0 && !folder) return;
    setError(null);
    setReading(picked.length + (folder ? 1 : 0));
    try {
      // Return packages (.zip) and a dropped folder: read in the evidence worker, with a progress bar.
      const packages: { name: string; read: PackageRead }[] = [];
      const progress = (done: number, total: number) => setReadProgress({ done, total });
      for (const f of picked.filter((f) => /\.zip$/i.test(f.name)))
        packages.push({ name: f.name, read: await readPackage(f, progress) });
      if (folder)
        packages.push({
          name: folder[0]?.path.split('/')[0] ?? '文件夹',
          read: await readDroppedFolder(folder, progress),
        });
      setReadProgress(null);
      const problems = packages.filter((p) => p.read.error).map((p) => `${p.name}：${p.read.error!.message}`);
      const good = packages.filter((p) => !p.read.error && p.read.workbook);
      const plain = picked.filter((f) => !/\.zip$/i.test(f.name));
      const bytes = [
        ...(await Promise.all(
          plain.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
        )),
        ...good.map((p) => p.read.workbook!),
      ];
      const reads = await readWorkbooks(bytes);
      const identities = await identifyReads(reads);
      const added: WizardFile[] = [];
      for (const [i, read] of reads.entries()) {
        const file = await toWizardFile(read, identities[i]!, bytes[i]!.bytes);
        const pkg = i >= plain.length ? good[i - plain.length] : undefined;
        added.push(
          pkg
            ? { ...file, evidence: pkg.read.evidence, packageName: pkg.name, packageNotes: pkg.read.notes }
            : file,
        );
      }
      if (problems.length) setError(problems.join('；'));
      setFiles((list) => [...list, ...added]);
      console.info(`import wizard: read ${reads.length} file(s)`);
    } catch (err) {
      console.error('reading workbooks failed', err);
      setError(`读取文件失败：${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setReading(0);
      setReadProgress(null);
    }
  };

  /** Try a password on a protected file: three wrong ones and the wizard stops asking. */
  const tryPassword = async (fileId: string, password: string) => {
    const file = files.find((f) => f.id === fileId);
    if (!file?.bytes) return;
    const [read] = await readWorkbooks([{ name: file.read.fileName ?? '', bytes: file.bytes, password }]);
    const code = read!.errors[0]?.code;
    if (code === 'wrong-password') {
      console.warn(
        `import wizard: wrong password for a file (${(file.passwordTries ?? 0) + 1}/${PASSWORD_TRIES})`,
      );
      const next = afterWrongPassword(file, read!);
      setFiles((list) => list.map((f) => (f.id === fileId ? next : f)));
      return;
    }
    const [identity] = await identifyReads([read!]);
    const opened = await toWizardFile(read!, identity!, file.bytes, file.id);
    setFiles((list) => list.map((f) => (f.id === fileId ? { ...opened, bytes: undefined } : f)));
  };

  /** A person's change to a file's mapping (the mapping step). */
  const changeMapping = (fileId: string, mapping: LayoutMapping) =>
    setFiles((list) =>
      list.map((f) =>
        f.id === fileId && f.foreign
          ? {
              ...f,
              foreign: { ...f.foreign, mapping, confirmed: false, open: confirmations(mapping).length },
            }
          : f,
      ),
    );

  /** Nothing left to confirm: read the file's rows through its mapping. */
  const confirmMapping = async (fileId: string) => {
    const file = files.find((f) => f.id === fileId);
    if (!file?.foreign || confirmations(file.foreign.mapping).length > 0) return;
    const read = await readThroughMapping(file.foreign.original, file.foreign.mapping);
    setFiles((list) =>
      list.map((f) =>
        f.id === fileId && f.foreign ? { ...f, read, foreign: { ...f.foreign, confirmed: true } } : f,
      ),
    );
  };

  const patchFile = (id: string, patch: Partial<WizardFile>) => {
    const file = files.find((f) => f.id === id);
    setFiles(files.map((f) => (f.id === id ? { ...f, ...patch } : f)));
    // Another unit: its own numbering and the mapping kept for it change the proposal.
    if (file?.foreign && patch.unit !== undefined && patch.unit !== file.unit)
      void withProposal({ ...file, ...patch }, file.foreign.original, patch.unit || null).then((next) =>
        setFiles((list) => list.map((f) => (f.id === id ? next : f))),
      );
  };

  const removeFile = (id: string) => setFiles((list) => list.filter((f) => f.id !== id));

  const toApply = files
    .map((file, i) => ({ file, plan: plans[i] ?? null }))
    .filter((x): x is { file: WizardFile; plan: MergePlan } =>
      applicable(x.file, x.plan, evidenceById.get(x.file.id)),
    );
  const conflictCount = toApply.reduce((n, x) => n + x.plan.conflicts.length, 0);
  const foreignFiles = files.filter((f) => f.foreign);
  const mappingOpen = foreignFiles.filter((f) => f.selected && !f.foreign!.confirmed).length;
  const unsettled = toApply.reduce(
    (n, x) =>
      n +
      x.plan.conflicts.filter((c) => !isSettled(c, choices.get(x.file.id)?.get(fieldKey(c.taskId, c.field))))
        .length,
    0,
  );

  const choose = (fileId: string, key: FieldKey, choice: ConflictChoice) =>
    setChoices((all) => {
      const next = new Map(all);
      next.set(fileId, new Map(next.get(fileId) ?? []).set(key, choice));
      return next;
    });

  const apply = async () => {
    setStep('applying');
    setProgress({ done: 0, total: toApply.length, label: '' });
    try {
      const batch: ReturnFile[] = toApply.map(({ file }) => ({
        read: file.read,
        unit: file.unit,
        period: file.period,
        identityConfirmed: file.confirmed,
        resolutions: resolutionsFor(
          plans[files.indexOf(file)]?.conflicts ?? [],
          choices.get(file.id) ?? new Map<FieldKey, ConflictChoice>(),
        ),
        ...(file.evidence ? { evidence: file.evidence } : {}),
        ...(file.foreign?.confirmed ? { mapping: file.foreign.mapping } : {}),
      }));
      const result = await applyImportBatch(batch, who, (label) =>
        setProgress({ done: 0, total: toApply.length, label }),
      );
      setBackupNote(
        result.backup.inBrowser
          ? '导入前已备份到本机浏览器（设置 → 数据备份与恢复）'
          : `导入前已备份：${result.backup.where}`,
      );
      setOutcomes(
        result.outcomes.map((o, i) => ({
          fileName: toApply[i]?.file.read.fileName ?? `文件${i + 1}`,
          unit: o.plan.unit,
          period: o.plan.period,
          written: o.applied.length,
          open: o.unresolved.length,
          stale: o.stale.length,
          attached: o.evidence.filter((e) => e.status === 'attached').length,
          refusedFiles: o.evidence.filter((e) => e.status === 'refused').length,
          requests: o.extensionRequests.length,
        })),
      );
    } catch (err) {
      console.error('import failed', err);
      setError(`导入失败，台账未作任何改动：${err instanceof Error ? err.message : String(err)}`);
      setOutcomes([]);
    }
    setProgress({ done: toApply.length, total: toApply.length, label: '完成' });
    setStep('summary');
  };

  const reset = () => {
    setFiles([]);
    setChoices(new Map());
    setPlanById(new Map());
    setOutcomes([]);
    setBackupNote('');
    setError(null);
    setProgress(null);
    setStep('files');
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    void collectFolder(e.dataTransfer).then((folder) => (folder ? addFiles([], folder) : addFiles(files)));
  };

  return (
    <div className="xc-wizard" data-testid="import-wizard">
      <ol className="xc-steps" aria-label="导入步骤">
        {(['files', 'mapping', 'conflicts', 'applying', 'summary'] as const).map((s, i) => (
          <li key={s} className={s === step ? 'active' : undefined}>
            {i + 1}.{' '}
            {
              {
                files: '选择文件',
                mapping: '核对映射',
                conflicts: '处理冲突',
                applying: '导入',
                summary: '结果',
              }[s]
            }
          </li>
        ))}
      </ol>

      {step === 'files' && (
        <>
          <div
            className={dragging ? 'xc-drop dragging' : 'xc-drop'}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="import-drop"
          >
            <p>
              把各单位交回的工作簿拖到这里，可一次多个：下发的填报表，或单位自己的台账（.xlsx .xls .et .ods
              .csv），或回报包（.zip，含佐证材料）；也可以把工作簿和它的佐证材料文件夹放在一个文件夹里整个拖进来
            </p>
            <label className="xc-file-button">
              选择文件…
              <input
                type="file"
                multiple
                accept={ACCEPT}
                data-testid="import-file-input"
                onChange={(e) => {
                  const picked = [...(e.target.files ?? [])];
                  e.target.value = '';
                  void addFiles(picked);
                }}
              />
            </label>
            {reading > 0 && <p className="muted">正在读取 {reading} 个文件…</p>}
            {readProgress && (
              <div className="xc-progress" data-testid="package-progress">
                <progress value={readProgress.done} max={Math.max(1, readProgress.total)} />
                <span>
                  正在校验佐证材料 {sizeText(readProgress.done)} / {sizeText(readProgress.total)}
                </span>
              </div>
            )}
          </div>
          {error && <p className="form-error">{error}</p>}
          {files.map((f, i) => (
            <FileCard
              key={f.id}
              file={f}
              plan={plans[i] ?? null}
              position={i + 1}
              unitNames={unitNames}
              planYear={planYear}
              onChange={(patch) => patchFile(f.id, patch)}
              onRemove={() => removeFile(f.id)}
              evidence={evidenceById.get(f.id)}
              onPassword={(password) => void tryPassword(f.id, password)}
              onShowMapping={() => setStep('mapping')}
            />
          ))}
          {files.length > 0 && (
            <div className="form-actions">
              <button
                type="button"
                className="primary"
                disabled={toApply.length === 0 && mappingOpen === 0}
                onClick={() => setStep(mappingOpen > 0 ? 'mapping' : 'conflicts')}
                data-testid="import-next"
              >
                下一步：
                {mappingOpen > 0
                  ? `核对 ${mappingOpen} 个文件的映射`
                  : conflictCount > 0
                    ? `处理 ${conflictCount} 个冲突`
                    : '确认导入'}
              </button>
              <span className="muted">
                将导入 {toApply.length} / {files.length} 个文件
                {files.some((f) => !hasManifest(f) && !f.confirmed) && '（无清单的文件需先核对单位和月份）'}
              </span>
            </div>
          )}
        </>
      )}

      {step === 'mapping' && (
        <>
          <p className="muted">
            下面是单位自己的台账与计划的对应关系：每张表对应的计划、每列对应的字段、每行对应的任务，都标有把握（0–1）。
            低于 0.8
            的已标出，请逐项确认或改正；全部确认后点“确认映射”。确认的映射会记在该单位名下，下月同样版式的文件自动套用。
          </p>
          {foreignFiles.map((f) => (
            <div key={f.id} className="xc-map-file">
              <MappingPanel
                fileName={f.read.fileName ?? ''}
                mapping={f.foreign!.mapping}
                tasks={tasks}
                onChange={(m) => changeMapping(f.id, m)}
              />
              <div className="form-actions">
                {f.foreign!.confirmed ? (
                  <span className="badge badge-good" data-testid="mapping-confirmed">
                    映射已确认
                  </span>
                ) : (
                  <button
                    type="button"
                    className="primary"
                    disabled={f.foreign!.open > 0}
                    onClick={() => void confirmMapping(f.id)}
                    data-testid="mapping-confirm"
                  >
                    确认映射
                  </button>
                )}
              </div>
            </div>
          ))}
          <div className="form-actions">
            <button type="button" onClick={() => setStep('files')}>
              上一步
            </button>
            <button
              type="button"
              className="primary"
              disabled={mappingOpen > 0}
              onClick={() => setStep('files')}
              data-testid="mapping-done"
            >
              完成，返回文件列表
            </button>
          </div>
        </>
      )}

      {step === 'conflicts' && (
        <>
          {conflictCount === 0 ? (
            <p data-testid="no-conflicts">所选文件没有冲突，可以直接导入。</p>
          ) : (
            <p className="muted">
              冲突：文件中的值和台账现值都与导出时不同。请逐项选择：保留台账、采用文件、修改为新值，或暂不处理（该字段本次不导入）。
            </p>
          )}
          {toApply
            .filter((x) => x.plan.conflicts.length > 0)
            .map(({ file, plan }) => (
              <ConflictTable
                key={file.id}
                fileName={`${file.read.fileName ?? ''}（${plan.unit} ${periodLabel(plan.period)}）`}
                conflicts={plan.conflicts}
                choices={choices.get(file.id) ?? new Map()}
                tasks={tasksById}
                onChoose={(key, choice) => choose(file.id, key, choice)}
              />
            ))}
          <div className="form-actions">
            <button type="button" onClick={() => setStep('files')}>
              上一步
            </button>
            <button
              type="button"
              className="primary"
              disabled={unsettled > 0 || toApply.length === 0}
              onClick={() => void apply()}
              data-testid="import-apply"
            >
              导入 {toApply.length} 个文件
            </button>
            {unsettled > 0 && (
              <span className="xc-warn-text" data-testid="unsettled">
                还有 {unsettled} 个冲突未处理
              </span>
            )}
          </div>
        </>
      )}

      {(step === 'applying' || step === 'summary') && progress && (
        <div className="xc-progress" data-testid="import-progress">
          <progress value={progress.done} max={Math.max(1, progress.total)} />
          <span>
            {progress.done < progress.total ? `正在导入 ${progress.total} 个文件：` : ''}
            {progress.label}
          </span>
        </div>
      )}

      {step === 'summary' && (
        <section data-testid="import-summary">
          <h3>导入结果</h3>
          {error ? (
            <p className="form-error" data-testid="import-failed">
              {error}
            </p>
          ) : (
            <>
              <p className="muted xc-small" data-testid="import-backup-note">
                {backupNote}
              </p>
              <table className="xc-table">
                <thead>
                  <tr>
                    <th>文件</th>
                    <th>单位</th>
                    <th>月份</th>
                    <th>结果</th>
                  </tr>
                </thead>
                <tbody>
                  {outcomes.map((o, i) => (
                    <tr key={i} data-testid="summary-row">
                      <td>{o.fileName}</td>
                      <td>{o.unit}</td>
                      <td>{periodLabel(o.period)}</td>
                      <td>
                        已写入 {o.written} 个字段
                        {o.attached > 0 && `，附上佐证材料 ${o.attached} 个文件`}
                        {o.refusedFiles > 0 && `，${o.refusedFiles} 个文件未导入`}
                        {o.requests > 0 && `，延期申请 ${o.requests} 项待批准`}
                        {o.open > 0 && `，${o.open} 个冲突暂不处理（可在「导入记录」中继续处理）`}
                        {o.stale > 0 && `，${o.stale} 个字段在比对后又被修改、未导入（请重新导入此文件）`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <div className="form-actions">
            <button type="button" className="primary" onClick={reset} data-testid="import-again">
              继续导入
            </button>
            <button type="button" onClick={onShowHistory} data-testid="show-history">
              查看导入记录
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

/** Resolutions from choices for planning (the field is part of the key, so edits parse here too). */
function resolutionsForChoices(choices: ReadonlyMap<FieldKey, ConflictChoice>): Map<FieldKey, Resolution> {
  const out = new Map<FieldKey, Resolution>();
  for (const [key, c] of choices) {
    if (c.kind === 'ours' || c.kind === 'theirs') out.set(key, c.kind);
    else if (c.kind === 'edit') {
      const parsed = parseFieldInput(parseFieldKey(key).field, c.text);
      if (parsed.ok) out.set(key, { value: parsed.value });
    }
  }
  return out;
}
