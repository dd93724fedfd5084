// Applies augmentation transforms to a preprocessed batch on the backend in use: one bilinear
// resampling (tf.image.transform) with "nearest" fill. Preprocessing is a per-channel affine map,
// which commutes with bilinear interpolation and edge replication, so transforming after it equals
// Keras's transform-then-preprocess.
import * as tf from '@tensorflow/tfjs';

/**
 * `x` is [n, h, w, c]; `rows[i]` is image i's tf.image.transform row, or null to leave it alone.
 * Returns a new tensor (the caller disposes both), or `x` itself when no image is transformed.
 */
export function augmentBatch(
  x: tf.Tensor4D,
  rows: readonly (readonly number[] | null)[],
): tf.Tensor4D {
  if (rows.length !== x.shape[0]) {
    throw new RangeError(`${rows.length} transforms for a batch of ${x.shape[0]}`);
  }
  if (rows.every((r) => r === null)) return x;
  const flat = rows.flatMap((r) => r ?? [1, 0, 0, 0, 1, 0, 0, 0]);
  return tf.tidy(() =>
    tf.image.transform(x, tf.tensor2d(flat, [rows.length, 8]), 'bilinear', 'nearest'),
  );
}
