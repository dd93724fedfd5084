// What can be learned about a backend before starting it (is there a GPU adapter, is it a software
// rasteriser?), and the device signature that remembered measurements are keyed by.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../shared/backbone';

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

export function probe(name: BackendName): Promise<Probe> | Probe {
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

let signature: Promise<string> | null = null;

/**
 * What identifies this device for remembered measurements: browser, cores, tfjs version and the
 * GPUs (adapter, renderer). Any change (a new driver, a browser update) means measuring again.
 */
export function deviceSignature(): Promise<string> {
  signature ??= (async () => {
    const parts = [
      `tfjs ${tf.version_core}`,
      `${navigator.hardwareConcurrency} cores`,
      navigator.userAgent,
    ];
    for (const name of ['webgpu', 'webgl'] as const) {
      const p = await Promise.resolve()
        .then(() => probe(name))
        .catch((): Probe => ({ ok: false, reason: 'probe failed' }));
      parts.push(`${name}: ${p.ok ? p.label : 'none'}`);
    }
    return parts.join(' | ');
  })();
  return signature;
}
