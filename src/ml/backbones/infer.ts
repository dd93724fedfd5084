// Running a backbone on decoded pixels: warm-up, one batch in, one feature per image out, with a
// batch that runs out of device memory retried in halves. Used by extraction, prediction and the
// backend chooser.
import * as tf from '@tensorflow/tfjs';
import type { Backbone } from './backbone';
import { preprocessBatch } from './preprocess';
import { explainFailure, readUnlessLost } from '../backends/deviceLoss';
import { augmentBatch } from '../augment/augment';

/** Per image: a tf.image.transform row (an augmented or mirrored view), or null for the image itself. */
export type ViewTransforms = readonly (readonly number[] | null)[];

/** Batch sizes each backbone has already run at: the first pass at a size compiles (GPU) or packs (WASM). */
const warmBatches = new WeakMap<Backbone, Set<number>>();

/** Records that `backbone` ran a batch of `batch` images, so extraction skips its warm-up. */
export function noteWarm(backbone: Backbone, batch: number): void {
  let sizes = warmBatches.get(backbone);
  if (!sizes) warmBatches.set(backbone, (sizes = new Set()));
  sizes.add(batch);
}

/**
 * One untimed pass at `batch` before the first real batch, unless the backbone already ran that
 * size: shader compilation then does not count in the rate, and the first ETA is honest.
 */
export async function warmUp(backbone: Backbone, batch: number): Promise<void> {
  if (warmBatches.get(backbone)?.has(batch)) return;
  const { inputSize } = backbone.info;
  const y = tf.tidy(() => backbone.extract(tf.zeros([batch, inputSize, inputSize, 3])));
  try {
    await readUnlessLost(y);
  } finally {
    y.dispose();
  }
  noteWarm(backbone, batch);
}

/** Errors a backend raises when a batch does not fit its memory (WebGL, WebGPU, WASM heap). */
export function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /out of memory|OOM|allocation fail|failed to allocate|exceeds the (max|limit)|RangeError.*(memory|buffer)/i.test(
    text,
  );
}

/**
 * inferOnce, but a batch that runs out of device memory is retried as two halves (down to single
 * images), so a batch size that was too optimistic for this device slows extraction, never stops it.
 * A lost device throws BackendLostError: nothing read from it is returned (or saved).
 */
export async function inferBatch(
  backbone: Backbone,
  pixels: readonly Uint8ClampedArray[],
  transforms?: ViewTransforms,
): Promise<Float32Array[]> {
  try {
    return await inferOnce(backbone, pixels, transforms);
  } catch (failure) {
    const error = await explainFailure(failure);
    if (pixels.length < 2 || !isOutOfMemory(error)) throw error;
    const half = Math.ceil(pixels.length / 2);
    return [
      ...(await inferBatch(backbone, pixels.slice(0, half), transforms?.slice(0, half))),
      ...(await inferBatch(backbone, pixels.slice(half), transforms?.slice(half))),
    ];
  }
}

/** Runs the backbone on one decoded batch and returns one feature per image (copied off the device). */
async function inferOnce(
  backbone: Backbone,
  pixels: readonly Uint8ClampedArray[],
  transforms?: ViewTransforms,
): Promise<Float32Array[]> {
  const { inputSize, preprocess } = backbone.info;
  const features = tf.tidy(() => {
    const x = preprocessBatch(pixels, inputSize, preprocess);
    return backbone.extract(transforms ? augmentBatch(x, transforms) : x);
  });
  noteWarm(backbone, pixels.length);
  try {
    const flat = (await readUnlessLost(features)) as Float32Array;
    const size = flat.length / pixels.length;
    return pixels.map((_, i) => flat.subarray(i * size, (i + 1) * size));
  } finally {
    features.dispose();
  }
}
