import { describe, expect, it } from 'vitest';
import { INPUT_EVENTS, runWhenUserPauses, type IdleScheduler } from './idle-prefetch.ts';

/** A clock, timers and idle callbacks driven by the test; input events dispatched by hand. */
function fakeScheduler(idleDelayMs: number) {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const target = new EventTarget();
  const scheduler: IdleScheduler = {
    now: () => now,
    setTimeout: (fn, ms) => void timers.push({ at: now + ms, fn }),
    whenIdle: (fn) => void timers.push({ at: now + idleDelayMs, fn }),
    inputTarget: target,
  };
  /** Advance to `t`, running what falls due, in time order. */
  const runUntil = (t: number) => {
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > t) break;
      timers.shift();
      now = next.at;
      next.fn();
    }
    now = t;
  };
  const input = (type: string) => target.dispatchEvent(new Event(type));
  return { scheduler, runUntil, input, pending: () => timers.length };
}

describe('runWhenUserPauses', () => {
  const times = { afterMs: 1500, quietMs: 1000 };
  it.each([
    { name: 'no input: at the first idle moment after 1.5 s', inputs: [], idle: 10, ranAt: 1510 },
    { name: 'input before 0.5 s does not delay it', inputs: [[400, 'keydown']], idle: 0, ranAt: 1500 },
    { name: 'typing at 1.2 s: a quiet second after it', inputs: [[1200, 'input']], idle: 0, ranAt: 2200 },
    {
      name: 'a run of keys: a quiet second after the last',
      inputs: [
        [1400, 'keydown'],
        [1900, 'keydown'],
        [2600, 'keydown'],
      ],
      idle: 0,
      ranAt: 3600,
    },
    { name: 'wheel scrolling counts', inputs: [[1450, 'wheel']], idle: 0, ranAt: 2450 },
    { name: 'dragging the scroll bar counts', inputs: [[1450, 'scroll']], idle: 0, ranAt: 2450 },
    { name: 'a click counts', inputs: [[1450, 'pointerdown']], idle: 0, ranAt: 2450 },
    {
      name: 'input while waiting for idle time: waits again',
      inputs: [[1550, 'change']],
      idle: 100,
      ranAt: 2650,
    },
    { name: 'other events do not count', inputs: [[1450, 'mousemove']], idle: 0, ranAt: 1500 },
  ])('$name', ({ inputs, idle, ranAt }) => {
    const fake = fakeScheduler(idle);
    const ran: number[] = [];
    runWhenUserPauses(() => ran.push(fake.scheduler.now()), fake.scheduler, times);
    for (const [at, type] of inputs as [number, string][]) {
      fake.runUntil(at);
      fake.input(type);
    }
    fake.runUntil(60_000);
    expect(ran).toEqual([ranAt]);
    expect(fake.pending()).toBe(0);
  });

  it('listens in the capture phase (scroll does not bubble) and stops listening once it has run', () => {
    const fake = fakeScheduler(0);
    type Listener = { type: string; fn: unknown; capture: boolean };
    const listening: Listener[] = [];
    const capture = (options: unknown) =>
      typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean })?.capture);
    const recorded: IdleScheduler = {
      ...fake.scheduler,
      inputTarget: {
        addEventListener: (type: string, fn: unknown, options?: unknown) =>
          void listening.push({ type, fn, capture: capture(options) }),
        removeEventListener: (type: string, fn: unknown, options?: unknown) => {
          // As the DOM does: only the same type, function and capture flag removes a listener.
          const i = listening.findIndex(
            (l) => l.type === type && l.fn === fn && l.capture === capture(options),
          );
          if (i >= 0) listening.splice(i, 1);
        },
      },
    };
    let runs = 0;
    runWhenUserPauses(() => runs++, recorded, times);
    expect(listening.map((l) => l.type).sort()).toEqual([...INPUT_EVENTS].sort());
    expect(listening.every((l) => l.capture)).toBe(true);
    fake.runUntil(60_000);
    expect(runs).toBe(1);
    expect(listening).toEqual([]);
  });
});
