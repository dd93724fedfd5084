// Fine-tuning: the backbone's last block (a Tail) trained together with an already trained head, on
// the frozen part's cached outputs, with SGD at a very low learning rate (the tutorial's 1e-4,
// momentum 0.9) so the pretrained filters move only a little. Same events as head training (the live
// charts), same early stopping on validation loss keeping the best epoch.
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, TrainEvent, TrainResult, TrainStopReason } from '../../shared/training';
import type { Head } from '../head/head';
import { countCorrect, type FeatureSet } from '../head/train';
import type { Tail } from './tail';
import { createRng, deriveSeed, shuffledIndices } from '../random';
import { readUnlessLost } from '../backends/deviceLoss';
import { yieldToEventLoop } from '../../shared/throttle';

export interface FineTuneConfig {
  readonly learningRate: number;
  readonly momentum: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly patience: number;
  readonly seed: number;
}

export const DEFAULT_FINE_TUNE: FineTuneConfig = {
  learningRate: 1e-4,
  momentum: 0.9,
  epochs: 10,
  batchSize: 16,
  patience: 3,
  seed: 42,
};

/** tfjs-backend-wasm 4.22 has no convolution gradients: the sentence that says so, or null. */
export function convolutionGradientProblem(): string | null {
  if (tf.getKernel('Conv2DBackpropFilter', tf.getBackend())) return null;
  return `Fine-tuning needs gradients of convolutions, which the ${tf.getBackend().toUpperCase()} backend of TensorFlow.js does not have. Open the app with ?backend=webgl or ?backend=webgpu (or cpu, slowly) to fine-tune; your trained model and features are kept.`;
}

const SALT = 31;

function batchOf(
  set: FeatureSet,
  indices: readonly number[],
  shape: readonly number[],
  classes: number,
) {
  const size = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(indices.length * size);
  const y = new Float32Array(indices.length * classes);
  indices.forEach((index, row) => {
    x.set(set.vectors[index]!, row * size);
    y[row * classes + set.labels[index]!] = 1;
  });
  return { x, y };
}

/** Mean loss and accuracy over `set` through tail and head, dropout off. */
async function measure(tail: Tail, head: Head, set: FeatureSet, batch: number) {
  const n = set.vectors.length;
  if (n === 0) return { loss: NaN, accuracy: NaN };
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batch) {
    const indices = Array.from({ length: Math.min(batch, n - start) }, (_, i) => start + i);
    const { x, y } = batchOf(set, indices, tail.inputShape, head.numClasses);
    const [l, c] = tf.tidy(() => {
      const ys = tf.tensor2d(y, [indices.length, head.numClasses]);
      const logits = head.logits(
        tail.apply(tf.tensor(x, [indices.length, ...tail.inputShape])),
        false,
      );
      const perImage = tf.losses.softmaxCrossEntropy(ys, logits, undefined, 0, tf.Reduction.NONE);
      return [tf.sum(perImage), countCorrect(logits, ys)];
    });
    try {
      loss += (await readUnlessLost(l))[0]!;
      correct += (await readUnlessLost(c))[0]!;
    } finally {
      tf.dispose([l, c]);
    }
  }
  return { loss: loss / n, accuracy: correct / n };
}

/**
 * Trains `tail` and `head` in place on frozen-part outputs; they end with the weights of the epoch
 * with the lowest validation loss (epoch 0: as they came in, if no epoch beat them).
 */
export async function fineTune(args: {
  readonly tail: Tail;
  readonly head: Head;
  readonly train: FeatureSet;
  readonly val: FeatureSet;
  readonly config?: FineTuneConfig;
  readonly onEvent?: (event: TrainEvent) => void;
  readonly shouldStop?: () => boolean;
}): Promise<TrainResult> {
  const { tail, head, train, val, onEvent, shouldStop } = args;
  const config = args.config ?? DEFAULT_FINE_TUNE;
  const n = train.vectors.length;
  if (n === 0) throw new RangeError('No training vectors');
  const optimizer = tf.train.momentum(config.learningRate, config.momentum);
  const variables = [...tail.variables, ...head.variables];
  const hasVal = val.vectors.length > 0;
  const start = hasVal ? await measure(tail, head, val, 64) : { loss: Infinity };
  let bestLoss = start.loss;
  let bestEpoch = 0;
  let best = { tail: tail.snapshot(), head: head.snapshot() };
  const history: EpochMetrics[] = [];
  let stopReason: TrainStopReason = 'completed';
  const batches = Math.ceil(n / config.batchSize);
  let step = 0;
  try {
    epochs: for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      const order = shuffledIndices(n, createRng(deriveSeed(config.seed, SALT, epoch)));
      let lossSum = 0;
      let correct = 0;
      for (let b = 0; b < batches; b++) {
        if (shouldStop?.()) {
          stopReason = 'stopped-by-user';
          break epochs;
        }
        const indices = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
        const { x, y } = batchOf(train, indices, tail.inputShape, head.numClasses);
        const dropoutSeed = deriveSeed(config.seed, SALT, 1, step++);
        const kept: { correct?: tf.Scalar } = {};
        const lossT = tf.tidy(() => {
          const xs = tf.tensor(x, [indices.length, ...tail.inputShape]);
          const ys = tf.tensor2d(y, [indices.length, head.numClasses]);
          return optimizer.minimize(
            () => {
              const logits = head.logits(tail.apply(xs), { dropoutSeed }, true);
              kept.correct = tf.keep(countCorrect(logits, ys));
              return tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
            },
            true,
            variables,
          ) as tf.Scalar;
        });
        try {
          const batchLoss = (await readUnlessLost(lossT))[0]!;
          correct += (await readUnlessLost(kept.correct!))[0]!;
          lossSum += batchLoss * indices.length;
          onEvent?.({ type: 'batch', epoch, batch: b + 1, batches, loss: batchLoss });
        } finally {
          tf.dispose([lossT, kept.correct!]);
        }
        await yieldToEventLoop();
      }
      const v = hasVal ? await measure(tail, head, val, 64) : { loss: NaN, accuracy: NaN };
      const metrics = {
        epoch,
        loss: lossSum / n,
        accuracy: correct / n,
        valLoss: v.loss,
        valAccuracy: v.accuracy,
      };
      history.push(metrics);
      if (!hasVal || v.loss < bestLoss) {
        bestLoss = hasVal ? v.loss : bestLoss;
        bestEpoch = epoch;
        tf.dispose(best.tail);
        best.head.dispose();
        best = { tail: tail.snapshot(), head: head.snapshot() };
      }
      const earlyStop =
        hasVal &&
        config.patience > 0 &&
        epoch - bestEpoch >= config.patience &&
        epoch < config.epochs;
      const seconds = (performance.now() - started) / 1000;
      onEvent?.({
        type: 'epoch',
        metrics,
        bestEpoch,
        etaSeconds: earlyStop ? 0 : seconds * (config.epochs - epoch),
      });
      if (earlyStop) {
        stopReason = 'early-stopped';
        break;
      }
    }
    tail.restore(best.tail);
    head.restore(best.head);
    return { history, bestEpoch, stopReason };
  } finally {
    tf.dispose(best.tail);
    best.head.dispose();
    optimizer.dispose();
    const c: unknown = (optimizer as unknown as { c?: unknown }).c;
    if (c instanceof tf.Tensor) c.dispose(); // tfjs 4.22's momentum optimizer leaks its rate (train.ts)
  }
}
