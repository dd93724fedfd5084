// Main-thread side of the engine worker: started lazily on first use, typed through Comlink, and
// watched: if the worker dies, every pending call rejects with EngineCrashedError (instead of
// waiting forever) and the next call starts a fresh worker.
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { EngineWorkerApi } from '../worker/engine.worker';
import { ENGINE_WORKER_NAME_PREFIX, whenWorkerGone } from '../shared/liveness';

export class EngineCrashedError extends Error {
  override readonly name = 'EngineCrashedError';
}

export type Engine = Remote<EngineWorkerApi>;

interface Connection {
  readonly remote: Engine;
  /** Rejects when the worker dies; never resolves. */
  readonly crashed: Promise<never>;
}

let connection: Connection | null = null;

function connect(): Connection {
  const name = `${ENGINE_WORKER_NAME_PREFIX}${crypto.randomUUID()}`;
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
  const remote = wrap<EngineWorkerApi>(worker);
  let reject!: (error: Error) => void;
  const crashed = new Promise<never>((_, r) => (reject = r));
  crashed.catch(() => undefined); // observed by each call's race, not here
  const self: Connection = { remote, crashed };

  const onGone = (why: string) => {
    if (connection === self) connection = null;
    worker.terminate();
    remote[releaseProxy]();
    reject(new EngineCrashedError(why));
  };
  // An error event before the handshake means the worker script itself failed to load. Later ones
  // are stray errors inside a live worker: calls report their own errors through Comlink.
  const onLoadError = (event: ErrorEvent) => {
    event.preventDefault();
    onGone(`The engine worker failed to start: ${event.message || 'unknown error'}`);
  };
  worker.addEventListener('error', onLoadError);
  void remote.whenAlive().then(() => {
    worker.removeEventListener('error', onLoadError);
    whenWorkerGone(name, () => onGone('The engine worker stopped unexpectedly.'));
  });
  return self;
}

/**
 * Runs `call` against the engine worker, starting one if needed. Rejects with EngineCrashedError if
 * the worker dies before answering.
 */
export function withEngine<T>(call: (engine: Engine) => Promise<T>): Promise<T> {
  const current = (connection ??= connect());
  return Promise.race([call(current.remote), current.crashed]);
}

/** Wraps a callback so the worker can call it back across the boundary. */
export const callback = proxy;

/** Hands `frames` (ImageBitmaps) to the worker without a copy: the page's handles become unusable. */
export function handOver<T extends ImageBitmap | ImageBitmap[]>(frames: T): T {
  return transfer(frames, Array.isArray(frames) ? frames : [frames]);
}
