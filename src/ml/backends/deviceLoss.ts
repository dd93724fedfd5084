// Noticing that a GPU backend lost its device: a driver reset, a GPU unplugged or reclaimed by the
// browser, or a fault test. A lost device does not always make tfjs throw: a lost WebGL context
// reads back zeros, and a read on a lost WebGPU device may never settle. So reads race the loss
// (`readUnlessLost`), and a batch is checked after its read, before anything is saved from it.
import * as tf from '@tensorflow/tfjs';
import { BACKEND_DEVICE, type BackendName } from '../../shared/backbone';

/** The active backend's device is gone; whatever ran on it must run again on another backend. */
export class BackendLostError extends Error {
  override readonly name = 'BackendLostError';
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`The ${BACKEND_DEVICE[backend]} was lost (${reason}).`);
  }
}

// Minimal shapes of the tfjs backends' internals we read (tfjs-backend-webgpu / -webgl 4.x).
interface GpuDeviceLike {
  readonly lost: Promise<{ readonly reason?: string; readonly message?: string }>;
  destroy(): void;
}
interface WebGpuBackendLike {
  readonly device?: GpuDeviceLike;
}
interface WebGlBackendLike {
  readonly gpgpu?: { readonly gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

/** How each started GPU backend says whether its device is lost: a reason, or null while it lives. */
const watchers = new Map<BackendName, () => string | null>();

/** Starts watching `name`'s device; call once it has started. CPU and WASM cannot lose a device. */
export function watchDevice(name: BackendName): void {
  const backend = tf.findBackend(name);
  if (name === 'webgpu') {
    const device = (backend as WebGpuBackendLike | null)?.device;
    if (!device) return;
    let reason: string | null = null;
    void device.lost.then((info) => {
      reason = [info.reason, info.message].filter((part) => part).join(': ') || 'lost';
    });
    watchers.set(name, () => reason);
  } else if (name === 'webgl') {
    const gl = (backend as WebGlBackendLike | null)?.gpgpu?.gl;
    if (!gl) return;
    watchers.set(name, () => (gl.isContextLost() ? 'context lost' : null));
  }
}

/** Why `name`'s device was lost, or null if it was not (or is not watched). */
function lossOf(name: BackendName): string | null {
  return watchers.get(name)?.() ?? null;
}

const active = () => tf.getBackend() as BackendName;

/** Throws BackendLostError when the active backend's device is lost. */
function assertDeviceAlive(name: BackendName = active()): void {
  const reason = lossOf(name);
  if (reason !== null) throw new BackendLostError(name, reason);
}

/**
 * Reads `tensor`, unless the active backend's device is lost first (checked every `pollMs`); then
 * checks the device once more, since a lost WebGL context returns zeros rather than failing.
 */
export async function readUnlessLost(tensor: tf.Tensor, pollMs = 100): Promise<tf.TypedArray> {
  const name = active();
  const read = tensor.data() as Promise<tf.TypedArray>; // numeric tensors only here
  if (!watchers.has(name)) return read;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lost = new Promise<never>((_, reject) => {
    const check = () => {
      const reason = lossOf(name);
      if (reason === null) timer = setTimeout(check, pollMs);
      else reject(new BackendLostError(name, reason));
    };
    check();
  });
  read.catch(() => undefined); // once lost, nobody waits for it any more
  try {
    const values = await Promise.race([read, lost]);
    assertDeviceAlive(name);
    return values;
  } catch (error) {
    throw await explainFailure(error, name);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a failed GPU call really was: a BackendLostError when the device turns out lost soon after
 * (WebGPU reports the loss a moment after the call that failed because of it: `settleMs`, much
 * longer for an error that looks like a loss, since a busy machine delays the report by seconds),
 * or when the error itself can only come from a device that is gone; else `error`. A read the GPU
 * aborted is never passed on as an AbortError, which would read as the person's Cancel.
 */
export async function explainFailure(
  error: unknown,
  name: BackendName = active(),
  settleMs = gpuErrorKind(error) === 'other' ? 200 : 30_000,
): Promise<unknown> {
  if (error instanceof BackendLostError || !watchers.has(name)) return error;
  for (let waited = 0; ; waited += 50) {
    const reason = lossOf(name);
    if (reason !== null) return new BackendLostError(name, reason);
    if (waited >= settleMs) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (gpuErrorKind(error) === 'lost') return new BackendLostError(name, errorText(error));
  if (error instanceof Error && error.name === 'AbortError') {
    return new Error(`The ${name} device stopped a computation: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * 'lost': an error only a device gone away produces, loss reported or not (tfjs never unmaps or
 * destroys a buffer while its read is pending, so a read cut short that way means the device went).
 * 'maybe-lost': a read aborted or refused the way a destroyed WebGPU device makes it, and other
 * causes can too. 'other': anything else.
 */
export function gpuErrorKind(error: unknown): 'lost' | 'maybe-lost' | 'other' {
  const text = errorText(error);
  if (/unmapped before mapping was resolved|device (is |was )?(lost|destroyed)/i.test(text))
    return 'lost';
  return /AbortError|lost|destroyed|mapAsync/i.test(text) ? 'maybe-lost' : 'other';
}

/**
 * Really loses the active backend's device, as a driver reset would: WebGPU's `device.destroy()`,
 * WebGL's WEBGL_lose_context. For fault tests (the worker exposes it); says what it did.
 */
export function loseActiveDevice(): string {
  const name = active();
  const backend = tf.backend() as WebGpuBackendLike & WebGlBackendLike;
  if (name === 'webgpu' && backend.device) {
    backend.device.destroy();
    return 'destroyed the WebGPU device';
  }
  const gl = backend.gpgpu?.gl;
  if (name === 'webgl' && gl) {
    const ext = gl.getExtension('WEBGL_lose_context');
    if (!ext) throw new Error('WEBGL_lose_context is not available');
    ext.loseContext();
    return 'lost the WebGL context';
  }
  throw new Error(`The ${name} backend has no device to lose`);
}
