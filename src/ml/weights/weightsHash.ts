// Identity of a backbone's weights: SHA-256 of their bytes, part of every feature cache key, so
// features from different weights (another file, another seed) never mix.

import type * as tf from '@tensorflow/tfjs';
import { toHex } from '../../shared/text';

/** crypto.subtle has no streaming digest, so the parts are joined into one buffer first. */
async function sha256OfParts(parts: readonly Uint8Array[]): Promise<string> {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    joined.set(p, offset);
    offset += p.byteLength;
  }
  return toHex(await crypto.subtle.digest('SHA-256', joined));
}

/** SHA-256 (lower-case hex) of weight bytes; shards are concatenated in manifest order. */
export async function hashWeights(
  weightData: ArrayBuffer | readonly ArrayBuffer[],
): Promise<string> {
  if (weightData instanceof ArrayBuffer) {
    return toHex(await crypto.subtle.digest('SHA-256', weightData));
  }
  return sha256OfParts(weightData.map((b) => new Uint8Array(b)));
}

/**
 * SHA-256 of a model's weight values in `model.weights` order (the bytes of each value as held in
 * memory, float32 for every model here). For a model built in memory, such as one with generated
 * weights. Reads the variables themselves, so no tensor is created and nothing needs disposing.
 */
export async function hashModelWeights(model: tf.LayersModel): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const w of model.weights) {
    const values = await w.read().data();
    parts.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return sha256OfParts(parts);
}
