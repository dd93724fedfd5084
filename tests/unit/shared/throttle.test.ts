import { describe, expect, it } from 'vitest';
import { createThrottle, yieldToEventLoop } from '../../../src/shared/throttle';

describe('createThrottle', () => {
  it('lets one event through per interval, and forced ones always', () => {
    let now = 1000;
    const throttle = createThrottle(100, () => now);
    expect(throttle.ready()).toBe(true); // the first is always sent
    now += 50;
    expect(throttle.ready()).toBe(false);
    expect(throttle.ready(true)).toBe(true); // e.g. the last batch of an epoch
    now += 99;
    expect(throttle.ready()).toBe(false); // the forced send restarted the interval
    now += 1;
    expect(throttle.ready()).toBe(true);
    expect(throttle.ready()).toBe(false);
  });

  it('at 10 Hz over 2 s of 1 ms steps sends about 20 events', () => {
    let now = 0;
    const throttle = createThrottle(100, () => now);
    let sent = 0;
    for (; now < 2000; now++) if (throttle.ready()) sent++;
    expect(sent).toBe(20);
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
