// First start: asks for the user's name (stamped on every change) in a small inline bar — not a
// window.prompt — until one is saved.
import { useState } from 'react';
import { updateProfile } from '../hooks/actions.ts';

export function NamePrompt() {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="name-prompt"
      data-testid="name-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return setError('请填写姓名。');
        void updateProfile({ name });
      }}
    >
      <label>
        欢迎使用台账。请先填写您的姓名（每次修改都会记录修改人）：
        <input
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          data-testid="name-input"
          maxLength={40}
          autoFocus
        />
      </label>
      <button type="submit" className="primary" data-testid="name-save">
        确定
      </button>
      {error && <span className="form-error">{error}</span>}
      <span className="muted">使用方式（区级统筹 / 单位填报）可在「设置」中选择。</span>
    </form>
  );
}
