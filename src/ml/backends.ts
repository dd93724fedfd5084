// Picks and starts the TensorFlow.js backend: WebGPU, then WebGL, then WASM, then plain-JS CPU.
// A GPU that is really a software rasteriser (SwiftShader, llvmpipe, a fallback adapter) is 30-90x
// slower than WASM on the same machine, so 'auto' only uses one when WASM cannot start. The WebGPU
// and WASM backends are imported on demand: the main bundle and Node tests never load them.

import * as tf from '@tensorflow/tfjs';
import { BACKENDS } from '../shared/backbone';
import type { BackendName } from '../shared/backbone';

export interface BackendChoice {
  readonly name: BackendName;
  /** For people: 'WebGPU (SwiftShader, software)', 'WASM (SIMD, 4 threads)'. */
  readonly detail: string;
  /** True when a GPU backend runs on a software rasteriser (slow, whatever the name says). */
  readonly software: boolean;
}

/** What we learn about a backend before starting it. */
export type Probe =
  | { readonly ok: false; readonly reason: string }
  | { readonly ok: true; readonly software: boolean; readonly label: string };

// Minimal WebGPU shapes we read; TypeScript's libs do not declare WebGPU.
interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: GpuAdapterInfoLike;
  requestAdapterInfo?(): Promise<GpuAdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software/i;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function probeWebGpu(): Promise<Probe> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu) return { ok: false, reason: 'no navigator.gpu' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { ok: false, reason: 'no adapter' };
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined));
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description];
  const text = parts.filter((p) => p).join(' ');
  const software =
    adapter.isFallbackAdapter === true ||
    info?.isFallbackAdapter === true ||
    SOFTWARE_RENDERER.test(text);
  const label = /swiftshader/i.test(text) ? 'SwiftShader' : info?.description || text || 'adapter';
  return { ok: true, software, label };
}

function probeWebGl(): Probe {
  // tfjs registers WebGL only where it can exist (not in Node).
  if (!tf.findBackendFactory('webgl')) return { ok: false, reason: 'not available here' };
  if (typeof OffscreenCanvas === 'undefined')
    return { ok: true, software: false, label: 'unknown' };
  const canvas = new OffscreenCanvas(1, 1);
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return { ok: false, reason: 'no WebGL context' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  // Give the context back now: browsers cap live WebGL contexts, and tfjs makes its own.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  const software = SOFTWARE_RENDERER.test(renderer);
  return { ok: true, software, label: /swiftshader/i.test(renderer) ? 'SwiftShader' : renderer };
}

function probe(name: BackendName): Promise<Probe> | Probe {
  switch (name) {
    case 'webgpu':
      return probeWebGpu();
    case 'webgl':
      return probeWebGl();
    case 'wasm':
      // Emscripten's Node path reads files, not our bundler URLs; Node has no use for it here.
      if (!('WorkerGlobalScope' in globalThis) && !('document' in globalThis)) {
        return { ok: false, reason: 'not in a browser' };
      }
      return { ok: true, software: false, label: '' };
    case 'cpu':
      return { ok: true, software: false, label: '' };
  }
}

/** Loads the code of a backend that is imported on demand; returns what to ask it once started. */
async function register(name: BackendName): Promise<() => Promise<string>> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name !== 'wasm') return async () => '';
  const [wasm, { WASM_PATHS }] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm'),
    import('./wasmPaths'),
  ]);
  wasm.setWasmPaths(WASM_PATHS);
  // Threads need SharedArrayBuffer, which only cross-origin-isolated pages get.
  if (crossOriginIsolated) wasm.setThreadsCount(navigator.hardwareConcurrency);
  return async () => {
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    let threads = 1;
    try {
      threads = wasm.getThreadsCount();
    } catch {
      // Not reported: an unthreaded binary runs one.
    }
    return `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
  };
}

/** Starts `name` and checks it computes; returns extra detail, or throws why it did not start. */
async function start(name: BackendName): Promise<string> {
  const describe = await register(name);
  if (!(await tf.setBackend(name))) throw new Error('failed to initialise');
  await tf.ready();
  // A backend can start and still fail its first kernel (lost device, missing feature).
  const sum = tf.add(tf.scalar(1), tf.scalar(1));
  const two = (await sum.data())[0];
  sum.dispose();
  if (two !== 2) throw new Error(`1 + 1 gave ${two}`);
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
 * first even if it is software, then the rest as for 'auto'. Call once (the worker memoises it).
 */
export async function initBackend(
  preference: BackendName | 'auto',
  deps: BackendDeps = realDeps,
): Promise<BackendChoice> {
  const queue: BackendName[] =
    preference === 'auto'
      ? [...BACKENDS]
      : [preference, ...BACKENDS.filter((b) => b !== preference)];
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
    const extra = [p.label, p.software ? 'software' : '', extraDetail].filter((x) => x);
    const detail = extra.length ? `${DISPLAY[name]} (${extra.join(', ')})` : DISPLAY[name];
    return { name, detail, software: p.software };
  }
  throw new Error(`No TensorFlow.js backend could start: ${failures.join('; ')}`);
}
