// Main-thread side of the engine worker: started lazily on first use, typed through Comlink.
import { wrap, proxy, type Remote } from 'comlink';
import type { EngineApi } from '../ml/engine';

let remote: Remote<EngineApi> | null = null;

export function getEngine(): Remote<EngineApi> {
  if (!remote) {
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'graft-engine',
    });
    remote = wrap<EngineApi>(worker);
  }
  return remote;
}

/** Wraps a callback so the worker can call it back across the boundary. */
export const callback = proxy;
