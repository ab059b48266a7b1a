// The app's in-app modal dialog (it never uses window.confirm/alert): a backdrop, a titled box with
// role="dialog" and aria-modal, Esc closes. Focus moves to the element marked `data-autofocus`
// (else the box) and Tab stays inside; when the dialog closes, the keyboard is back where it was
// (the button that opened it), not at the top of the page. Esc and Tab are also heard when the focus
// fell out of the box (a focused button that became disabled while it worked): Esc still closes,
// Tab brings the focus back in. The look defaults to the `.modal` styles; a view may pass
// its own class names.
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Open dialogs, innermost last: only the innermost one answers keys heard outside its box. */
const openDialogs: HTMLElement[] = [];
import './modal.css';

/** What Tab cycles through inside the box. */
const TABBABLE = [
  'button:not(:disabled)',
  'a[href]',
  'input:not(:disabled)',
  'select:not(:disabled)',
  'textarea:not(:disabled)',
].join(', ');

interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** Class of the backdrop (default `modal-backdrop`). */
  backdropClassName?: string;
  /** Class of the dialog box (default `modal`). */
  className?: string;
}

export function Modal({
  title,
  onClose,
  children,
  testId,
  backdropClassName = 'modal-backdrop',
  className = 'modal',
}: ModalProps) {
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    openDialogs.push(box);
    const onKey = (e: KeyboardEvent) => {
      if (openDialogs.at(-1) !== box || box.contains(document.activeElement)) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        onCloseRef.current();
      } else if (e.key === 'Tab') {
        e.preventDefault();
        const items = [...box.querySelectorAll<HTMLElement>(TABBABLE)];
        (e.shiftKey ? items.at(-1) : items[0])?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      openDialogs.splice(openDialogs.indexOf(box), 1);
    };
  }, []);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = boxRef.current;
    const first = box?.querySelector<HTMLElement>('[data-autofocus]') ?? box;
    first?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <div className={backdropClassName}>
      <div
        ref={boxRef}
        className={className}
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
            const items = [...boxRef.current.querySelectorAll<HTMLElement>(TABBABLE)];
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
