// Pacing of long loops in the worker: how often progress may cross to the main thread, and how a
// loop lets queued messages (a cancel request) in between two steps.

/** Decides whether an event may be sent now: at most one per `intervalMs`, unless forced. */
export interface Throttle {
  /** True (and restarts the interval) when `intervalMs` passed since the last send, or when forced. */
  ready(force?: boolean): boolean;
}

/** The first call is always ready, so a listener hears about the start at once. */
export function createThrottle(
  intervalMs: number,
  now: () => number = () => performance.now(),
): Throttle {
  let last = -Infinity;
  return {
    ready(force = false) {
      const t = now();
      if (!force && t - last < intervalMs) return false;
      last = t;
      return true;
    },
  };
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
