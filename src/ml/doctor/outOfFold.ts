// Out-of-fold probabilities for Confident Learning: every image is predicted by a head that never
// saw its label. The folds are the k-fold estimate's (src/data/folds.ts, stratified by hash). Each
// fold's head is a linear softmax classifier with an L2 penalty on the pooled features (multinomial
// logistic regression, the classifier cleanlab's own examples feed find_label_issues), trained
// full-batch for a fixed number of Adam steps on the other k - 1 folds; nothing is held out for early
// stopping, and no head sees the fold it predicts. All k heads train at once as one [d, k * C]
// weight matrix over the features uploaded once: one matrix product per step for every fold,
// instead of k heads of mini-batches (the earlier 256-unit heads took about a minute per 1,000
// images on two cores; npm run bench:hygiene measures both this and the ranking it gives).
import * as tf from '@tensorflow/tfjs';
import { readUnlessLost } from '../backends/deviceLoss';
import { yieldToEventLoop } from '../../shared/throttle';

export interface LinearHeadSettings {
  /** Full-batch Adam steps. */
  readonly steps: number;
  readonly learningRate: number;
  /** L2 penalty on the weights, added to the mean cross-entropy: weight * |W|^2 / 2. */
  readonly l2: number;
}

/**
 * Chosen on flowers-dev with 4% of labels moved (20 seeds each, MobileNetV2 0.35 and Darknet tiny,
 * Node rehearsals of the benchmark's method): penalties from 0.01 to 1 were tried. A strong penalty
 * gives softer out-of-fold probabilities, so Confident Learning flags fewer images: at 0.01 it
 * flagged 26% (MobileNetV2) and 140% (Darknet) more than at 0.3, at lower precision. 300 steps
 * instead of 100 changed nothing measurable.
 */
export const OUT_OF_FOLD_HEADS: LinearHeadSettings = { steps: 100, learningRate: 0.01, l2: 0.3 };

export interface OutOfFoldArgs {
  /** One pooled feature vector per image, all of one width. */
  readonly vectors: readonly Float32Array[];
  readonly labels: readonly number[];
  /** Fold index in [0, k) of each vector. */
  readonly folds: readonly number[];
  readonly k: number;
  readonly numClasses: number;
  readonly settings?: LinearHeadSettings;
  readonly shouldStop?: () => boolean;
  /** (steps done, steps) now and then. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Steps between two looks at the event loop (cancel, progress). */
const YIELD_EVERY = 10;

function abortError(): DOMException {
  return new DOMException('Data check cancelled', 'AbortError');
}

function checkArgs({ vectors, labels, folds, k, numClasses }: OutOfFoldArgs): number {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`Out-of-fold needs k >= 2, got ${k}`);
  if (folds.length !== vectors.length || labels.length !== vectors.length) {
    throw new RangeError(
      `${folds.length} folds, ${labels.length} labels, ${vectors.length} vectors`,
    );
  }
  const width = vectors[0]?.length ?? 0;
  vectors.forEach((v, i) => {
    if (v.length !== width)
      throw new RangeError(`Vector ${i} has ${v.length} values, not ${width}`);
  });
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses)
      throw new RangeError(`Label ${label} of image ${i} is not in [0, ${numClasses})`);
  });
  const sizes = new Array<number>(k).fill(0);
  folds.forEach((f, i) => {
    if (!Number.isInteger(f) || f < 0 || f >= k) throw new RangeError(`Image ${i} is in no fold`);
    sizes[f]!++;
  });
  sizes.forEach((size, f) => {
    if (size === vectors.length)
      throw new RangeError(`Fold ${f + 1} of ${k} leaves nothing to train on.`);
  });
  return width;
}

/**
 * Row i of head f's loss weights: 1 / (training images of f) when image i trains head f, else 0, so
 * each head's gradient is the mean over its own k - 1 folds and never touches the fold it predicts.
 */
