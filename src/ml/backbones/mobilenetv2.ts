// MobileNetV2 without its classifier, rebuilt from tf.layers with exactly the layer names, filter
// counts and padding of Keras's `MobileNetV2(include_top=False)` (keras/applications/mobilenet_v2.py),
// so that Keras's ImageNet weight files load into it by layer name.

import * as tf from '@tensorflow/tfjs';
import type { PreprocessMode } from '../../shared/backbone';

/** Keras MobileNetV2 expects inputs scaled to [-1, 1] (`preprocess_input`, mode "tf"). */
export const MOBILENETV2_PREPROCESS: PreprocessMode = 'tf';

/** The model's output layer: 7x7x1280 at 224. */
export const MOBILENETV2_FEATURE_LAYER = 'out_relu';

/** Five stride-2 stages: below 32 px the last stage would have nothing left to downsample. */
export const MOBILENETV2_MIN_INPUT = 32;

/** Keras's batch-norm settings for this model (not tfjs's defaults, which differ). */
const BN = { epsilon: 1e-3, momentum: 0.999 } as const;

/** The 17 inverted residual blocks: [filters, stride, expansion], block_id = index. */
const BLOCKS: readonly (readonly [number, number, number])[] = [
  [16, 1, 1],
  [24, 2, 6],
  [24, 1, 6],
  [32, 2, 6],
  [32, 1, 6],
  [32, 1, 6],
  [64, 2, 6],
  [64, 1, 6],
  [64, 1, 6],
  [64, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [160, 2, 6],
  [160, 1, 6],
  [160, 1, 6],
  [320, 1, 6],
];

/**
 * Keras's `_make_divisible`: rounds a channel count to the nearest multiple of `divisor`, never
 * going below `divisor` nor more than 10% below `v`.
 */
export function makeDivisible(v: number, divisor = 8, minValue = divisor): number {
  let rounded = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}

/**
 * Keras's `imagenet_utils.correct_pad` for a 3x3 stride-2 convolution: one pixel after, and one
 * before only when the side is odd, so the output has exactly half the (rounded-up) size.
 */
function correctPad(height: number, width: number): [[number, number], [number, number]] {
  // Keras: correct - adjust with correct = 1 and adjust = 1 - side % 2.
  return [
    [height % 2, 1],
    [width % 2, 1],
  ];
}

function spatial(x: tf.SymbolicTensor): [number, number] {
  const [, h, w] = x.shape;
  if (h == null || w == null) throw new Error('MobileNetV2 needs a fixed input size');
  return [h, w];
}

function apply(
  layer: tf.layers.Layer,
  x: tf.SymbolicTensor | tf.SymbolicTensor[],
): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}

// Kernels start at zero: every caller loads real or generated weights over them, and zeros cost
// nothing to make. Batch-norm keeps tfjs's (identity) initialisers.
const conv1x1 = (filters: number, name: string) =>
  tf.layers.conv2d({
    name,
    filters,
    kernelSize: 1,
    padding: 'same',
    useBias: false,
    kernelInitializer: 'zeros',
  });

const batchNorm = (name: string) => tf.layers.batchNormalization({ name, axis: -1, ...BN });
const relu6 = (name: string) => tf.layers.reLU({ name, maxValue: 6 });

function invertedResBlock(
  inputs: tf.SymbolicTensor,
  blockId: number,
  filters: number,
  stride: number,
  expansion: number,
  alpha: number,
): tf.SymbolicTensor {
  const inChannels = inputs.shape[3] as number;
  const pointwiseFilters = makeDivisible(Math.trunc(filters * alpha), 8);
  let x = inputs;
  let prefix = `block_${blockId}_`;
  if (blockId > 0) {
    x = apply(conv1x1(expansion * inChannels, `${prefix}expand`), x);
    x = apply(batchNorm(`${prefix}expand_BN`), x);
    x = apply(relu6(`${prefix}expand_relu`), x);
  } else {
    prefix = 'expanded_conv_';
  }
  if (stride === 2) {
    const [h, w] = spatial(x);
    x = apply(tf.layers.zeroPadding2d({ name: `${prefix}pad`, padding: correctPad(h, w) }), x);
  }
  const depthwise = tf.layers.depthwiseConv2d({
    name: `${prefix}depthwise`,
    kernelSize: 3,
    strides: stride,
    padding: stride === 1 ? 'same' : 'valid',
    useBias: false,
    depthwiseInitializer: 'zeros',
  });
  x = apply(depthwise, x);
  x = apply(batchNorm(`${prefix}depthwise_BN`), x);
  x = apply(relu6(`${prefix}depthwise_relu`), x);
  x = apply(conv1x1(pointwiseFilters, `${prefix}project`), x);
  x = apply(batchNorm(`${prefix}project_BN`), x);
  if (inChannels === pointwiseFilters && stride === 1) {
    return apply(tf.layers.add({ name: `${prefix}add` }), [inputs, x]);
  }
  return x;
}

/**
 * Builds Keras MobileNetV2 (include_top=False) for square `inputSize` inputs and width multiplier
 * `alpha`. The output is `out_relu`: 7x7x1280 at 224 and alpha <= 1.
 */
export function buildMobileNetV2(inputSize = 224, alpha = 1.0): tf.LayersModel {
  if (!Number.isInteger(inputSize) || inputSize < MOBILENETV2_MIN_INPUT) {
    throw new Error(
      `MobileNetV2 input size must be an integer >= ${MOBILENETV2_MIN_INPUT}, got ${inputSize}`,
    );
  }
  if (!(alpha > 0)) throw new Error(`MobileNetV2 alpha must be positive, got ${alpha}`);

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input_1' });
  let x = apply(
    tf.layers.conv2d({
      name: 'Conv1',
      filters: makeDivisible(32 * alpha, 8),
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: 'zeros',
    }),
    input,
  );
  x = apply(batchNorm('bn_Conv1'), x);
  x = apply(relu6('Conv1_relu'), x);

  BLOCKS.forEach(([filters, stride, expansion], blockId) => {
    x = invertedResBlock(x, blockId, filters, stride, expansion, alpha);
  });

  // Keras widens the last convolution only for alpha > 1.
  const lastFilters = alpha > 1 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = apply(conv1x1(lastFilters, 'Conv_1'), x);
  x = apply(batchNorm('Conv_1_bn'), x);
  x = apply(relu6('out_relu'), x);

  const name = `mobilenetv2_${alpha.toFixed(2)}_${inputSize}`;
  return tf.model({ inputs: input, outputs: x, name });
}
