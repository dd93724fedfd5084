// Knowing when a worker dies. A worker that crashes or is killed sends no message, and Comlink calls
// to it would wait forever. So the worker holds a Web Lock named after itself for its whole life;
// the browser releases it when the worker ends, and the main thread, queued on the same lock, is
// granted it exactly then.

export const ENGINE_WORKER_NAME_PREFIX = 'graft-engine:';

const lockName = (workerName: string) => `graft-alive:${workerName}`;

const locksAvailable = () => typeof navigator !== 'undefined' && 'locks' in navigator;

/** Worker side: takes the lock for the rest of the worker's life; resolves once it is held. */
export function holdLivenessLock(workerName: string): Promise<void> {
  if (!locksAvailable()) return Promise.resolve();
  return new Promise((held) => {
    void navigator.locks.request(lockName(workerName), () => {
      held();
      return new Promise<never>(() => {}); // never released while the worker lives
    });
  });
}

/** Main side: calls `onGone` once the worker holding the lock has ended. Call after it holds it. */
export function whenWorkerGone(workerName: string, onGone: () => void): void {
  if (!locksAvailable()) return;
  void navigator.locks.request(lockName(workerName), () => onGone());
}
