import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2, makeDivisible } from '../../../../src/ml/backbones/mobilenetv2';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('makeDivisible (Keras _make_divisible)', () => {
  it('rounds to multiples of 8 the way Keras does', () => {
    expect(makeDivisible(32)).toBe(32);
    expect(makeDivisible(32 * 0.35)).toBe(16); // 11.2 rounds to 8, more than 10% below: +8
    expect(makeDivisible(16 * 0.75)).toBe(16); // 12 -> 16
    expect(makeDivisible(24 * 1.3)).toBe(32); // 31.2 -> 32
    expect(makeDivisible(1280 * 1.4)).toBe(1792);
    expect(makeDivisible(3)).toBe(8);
  });
});

describe('buildMobileNetV2', () => {
  it('matches Keras MobileNetV2(include_top=False): output, parameter count, layer names', () => {
    const before = tf.memory().numTensors;
    const model = buildMobileNetV2(224);
    try {
      expect(model.outputs[0]!.shape).toEqual([null, 7, 7, 1280]);
      // Keras: Total params 2,257,984 (trainable 2,223,872; non-trainable 34,112).
      expect(model.countParams()).toBe(2_257_984);
      expect(model.layers).toHaveLength(154);
      const names = model.layers.map((l) => l.name);
      expect(names.slice(1, 10)).toEqual([
        'Conv1',
        'bn_Conv1',
        'Conv1_relu',
        'expanded_conv_depthwise',
        'expanded_conv_depthwise_BN',
        'expanded_conv_depthwise_relu',
        'expanded_conv_project',
        'expanded_conv_project_BN',
        'block_1_expand',
      ]);
      expect(names).toContain('block_1_pad');
      expect(names).toContain('block_2_add');
      expect(names).not.toContain('block_3_add'); // stride 2: no residual
      expect(names).toContain('block_16_project_BN');
      expect(names.slice(-3)).toEqual(['Conv_1', 'Conv_1_bn', 'out_relu']);
      const shapeOf = (layer: string, i = 0) => model.getLayer(layer).weights[i]!.shape;
      expect(shapeOf('Conv1')).toEqual([3, 3, 3, 32]);
      expect(shapeOf('block_1_expand')).toEqual([1, 1, 16, 96]);
      expect(shapeOf('block_1_depthwise')).toEqual([3, 3, 96, 1]);
      expect(shapeOf('block_16_project')).toEqual([1, 1, 960, 320]);
      expect(model.getLayer('bn_Conv1').weights.map((w) => w.originalName)).toEqual([
        'bn_Conv1/gamma',
        'bn_Conv1/beta',
        'bn_Conv1/moving_mean',
        'bn_Conv1/moving_variance',
      ]);
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pads stride-2 blocks like correct_pad and runs at 96 px', () => {
    const model = buildMobileNetV2(96);
    try {
      expect(model.outputs[0]!.shape).toEqual([null, 3, 3, 1280]);
      const pad = model.getLayer('block_1_pad').getConfig();
      expect(pad['padding']).toEqual([
        [0, 1],
        [0, 1],
      ]);
      const before = tf.memory().numTensors;
      const out = tf.tidy(() => model.predict(tf.ones([1, 96, 96, 3])) as tf.Tensor);
      expect(out.shape).toEqual([1, 3, 3, 1280]);
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });

  it('pads odd sides on both ends, as correct_pad does', () => {
    const model = buildMobileNetV2(100); // 100 -> 50 -> 25 at block_3
    try {
      expect(model.getLayer('block_1_pad').getConfig()['padding']).toEqual([
        [0, 1],
        [0, 1],
      ]);
      expect(model.getLayer('block_3_pad').getConfig()['padding']).toEqual([
        [1, 1],
        [1, 1],
      ]);
      expect(model.outputs[0]!.shape).toEqual([null, 4, 4, 1280]);
    } finally {
      model.dispose();
    }
  });

  it('widens with alpha like Keras', () => {
    const model = buildMobileNetV2(96, 0.35);
    try {
      expect(model.getLayer('Conv1').weights[0]!.shape).toEqual([3, 3, 3, 16]);
      expect(model.outputs[0]!.shape).toEqual([null, 3, 3, 1280]);
      expect(model.name).toBe('mobilenetv2_0.35_96');
    } finally {
      model.dispose();
    }
  });

  it('refuses sizes it cannot downsample five times', () => {
    expect(() => buildMobileNetV2(16)).toThrow(/input size/);
  });
});
