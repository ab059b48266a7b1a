// 设置 → 公文: what the official documents the dashboard writes (通报, 催报通知, 进展情况附件) say about
// their issuer — 发文机关标志, 发文机关署名, 发文字号 and 成文日期 — and the templates their words come
// from, with the placeholders and tables a template may use. Saved with the ledger through the use
// case updateSettings, which checks the same rules shown here. Loaded lazily: it brings the built-in
// template texts, which the first screen does not need.
import { useMemo, useState } from 'react';
import type { DocumentKind, DocumentSettings, DocumentTemplate } from '../../../shared/ledger.ts';
import { checkDocumentSettings } from '../../../shared/documents/template.ts';
import { BLOCK_MEANINGS, DEFAULT_TEMPLATES, PLACEHOLDERS } from '../../../shared/documents/template-text.ts';
import { beijingDate } from '../../../shared/deadline.ts';
import { Loading } from '../../components/Loading.tsx';
import { TabList, TabPanel } from '../../components/TabList.tsx';
import { updateDocumentSettings } from '../../hooks/actions.ts';
import { useLedgerSettings } from '../../hooks/useLedgerData.ts';
import './document-settings.css';

const KINDS: readonly { kind: DocumentKind; label: string }[] = [
  { kind: 'tongbao', label: '通报' },
  { kind: 'cuibao', label: '催报通知' },
  { kind: 'annex', label: '进展情况附件' },
];

const sameTemplate = (a: DocumentTemplate, b: DocumentTemplate) =>
  a.title === b.title && a.addressee === b.addressee && a.body === b.body && a.attachment === b.attachment;

type Message = { text: string; error: boolean } | null;

export default function DocumentSettingsPanel() {
  const settings = useLedgerSettings();
  // Kept here: the form below re-mounts when what it saved comes back from the store.
  const [message, setMessage] = useState<Message>(null);
  if (!settings) return <Loading />;
  // Re-mount the form when the stored settings change (saved here or in another window).
  return (
    <DocumentForm
      key={JSON.stringify(settings.documents)}
      stored={settings.documents}
      message={message}
      setMessage={setMessage}
    />
  );
}

