import { describe, expect, it } from 'vitest';
import { createThrottle, yieldToEventLoop } from '../../../src/shared/throttle';

/** A clock the test moves by hand, with timers that fire when it passes them. */
function manualClock() {
  let now = 1000;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => now,
    setTimer(run: () => void, ms: number) {
      timers.push({ at: now + ms, run, id: ++ids });
      return ids;
    },
    clearTimer(id: unknown) {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => t.at <= now)) {
        timers = timers.filter((x) => x !== t);
        t.run();
      }
    },
    pending: () => timers.length,
  };
}

describe('createThrottle', () => {
  it('sends one event per interval, forced ones always, and a held one when the interval ends', () => {
    const clock = manualClock();
    const sent: number[] = [];
    const throttle = createThrottle(100, () => sent.push(clock.now()), clock);
    throttle.request(); // the first is always sent
    clock.advance(50);
    throttle.request(); // held for the end of the interval
    throttle.request(); // still one held send, not two
    expect(sent).toEqual([1000]);
    clock.advance(50);
    expect(sent).toEqual([1000, 1100]); // the held one, when the interval ended
    clock.advance(10);
    throttle.request(true); // e.g. the last batch of an epoch
    expect(sent).toEqual([1000, 1100, 1110]);
    clock.advance(99);
    throttle.request(); // held: the forced send restarted the interval
    throttle.cancel();
    clock.advance(500);
    expect(sent).toEqual([1000, 1100, 1110]); // cancelled: nothing after the work ended
    expect(clock.pending()).toBe(0);
  });

  it('at 10 Hz over 2 s of 1 ms steps sends 21 events (20 intervals, and the first)', () => {
    const clock = manualClock();
    let sent = 0;
    const throttle = createThrottle(100, () => sent++, clock);
    for (let i = 0; i < 2000; i++) {
      throttle.request();
      clock.advance(1);
    }
    throttle.cancel();
    expect(sent).toBe(21);
  });
});

describe('yieldToEventLoop', () => {
  it('resolves on a later task, not in the current microtask queue', async () => {
    let done = false;
    const pending = yieldToEventLoop().then(() => {
      done = true;
    });
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(done).toBe(false);
    await pending;
    expect(done).toBe(true);
  });

  it('lets a queued timer callback run before it resolves', async () => {
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 0);
    // A microtask-only "yield" would spin here for the whole 500 ms without the timer ever running.
    const start = performance.now();
    while (!timerRan && performance.now() - start < 500) await yieldToEventLoop();
    expect(timerRan).toBe(true);
  });
});
