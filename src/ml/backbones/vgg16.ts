// VGG16 without its classifier, rebuilt from tf.layers so that its layer names and weight shapes are
// exactly Keras's `VGG16(include_top=False)`: Keras weight files then load into it by name.

import * as tf from '@tensorflow/tfjs';
import { seededInitializers } from './generatedWeights';

/** Filters per block; blocks 1-2 have two convolutions, blocks 3-5 three (Keras `vgg16.py`). */
const BLOCKS: readonly (readonly number[])[] = [
  [64, 64],
  [128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [512, 512, 512],
];

/** Five 2x2 poolings: below 32 px the last block would have nothing left to pool. */
export const VGG16_MIN_INPUT = 32;

/** Multiply-adds counted as two FLOPs, at 224x224: the usual 15.47 GFLOP figure. */
const GFLOPS_AT_224 = 15.47;

/** The layer whose output the extraction pipeline uses (7x7x512 at 224). */
export const VGG16_FEATURE_LAYER = 'block5_pool';

/**
 * Builds Keras VGG16 (include_top=False) for square `inputSize` inputs. Without `generatedSeed` the
 * weights are zeros, for callers that load real weights afterwards; with it, the generated weights
 * of that seed (generatedWeights.ts), drawn as the layers are built.
 */
export function buildVgg16(inputSize: number, generatedSeed?: number): tf.LayersModel {
  if (!Number.isInteger(inputSize) || inputSize < VGG16_MIN_INPUT) {
    throw new Error(`VGG16 input size must be an integer >= ${VGG16_MIN_INPUT}, got ${inputSize}`);
  }
  // Zero-initialised kernels: the caller always replaces them, and zeros cost nothing to make
  // (tfjs's default Glorot initialiser would draw 14.7M random numbers only to throw them away).
  const generated = generatedSeed === undefined ? null : seededInitializers(generatedSeed);
  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input_1' });
  let x: tf.SymbolicTensor = input;
  BLOCKS.forEach((filtersPerConv, b) => {
    const block = `block${b + 1}`;
    filtersPerConv.forEach((filters, c) => {
      const conv = tf.layers.conv2d({
        name: `${block}_conv${c + 1}`,
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: generated?.('kernel') ?? 'zeros',
        biasInitializer: generated?.('bias') ?? 'zeros',
      });
      x = conv.apply(x) as tf.SymbolicTensor;
    });
    const pool = tf.layers.maxPooling2d({ name: `${block}_pool`, poolSize: 2, strides: 2 });
    x = pool.apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: input, outputs: x, name: 'vgg16' });
}

/** Forward-pass cost of VGG16 without top for one image, in GFLOP; scales with the input's area. */
export function vgg16Gflops(inputSize: number): number {
  return GFLOPS_AT_224 * (inputSize / 224) ** 2;
}
