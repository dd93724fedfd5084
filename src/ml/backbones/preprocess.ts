// Turns decoded RGBA images into the float batch a backbone expects, per its declared preprocessing.
// One pass in JavaScript, straight from the RGBA bytes to [n, s, s, 3] floats: as tensor ops (an
// int32 upload, then slice, cast and arithmetic) it cost four passes over the batch, which on WASM run
// on one thread while the other cores idle, and on a GPU a larger upload (4 channels, not 3).

import * as tf from '@tensorflow/tfjs';
import type { PreprocessMode } from '../../shared/backbone';

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
  const area = size * size;
  const out = new Float32Array(pixels.length * area * 3);
  // out = in * scale + offset[channel], with the channels reversed (RGB -> BGR) for caffe.
  const { scale, offsets, reverse } = TRANSFORMS[mode];
  const [o0, o1, o2] = offsets;
  const [c0, c2] = reverse ? [2, 0] : [0, 2];
  pixels.forEach((p, i) => {
    if (p.length !== area * 4) {
      throw new Error(
        `preprocessBatch: image ${i} has ${p.length} bytes, expected ${area * 4} (${size}x${size} RGBA)`,
      );
    }
    for (let px = 0, o = i * area * 3; px < area * 4; px += 4, o += 3) {
      out[o] = p[px + c0]! * scale + o0;
      out[o + 1] = p[px + 1]! * scale + o1;
      out[o + 2] = p[px + c2]! * scale + o2;
    }
  });
  return tf.tensor4d(out, [pixels.length, size, size, 3]);
}

const TRANSFORMS: Record<
  PreprocessMode,
  { scale: number; offsets: readonly [number, number, number]; reverse: boolean }
> = {
  // Keras caffe: BGR, minus the ImageNet means, no scaling.
  caffe: {
    scale: 1,
    offsets: [-CAFFE_MEAN_BGR[0], -CAFFE_MEAN_BGR[1], -CAFFE_MEAN_BGR[2]],
    reverse: true,
  },
  // Keras tf: [-1, 1].
  tf: { scale: 1 / 127.5, offsets: [-1, -1, -1], reverse: false },
  unit: { scale: 1 / 255, offsets: [0, 0, 0], reverse: false },
};
