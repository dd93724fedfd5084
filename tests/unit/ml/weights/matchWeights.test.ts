import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchToModel } from '../../../../src/ml/weights/h5/matchWeights';
import type { KerasLayer, KerasWeights } from '../../../../src/ml/weights/h5/readKerasH5';

/** conv (kernel, bias) -> bn (4) -> depthwise (no bias) -> dense (kernel, bias). */
function tinyModel(): tf.LayersModel {
  const input = tf.input({ shape: [4, 4, 2] });
  let x = tf.layers
    .conv2d({ name: 'conv', filters: 3, kernelSize: 3, padding: 'same' })
    .apply(input);
  x = tf.layers.batchNormalization({ name: 'bn' }).apply(x);
  x = tf.layers
    .depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', useBias: false })
    .apply(x);
  x = tf.layers.flatten({ name: 'flat' }).apply(x);
  x = tf.layers.dense({ name: 'dense', units: 2 }).apply(x);
  return tf.model({ inputs: input, outputs: x as tf.SymbolicTensor, name: 'tiny' });
}

const values = (shape: number[], start = 0) =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => start + i / 100);

function layer(name: string, weights: [string, number[]][]): KerasLayer {
  return {
    name,
    weights: weights.map(([n, shape], i) => ({ name: n, shape, values: values(shape, i) })),
  };
}

const GOOD: KerasLayer[] = [
  layer('conv', [
    ['conv_W_1:0', [3, 3, 2, 3]],
    ['conv_b_1:0', [3]],
  ]),
  layer('bn', [
    ['bn/gamma:0', [3]],
    ['bn/beta:0', [3]],
    ['bn/moving_mean:0', [3]],
    ['bn/moving_variance:0', [3]],
  ]),
  layer('dw', [['dw/depthwise_kernel:0', [3, 3, 3, 1]]]),
  layer('dense', [
    ['dense/kernel:0', [48, 2]],
    ['dense/bias:0', [2]],
  ]),
];

const file = (layers: KerasLayer[]): KerasWeights => ({ layers });
const replace = (name: string, by: KerasLayer) => GOOD.map((l) => (l.name === name ? by : l));

let model: tf.LayersModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = tinyModel();
});
afterAll(() => model.dispose());

describe('matchToModel', () => {
  it('maps every weight by layer name and order, and the values survive', () => {
    const before = tf.memory().numTensors;
    const result = matchToModel(file(GOOD), model);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.weights).sort()).toEqual(
      model.weights.map((w) => w.originalName).sort(),
    );
    expect(Array.from(result.weights['bn/moving_variance']!.dataSync())).toEqual(
      Array.from(values([3], 3)),
    );
    expect(result.weights['conv/kernel']!.shape).toEqual([3, 3, 2, 3]);
    tf.dispose(Object.values(result.weights));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the first layer whose shape differs, with both shapes', () => {
    const bad = replace(
      'conv',
      layer('conv', [
        ['conv_W_1:0', [3, 3, 2, 4]],
        ['conv_b_1:0', [4]],
      ]),
    );
    const before = tf.memory().numTensors;
    expect(matchToModel(file(bad), model)).toEqual({
      ok: false,
      message: 'Layer conv kernel: file has [3,3,2,4], model expects [3,3,2,3]',
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a missing layer, listing what the file holds', () => {
    const other = [layer('conv1', [['conv1/kernel:0', [7, 7, 3, 64]]]), layer('bn_conv1', [])];
    expect(matchToModel(file(other), model, { architecture: 'VGG16' })).toEqual({
      ok: false,
      message: 'This file has no layer conv (it holds: conv1, bn_conv1 — is it a VGG16 file?)',
    });
  });

  it('refuses a layer with a different number of weights', () => {
    const noBias = replace('conv', layer('conv', [['conv_W_1:0', [3, 3, 2, 3]]]));
    expect(matchToModel(file(noBias), model)).toEqual({
      ok: false,
      message: 'Layer conv: file has 1 weight (conv_W_1:0), model expects 2 (kernel, bias)',
    });
  });

  it('refuses weights stored in another order when their names say so', () => {
    const swapped = replace(
      'bn',
      layer('bn', [
        ['bn/gamma:0', [3]],
        ['bn/beta:0', [3]],
        ['bn/moving_variance:0', [3]],
        ['bn/moving_mean:0', [3]],
      ]),
    );
    expect(matchToModel(file(swapped), model)).toEqual({
      ok: false,
      message:
        'Layer bn weight 3: file has moving_variance (bn/moving_variance:0), model expects moving_mean',
    });
  });

  it('ignores classifier layers after the backbone, but refuses other extra layers', () => {
    const withTop = [
      ...GOOD,
      layer('predictions', [
        ['predictions/kernel:0', [2, 10]],
        ['predictions/bias:0', [10]],
      ]),
    ];
    const top = matchToModel(file(withTop), model);
    expect(top).toMatchObject({ ok: true, ignoredLayers: ['predictions'] });
    if (top.ok) tf.dispose(Object.values(top.weights));

    const extraConv = [GOOD[0]!, layer('conv_extra', [['k', [3, 3, 3, 3]]]), ...GOOD.slice(1)];
    expect(matchToModel(file(extraConv), model, { architecture: 'Tiny' })).toEqual({
      ok: false,
      message: 'This file has layers that Tiny does not (conv_extra) — is it a Tiny file?',
    });
  });
});
