// Grad-CAM (Selvaraju et al., ICCV 2017) on a trained head: for class c, each channel k of the
// spatial map A weighs alpha_k = mean over (i, j) of d y_c / d A_k(i, j), where y_c is the class
// logit (before softmax); the map is ReLU(sum_k alpha_k A_k), normalised to [0, 1]. On the default
// (last spatial) map the gradient runs through the head's dense layers only (and a pooling, when
// the features were pooled), which every backend differentiates, WASM included. On an earlier layer
// a person chose, `toFeatures` is the backbone's rest, so convolution gradients run too (the app
// gives WASM the ones it lacks: ml/backends/wasmConvGradients.ts).
import * as tf from '@tensorflow/tfjs';
import type { Head } from '../head/head';
import { normaliseCam, type Heatmap } from '../../shared/heatmap';

export interface CamResult {
  readonly heatmap: Heatmap;
  readonly classIndex: number;
  /** The head's softmax over the classes, for this image (dropout off). */
  readonly probabilities: Float32Array;
}

/**
 * Grad-CAM for one image. `map` is its spatial map [1, h, w, k]; `toFeatures` turns it into what the
 * head takes (omit when the map is the head's feature itself). `classIndex` null explains the
 * predicted class. Tensors passed in stay the caller's; nothing else is left behind.
 */
export async function gradCam(
  head: Head,
  map: tf.Tensor4D,
  classIndex: number | null,
  toFeatures?: (map: tf.Tensor4D) => tf.Tensor,
): Promise<CamResult> {
  const [batch, height, width, channels] = map.shape;
  if (batch !== 1) throw new RangeError(`Grad-CAM explains one image at a time, got ${batch}`);
  const features = (a: tf.Tensor4D) => (toFeatures ? toFeatures(a) : a);
  const probs = tf.tidy(() => tf.softmax(head.logits(features(map), false)));
  const probabilities = (await probs.data()) as Float32Array;
  probs.dispose();
  let c = classIndex;
  if (c === null) c = probabilities.indexOf(Math.max(...probabilities));
  if (!Number.isInteger(c) || c < 0 || c >= head.numClasses) {
    throw new RangeError(`Class ${c} is not one of the head's ${head.numClasses} classes`);
  }
  const target = c;
  const cam = tf.tidy(() => {
    const score = (a: tf.Tensor) =>
      tf.sum(tf.slice(head.logits(features(a as tf.Tensor4D), false, true), [0, target], [1, 1]));
    const gradient = tf.grad(score)(map);
    const alpha = tf.reshape(tf.mean(gradient, [1, 2]), [1, 1, 1, channels!]);
    return tf.relu(tf.sum(tf.mul(map, alpha), 3));
  });
  const raw = await cam.data();
  cam.dispose();
  return { heatmap: normaliseCam(raw, width!, height!), classIndex: target, probabilities };
}
