// Training of the classifier head on cached features: softmax + categorical cross-entropy with
// seeded dropout, through the shared epoch loop (epochLoop.ts: shuffles, validation, early stopping
// that keeps the best epoch, throttled progress, cancellation between batches). Owns every tensor
// it makes except the returned head's variables.
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig, TrainEvent, TrainResult } from '../../shared/training';
import { createHead, type Head, type HeadWeights } from './head';
import { deriveSeed } from '../random';
import { readUnlessLost } from '../backends/deviceLoss';
import { disposeOptimizer, lossAndAccuracy, runEpochs } from './epochLoop';

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

/**
 * Trains a new head. The returned head holds the weights of `result.bestEpoch`: the epoch with the
 * lowest validation loss, or the last completed epoch when there is no validation set. If training
 * stops before any epoch completes, `bestEpoch` is 0 and the head keeps its initial weights.
 * The caller owns the head and must `dispose()` it.
 */
export async function trainHead(args: TrainHeadArgs): Promise<{ head: Head; result: TrainResult }> {
  const { train, val, featureShape, numClasses, config } = args;
  checkConfig(config);
  const head = createHead(config.head, featureShape, numClasses, config.seed);
  try {
    const size = featureShape.reduce((a, b) => a * b, 1);
    checkSet(train, 'train', size, numClasses);
    checkSet(val, 'val', size, numClasses);
    if (train.vectors.length === 0) throw new RangeError('No training vectors');

    const trainX = await prepareFeatures(head, train.vectors);
    const valX = await prepareFeatures(head, val.vectors);
    const optimizer = makeOptimizer(config);
    try {
      const result = await runEpochs<HeadWeights>({
        train: { vectors: trainX, labels: train.labels },
        inputShape: [head.inputSize],
        numClasses,
        config,
        shuffleSalt: SHUFFLE_SALT,
        optimizer,
        variables: head.variables,
        logits: (x, step) =>
          head.logits(x as tf.Tensor2D, {
            dropoutSeed: deriveSeed(config.seed, DROPOUT_SALT, step),
          }),
        validate:
          valX.length === 0
            ? null
            : () =>
                lossAndAccuracy(
                  { vectors: valX, labels: val.labels },
                  [head.inputSize],
                  numClasses,
                  EVAL_BATCH,
                  (x) => head.logits(x as tf.Tensor2D, false),
                ),
        // Snapshots share the variables' buffers, so keeping an epoch is cheap.
        weights: {
          snapshot: () => head.snapshot(),
          restore: (w) => head.restore(w),
          dispose: (w) => w.dispose(),
        },
        onEvent: args.onEvent,
        shouldStop: args.shouldStop,
        batchEventIntervalMs: args.batchEventIntervalMs,
      });
      return { head, result };
    } finally {
      disposeOptimizer(optimizer);
    }
  } catch (error) {
    head.dispose();
    throw error;
  }
}
