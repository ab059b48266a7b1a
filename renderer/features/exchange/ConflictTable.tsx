// The conflicts of one file side by side — task, field (Chinese label), base (at export), ours (the
// ledger now), theirs (the file) — each resolved per field: keep ours, take theirs, edit a value
// (validated like a typed cell) or skip (nothing applied for that field).
import { PROGRESS_FIELD_LABELS, taskLabel, type Task } from '../../../shared/model.ts';
import { fieldKey, type FieldConflict, type FieldKey } from '../../../shared/merge/plan-merge.ts';
import type { Resolution } from '../../../shared/merge/apply-merge.ts';
import { formatFieldValue, parseFieldInput } from '../../../shared/progress-input.ts';
import { valueText } from './labels.ts';

export type ChoiceKind = 'ours' | 'theirs' | 'edit' | 'skip';

export interface ConflictChoice {
  kind: ChoiceKind;
  /** The edited text (kind 'edit'). */
  text: string;
}

/** The resolution a choice stands for; undefined = not applied (skipped, unresolved or invalid). */
export function toResolution(c: FieldConflict, choice: ConflictChoice | undefined): Resolution | undefined {
  if (!choice || choice.kind === 'skip') return undefined;
  if (choice.kind === 'ours' || choice.kind === 'theirs') return choice.kind;
  const parsed = parseFieldInput(c.field, choice.text);
  return parsed.ok ? { value: parsed.value } : undefined;
}

/** Resolved or explicitly skipped (an edit must be valid). */
export function isSettled(c: FieldConflict, choice: ConflictChoice | undefined): boolean {
  if (!choice) return false;
  return choice.kind !== 'edit' || parseFieldInput(c.field, choice.text).ok;
}

export function resolutionsFor(
  conflicts: readonly FieldConflict[],
  choices: ReadonlyMap<FieldKey, ConflictChoice>,
): Map<FieldKey, Resolution> {
  const out = new Map<FieldKey, Resolution>();
  for (const c of conflicts) {
    const key = fieldKey(c.taskId, c.field);
    const r = toResolution(c, choices.get(key));
    if (r !== undefined) out.set(key, r);
  }
  return out;
}

interface ConflictTableProps {
  fileName: string;
  conflicts: readonly FieldConflict[];
  choices: ReadonlyMap<FieldKey, ConflictChoice>;
  tasks: ReadonlyMap<string, Task>;
  onChoose: (key: FieldKey, choice: ConflictChoice) => void;
}

const CHOICES: { kind: ChoiceKind; label: string }[] = [
  { kind: 'ours', label: '保留台账' },
  { kind: 'theirs', label: '采用文件' },
  { kind: 'edit', label: '修改为' },
  { kind: 'skip', label: '暂不处理' },
];

export function ConflictTable({ fileName, conflicts, choices, tasks, onChoose }: ConflictTableProps) {
  const all = (kind: 'ours' | 'theirs') => {
    for (const c of conflicts) onChoose(fieldKey(c.taskId, c.field), { kind, text: '' });
  };
  return (
    <section className="xc-conflicts" data-testid="conflict-table">
      <header className="xc-conflicts-head">
        <h3>{fileName}</h3>
        <span className="muted">{conflicts.length} 个字段冲突</span>
        <span className="toolbar-spacer" />
        <button type="button" onClick={() => all('ours')}>
          全部保留台账
        </button>
        <button type="button" onClick={() => all('theirs')}>
          全部采用文件
        </button>
      </header>
      <table className="xc-table">
        <thead>
          <tr>
            <th>任务</th>
            <th>字段</th>
            <th>导出时（基准）</th>
            <th>台账现值</th>
            <th>文件中的值</th>
            <th>处理</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => {
            const key = fieldKey(c.taskId, c.field);
            const choice = choices.get(key);
            const parsed = choice?.kind === 'edit' ? parseFieldInput(c.field, choice.text) : null;
            return (
              <tr key={key} data-testid="conflict-row" data-task-id={c.taskId} data-field={c.field}>
                <td>
                  <strong>{taskLabel(c.taskId)}</strong>
                  <div className="muted xc-small">{tasks.get(c.taskId)?.keyTask ?? ''}</div>
                </td>
                <td>{PROGRESS_FIELD_LABELS[c.field]}</td>
                <td className="xc-value">{valueText(c.base)}</td>
                <td className={choice?.kind === 'ours' ? 'xc-value xc-picked' : 'xc-value'}>
                  {valueText(c.ours)}
                </td>
                <td className={choice?.kind === 'theirs' ? 'xc-value xc-picked' : 'xc-value'}>
                  {valueText(c.theirs)}
                </td>
                <td className="xc-choice">
                  {CHOICES.map((o) => (
                    <label key={o.kind}>
                      <input
                        type="radio"
                        name={`choice-${key}`}
                        checked={choice?.kind === o.kind}
                        onChange={() =>
                          onChoose(key, {
                            kind: o.kind,
                            text:
                              o.kind === 'edit' ? (choice?.text ?? formatFieldValue(c.field, c.theirs)) : '',
                          })
                        }
                        data-testid={`choice-${o.kind}`}
                      />
                      {o.label}
                    </label>
                  ))}
                  {choice?.kind === 'edit' && (
                    <span className="xc-edit">
                      <input
                        value={choice.text}
                        onChange={(e) => onChoose(key, { kind: 'edit', text: e.target.value })}
                        aria-label={`${taskLabel(c.taskId)} ${PROGRESS_FIELD_LABELS[c.field]} 修改为`}
                        aria-invalid={parsed && !parsed.ok ? true : undefined}
                        data-testid="choice-edit-text"
                      />
                      {parsed && !parsed.ok && <span className="form-error">{parsed.message}</span>}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
