// Cross-tab mutual exclusion with Web Locks (available in pages and workers): two tabs never run the
// same heavy job at once, and the second one knows it is waiting rather than frozen.

const locksAvailable = () => typeof navigator !== 'undefined' && 'locks' in navigator;

export const EXTRACTION_LOCK = 'graft-extraction';

/**
 * Runs `job` holding the exclusive lock `name`. If another tab or worker holds it, calls `onWaiting`
 * first, then waits (rejecting with an AbortError if `signal` aborts meanwhile).
 */
export async function withExclusiveLock<T>(
  name: string,
  options: { readonly signal?: AbortSignal; readonly onWaiting?: () => void },
  job: () => Promise<T>,
): Promise<T> {
  if (!locksAvailable()) return job();
  const attempt = await navigator.locks.request(name, { ifAvailable: true }, async (lock) =>
    lock ? { ran: true as const, value: await job() } : { ran: false as const },
  );
  if (attempt.ran) return attempt.value;
  options.onWaiting?.();
  return navigator.locks.request(name, options.signal ? { signal: options.signal } : {}, () =>
    job(),
  );
}
