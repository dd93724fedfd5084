// Seeded random weights for any layers model, so VGG16's code path (shapes, speed, caching, training
// on top) can run end to end where no pretrained VGG16 weights are available. Same seed, same bytes,
// on every machine: the PRNG is our own, not Math.random or tfjs's.

import { mulberry32 } from '../random';
import * as tf from '@tensorflow/tfjs';

/** Bias range: small, so the He-scaled kernels decide the activation statistics. */
const BIAS_SCALE = 0.01;

export { mulberry32 };

/** The weight's own name without the layer scope or tfjs's uniqueness suffix (`kernel_3` -> `kernel`). */
function weightKind(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.replace(/_\d+$/, '');
}

/**
 * Values for one weight. Kernels are He-uniform (limit sqrt(6 / fanIn)): variance 2 / fanIn keeps
 * the activations' scale steady through ReLU layers, so 13 stacked convolutions neither explode
 * nor die. Batch-norm statistics are the identity so that it passes activations through unchanged.
 */
function fillWeight(kind: string, shape: readonly number[], rand: () => number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (kind) {
    case 'gamma':
    case 'moving_variance':
      out.fill(1);
      return out;
    case 'beta':
    case 'moving_mean':
      return out;
    case 'bias':
      for (let i = 0; i < size; i++) out[i] = (rand() * 2 - 1) * BIAS_SCALE;
      return out;
    default: {
      // Kernels are [..., in, out] (conv and dense) or [kh, kw, in, multiplier] (depthwise, whose
      // units each see one input channel only).
      const fanIn =
        kind === 'depthwise_kernel'
          ? shape.slice(0, -2).reduce((a, b) => a * b, 1)
          : shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(6 / Math.max(1, fanIn));
      for (let i = 0; i < size; i++) out[i] = (rand() * 2 - 1) * limit;
      return out;
    }
  }
}

/** What tfjs accepts as a layer's initializer (its Initializer class is not exported). */
export type LayerInitializer = ReturnType<typeof tf.initializers.zeros>;

/**
 * Initializers that draw kernels and biases from one seeded stream as tfjs builds the layers: for a
 * chain of layers built in `model.weights` order (VGG16), the same values generateWeights(model,
 * seed) gives, without zero weights made first and then replaced (about a third of a CPU-second
 * for VGG16's 59 MB). tfjs takes only its own Initializer instances, so each is one whose `apply`
 * is ours.
 */
export function seededInitializers(seed: number): (kind: 'kernel' | 'bias') => LayerInitializer {
  const rand = mulberry32(seed);
  return (kind) =>
    Object.assign(tf.initializers.zeros(), {
      apply: (shape: number[]) => tf.tensor(fillWeight(kind, shape, rand), shape, 'float32'),
    });
}

/**
 * Replaces every weight of `model` with seeded values, in `model.weights` order. The old values
 * are released by the variables' assignment; the model's tensor count does not change.
 */
export function generateWeights(model: tf.LayersModel, seed: number): void {
  const rand = mulberry32(seed);
  const values = model.weights.map((w) => {
    const shape = w.shape.map((d) => {
      if (d == null) throw new Error(`Weight ${w.name} has an unknown dimension`);
      return d;
    });
    return tf.tensor(fillWeight(weightKind(w.originalName), shape, rand), shape, 'float32');
  });
  try {
    model.setWeights(values);
  } finally {
    // setWeights assigns each variable its own reference to the data; ours can go.
    tf.dispose(values);
  }
}
