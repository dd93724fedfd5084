// Picks and starts the TensorFlow.js backend: WebGPU, then WebGL, then WASM, then plain-JS CPU.
// A GPU that is really a software rasteriser (SwiftShader, llvmpipe, a fallback adapter) is 30-90x
// slower than WASM on the same machine, so 'auto' only uses one when WASM cannot start. This static
// order is only the first guess: backendChoice.ts then measures the backbone on each backend and
// switches to the fastest (activateBackend). The WebGPU and WASM backends are imported on demand:
// the main bundle and Node tests never load them.

import * as tf from '@tensorflow/tfjs';
import { BACKENDS } from '../../shared/backbone';
import type { BackendName } from '../../shared/backbone';
import { watchDevice } from './deviceLoss';
import { probe, type Probe } from './probe';
import { errorMessage as message } from '../../shared/text';

export interface BackendChoice {
  readonly name: BackendName;
  /** For people: 'WebGPU (SwiftShader, software)', 'WASM (SIMD, 4 threads)'. */
  readonly detail: string;
  /** True when a GPU backend runs on a software rasteriser (slow, whatever the name says). */
  readonly software: boolean;
}

/** XNNPACK's thread pool has 8 pthreads ready in tfjs-backend-wasm 4.x; more would deadlock its start. */
const MAX_WASM_THREADS = 8;

/**
 * Runs `init` while `navigator.hardwareConcurrency` reads `cores`. tfjs-backend-wasm 4.22's C++ caps
 * XNNPACK's thread pool at `emscripten_num_logical_cores() / 2` (it assumes two hyper-threads per
 * core), read once when the module starts: on a 2-core machine that is one thread whatever
 * `setThreadsCount` asks. Reporting twice the cores for that moment lifts the cap to the real count.
 * An own property shadows the prototype's getter and is deleted afterwards, so nothing else sees it.
 */
async function withReportedCores<T>(cores: number, init: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav) return init();
  let shadowed = false;
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => cores });
    shadowed = true;
  } catch {
    // A browser that forbids it keeps tfjs's own cap; the detail line then says how many threads run.
  }
  try {
    return await init();
  } finally {
    if (shadowed) delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Threads the WASM backend computes with, as it reports them (1 until it has started threaded). */
let wasmThreads = 1;
export const wasmThreadCount = (): number => wasmThreads;

/** WASM threads to ask for: every logical core, up to the pool's size. */
export function wantedWasmThreads(cores: number): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores) || 1));
}

/** Loads the code of a backend that is imported on demand; returns what to ask it once started. */
async function register(name: BackendName): Promise<() => Promise<string>> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name !== 'wasm') return async () => '';
  const [wasm, { WASM_PATHS }, { registerWasmConvGradients }] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm'),
    import('./wasmPaths'),
    import('./wasmConvGradients'),
  ]);
  // The convolution gradients tfjs-backend-wasm lacks: fine-tuning trains on WASM too.
  registerWasmConvGradients();
  // Threads need SharedArrayBuffer, which only cross-origin-isolated pages get. Both settings must
  // be made before the backend initialises: the thread pool is created once, at start.
  const threaded = crossOriginIsolated;
  const wanted = threaded ? wantedWasmThreads(navigator.hardwareConcurrency) : 1;
  if (!wasmConfigured) {
    wasm.setWasmPaths(WASM_PATHS);
    if (threaded) wasm.setThreadsCount(wanted);
    wasmConfigured = true;
  }
  return async () => {
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    try {
      wasmThreads = Math.max(1, wasm.getThreadsCount());
    } catch {
      wasmThreads = 1; // not reported: an unthreaded binary runs one
    }
    return `${simd ? 'SIMD' : 'no SIMD'}, ${wasmThreads} thread${wasmThreads === 1 ? '' : 's'}`;
  };
}
let wasmConfigured = false;

/** Starts `name` (or switches back to it) and checks it computes; returns extra detail, or throws. */
async function start(name: BackendName): Promise<string> {
  const describe = await register(name);
  const init = () => tf.setBackend(name);
  const ok =
    name === 'wasm'
      ? await withReportedCores(2 * navigator.hardwareConcurrency, init)
      : await init();
  if (!ok) throw new Error('failed to initialise');
  await tf.ready();
  // A backend can start and still fail its first kernel (lost device, missing feature).
  const sum = tf.add(tf.scalar(1), tf.scalar(1));
  const two = (await sum.data())[0];
  sum.dispose();
  if (two !== 2) throw new Error(`1 + 1 gave ${two}`);
  watchDevice(name);
  return describe();
}

