// Fine-tuning: the backbone's last block (a Tail) trained together with an already trained head, on
// the frozen part's cached outputs, with SGD at a very low learning rate (the tutorial's 1e-4,
// momentum 0.9) so the pretrained filters move only a little. The same epoch loop as head training
// (epochLoop.ts): the same events for the live charts, the same early stopping keeping the best epoch.
import * as tf from '@tensorflow/tfjs';
import type { TrainEvent, TrainResult } from '../../shared/training';
import type { Head, HeadWeights } from '../head/head';
import type { FeatureSet } from '../head/train';
import { disposeOptimizer, lossAndAccuracy, runEpochs } from '../head/epochLoop';
import type { Tail } from './tail';
import { deriveSeed } from '../random';

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

/** The kernels a convolution's and a depthwise convolution's gradients run. */
export const GRADIENT_KERNELS = [
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
] as const;

/**
 * Why the backend in use cannot train convolutions, or null when it can. Every backend the app
 * starts can: tfjs-backend-wasm 4.22 lacks three of these kernels, which the app registers when it
 * loads WASM (ml/backends/wasmConvGradients.ts); a backend without them is refused here.
 */
export function convolutionGradientProblem(): string | null {
  const backend = tf.getBackend();
  const missing = GRADIENT_KERNELS.filter((k) => !tf.getKernel(k, backend));
  if (missing.length === 0) return null;
  return `Fine-tuning needs gradients of convolutions, which the ${backend.toUpperCase()} backend of TensorFlow.js does not have (${missing.join(', ')}). Open the app with ?backend=webgl or ?backend=webgpu (or cpu, slowly) to fine-tune; your trained model and features are kept.`;
}

const SALT = 31;

/** Mean loss and accuracy over `set` through tail and head, dropout off. */
function measure(tail: Tail, head: Head, set: FeatureSet) {
  return lossAndAccuracy(set, tail.inputShape, head.numClasses, 64, (x) =>
    head.logits(tail.apply(x), false),
  );
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
  const { tail, head, train, val } = args;
  const config = args.config ?? DEFAULT_FINE_TUNE;
  if (train.vectors.length === 0) throw new RangeError('No training vectors');
  const optimizer = tf.train.momentum(config.learningRate, config.momentum);
  const hasValidation = val.vectors.length > 0;
  try {
    return await runEpochs<{ tail: tf.Tensor[]; head: HeadWeights }>({
      train,
      inputShape: tail.inputShape,
      numClasses: head.numClasses,
      config,
      shuffleSalt: SALT,
      optimizer,
      variables: [...tail.variables, ...head.variables],
      logits: (x, step) =>
        head.logits(tail.apply(x), { dropoutSeed: deriveSeed(config.seed, SALT, 1, step) }, true),
      validate: hasValidation ? () => measure(tail, head, val) : null,
      // An epoch must beat the trained head as it came in, or fine-tuning gives it back unchanged.
      startLoss: hasValidation ? (await measure(tail, head, val)).loss : Infinity,
      weights: {
        snapshot: () => ({ tail: tail.snapshot(), head: head.snapshot() }),
        restore: (w) => {
          tail.restore(w.tail);
          head.restore(w.head);
        },
        dispose: (w) => {
          tf.dispose(w.tail);
          w.head.dispose();
        },
      },
      onEvent: args.onEvent,
      shouldStop: args.shouldStop,
    });
  } finally {
    disposeOptimizer(optimizer);
  }
}
