// The classifier head trained on fixed backbone features, written with explicit tf.Variables rather
// than tf.layers `fit`: tfjs's seeded Dropout layer reuses one mask for every batch, and training must
// be reproducible with a fresh, deterministic mask per step. `toLayersModel` rebuilds the same
// network as a tf.Sequential for export.
//
//   pooled:  [GlobalAveragePooling] -> Dense(256, relu) -> Dropout(0.5) -> Dense(C) -> softmax
//   flatten: [Flatten]              -> Dense(256, relu) -> Dropout(0.5) -> Dense(C) -> softmax
//
// The bracketed first step is fixed and parameter-free ("prepare"); it is skipped for rank-1 features.
// Pooling averages over every axis but the last (channels-last), for rank-2 and rank-3 features.
import * as tf from '@tensorflow/tfjs';
import type { HeadKind } from '../../shared/training';
import { dense } from './dense';
import { createRng, deriveSeed, glorotUniform } from '../random';

export const HIDDEN_UNITS = 256;
export const DROPOUT_RATE = 0.5;

/** Cloned weights (e.g. of the best epoch). They own their tensors: call `dispose()` when done. */
export interface HeadWeights {
  readonly tensors: readonly tf.Tensor[];
  dispose(): void;
}

export interface Head {
  readonly kind: HeadKind;
  readonly featureShape: readonly number[];
  readonly numClasses: number;
  /** Width of a prepared (pooled or flattened) feature: the first dense layer's fan-in. */
  readonly inputSize: number;
  /** True when `prepare` does real work (pooling), so precomputing it once saves time per epoch. */
  readonly preparesByPooling: boolean;
  /** [hidden kernel, hidden bias, output kernel, output bias]. */
  readonly variables: readonly tf.Variable[];
  /** The fixed first step: [b, ...featureShape] -> [b, inputSize]. Returns a new tensor. */
  prepare(x: tf.Tensor): tf.Tensor2D;
  /**
   * Logits for a batch: `x` is either [b, ...featureShape] or already prepared [b, inputSize].
   * `training` turns on dropout with a mask drawn from `dropoutSeed` (use a new seed every step).
   */
  logits(
    x: tf.Tensor,
    training: false | { readonly dropoutSeed: number },
    /** Pass gradients back to `x` (fine-tuning trains what computes it); off for fixed features. */
    inputGradient?: boolean,
  ): tf.Tensor2D;
  /** Softmax probabilities, dropout off. */
  predictProbabilities(features: tf.Tensor): tf.Tensor2D;
  snapshot(): HeadWeights;
  /** Copies `weights` into the variables; `weights` stays owned by the caller. */
  restore(weights: HeadWeights): void;
  /** An equivalent tf.Sequential holding copies of the current weights; the caller disposes it. */
  toLayersModel(): tf.Sequential;
  dispose(): void;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkShape(featureShape: readonly number[]): void {
  if (featureShape.length === 0 || featureShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`Bad feature shape [${featureShape.join(', ')}]`);
  }
}

/** Width of a prepared feature for this head kind and feature shape. */
export function preparedSize(kind: HeadKind, featureShape: readonly number[]): number {
  checkShape(featureShape);
  return kind === 'pooled' ? featureShape[featureShape.length - 1]! : product(featureShape);
}

