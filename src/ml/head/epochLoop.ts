// The epoch loop that head training and fine-tuning share: a seeded shuffle each epoch, a stop
// check and a yield to the worker's messages between batches, throttled batch events, validation
// after every epoch, early stopping on validation loss, the best epoch's weights kept, and an ETA
// from the mean epoch time. Each step minimises softmax cross-entropy; what the logits come from (a
// head alone, or a backbone tail with its head) is the caller's.
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, TrainEvent, TrainResult, TrainStopReason } from '../../shared/training';
import { createRng, deriveSeed, shuffledIndices } from '../random';
import { createThrottle, yieldToEventLoop } from '../../shared/throttle';
import { readUnlessLost } from '../backends/deviceLoss';
import type { FeatureSet } from './train';

export interface EpochLoopConfig {
  readonly epochs: number;
  readonly batchSize: number;
  /** Epochs without a better validation loss before stopping; 0 turns early stopping off. */
  readonly patience: number;
  readonly seed: number;
}

/** A batch's loss and how many of its rows were right. */
interface StepScalars {
  readonly loss: tf.Scalar;
  readonly correct: tf.Scalar;
}

/** Weights the loop can set aside and put back: the best epoch's survive later epochs. */
export interface KeptWeights<Saved> {
  snapshot(): Saved;
  restore(saved: Saved): void;
  dispose(saved: Saved): void;
}

export interface EpochLoopArgs<Saved> {
  /** What is trained on; each epoch visits every example once, in a new order. */
  readonly train: FeatureSet;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly config: EpochLoopConfig;
  /** Keeps this loop's shuffles apart from other seeded streams of the same run. */
  readonly shuffleSalt: number;
  readonly optimizer: tf.Optimizer;
  /** What the optimiser may change. */
  readonly variables: readonly tf.Variable[];
  /** Logits of a batch in training mode (dropout on); `step` counts the run's batches from 0. */
  readonly logits: (x: tf.Tensor, step: number) => tf.Tensor2D;
  /**
   * Mean loss and accuracy on the validation set, dropout off; null when there is no validation
   * set, and then the last epoch is the one kept.
   */
  readonly validate: (() => Promise<{ loss: number; accuracy: number }>) | null;
  readonly weights: KeptWeights<Saved>;
  /**
   * Validation loss of the weights as they come in, which an epoch must beat to be kept
   * (fine-tuning starts from a trained head). Default: Infinity, any epoch beats a fresh start.
   */
  readonly startLoss?: number;
  readonly onEvent?: ((event: TrainEvent) => void) | undefined;
  /** Polled before every batch; when true, the loop stops and keeps the best epoch so far. */
  readonly shouldStop?: (() => boolean) | undefined;
  /** Least time between two batch events (the last batch of an epoch is always sent). Default 100. */
  readonly batchEventIntervalMs?: number | undefined;
}

/**
 * One optimiser step on the examples at `indices`: their softmax cross-entropy, and how many of
 * them the same forward pass got right (with dropout, as Keras reports training accuracy).
 */
function trainStep<Saved>(
  args: EpochLoopArgs<Saved>,
  indices: readonly number[],
  step: number,
): StepScalars {
  const { train, inputShape, numClasses } = args;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const { x, y } = gatherBatch(train.vectors, train.labels, indices, width, numClasses);
  const kept: { correct?: tf.Scalar } = {};
  const loss = tf.tidy(() => {
    const xs = tf.tensor(x, [indices.length, ...inputShape]);
    const ys = tf.tensor2d(y, [indices.length, numClasses]);
    const cost = () => {
      const logits = args.logits(xs, step);
      // Kept out of the gradient tape's tidy.
      kept.correct = tf.keep(countCorrect(logits, ys));
      return tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
    };
    return args.optimizer.minimize(cost, true, [...args.variables]) as tf.Scalar;
  });
  return { loss, correct: kept.correct! };
}

/**
 * Runs the epochs. The weights end as those of `bestEpoch`: the epoch with the lowest validation
 * loss, the last completed one without validation, or epoch 0 (as they came in) when none beat
 * the start or the loop stopped before an epoch completed.
 */
