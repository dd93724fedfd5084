// How many images go through the backbone at once. Big enough to keep the device busy, small enough
// to fit its limits (WebGPU's largest storage buffer, a memory budget elsewhere) and to finish a batch
// in about a second, so that progress moves, the ETA is honest and Cancel answers promptly.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../shared/backbone';

/** Memory for one batch's activations, per backend (weights not counted). */
const BUDGET_BYTES: Record<BackendName, number> = {
  webgpu: 512 * 2 ** 20,
  webgl: 256 * 2 ** 20,
  wasm: 192 * 2 ** 20,
  cpu: 128 * 2 ** 20,
};

/**
 * Most images per batch. GPUs gain from wide batches; WASM and plain JS do not (a batch is as fast per
 * image as one image, measured on VGG16), so they stay small: less memory, finer progress.
 */
const MAX_BATCH: Record<BackendName, number> = { webgpu: 32, webgl: 16, wasm: 8, cpu: 4 };

export const MAX_EXTRACT_BATCH = MAX_BATCH.webgpu;

/** One batch should take about this long once the device is warm. */
export const TARGET_BATCH_MS = 1000;

/** What one image costs the backbone on this backend, measured on a forward pass of one image. */
export interface ImageCost {
  /** Peak bytes of activations for one image (engine bytes at peak minus before). */
  readonly peakBytes: number;
  /** The largest single activation tensor for one image, in bytes. */
  readonly largestTensorBytes: number;
  /** Warm forward-pass time for one image, when known. */
  readonly msPerImage?: number;
}

/** The device's buffer limits, where the backend has any (WebGPU). */
export interface DeviceLimits {
  readonly maxStorageBufferBindingSize?: number;
  readonly maxBufferSize?: number;
}

/** Reads WebGPU's buffer limits from the running tfjs backend; {} for other backends. */
export function deviceLimits(): DeviceLimits {
  const device = (tf.backend() as { device?: { limits?: Record<string, number> } }).device;
  const limits = device?.limits;
  if (!limits) return {};
  return {
    maxStorageBufferBindingSize: limits['maxStorageBufferBindingSize'],
    maxBufferSize: limits['maxBufferSize'],
  };
}

/** Images per batch for a backbone whose per-image cost was measured on `backend`. */
export function batchSizeFor(
  backend: BackendName,
  cost: ImageCost,
  limits: DeviceLimits = {},
): number {
  const byMemory = Math.floor(BUDGET_BYTES[backend] / Math.max(1, cost.peakBytes));
  const buffer = Math.min(
    limits.maxStorageBufferBindingSize ?? Infinity,
    limits.maxBufferSize ?? Infinity,
  );
  const byBuffer = Math.floor(buffer / Math.max(1, cost.largestTensorBytes));
  const byTime =
    cost.msPerImage && cost.msPerImage > 0
      ? Math.floor(TARGET_BATCH_MS / cost.msPerImage)
      : Infinity;
  return Math.max(1, Math.min(MAX_BATCH[backend], byMemory, byBuffer, byTime));
}

/** Bytes of VGG16's largest activation pair (block1: 64 channels at full size, in and out). */
function vggPeakActivationBytes(inputSize: number): number {
  return 2 * 64 * inputSize * inputSize * 4;
}

/**
 * Batch size before anything was measured: VGG16's activations at `inputSize` against the budget.
 * Used when the backend was forced and no measurement ran.
 */
export function extractionBatchSize(
  inputSize: number,
  backend: BackendName,
  maxBufferBytes = Infinity,
): number {
  const perImage = vggPeakActivationBytes(inputSize);
  return batchSizeFor(
    backend,
    { peakBytes: perImage, largestTensorBytes: perImage / 2 },
    { maxBufferSize: maxBufferBytes },
  );
}

/**
 * The batch extraction runs with: the one the backend measurement used (so the benchmark's raw
 * figure and extraction match), else VGG16's estimate against the budget and the device's buffers.
 */
/** A batch size fault tests impose (the worker's `graftFaults.forceBatch`), or null. */
let forcedBatch: number | null = null;

/** Makes extraction run in batches of `size` (null: back to the measured size). Tests only. */
export function forceExtractionBatch(size: number | null): void {
  forcedBatch = size;
}

export function extractionBatchFor(
  status: { readonly name: BackendName; readonly measured?: { readonly batch: number } },
  inputSize: number,
): number {
  if (forcedBatch !== null) return forcedBatch;
  if (status.measured) return status.measured.batch;
  const limits = deviceLimits();
  const buffer = Math.min(
    limits.maxStorageBufferBindingSize ?? Infinity,
    limits.maxBufferSize ?? Infinity,
  );
  return extractionBatchSize(inputSize, status.name, buffer);
}