export function createHead(
  kind: HeadKind,
  featureShape: readonly number[],
  numClasses: number,
  seed: number,
): Head {
  const shape = [...featureShape];
  const rank = shape.length;
  if (kind === 'pooled' && rank > 3) {
    throw new RangeError(`The pooled head takes rank 1 to 3 features, not [${shape.join(', ')}]`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`A classifier needs at least 2 classes, got ${numClasses}`);
  }
  const inputSize = preparedSize(kind, shape);
  const preparesByPooling = kind === 'pooled' && rank > 1;
  // Separate streams per kernel, so that changing one layer's size leaves the other's init alone.
  const hiddenKernel = glorotUniform(inputSize, HIDDEN_UNITS, createRng(deriveSeed(seed, 1)));
  const outputKernel = glorotUniform(HIDDEN_UNITS, numClasses, createRng(deriveSeed(seed, 2)));
  // tidy disposes the initial-value tensors; variables are never tracked by tidy, so they survive.
  const variables = tf.tidy(() => [
    tf.variable(tf.tensor2d(hiddenKernel, [inputSize, HIDDEN_UNITS]), true),
    tf.variable(tf.zeros([HIDDEN_UNITS]), true),
    tf.variable(tf.tensor2d(outputKernel, [HIDDEN_UNITS, numClasses]), true),
    tf.variable(tf.zeros([numClasses]), true),
  ]);
  const [w1, b1, w2, b2] = variables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  let disposed = false;

  function assertAlive(): void {
    if (disposed) throw new Error('This head was disposed');
  }

  function prepare(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const matches = x.rank === rank + 1 && shape.every((d, i) => x.shape[i + 1] === d);
      if (!matches) {
        throw new RangeError(
          `Expected features of shape [b, ${shape.join(', ')}], got [${x.shape.join(', ')}]`,
        );
      }
      if (!preparesByPooling) return tf.reshape(x, [x.shape[0]!, inputSize]) as tf.Tensor2D;
      const spatialAxes = shape.slice(0, -1).map((_, i) => i + 1);
      return tf.mean(x, spatialAxes) as tf.Tensor2D;
    });
  }

  function logits(
    x: tf.Tensor,
    training: false | { readonly dropoutSeed: number },
    inputGradient = false,
  ): tf.Tensor2D {
    assertAlive();
    return tf.tidy(() => {
      const prepared = x.rank === 2 && x.shape[1] === inputSize ? x : prepare(x);
      let hidden = tf.relu(dense(prepared as tf.Tensor2D, w1, b1, inputGradient));
      if (training) {
        // Inverted dropout, as Keras does: keep where u >= rate, scale kept units by 1 / (1 - rate).
        const u = tf.randomUniform(hidden.shape, 0, 1, 'float32', training.dropoutSeed);
        const keep = tf.cast(tf.greaterEqual(u, DROPOUT_RATE), 'float32');
        hidden = tf.mul(hidden, tf.mul(keep, 1 / (1 - DROPOUT_RATE)));
      }
      return dense(hidden, w2, b2, true);
    });
  }

  function toLayersModel(): tf.Sequential {
    assertAlive();
    const inputShape = shape;
    const model = tf.sequential();
    if (rank > 1) {
      if (kind === 'flatten') model.add(tf.layers.flatten({ inputShape, name: 'head_flatten' }));
      else if (rank === 2)
        model.add(tf.layers.globalAveragePooling1d({ inputShape, name: 'head_pool' }));
      else model.add(tf.layers.globalAveragePooling2d({ inputShape, name: 'head_pool' }));
    }
    // Zeros initialisers: the weights are overwritten below, no need to draw millions of randoms.
    const init = { kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;
    model.add(
      tf.layers.dense({
        ...(rank > 1 ? {} : { inputShape }),
        units: HIDDEN_UNITS,
        activation: 'relu',
        name: 'head_dense',
        ...init,
      }),
    );
    model.add(tf.layers.dropout({ rate: DROPOUT_RATE, name: 'head_dropout' }));
    model.add(
      tf.layers.dense({ units: numClasses, activation: 'softmax', name: 'head_output', ...init }),
    );
    // setWeights assigns (shares the data, reference-counted): the model keeps it after we dispose ours.
    model.setWeights(variables);
    return model;
  }

  return {
    kind,
    featureShape: shape,
    numClasses,
    inputSize,
    preparesByPooling,
    variables,
    prepare,
    logits,
    predictProbabilities: (features) => tf.tidy(() => tf.softmax(logits(features, false))),
    snapshot() {
      assertAlive();
      // tf.clone shares the data buffer (reference-counted): cheap, and optimizer updates replace a
      // variable's buffer rather than writing into it, so the snapshot keeps the old values.
      const tensors = variables.map((v) => tf.clone(v));
      return { tensors, dispose: () => tf.dispose(tensors) };
    },
    restore(weights) {
      assertAlive();
      if (weights.tensors.length !== variables.length) {
        throw new RangeError(
          `Expected ${variables.length} weight tensors, got ${weights.tensors.length}`,
        );
      }
      variables.forEach((v, i) => v.assign(weights.tensors[i]!));
    },
    toLayersModel,
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(variables);
    },
  };
}
