// The convolution gradients added to the WASM backend give what the CPU backend gives (its own
// kernels, plain JavaScript), for the convolutions fine-tuning meets and the shapes around them.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerWasmConvGradients,
  WASM_CONV_GRADIENTS,
} from '../../../../src/ml/backends/wasmConvGradients';
import { convolutionGradientProblem } from '../../../../src/ml/finetune/fineTune';
import { useCpu, useWasm } from '../../../helpers/tfBackend';
import { maxDiff, seeded as values } from '../../../helpers/backendCompare';

type Backend = 'cpu' | 'wasm';
const use = (b: Backend) => (b === 'cpu' ? useCpu() : useWasm());

interface Case {
  readonly name: string;
  readonly x: readonly [number, number, number, number];
  readonly filter: readonly [number, number, number, number];
  readonly strides: number;
  readonly pad: 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
  readonly depthwise: boolean;
}

const CASES: readonly Case[] = [
  {
    name: 'VGG16 block5 3x3 same',
    x: [2, 4, 4, 16],
    filter: [3, 3, 16, 8],
    strides: 1,
    pad: 'same',
    depthwise: false,
  },
  {
    name: '1x1 (MobileNetV2 expand, project)',
    x: [2, 3, 3, 12],
    filter: [1, 1, 12, 20],
    strides: 1,
    pad: 'valid',
    depthwise: false,
  },
  {
    name: '1x1, stride 2',
    x: [2, 5, 5, 3],
    filter: [1, 1, 3, 4],
    strides: 2,
    pad: 'same',
    depthwise: false,
  },
  {
    name: '3x3 same, stride 2, odd size',
    x: [2, 7, 5, 4],
    filter: [3, 3, 4, 6],
    strides: 2,
    pad: 'same',
    depthwise: false,
  },
  {
    name: '3x3 valid, stride 2',
    x: [1, 8, 9, 3],
    filter: [3, 3, 3, 5],
    strides: 2,
    pad: 'valid',
    depthwise: false,
  },
  {
    name: '2x2 explicit padding',
    x: [2, 5, 5, 3],
    filter: [2, 2, 3, 4],
    strides: 1,
    pad: [
      [0, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ],
    depthwise: false,
  },
  {
    name: 'depthwise 3x3 same (MobileNetV2 block 16)',
    x: [2, 4, 4, 12],
    filter: [3, 3, 12, 1],
    strides: 1,
    pad: 'same',
    depthwise: true,
  },
  {
    name: 'depthwise 3x3 same, stride 2',
    x: [2, 7, 6, 5],
    filter: [3, 3, 5, 1],
    strides: 2,
    pad: 'same',
    depthwise: true,
  },
  {
    name: 'depthwise 3x3 valid, multiplier 2',
    x: [2, 6, 5, 3],
    filter: [3, 3, 3, 2],
    strides: 1,
    pad: 'valid',
    depthwise: true,
  },
  {
    name: 'depthwise 5x5 same, stride 2, multiplier 3',
    x: [1, 9, 8, 2],
    filter: [5, 5, 2, 3],
    strides: 2,
    pad: 'same',
    depthwise: true,
  },
];

/** Output and gradients (input, filter) of sum(conv(x, w) * r), on `backend`. */
async function convGradients(c: Case, backend: Backend): Promise<Float32Array[]> {
  await use(backend);
  const x = tf.tensor4d(values(c.x, 1), [...c.x]);
  const w = tf.tensor4d(values(c.filter, 2), [...c.filter]);
  const conv = (xi: tf.Tensor4D, wi: tf.Tensor4D) =>
    c.depthwise
      ? tf.depthwiseConv2d(xi, wi, c.strides, c.pad)
      : tf.conv2d(xi, wi, c.strides, c.pad);
  const y = conv(x, w);
  const r = tf.tensor(values(y.shape, 3), y.shape);
  const before = tf.memory().numTensors;
  const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
    tf.sum(tf.mul(conv(xi as tf.Tensor4D, wi as tf.Tensor4D), r)),
  )([x, w]);
  const out = [y, ...grads].map((t) => t.dataSync() as Float32Array);
  tf.dispose(grads);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, w, y, r]);
  return out;
}

describe('convolution gradients on WASM', () => {
  beforeAll(useWasm);
  afterAll(useCpu);

  it('are registered for each kernel tfjs-backend-wasm lacks, so WASM can fine-tune', async () => {
    await useWasm();
    for (const k of WASM_CONV_GRADIENTS) expect(tf.getKernel(k.kernelName, 'wasm')).toBe(k);
    expect(convolutionGradientProblem()).toBeNull();
    // Without one of them, fine-tuning is refused with the kernel named.
    tf.unregisterKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm');
    try {
      expect(convolutionGradientProblem()).toMatch(
        /WASM backend .* does not have \(DepthwiseConv2dNativeBackpropFilter\)/,
      );
    } finally {
      registerWasmConvGradients();
    }
    expect(convolutionGradientProblem()).toBeNull();
  });

  it.each(CASES)('$name: output and gradients within 1e-4 of the CPU backend', async (c) => {
    const expected = await convGradients(c, 'cpu');
    const actual = await convGradients(c, 'wasm');
    const diffs = actual.map((a, i) => maxDiff(a, expected[i]!));
    expect(
      Math.max(...diffs),
      `output, input and filter gradients: ${diffs.join(', ')}`,
    ).toBeLessThan(1e-4);
  });

  it('free every intermediate they make on the WASM backend', async () => {
    await useWasm();
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.tensor4d(values([2, 5, 5, 6], 4), [2, 5, 5, 6]);
    const w = tf.tensor4d(values([3, 3, 6, 4], 5), [3, 3, 6, 4]);
    const d = tf.tensor4d(values([3, 3, 6, 2], 6), [3, 3, 6, 2]);
    const tensors = tf.memory().numTensors;
    const data = backend.numDataIds();
    tf.tidy(() => {
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
      )([x, w]);
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
      )([x, d]);
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
    tf.dispose([x, w, d]);
  });
});
