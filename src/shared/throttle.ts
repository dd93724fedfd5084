// Pacing of long loops in the worker: how often progress may cross to the main thread, and how a
// loop lets queued messages (a cancel request) in between two steps.

/** Sends progress at most once per interval, and never sits on the latest news. */
export interface Throttle {
  /**
   * Sends now when `intervalMs` has passed since the last send (the first request always does), or
   * when `force`d; otherwise sends once when the interval ends, so with slow steps the last one
   * still shows without waiting for the next.
   */
  request(force?: boolean): void;
  /** Drops a send held for the end of the interval (call when the work is over). */
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** `send` builds and delivers the event itself, so a held send delivers the news of its moment. */
export function createThrottle(intervalMs: number, send: () => void, clock = realClock): Throttle {
  let last = -Infinity;
  let held: unknown = null;
  const cancel = () => {
    if (held !== null) clock.clearTimer(held);
    held = null;
  };
  const request = (force = false) => {
    const t = clock.now();
    if (!force && t - last < intervalMs) {
      held ??= clock.setTimer(
        () => {
          held = null;
          request(true);
        },
        intervalMs - (t - last),
      );
      return;
    }
    cancel();
    last = t;
    send();
  };
  return { request, cancel };
}

/**
 * Resolves on a later macrotask. Awaiting a promise (even `tensor.data()` on the CPU backend) only
 * runs microtasks, which never let a worker's `message` event in; a MessageChannel round trip does,
 * without the 4 ms clamp that nested `setTimeout(0)` gets.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined')
    return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      // Closing one end disentangles both: nothing leaks and Node is not kept alive by an open port.
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