export async function runEpochs<Saved>(args: EpochLoopArgs<Saved>): Promise<TrainResult> {
  const { config, weights, onEvent, shouldStop } = args;
  const examples = args.train.vectors.length;
  const batches = Math.ceil(examples / config.batchSize);
  let lastBatch: TrainEvent | null = null;
  const batchEvents = createThrottle(args.batchEventIntervalMs ?? 100, () => {
    if (lastBatch) onEvent?.(lastBatch);
  });
  const history: EpochMetrics[] = [];
  const epochMs: number[] = [];
  let best = weights.snapshot();
  let bestEpoch = 0;
  let bestLoss = args.startLoss ?? Infinity;
  let stopReason: TrainStopReason = 'completed';
  let step = 0;
  try {
    epochs: for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const seed = deriveSeed(config.seed, args.shuffleSalt, epoch);
      const order = shuffledIndices(examples, createRng(seed));
      let lossSum = 0;
      let correct = 0;
      for (let b = 0; b < batches; b++) {
        if (shouldStop?.()) {
          stopReason = 'stopped-by-user';
          break epochs;
        }
        const indices = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
        const scalars = trainStep(args, indices, step++);
        try {
          // Awaiting the read is also what lets WebGPU/WebGL finish the step before the next one.
          const [l, c] = await Promise.all([
            readUnlessLost(scalars.loss),
            readUnlessLost(scalars.correct),
          ]);
          lossSum += l[0]! * indices.length;
          correct += c[0]!;
          lastBatch = { type: 'batch', epoch, batch: b + 1, batches, loss: l[0]! };
          batchEvents.request(b === batches - 1);
        } finally {
          tf.dispose([scalars.loss, scalars.correct]);
        }
        // Let a cancel message in before the next batch.
        await yieldToEventLoop();
      }

      const v = args.validate ? await args.validate() : { loss: NaN, accuracy: NaN };
      const metrics: EpochMetrics = {
        epoch,
        loss: lossSum / examples,
        accuracy: correct / examples,
        valLoss: v.loss,
        valAccuracy: v.accuracy,
      };
      history.push(metrics);
      if (!args.validate || v.loss < bestLoss) {
        if (args.validate) bestLoss = v.loss;
        bestEpoch = epoch;
        weights.dispose(best);
        best = weights.snapshot();
      }
      const earlyStop =
        args.validate !== null &&
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
    weights.restore(best);
    return { history, bestEpoch, stopReason };
  } finally {
    batchEvents.cancel(); // no batch news after the run has ended
    weights.dispose(best);
  }
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

/**
 * Mean cross-entropy and accuracy over a set, `batchSize` examples at a time, through `logitsOf`
 * (dropout off), which gets a batch as a tensor of `[rows, ...inputShape]`. NaN for an empty set.
 */
export async function lossAndAccuracy(
  set: FeatureSet,
  inputShape: readonly number[],
  numClasses: number,
  batchSize: number,
  logitsOf: (x: tf.Tensor) => tf.Tensor2D,
): Promise<{ loss: number; accuracy: number }> {
  const n = set.vectors.length;
  if (n === 0) return { loss: NaN, accuracy: NaN };
  const width = inputShape.reduce((a, b) => a * b, 1);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const { x, y } = gatherBatch(set.vectors, set.labels, indices, width, numClasses);
    const [lossT, correctT] = tf.tidy(() => {
      const ys = tf.tensor2d(y, [indices.length, numClasses]);
      const logits = logitsOf(tf.tensor(x, [indices.length, ...inputShape]));
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

/** How many rows of `logits` pick the class `oneHot` marks. */
function countCorrect(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(oneHot, 1)), 'float32'));
}

/**
 * Disposes an optimiser whole. tfjs 4.22: MomentumOptimizer.dispose() forgets the learning-rate
 * scalar `c` that its SGD base keeps, leaking one tensor per training run. Disposing twice is
 * harmless.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c: unknown = (optimizer as unknown as { c?: unknown }).c;
  if (c instanceof tf.Tensor) c.dispose();
}
