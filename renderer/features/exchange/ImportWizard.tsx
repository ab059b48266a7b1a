// 导入回收的工作簿: a wizard over several returned files, in the order shown.
//   1. 选择文件   drop zone + file picker; each file read (lazily loaded codec), identified and
//                 planned — in sequence, each against the state the files before it leave;
//   2. 处理冲突   conflicts side by side, resolved per field; 导入 stays disabled until every
//                 conflict of the selected files is resolved or explicitly skipped;
//   3. 导入       per file: a ledger backup, then one transaction (reports + audit + batch row);
//   4. 结果       what each file changed, skipped and why.
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { useSessionState } from '../../hooks/useSessionState.ts';
import { periodLabel } from '../../../shared/deadline.ts';
import { fieldKey, type FieldKey, type MergePlan } from '../../../shared/merge/plan-merge.ts';
import {
  contextKey,
  planSequence,
  type MergeContext,
  type SequenceItem,
} from '../../../shared/merge/plan-sequence.ts';
import type { ProgressField, Task, Unit } from '../../../shared/model.ts';
import type { Resolution } from '../../../shared/merge/apply-merge.ts';
import { parseFieldInput } from '../../../shared/progress-input.ts';
import { UnitIndex } from '../../../shared/registry.ts';
import {
  applyImport,
  backupBeforeImport,
  loadImportContexts,
  newId,
  readWorkbooks,
} from '../../hooks/exchange-actions.ts';
import { ConflictTable, isSettled, resolutionsFor, type ConflictChoice } from './ConflictTable.tsx';
import { applicable, FileCard, hasManifest, identityReady, type WizardFile } from './FileCard.tsx';

type Step = 'files' | 'conflicts' | 'applying' | 'summary';

interface FileOutcome {
  fileName: string;
  unit: string;
  period: string;
  ok: boolean;
  written: number;
  skippedConflicts: number;
  stale: number;
  backup: string;
  error?: string;
}

interface ImportWizardProps {
  planId: string;
  planYear: number;
  who: string;
  units: readonly Unit[];
  unitNames: readonly string[];
  tasks: readonly Task[];
  onShowHistory: () => void;
}

