// An in-app modal dialog (the app never uses window.confirm/alert): a backdrop, a titled box, Esc
// closes. Focus moves to the element marked `data-autofocus` (else the box) and stays inside.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import './backup.css';

interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

export function Modal({ title, onClose, children, testId }: ModalProps) {
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = boxRef.current;
    const first = box?.querySelector<HTMLElement>('[data-autofocus]') ?? box;
    first?.focus();
  }, []);
  return (
    <div className="modal-backdrop">
      <div
        ref={boxRef}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          } else if (e.key === 'Tab' && boxRef.current) {
            const items = [...boxRef.current.querySelectorAll<HTMLElement>('button:not(:disabled), a[href]')];
            const first = items[0];
            const last = items[items.length - 1];
            if (!first || !last) return;
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first.focus();
            }
          }
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** A message with one 关闭 button. */
export function MessageDialog({
  title,
  lines,
  onClose,
  testId,
}: {
  title: string;
  lines: string[];
  onClose: () => void;
  testId?: string;
}) {
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      {lines.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
      <div className="modal-actions">
        <button
          type="button"
          className="primary"
          onClick={onClose}
          data-autofocus
          data-testid="message-close"
        >
          关闭
        </button>
      </div>
    </Modal>
  );
}
