// Training of the classifier head on cached features: seeded shuffles and dropout, softmax +
// categorical cross-entropy, per-epoch validation, early stopping that keeps the best epoch, throttled
// progress events, and cancellation between batches. Owns every tensor it makes except the returned
// head's variables.
import * as tf from '@tensorflow/tfjs';
import type {
  EpochMetrics,
  TrainConfig,
  TrainEvent,
  TrainResult,
  TrainStopReason,
} from '../../shared/training';
import { createHead, type Head, type HeadWeights } from './head';
import { createRng, deriveSeed, shuffledIndices } from '../random';
import { createThrottle, yieldToEventLoop } from '../../shared/throttle';
import { readUnlessLost } from '../backends/deviceLoss';

export interface FeatureSet {
  readonly vectors: readonly Float32Array[];
  readonly labels: readonly number[];
}

export interface TrainHeadArgs {
  readonly train: FeatureSet;
  readonly val: FeatureSet;
  readonly featureShape: readonly number[];
  readonly numClasses: number;
  readonly config: TrainConfig;
  readonly onEvent?: (event: TrainEvent) => void;
  /** Polled before every batch; when true, training stops and keeps the best epoch so far. */
  readonly shouldStop?: () => boolean;
  /** Least time between two batch events (the last batch of an epoch is always sent). Default 100. */
  readonly batchEventIntervalMs?: number;
}

/** Images per forward pass when pre-pooling and validating (no gradients: larger is fine). */
const EVAL_BATCH = 256;
// Salts keep the seeded streams (shuffle, dropout) apart.
const SHUFFLE_SALT = 11;
const DROPOUT_SALT = 23;

/**
 * Runs the head's fixed first step (global average pooling) once over a whole set, so that epochs
 * train on [n, channels] vectors instead of pooling every feature map again. Mathematically the same
 * network. Returns `vectors` itself when the head has nothing to precompute (flatten is a reshape).
 */
export async function prepareFeatures(
  head: Head,
  vectors: readonly Float32Array[],
  batchSize = EVAL_BATCH,
): Promise<readonly Float32Array[]> {
  if (!head.preparesByPooling) return vectors;
  const fullSize = head.featureShape.reduce((a, b) => a * b, 1);
  const width = head.inputSize;
  const out: Float32Array[] = [];
  for (let start = 0; start < vectors.length; start += batchSize) {
    const chunk = vectors.slice(start, start + batchSize);
    const batch = new Float32Array(chunk.length * fullSize);
    chunk.forEach((v, i) => batch.set(v, i * fullSize));
    const pooled = tf.tidy(() =>
      head.prepare(tf.tensor(batch, [chunk.length, ...head.featureShape])),
    );
    const values = (await readUnlessLost(pooled)) as Float32Array;
    pooled.dispose();
    for (let i = 0; i < chunk.length; i++) out.push(values.slice(i * width, (i + 1) * width));
  }
  return out;
}

/** Copies the chosen vectors into one batch buffer and their labels into one-hot rows. */
function gatherBatch(
  vectors: readonly Float32Array[],
  labels: readonly number[],
  indices: readonly number[],
  width: number,
  numClasses: number,
): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(indices.length * width);
  const y = new Float32Array(indices.length * numClasses);
  indices.forEach((index, row) => {
    x.set(vectors[index]!, row * width);
    y[row * numClasses + labels[index]!] = 1;
  });
  return { x, y };
}

/** How many rows of `logits` pick the class `oneHot` marks (head training and fine-tuning). */
export function countCorrect(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(oneHot, 1)), 'float32'));
}

/** Mean cross-entropy and accuracy over a prepared set, dropout off; NaN for an empty set. */
async function measure(
  head: Head,
  vectors: readonly Float32Array[],
  labels: readonly number[],
): Promise<{ loss: number; accuracy: number }> {
  const n = vectors.length;
  if (n === 0) return { loss: NaN, accuracy: NaN };
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const indices = Array.from({ length: Math.min(EVAL_BATCH, n - start) }, (_, i) => start + i);
    const { x, y } = gatherBatch(vectors, labels, indices, head.inputSize, head.numClasses);
    const [lossT, correctT] = tf.tidy(() => {
      const ys = tf.tensor2d(y, [indices.length, head.numClasses]);
      const logits = head.logits(tf.tensor2d(x, [indices.length, head.inputSize]), false);
      const perImage = tf.losses.softmaxCrossEntropy(ys, logits, undefined, 0, tf.Reduction.NONE);
      return [tf.sum(perImage), countCorrect(logits, ys)];
    });
    try {
      const [l, c] = await Promise.all([readUnlessLost(lossT), readUnlessLost(correctT)]);
      lossSum += l[0]!;
      correct += c[0]!;
    } finally {
      tf.dispose([lossT, correctT]);
    }
  }
  return { loss: lossSum / n, accuracy: correct / n };
}

function checkSet(set: FeatureSet, name: string, size: number, numClasses: number): void {
  if (set.vectors.length !== set.labels.length) {
    throw new RangeError(`${name}: ${set.vectors.length} vectors but ${set.labels.length} labels`);
  }
  set.vectors.forEach((v, i) => {
    if (v.length !== size)
      throw new RangeError(`${name}[${i}] has ${v.length} values, not ${size}`);
    const label = set.labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`${name}[${i}] has label ${label}, not in [0, ${numClasses})`);
    }
  });
}

function checkConfig(config: TrainConfig): void {
  const { batchSize, epochs, learningRate, patience } = config;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`Bad batch size ${batchSize}`);
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`Bad epoch count ${epochs}`);
  if (!(learningRate > 0)) throw new RangeError(`Bad learning rate ${learningRate}`);
  if (!Number.isInteger(patience) || patience < 0) throw new RangeError(`Bad patience ${patience}`);
}

