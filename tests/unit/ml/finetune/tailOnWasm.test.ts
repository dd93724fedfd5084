// The tails fine-tuning trains, VGG16's block5 and MobileNetV2's last block, give on WASM what they
// give on the CPU backend (tfjs's reference kernels): the output, and the gradients of every
// trainable weight and of the input, on the same batch and the same weights.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FINE_TUNE_FROM, splitForFineTuning, type Tail } from '../../../../src/ml/finetune/tail';
import { buildVgg16 } from '../../../../src/ml/backbones/vgg16';
import { buildMobileNetV2 } from '../../../../src/ml/backbones/mobilenetv2';
import { generateWeights } from '../../../../src/ml/backbones/generatedWeights';
import { useCpu, useWasm } from '../../../helpers/tfBackend';
import { maxDiff, seeded } from '../../../helpers/backendCompare';

/** Gamma, beta, moving mean, moving variance. */
const BATCH_NORM_RANGES = [
  [0.5, 1.5],
  [-0.5, 0.5],
  [-0.5, 0.5],
  [0.5, 1.5],
] as const;

/** Seeded weights, and batch-norm statistics and scales away from the identity. */
function weighted(model: tf.LayersModel): tf.LayersModel {
  generateWeights(model, 7);
  model.layers
    .filter((l) => l.getClassName() === 'BatchNormalization')
    .forEach((layer, i) => {
      const values = layer.getWeights().map((w, k) => {
        const [low, high] = BATCH_NORM_RANGES[k]!;
        return tf.tensor(seeded(w.shape, 100 + 4 * i + k, low, high), w.shape);
      });
      layer.setWeights(values);
      tf.dispose(values);
    });
  return model;
}

/**
 * Output and gradients of sum(tail(x) * r) for each trainable weight (and the input, when asked),
 * on the backend in use.
 */
function outputAndGradients(tail: Tail, batch: number, inputGradient: boolean): Float32Array[] {
  const x = tf.variable(
    tf.tensor(seeded([batch, ...tail.inputShape], 1), [batch, ...tail.inputShape]),
  );
  const before = tf.memory().numTensors;
  const y = tail.apply(x);
  const r = tf.tensor(seeded(y.shape, 2), y.shape);
  const { value, grads } = tf.variableGrads(
    () => tf.sum(tf.mul(tail.apply(x), r)) as tf.Scalar,
    inputGradient ? [x, ...tail.variables] : [...tail.variables],
  );
  const out = [
    y,
    ...(inputGradient ? [grads[x.name]!] : []),
    ...tail.variables.map((v) => grads[v.name]!),
  ].map((t) => t.dataSync() as Float32Array);
  tf.dispose([y, r, value, ...Object.values(grads)]);
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  return out;
}

// The CPU backend's filter gradient takes about 5 s per 2 x 2 x 512 image and convolution here:
// VGG16 at 32 px, one image, and no input gradient (fine-tuning needs none; the 3 x 3 convolutions'
// input gradients are tested through the two convolutions after the first).
const TAILS = [
  {
    name: 'VGG16 block5 (3 convolutions 3x3 x 512 and the pooling)',
    build: () => buildVgg16(32),
    from: FINE_TUNE_FROM.vgg16,
    to: 'block5_pool',
    weights: 6,
    batch: 1,
    inputGradient: false,
  },
  {
    name: 'MobileNetV2 0.35 block_16 to out_relu (1x1, depthwise 3x3, batch norm, ReLU6)',
    build: () => buildMobileNetV2(96, 0.35),
    from: FINE_TUNE_FROM.mobilenetv2,
    to: null,
    weights: 12,
    batch: 3,
    inputGradient: true,
  },
] as const;

describe.each(TAILS)('$name on WASM', ({ build, from, to, weights, batch, inputGradient }) => {
  it('has the CPU backend output and gradients, within 1e-4', { timeout: 240_000 }, async () => {
    await useWasm();
    const model = weighted(build());
    const { tail } = splitForFineTuning(model, from, to);
    expect(tail.variables).toHaveLength(weights);
    const actual = outputAndGradients(tail, batch, inputGradient);
    await useCpu(); // the weights move to the CPU backend as they are read
    const expected = outputAndGradients(tail, batch, inputGradient);
    const diffs = actual.map((a, i) => maxDiff(a, expected[i]!));
    expect(
      Math.max(...diffs),
      `output, input gradient, weight gradients: ${diffs.map((d) => d.toExponential(1)).join(' ')}`,
    ).toBeLessThan(1e-4);
    // Not a comparison of zeros: the gradients reach every weight.
    expected
      .slice(inputGradient ? 2 : 1)
      .forEach((g) => expect(g.some((v) => Math.abs(v) > 1e-3)).toBe(true));
    tail.dispose();
    model.dispose();
  });
});
