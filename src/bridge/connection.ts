// A worker started lazily, typed through Comlink, and watched: if it dies, every pending call
// rejects with EngineCrashedError (instead of waiting forever) and the next call starts a fresh one.
// The engine's worker (compute) and the projects' worker (storage only) are both started this way.
import { releaseProxy, wrap, type Remote } from 'comlink';
import { whenWorkerGone } from '../shared/liveness';

export class EngineCrashedError extends Error {
  override readonly name = 'EngineCrashedError';
}

/** What a watched worker exposes beside its API: a liveness handshake (see shared/liveness.ts). */
interface Alive {
  whenAlive(): Promise<void>;
}

interface Connection<T> {
  readonly remote: Remote<T>;
  /** Rejects when the worker dies; never resolves. */
  readonly crashed: Promise<never>;
}

/**
 * Returns `withWorker(call)`: runs `call` against the worker `start(name)` makes, starting it on
 * first use and again after it died. `what` names it in messages ("The engine worker").
 */
export function lazyWorker<T extends Alive>(
  namePrefix: string,
  what: string,
  start: (name: string) => Worker,
) {
  let connection: Connection<T> | null = null;

  function connect(): Connection<T> {
    const name = `${namePrefix}${crypto.randomUUID()}`;
    const worker = start(name);
    const remote = wrap<T>(worker);
    let reject!: (error: Error) => void;
    const crashed = new Promise<never>((_, r) => (reject = r));
    crashed.catch(() => undefined); // observed by each call's race, not here
    const self: Connection<T> = { remote, crashed };

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
      onGone(`${what} failed to start: ${event.message || 'unknown error'}`);
    };
    worker.addEventListener('error', onLoadError);
    void (remote as unknown as Remote<Alive>).whenAlive().then(() => {
      worker.removeEventListener('error', onLoadError);
      whenWorkerGone(name, () => onGone(`${what} stopped unexpectedly.`));
    });
    return self;
  }

  return function withWorker<R>(call: (remote: Remote<T>) => Promise<R>): Promise<R> {
    const current = (connection ??= connect());
    return Promise.race([call(current.remote), current.crashed]);
  };
}
