// Tabs as the ARIA tab pattern has them: one tab in the Tab order (the selected one), ← → / Home /
// End move between tabs and select (automatic activation), each tab controls the one panel below
// it, which is labelled by the selected tab. Used by 导入导出 and by 设置 → 公文's templates.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
  testId?: string;
}

export function tabId(prefix: string, id: string): string {
  return `${prefix}-tab-${id}`;
}

export function panelId(prefix: string): string {
  return `${prefix}-panel`;
}

export function TabList<T extends string>({
  idPrefix,
  label,
  tabs,
  selected,
  onSelect,
  className,
  tabClassName,
}: {
  /** Unique on the page: the tabs' and the panel's element ids start with it. */
  idPrefix: string;
  label: string;
  tabs: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  className?: string;
  tabClassName?: (selected: boolean) => string | undefined;
}) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const at = tabs.findIndex((t) => t.id === selected);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const next = tabs[to]!;
    onSelect(next.id);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idPrefix, next.id))}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={className} ref={list}>
      {tabs.map((t) => {
        const on = t.id === selected;
        return (
          <button
            key={t.id}
            id={tabId(idPrefix, t.id)}
            type="button"
            role="tab"
            aria-selected={on}
            aria-controls={panelId(idPrefix)}
            tabIndex={on ? 0 : -1}
            className={tabClassName?.(on)}
            onClick={() => onSelect(t.id)}
            onKeyDown={onKeyDown}
            data-testid={t.testId}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

/** The panel of a TabList: labelled by the selected tab. */
export function TabPanel({
  idPrefix,
  selected,
  children,
  className,
}: {
  idPrefix: string;
  selected: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      role="tabpanel"
      id={panelId(idPrefix)}
      aria-labelledby={tabId(idPrefix, selected)}
      className={className}
    >
      {children}
    </div>
  );
}