export function ImportWizard({
  planId,
  planYear,
  who,
  units,
  unitNames,
  tasks,
  onShowHistory,
}: ImportWizardProps) {
  // Picked files and conflict choices survive leaving the 导入导出 view (e.g. to look at the grid).
  const [files, setFiles] = useSessionState<WizardFile[]>('import-wizard.files', []);
  const [choices, setChoices] = useSessionState<Map<string, Map<FieldKey, ConflictChoice>>>(
    'import-wizard.choices',
    new Map(),
  );
  const [ledger, setLedger] = useState<{
    contexts: Map<string, MergeContext>;
    knownHashes: Set<string>;
  } | null>(null);
  const [step, setStep] = useState<Step>('files');
  const [reading, setReading] = useState<number>(0);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number; label: string } | null>(null);
  const [outcomes, setOutcomes] = useState<FileOutcome[]>([]);
  const [error, setError] = useState<string | null>(null);
  const tasksById = useMemo(() => new Map(tasks.map((t) => [t.id, t])), [tasks]);
  const unitIndex = useMemo(() => new UnitIndex(units), [units]);

  const resolveUnit = (name: string | null): string => {
    if (!name) return '';
    const canonical = unitIndex.resolve(name);
    if (canonical && unitNames.includes(canonical)) return canonical;
    return unitNames.find((n) => name.includes(n)) ?? '';
  };

  /** Load the ledger side of every file's (unit, period) — again after any identity change. */
  const refreshLedger = async (list: readonly WizardFile[]) => {
    setLedger(await loadImportContexts(identifiedPairs(list)));
  };

  // Back in the view with files still picked: plan them against the ledger as it is now.
  useEffect(() => {
    if (files.length === 0) return;
    let live = true;
    void loadImportContexts(identifiedPairs(files)).then((contexts) => {
      if (live) setLedger(contexts);
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on coming back to the view
  }, []);

  const addFiles = async (picked: readonly File[]) => {
    // Every picked file is read: a .xls, CSV or damaged file gets its own message from the reader.
    const xlsx = [...picked];
    if (xlsx.length === 0) return;
    setError(null);
    setReading(xlsx.length);
    try {
      const bytes = await Promise.all(
        xlsx.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const reads = await readWorkbooks(bytes);
      const added: WizardFile[] = reads.map((read) => ({
        id: newId('file'),
        read,
        unit: resolveUnit(read.unit),
        period: read.period ?? '',
        confirmed: false,
        selected: true,
      }));
      const next = [...files, ...added];
      setFiles(next);
      await refreshLedger(next);
      console.info(`import wizard: read ${reads.length} file(s)`);
    } catch (err) {
      console.error('reading workbooks failed', err);
      setError(`读取文件失败：${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setReading(0);
    }
  };

  const patchFile = (id: string, patch: Partial<WizardFile>) => {
    const next = files.map((f) => (f.id === id ? { ...f, ...patch } : f));
    setFiles(next);
    if ('unit' in patch || 'period' in patch) void refreshLedger(next);
  };

  const removeFile = (id: string) => setFiles((list) => list.filter((f) => f.id !== id));

  // Plan every identified file, in order, each against the state the selected files before it leave.
  const plans = useMemo((): (MergePlan | null)[] => {
    if (!ledger) return files.map(() => null);
    const planned = files.filter((f) => f.unit && f.period);
    const items: SequenceItem[] = planned.map((f) => {
      const fileChoices = choices.get(f.id) ?? new Map<FieldKey, ConflictChoice>();
      return {
        file: f.read,
        expected: { unit: f.unit, period: f.period, planId },
        identityConfirmed: f.confirmed,
        selected: f.selected && identityReady(f),
        resolutions: resolutionsForChoices(fileChoices),
      };
    });
    // Only identities with a loaded context are planned (a just-changed unit is loading).
    if (planned.some((f) => !ledger.contexts.has(contextKey(f.unit, f.period)))) return files.map(() => null);
    const result = planSequence(items, ledger.contexts, ledger.knownHashes);
    const byId = new Map(planned.map((f, i) => [f.id, result[i] ?? null]));
    return files.map((f) => byId.get(f.id) ?? null);
  }, [files, choices, ledger, planId]);

  const toApply = files
    .map((file, i) => ({ file, plan: plans[i] ?? null }))
    .filter((x): x is { file: WizardFile; plan: MergePlan } => applicable(x.file, x.plan));
  const conflictCount = toApply.reduce((n, x) => n + x.plan.conflicts.length, 0);
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
    const done: FileOutcome[] = [];
    for (const [i, { file, plan }] of toApply.entries()) {
      const name = file.read.fileName ?? `文件${i + 1}`;
      const outcome: FileOutcome = {
        fileName: name,
        unit: plan.unit,
        period: plan.period,
        ok: false,
        written: 0,
        skippedConflicts: 0,
        stale: 0,
        backup: '',
      };
      try {
        setProgress({ done: i, total: toApply.length, label: `${name}：备份台账…` });
        outcome.backup = await backupBeforeImport();
        setProgress({ done: i, total: toApply.length, label: `${name}：写入台账…` });
        const fileChoices = choices.get(file.id) ?? new Map<FieldKey, ConflictChoice>();
        const result = await applyImport({
          plan,
          resolutions: resolutionsFor(plan.conflicts, fileChoices),
          fileName: name,
          who,
        });
        Object.assign(outcome, {
          ok: true,
          written: result.audit.length,
          skippedConflicts: result.unresolved.length,
          stale: result.stale.length,
        });
        console.info(`imported ${name}: ${result.audit.length} field(s), batch ${result.batch.id}`);
      } catch (err) {
        console.error(`import of ${name} failed`, err);
        outcome.error = err instanceof Error ? err.message : String(err);
        done.push(outcome);
        break; // later files were planned against this one's result
      }
      done.push(outcome);
    }
    setProgress({ done: toApply.length, total: toApply.length, label: '完成' });
    setOutcomes(done);
    setStep('summary');
  };

  const reset = () => {
    setFiles([]);
    setChoices(new Map());
    setLedger(null);
    setOutcomes([]);
    setProgress(null);
    setStep('files');
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void addFiles([...e.dataTransfer.files]);
  };

  return (
    <div className="xc-wizard" data-testid="import-wizard">
      <ol className="xc-steps" aria-label="导入步骤">
        {(['files', 'conflicts', 'applying', 'summary'] as const).map((s, i) => (
          <li key={s} className={s === step ? 'active' : undefined}>
            {i + 1}. {{ files: '选择文件', conflicts: '处理冲突', applying: '导入', summary: '结果' }[s]}
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
            <p>把各单位交回的填报工作簿（.xlsx）拖到这里，可一次多个</p>
            <label className="xc-file-button">
              选择文件…
              <input
                type="file"
                multiple
                accept=".xlsx"
                data-testid="import-file-input"
                onChange={(e) => {
                  const picked = [...(e.target.files ?? [])];
                  e.target.value = '';
                  void addFiles(picked);
                }}
              />
            </label>
            {reading > 0 && <p className="muted">正在读取 {reading} 个文件…</p>}
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
            />
          ))}
          {files.length > 0 && (
            <div className="form-actions">
              <button
                type="button"
                className="primary"
                disabled={toApply.length === 0}
                onClick={() => setStep('conflicts')}
                data-testid="import-next"
              >
                下一步：{conflictCount > 0 ? `处理 ${conflictCount} 个冲突` : '确认导入'}
              </button>
              <span className="muted">
                将导入 {toApply.length} / {files.length} 个文件
                {files.some((f) => !hasManifest(f) && !f.confirmed) && '（无清单的文件需先核对单位和月份）'}
              </span>
            </div>
          )}
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
            {progress.done < progress.total ? `正在导入 ${progress.done + 1}/${progress.total}：` : ''}
            {progress.label}
          </span>
        </div>
      )}

      {step === 'summary' && (
        <section data-testid="import-summary">
          <h3>导入结果</h3>
          <table className="xc-table">
            <thead>
              <tr>
                <th>文件</th>
                <th>单位</th>
                <th>月份</th>
                <th>结果</th>
                <th>备份</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o, i) => (
                <tr key={i} data-testid="summary-row">
                  <td>{o.fileName}</td>
                  <td>{o.unit}</td>
                  <td>{periodLabel(o.period)}</td>
                  <td>
                    {o.ok ? (
                      <>
                        已写入 {o.written} 个字段
                        {o.skippedConflicts > 0 && `，${o.skippedConflicts} 个冲突暂不处理`}
                        {o.stale > 0 && `，${o.stale} 个字段在比对后又被修改、未导入（请重新导入此文件）`}
                      </>
                    ) : (
                      <span className="form-error">导入失败，未写入任何内容：{o.error}</span>
                    )}
                  </td>
                  <td className="xc-small">{o.backup}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {outcomes.length < toApply.length && (
            <p className="form-error">其后的 {toApply.length - outcomes.length} 个文件未导入。</p>
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
/** The (unit, period) of every file whose identity is known. */
function identifiedPairs(list: readonly WizardFile[]): { unit: string; period: string }[] {
  return list.filter((f) => f.unit && f.period).map((f) => ({ unit: f.unit, period: f.period }));
}

function resolutionsForChoices(choices: ReadonlyMap<FieldKey, ConflictChoice>): Map<FieldKey, Resolution> {
  const out = new Map<FieldKey, Resolution>();
  for (const [key, c] of choices) {
    if (c.kind === 'ours' || c.kind === 'theirs') out.set(key, c.kind);
    else if (c.kind === 'edit') {
      const field = key.slice(key.indexOf('|') + 1) as ProgressField;
      const parsed = parseFieldInput(field, c.text);
      if (parsed.ok) out.set(key, { value: parsed.value });
    }
  }
  return out;
}