function trainingWeights(folds: readonly number[], k: number): Float32Array {
  const counts = new Array<number>(k).fill(folds.length);
  folds.forEach((f) => counts[f]!--);
  const weights = new Float32Array(folds.length * k);
  folds.forEach((fold, i) => {
    for (let f = 0; f < k; f++) if (f !== fold) weights[i * k + f] = 1 / counts[f]!;
  });
  return weights;
}

/** One probability row per vector, each from the head of the fold that held it out. */
export async function outOfFoldProbabilities(args: OutOfFoldArgs): Promise<Float32Array[]> {
  const d = checkArgs(args);
  const { vectors, labels, folds, k, numClasses: c } = args;
  const n = vectors.length;
  const { steps, learningRate, l2 } = args.settings ?? OUT_OF_FOLD_HEADS;
  const flat = new Float32Array(n * d);
  vectors.forEach((v, i) => flat.set(v, i * d));
  // Standardised with the mean and spread of every image's features: label-free statistics, so no
  // head learns anything about the labels of the fold it predicts. The transpose is kept beside it:
  // a product with a transposed operand is several times slower on WASM than a plain one.
  const [x, xT, y, mask] = tf.tidy(() => {
    const raw = tf.tensor2d(flat, [n, d]);
    const { mean, variance } = tf.moments(raw, 0);
    const x = tf.div(tf.sub(raw, mean), tf.add(tf.sqrt(variance), 1e-6));
    return [
      x,
      tf.transpose(x),
      tf
        .oneHot(tf.tensor1d(labels as number[], 'int32'), c)
        .toFloat()
        .reshape([n, 1, c]),
      tf.tensor3d(trainingWeights(folds, k), [n, k, 1]),
    ];
  });
  // Variables survive tidy; the zero tensors they start from do not.
  const [params, moments] = tf.tidy(() => {
    const params = [tf.variable(tf.zeros([d, k * c])), tf.variable(tf.zeros([1, k * c]))];
    return [
      params,
      params.flatMap((p) => [tf.variable(tf.zerosLike(p)), tf.variable(tf.zerosLike(p))]),
    ];
  });
  try {
    const [w, b] = params as [tf.Variable, tf.Variable];
    const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
    for (let step = 1; step <= steps; step++) {
      tf.tidy(() => {
        const p = tf.softmax(tf.add(tf.matMul(x, w), b).reshape([n, k, c]));
        // d(mean cross-entropy)/d(logits) is (p - y) / (images), masked per head.
        const g = tf.mul(tf.sub(p, y), mask).reshape([n, k * c]);
        const grads = [tf.add(tf.matMul(xT, g), tf.mul(w, l2)), tf.sum(g, 0, true)];
        const rate = learningRate / (1 - beta1 ** step);
        const correction = 1 / (1 - beta2 ** step);
        params.forEach((param, i) => {
          const [m, v] = [moments[2 * i]!, moments[2 * i + 1]!];
          m.assign(tf.add(tf.mul(m, beta1), tf.mul(grads[i]!, 1 - beta1)));
          v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(grads[i]!), 1 - beta2)));
          const denominator = tf.add(tf.sqrt(tf.mul(v, correction)), epsilon);
          param.assign(tf.sub(param, tf.div(tf.mul(m, rate), denominator)));
        });
      });
      if (step % YIELD_EVERY === 0 || step === steps) {
        await yieldToEventLoop();
        if (args.shouldStop?.()) throw abortError();
        args.onProgress?.(step, steps);
      }
    }
    const probabilities = tf.tidy(() => tf.softmax(tf.add(tf.matMul(x, w), b).reshape([n, k, c])));
    const values = (await readUnlessLost(probabilities).finally(() =>
      probabilities.dispose(),
    )) as Float32Array;
    return folds.map((f, i) => values.slice((i * k + f) * c, (i * k + f + 1) * c));
  } finally {
    tf.dispose([x, xT, y, mask, ...params, ...moments]);
  }
}
