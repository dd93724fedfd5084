// Fixtures the Grad-CAM tests share: a small MobileNetV2 with generated weights, and a head whose
// answer is known (class 1 is channel 0's evidence).
import * as tf from '@tensorflow/tfjs';
import { backboneFromModel, type Backbone } from '../../src/ml/backbones/backbone';
import { generateWeights } from '../../src/ml/backbones/generatedWeights';
import { buildMobileNetV2 } from '../../src/ml/backbones/mobilenetv2';
import { createHead, HIDDEN_UNITS, type Head } from '../../src/ml/head/head';
import type { HeadKind } from '../../src/shared/training';

/** MobileNetV2 0.35 at `inputSize` with seeded weights, cut at `out_relu`. */
export async function generatedMobileNetV2(inputSize = 32, seed = 4): Promise<Backbone> {
  const model = buildMobileNetV2(inputSize, 0.35);
  generateWeights(model, seed);
  return backboneFromModel(model, {
    name: 'MobileNetV2',
    inputSize,
    preprocess: 'tf',
    featureLayer: 'out_relu',
    weights: { kind: 'generated', seed },
  });
}

/**
 * A head on `featureShape` ([height, width, channels]) where hidden unit 0 reads channel 0 (at every
 * location: the flatten head's kernel repeats per cell) and class 1's logit is +unit 0, class 0's is
 * -unit 0. The other channels count for nothing.
 */
export function channelZeroHead(kind: HeadKind, featureShape: readonly number[]): Head {
  const channels = featureShape.at(-1)!;
  const head = createHead(kind, featureShape, 2, 7);
  const fanIn = head.inputSize;
  const w1 = new Float32Array(fanIn * HIDDEN_UNITS);
  for (let i = 0; i < fanIn; i += channels) w1[i * HIDDEN_UNITS] = 1; // input i is channel i % channels
  const w2 = new Float32Array(HIDDEN_UNITS * 2);
  [w2[0], w2[1]] = [-1, 1];
  const tensors = [
    tf.tensor2d(w1, [fanIn, HIDDEN_UNITS]),
    tf.zeros([HIDDEN_UNITS]),
    tf.tensor2d(w2, [HIDDEN_UNITS, 2]),
    tf.zeros([2]),
  ];
  head.restore({ tensors, dispose: () => tf.dispose(tensors) });
  tf.dispose(tensors);
  return head;
}