function makeOptimizer(config: TrainConfig): tf.Optimizer {
  return config.optimizer === 'sgd'
    ? tf.train.momentum(config.learningRate, 0.9)
    : tf.train.adam(config.learningRate);
}

function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  // tfjs 4.22: MomentumOptimizer.dispose() forgets the learning-rate scalar `c` that its SGD base
  // keeps, leaking one tensor per training run. Disposing twice is harmless.
  const c: unknown = (optimizer as unknown as { c?: unknown }).c;
  if (c instanceof tf.Tensor) c.dispose();
}

/**
 * Trains a new head. The returned head holds the weights of `result.bestEpoch`: the epoch with the
 * lowest validation loss, or the last completed epoch when there is no validation set. If training
 * stops before any epoch completes, `bestEpoch` is 0 and the head keeps its current weights.
 * The caller owns the head and must `dispose()` it.
 */
export async function trainHead(args: TrainHeadArgs): Promise<{ head: Head; result: TrainResult }> {
  const { train, val, featureShape, numClasses, config, onEvent, shouldStop } = args;
  checkConfig(config);
  const head = createHead(config.head, featureShape, numClasses, config.seed);
  let best: HeadWeights | null = null;
  try {
    const size = featureShape.reduce((a, b) => a * b, 1);
    checkSet(train, 'train', size, numClasses);
    checkSet(val, 'val', size, numClasses);
    if (train.vectors.length === 0) throw new RangeError('No training vectors');

    const trainX = await prepareFeatures(head, train.vectors);
    const valX = await prepareFeatures(head, val.vectors);
    const hasVal = valX.length > 0;
    const n = trainX.length;
    const batches = Math.ceil(n / config.batchSize);
    let lastBatch: TrainEvent | null = null;
    const batchEvents = createThrottle(args.batchEventIntervalMs ?? 100, () => {
      if (lastBatch) onEvent?.(lastBatch);
    });
    const history: EpochMetrics[] = [];
    const epochMs: number[] = [];
    let bestEpoch = 0;
    let bestValLoss = Infinity;
    let stopReason: TrainStopReason = 'completed';
    let step = 0;

    const optimizer = makeOptimizer(config);
    try {
      epochs: for (let epoch = 1; epoch <= config.epochs; epoch++) {
        const started = performance.now();
        const order = shuffledIndices(n, createRng(deriveSeed(config.seed, SHUFFLE_SALT, epoch)));
        let lossSum = 0;
        let correct = 0;
        for (let b = 0; b < batches; b++) {
          if (shouldStop?.()) {
            stopReason = 'stopped-by-user';
            break epochs;
          }
          const indices = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
          const { x, y } = gatherBatch(trainX, train.labels, indices, head.inputSize, numClasses);
          const dropoutSeed = deriveSeed(config.seed, DROPOUT_SALT, step++);
          const kept: { correct?: tf.Scalar } = {};
          const lossT = tf.tidy(() => {
            const xs = tf.tensor2d(x, [indices.length, head.inputSize]);
            const ys = tf.tensor2d(y, [indices.length, numClasses]);
            const cost = () => {
              const logits = head.logits(xs, { dropoutSeed });
              // Accuracy of this same forward pass (with dropout, as Keras reports it); kept out of
              // the gradient tape's tidy.
              kept.correct = tf.keep(countCorrect(logits, ys));
              return tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
            };
            return optimizer.minimize(cost, true, [...head.variables]) as tf.Scalar;
          });
          try {
            // Awaiting the read is also what lets WebGPU/WebGL finish the step before the next one.
            const [l, c] = await Promise.all([
              readUnlessLost(lossT),
              readUnlessLost(kept.correct!),
            ]);
            const batchLoss = l[0]!;
            lossSum += batchLoss * indices.length;
            correct += c[0]!;
            lastBatch = { type: 'batch', epoch, batch: b + 1, batches, loss: batchLoss };
            batchEvents.request(b === batches - 1);
          } finally {
            tf.dispose([lossT, kept.correct!]);
          }
          // Let a cancel message in before the next batch.
          await yieldToEventLoop();
        }

        const v = await measure(head, valX, val.labels);
        const metrics: EpochMetrics = {
          epoch,
          loss: lossSum / n,
          accuracy: correct / n,
          valLoss: v.loss,
          valAccuracy: v.accuracy,
        };
        history.push(metrics);
        // Without validation the last epoch is the one kept; snapshots share buffers, so this is cheap.
        if (!hasVal || v.loss < bestValLoss) {
          bestValLoss = hasVal ? v.loss : bestValLoss;
          bestEpoch = epoch;
          best?.dispose();
          best = head.snapshot();
        }
        const earlyStop =
          hasVal &&
          config.patience > 0 &&
          epoch - bestEpoch >= config.patience &&
          epoch < config.epochs;
        epochMs.push(performance.now() - started);
        const meanEpochS = epochMs.reduce((a, b) => a + b, 0) / epochMs.length / 1000;
        const etaSeconds = earlyStop ? 0 : meanEpochS * (config.epochs - epoch);
        onEvent?.({ type: 'epoch', metrics, bestEpoch, etaSeconds });
        if (earlyStop) {
          stopReason = 'early-stopped';
          break;
        }
      }
    } finally {
      batchEvents.cancel(); // no batch news after the run has ended
      disposeOptimizer(optimizer);
    }
    if (best) head.restore(best);
    return { head, result: { history, bestEpoch, stopReason } };
  } catch (error) {
    head.dispose();
    throw error;
  } finally {
    (best as HeadWeights | null)?.dispose();
  }
}
