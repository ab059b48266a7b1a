// A view whose code loads on first use, and can be fetched ahead of time (bootstrap.ts prefetches the
// views once the first screen is up). React.lazy alone suspends a view's first render even when its
// module has already arrived, and React holds a suspended reveal back by up to 300 ms — so a view
// fetched ahead is rendered directly here, without suspending.
import { createElement, lazy, useState, type ComponentType, type FunctionComponent } from 'react';

export interface PreloadableView<P extends object> extends FunctionComponent<P> {
  /** Fetch (once) and keep the view's code. */
  preload(): Promise<unknown>;
}

export function lazyView<P extends object>(
  factory: () => Promise<{ default: ComponentType<P> }>,
): PreloadableView<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const load = () =>
    (loading ??= factory().then(
      (m) => {
        loaded = m.default;
        return m;
      },
      (err: unknown) => {
        // A failed fetch (an update replaced the files) may be tried again: React.lazy keeps a
        // rejection for good, so the next mount gets a fresh one.
        loading = null;
        Lazy = lazy(load);
        throw err;
      },
    ));
  let Lazy = lazy(load);
  // Chosen once per mount: switching from Lazy to the loaded component on a later render would
  // change the element type and remount the view, losing its state.
  const View = function LazyView(props: P) {
    const [component] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return createElement(component, props);
  } as PreloadableView<P>;
  View.preload = load;
  return View;
}
