// Turns decoded RGBA images into the float batch a backbone expects, per its declared preprocessing.
// The arithmetic runs as tensor ops so that it stays on the GPU with the backbone.

import * as tf from '@tensorflow/tfjs';
import type { PreprocessMode } from '../shared/backbone';

/** Keras `imagenet_utils` caffe means, in BGR order (the order the channels are in after the swap). */
export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/**
 * `pixels[i]` is one `size` x `size` RGBA image (canvas ImageData layout). Returns a new
 * [n, size, size, 3] float32 tensor owned by the caller. Alpha is ignored: decoding already
 * composited it (or the image had none).
 */
export function preprocessBatch(
  pixels: readonly Uint8ClampedArray[],
  size: number,
  mode: PreprocessMode,
): tf.Tensor4D {
  if (pixels.length === 0) throw new Error('preprocessBatch: the batch is empty');
  const perImage = size * size * 4;
  // int32 upload: tfjs tensors have no uint8 dtype. Typed-array `set` widens the bytes in one pass.
  const packed = new Int32Array(pixels.length * perImage);
  pixels.forEach((p, i) => {
    if (p.length !== perImage) {
      throw new Error(
        `preprocessBatch: image ${i} has ${p.length} bytes, expected ${perImage} (${size}x${size} RGBA)`,
      );
    }
    packed.set(p, i * perImage);
  });
  return tf.tidy(() => {
    const rgba = tf.tensor4d(packed, [pixels.length, size, size, 4], 'int32');
    const rgb = tf.cast(tf.slice(rgba, [0, 0, 0, 0], [-1, -1, -1, 3]), 'float32');
    switch (mode) {
      case 'caffe': {
        const bgr = tf.reverse(rgb, -1);
        return tf.sub(bgr, tf.tensor1d([...CAFFE_MEAN_BGR])) as tf.Tensor4D;
      }
      case 'tf':
        return tf.sub(tf.div(rgb, 127.5), 1) as tf.Tensor4D;
      case 'unit':
        return tf.div(rgb, 255) as tf.Tensor4D;
    }
  });
}