/** How initBackend looks at and starts backends; replaced in tests of the choice itself. */
export interface BackendDeps {
  probe(name: BackendName): Promise<Probe> | Probe;
  start(name: BackendName): Promise<string>;
}

const realDeps: BackendDeps = { probe, start };

const DISPLAY: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU (plain JavaScript)',
};

/**
 * Starts the best backend for `preference`. 'auto' tries WebGPU, WebGL, WASM, CPU, moving a
 * software GPU behind WASM (still ahead of plain JS, its last resort); a named backend is tried
 * first even if it is software, then the rest as for 'auto'. Backends in `exclude` (their device
 * was lost) are never tried. Called once per worker, and again after a device loss.
 */
export async function initBackend(
  preference: BackendName | 'auto',
  deps: BackendDeps = realDeps,
  exclude: ReadonlySet<BackendName> = new Set(),
): Promise<BackendChoice> {
  const queue: BackendName[] = (
    preference === 'auto'
      ? [...BACKENDS]
      : [preference, ...BACKENDS.filter((b) => b !== preference)]
  ).filter((b) => !exclude.has(b));
  const deferred = new Set<BackendName>();
  const failures: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    let p: Probe;
    try {
      p = await deps.probe(name);
    } catch (e) {
      p = { ok: false, reason: message(e) };
    }
    if (!p.ok) {
      failures.push(`${name}: ${p.reason}`);
      continue;
    }
    if (p.software && name !== preference && !deferred.has(name)) {
      deferred.add(name);
      const cpuAt = queue.indexOf('cpu', i + 1);
      queue.splice(cpuAt === -1 ? queue.length : cpuAt, 0, name);
      continue;
    }
    let extraDetail: string;
    try {
      extraDetail = await deps.start(name);
    } catch (e) {
      failures.push(`${name}: ${message(e)}`);
      continue;
    }
    const choice = describeChoice(name, p, extraDetail);
    startedWith(deps).set(name, Promise.resolve(choice));
    return choice;
  }
  throw new Error(`No TensorFlow.js backend could start: ${failures.join('; ')}`);
}

/** What probing found for each backend and what starting it said, per deps: asked once per worker. */
const startedBy = new WeakMap<BackendDeps, Map<BackendName, Promise<BackendChoice>>>();
function startedWith(deps: BackendDeps): Map<BackendName, Promise<BackendChoice>> {
  let known = startedBy.get(deps);
  if (!known) startedBy.set(deps, (known = new Map()));
  return known;
}

function describeChoice(name: BackendName, p: Probe & { ok: true }, extraDetail: string) {
  const extra = [p.label, p.software ? 'software' : '', extraDetail].filter((x) => x);
  const detail = extra.length ? `${DISPLAY[name]} (${extra.join(', ')})` : DISPLAY[name];
  return { name, detail, software: p.software };
}

/**
 * Makes `name` the active backend, starting it the first time (later calls switch back to the
 * already-started instance: its tensors stay where they are). Throws when it cannot start here.
 */
export async function activateBackend(
  name: BackendName,
  deps: BackendDeps = realDeps,
): Promise<BackendChoice> {
  const known = startedWith(deps);
  let choice = known.get(name);
  if (!choice) {
    choice = (async () => {
      const p = await deps.probe(name);
      if (!p.ok) throw new Error(`${name}: ${p.reason}`);
      return describeChoice(name, p, await deps.start(name));
    })();
    known.set(name, choice);
    choice.catch(() => known.delete(name));
    return choice;
  }
  const started = await choice;
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) {
    throw new Error(`${name}: failed to switch back`);
  }
  return started;
}

/**
 * What probing finds for every backend, in the static order. Probes start nothing (adapter info,
 * a 1x1 canvas's renderer string), so this costs milliseconds; a probe that throws reads as absent.
 */
export async function probedBackends(
  deps: BackendDeps = realDeps,
): Promise<{ name: BackendName; probe: Probe }[]> {
  const found: { name: BackendName; probe: Probe }[] = [];
  for (const name of BACKENDS) {
    const probe = await Promise.resolve()
      .then(() => deps.probe(name))
      .catch((e: unknown): Probe => ({ ok: false, reason: `probe failed: ${message(e)}` }));
    found.push({ name, probe });
  }
  return found;
}
