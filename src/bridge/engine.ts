// Main-thread side of the engine worker: started lazily on first use, typed through Comlink, and
// watched: if the worker dies, every pending call rejects with EngineCrashedError (instead of
// waiting forever) and the next call starts a fresh worker (see connection.ts).
import { proxy, transfer, type Remote } from 'comlink';
import type { EngineWorkerApi } from '../worker/engine.worker';
import { ENGINE_WORKER_NAME_PREFIX } from '../shared/liveness';
import { EngineCrashedError, lazyWorker } from './connection';

export { EngineCrashedError };

export type Engine = Remote<EngineWorkerApi>;

/**
 * Runs `call` against the engine worker, starting one if needed. Rejects with EngineCrashedError if
 * the worker dies before answering.
 */
export const withEngine = lazyWorker<EngineWorkerApi>(
  ENGINE_WORKER_NAME_PREFIX,
  'The engine worker',
  (name) =>
    new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name }),
);

/** Wraps a callback so the worker can call it back across the boundary. */
export const callback = proxy;

/** Hands `frames` (ImageBitmaps) to the worker without a copy: the page's handles become unusable. */
export function handOver<T extends ImageBitmap | ImageBitmap[]>(frames: T): T {
  return transfer(frames, Array.isArray(frames) ? frames : [frames]);
}
