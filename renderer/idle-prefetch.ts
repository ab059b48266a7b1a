// Background work that must not land under the user's hands: the other views' code is fetched once
// the first screen is up *and* the person has paused. Fetching it means parsing and running modules
// and style sheets, main-thread tasks of 10–20 ms each; started at a fixed time they fell among
// the first keystrokes in the search box (in the bench, one filter in twenty took 51–81 ms instead
// of ~30). So each kind of input (a key, typing, a click, the wheel, scrolling) pushes the start
// back until there has been a quiet second, and then the browser's idle time is asked for. A person
// who never pauses loses nothing: a view not fetched ahead loads when it is opened.

export interface IdleScheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): void;
  /** Run `fn` when the page is idle (requestIdleCallback, or a timer where there is none). */
  whenIdle(fn: () => void): void;
  /** Where input is listened for (the window). */
  inputTarget: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/**
 * What counts as the user at work. `scroll` covers the scroll bar and the touchpad (it does not
 * bubble, but a capturing listener on the window hears it from every element).
 */
export const INPUT_EVENTS = ['keydown', 'input', 'change', 'pointerdown', 'wheel', 'scroll'] as const;

interface QuietTimes {
  /** Not before this long after the call. */
  afterMs: number;
  /** Not before this long after the last input. */
  quietMs: number;
}

const DEFAULT_QUIET: QuietTimes = { afterMs: 1500, quietMs: 1000 };

function browserScheduler(): IdleScheduler {
  return {
    now: () => performance.now(),
    setTimeout: (fn, ms) => void window.setTimeout(fn, ms),
    whenIdle: (fn) =>
      typeof requestIdleCallback === 'function'
        ? void requestIdleCallback(fn, { timeout: 5000 })
        : void window.setTimeout(fn, 0),
    inputTarget: window,
  };
}

/** Run `work` once, at the first idle moment after `afterMs` that follows `quietMs` without input. */
export function runWhenUserPauses(
  work: () => void,
  scheduler: IdleScheduler = browserScheduler(),
  times: QuietTimes = DEFAULT_QUIET,
): void {
  let lastInput = -Infinity;
  const noteInput = () => {
    lastInput = scheduler.now();
  };
  const options = { capture: true, passive: true } as const;
  for (const type of INPUT_EVENTS) scheduler.inputTarget.addEventListener(type, noteInput, options);
  const quietLeft = () => times.quietMs - (scheduler.now() - lastInput);
  const tryStart = () => {
    const wait = quietLeft();
    if (wait > 0) return scheduler.setTimeout(tryStart, wait);
    scheduler.whenIdle(() => {
      if (quietLeft() > 0) return tryStart(); // input came while waiting for idle time
      for (const type of INPUT_EVENTS) scheduler.inputTarget.removeEventListener(type, noteInput, options);
      work();
    });
  };
  scheduler.setTimeout(tryStart, times.afterMs);
}