function DocumentForm({
  stored,
  message,
  setMessage,
}: {
  stored: DocumentSettings;
  message: Message;
  setMessage: (m: Message) => void;
}) {
  const [draft, setDraft] = useState<DocumentSettings>(() => ({
    ...stored,
    templates: Object.fromEntries(
      KINDS.map(({ kind }) => [kind, stored.templates[kind] ?? DEFAULT_TEMPLATES[kind]]),
    ),
  }));
  const [kind, setKind] = useState<DocumentKind>('tongbao');
  const template = draft.templates[kind] ?? DEFAULT_TEMPLATES[kind];
  const issues = useMemo(() => checkDocumentSettings(draft), [draft]);
  const year = (draft.issuedOn ?? beijingDate(new Date().toISOString())).slice(0, 4);

  const set = (patch: Partial<DocumentSettings>) => {
    setMessage(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setTemplate = (patch: Partial<DocumentTemplate>) =>
    set({ templates: { ...draft.templates, [kind]: { ...template, ...patch } } });

  const save = async () => {
    if (issues.length) return;
    // Only edited templates are stored: the others follow the built-in ones as the app improves them.
    const templates: DocumentSettings['templates'] = {};
    for (const { kind: k } of KINDS) {
      const t = draft.templates[k];
      if (t && !sameTemplate(t, DEFAULT_TEMPLATES[k])) templates[k] = t;
    }
    try {
      await updateDocumentSettings({ ...draft, templates });
      setMessage({ text: '已保存。', error: false });
    } catch (e) {
      console.error('settings: document settings refused', e);
      const text = (e as { userMessage?: string }).userMessage ?? '保存失败，请重试。';
      setMessage({ text, error: true });
    }
  };

  const kindLabel = KINDS.find((k) => k.kind === kind)?.label ?? '';
  const isDefault = sameTemplate(template, DEFAULT_TEMPLATES[kind]);
  return (
    <form
      className="settings-section document-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>公文（通报、催报通知、进展情况附件）</h3>
      <p className="muted">
        统计看板上的“生成公文”按 GB/T 9704-2012《党政机关公文格式》排版：A4，版心 156×225 毫米，每页 22
        行、每行 28 字；标题 2 号小标宋体，正文 3 号仿宋体。以下内容随台账保存。
      </p>
      <label className="field">
        <span>发文机关标志（版头，红色居中）</span>
        <input
          value={draft.issuerMark}
          onChange={(e) => set({ issuerMark: e.target.value })}
          maxLength={60}
          data-testid="doc-issuer-mark"
        />
      </label>
      <label className="field">
        <span>发文机关署名（正文之后）</span>
        <input
          value={draft.issuer}
          onChange={(e) => set({ issuer: e.target.value })}
          maxLength={60}
          data-testid="doc-issuer"
        />
      </label>
      <div className="field">
        <span>发文字号</span>
        <label>
          格式{' '}
          <input
            value={draft.docNumberPattern}
            onChange={(e) => set({ docNumberPattern: e.target.value })}
            maxLength={40}
            data-testid="doc-number-pattern"
            aria-label="发文字号格式"
          />
        </label>
        <small>{'{年} 为成文日期的年份，{号} 为下面的发文顺序号。'}</small>
        {(['tongbao', 'cuibao'] as const).map((k) => (
          <label key={k}>
            {k === 'tongbao' ? '通报' : '催报通知'}的发文顺序号{' '}
            <input
              type="number"
              min={1}
              max={99999}
              value={Number.isFinite(draft.numbers[k]) ? draft.numbers[k] : ''}
              onChange={(e) => set({ numbers: { ...draft.numbers, [k]: e.target.valueAsNumber } })}
              data-testid={`doc-number-${k}`}
              aria-label={`${k === 'tongbao' ? '通报' : '催报通知'}的发文顺序号`}
              style={{ width: '6em' }}
            />{' '}
            <span className="muted">
              即{' '}
              {draft.docNumberPattern.replaceAll('{年}', year).replaceAll('{号}', String(draft.numbers[k]))}
            </span>
          </label>
        ))}
      </div>
      <fieldset className="field">
        <legend>成文日期</legend>
        <label>
          <input
            type="radio"
            name="issued-on"
            checked={draft.issuedOn === null}
            onChange={() => set({ issuedOn: null })}
          />
          生成当天
        </label>
        <label>
          <input
            type="radio"
            name="issued-on"
            checked={draft.issuedOn !== null}
            onChange={() => set({ issuedOn: beijingDate(new Date().toISOString()) })}
          />
          指定日期{' '}
          <input
            type="date"
            value={draft.issuedOn ?? ''}
            disabled={draft.issuedOn === null}
            onChange={(e) => set({ issuedOn: e.target.value || null })}
            data-testid="doc-issued-on"
            aria-label="成文日期"
          />
        </label>
      </fieldset>

      <div className="field">
        <span>模板</span>
        <TabList
          idPrefix="doc-template"
          label="模板"
          className="doc-kinds"
          tabs={KINDS.map((k) => ({ id: k.kind, label: k.label, testId: `doc-template-${k.kind}` }))}
          selected={kind}
          onSelect={setKind}
          tabClassName={(on) => (on ? 'primary' : undefined)}
        />
        <TabPanel idPrefix="doc-template" selected={kind}>
          <label className="field">
            <span>标题（换行处即标题回行处）</span>
            <textarea
              rows={2}
              value={template.title}
              onChange={(e) => setTemplate({ title: e.target.value })}
              data-testid="doc-template-title"
            />
          </label>
          {kind !== 'annex' && (
            <label className="field">
              <span>主送机关</span>
              <input
                value={template.addressee}
                onChange={(e) => setTemplate({ addressee: e.target.value })}
                data-testid="doc-template-addressee"
                style={{ maxWidth: '40em' }}
              />
            </label>
          )}
          <label className="field">
            <span>
              正文（每行一段；以“一、”“（一）”“1.”“（1）”开头的行为各级标题；单独一行的 [[名称]]
              插入表格或图）
            </span>
            <textarea
              rows={14}
              value={template.body}
              onChange={(e) => setTemplate({ body: e.target.value })}
              data-testid="doc-template-body"
            />
          </label>
          {kind !== 'annex' && (
            <label className="field">
              <span>附件说明（不需要时留空）</span>
              <input
                value={template.attachment}
                onChange={(e) => setTemplate({ attachment: e.target.value })}
                data-testid="doc-template-attachment"
                style={{ maxWidth: '40em' }}
              />
            </label>
          )}
          <div className="form-actions">
            <button
              type="button"
              disabled={isDefault}
              onClick={() => set({ templates: { ...draft.templates, [kind]: DEFAULT_TEMPLATES[kind] } })}
            >
              恢复{kindLabel}的默认模板
            </button>
          </div>
        </TabPanel>
        <details className="doc-reference">
          <summary>可用的占位符和表格、图</summary>
          <table className="dash-table">
            <tbody>
              {PLACEHOLDERS.map((p) => (
                <tr key={p.name}>
                  <th scope="row">{`{${p.name}}`}</th>
                  <td>{p.meaning}</td>
                </tr>
              ))}
              {Object.entries(BLOCK_MEANINGS).map(([name, meaning]) => (
                <tr key={name}>
                  <th scope="row">{`[[${name}]]`}</th>
                  <td>{meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>

      {/* The live region stays mounted, so a problem appearing is announced; the list inside it
          keeps its list semantics (role="alert" on the <ul> itself would take them away). */}
      <div role="alert" data-testid="doc-issues">
        {issues.length > 0 && (
          <ul className="doc-issues">
            {issues.map((i) => (
              <li key={`${i.field}|${i.message}`}>{i.message}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={issues.length > 0}
          data-testid="doc-settings-save"
        >
          保存
        </button>
        {message && (
          <span role="status" className={message.error ? 'error' : undefined}>
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}
