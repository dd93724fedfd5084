// Multiply-add counts: VGG16's published figure, and hand-counted small models of each layer kind.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countMultiplyAdds } from '../../../../src/ml/backbones/flops';
import { buildVgg16, VGG16_FEATURE_LAYER } from '../../../../src/ml/backbones/vgg16';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('countMultiplyAdds', () => {
  it("counts VGG16's 15.35 G multiply-adds at 224 (30.7 GFLOP), and scales with the area", () => {
    const before = tf.memory().numTensors;
    for (const [size, expected] of [
      [224, 15_346_630_656],
      [112, 15_346_630_656 / 4],
    ] as const) {
      const model = buildVgg16(size);
      expect(countMultiplyAdds(model, VGG16_FEATURE_LAYER)).toBe(expected);
      // Stopping earlier counts less: block1 alone is two convolutions at full size.
      expect(countMultiplyAdds(model, 'block1_pool')).toBe(size * size * 9 * 64 * (3 + 64));
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts depthwise, separable, transposed, dense and nested layers by hand', () => {
    const before = tf.memory().numTensors;
    const inner = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [10], units: 4 })], // 40
    });
    const input = tf.input({ shape: [8, 8, 3] });
    let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input); // 64*9*3*4
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }).apply(x); // 64*9*4*2
    x = tf.layers
      .separableConv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same' })
      .apply(x); // 16*(9*8 + 8*5)
    x = tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 2 }).apply(x); // 16*4*5*2
    x = tf.layers.maxPooling2d({ poolSize: 8 }).apply(x);
    x = tf.layers.flatten().apply(x);
    x = tf.layers.dense({ units: 10, name: 'features' }).apply(x); // 2*10
    const out = inner.apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const features = 64 * 9 * 3 * 4 + 64 * 9 * 4 * 2 + 16 * (9 * 8 + 8 * 5) + 16 * 4 * 5 * 2 + 20;
    expect(countMultiplyAdds(model, 'features')).toBe(features);
    expect(countMultiplyAdds(model, null)).toBe(features + 40);
    expect(() => countMultiplyAdds(model, 'nope')).toThrow(/nope/);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says NaN when the input size is left open (nothing to count against)', () => {
    const input = tf.input({ shape: [null, null, 3] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: conv });
    expect(countMultiplyAdds(model, null)).toBeNaN();
    model.dispose();
  });
});
