// Generated VGG16 weights stand in for ImageNet ones: they must be reproducible (same seed, same
// features, same cache key) and keep a signal alive through all 13 ReLU convolutions.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWeights, mulberry32 } from '../../../../src/ml/backbones/generatedWeights';
import { buildVgg16 } from '../../../../src/ml/backbones/vgg16';
import { useWasm } from '../../../helpers/tfBackend';

async function firstValues(model: tf.LayersModel, index: number, n = 8): Promise<number[]> {
  return Array.from(await model.weights[index]!.read().data()).slice(0, n);
}

describe('generateWeights', () => {
  let a: tf.LayersModel;
  let b: tf.LayersModel;
  beforeAll(async () => {
    await useWasm();
    a = buildVgg16(32);
    b = buildVgg16(32);
  });
  afterAll(() => {
    a.dispose();
    b.dispose();
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const t0 = performance.now();
    generateWeights(a, 7);
    const ms = performance.now() - t0;
    console.log(`generateWeights: 14.7M VGG16 parameters in ${ms.toFixed(0)} ms`);
    generateWeights(b, 7);
    for (const i of [0, 1, 12, 25])
      expect(await firstValues(b, i)).toEqual(await firstValues(a, i));
    generateWeights(b, 8);
    expect(await firstValues(b, 0)).not.toEqual(await firstValues(a, 0));
    expect(await firstValues(b, 24)).not.toEqual(await firstValues(a, 24));
  });

  it('scales kernels He-style by fan-in and keeps biases small', async () => {
    generateWeights(a, 7);
    const firstKernel = await a.weights[0]!.read().data(); // fan-in 3*3*3 = 27
    const lastKernel = await a.weights[24]!.read().data(); // fan-in 3*3*512 = 4608
    const bias = await a.weights[25]!.read().data();
    const maxAbs = (v: ArrayLike<number>) =>
      Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(maxAbs(firstKernel)).toBeLessThanOrEqual(Math.sqrt(6 / 27));
    expect(maxAbs(firstKernel)).toBeGreaterThan(0.9 * Math.sqrt(6 / 27));
    expect(maxAbs(lastKernel.subarray(0, 100_000))).toBeLessThanOrEqual(Math.sqrt(6 / 4608));
    expect(maxAbs(bias)).toBeLessThanOrEqual(0.01);
  });

  it('keeps block5_pool activations finite, non-zero and of sane size at 32 px', async () => {
    generateWeights(a, 7);
    // Caffe-preprocessed-like input: values around +-100, varying over the image.
    const rand = mulberry32(1);
    const input = tf.tensor4d(
      Float32Array.from({ length: 2 * 32 * 32 * 3 }, () => rand() * 255 - 120),
      [2, 32, 32, 3],
    );
    const out = a.predict(input) as tf.Tensor;
    const v = await out.data();
    tf.dispose([input, out]);
    expect(Array.from(v).every(Number.isFinite)).toBe(true);
    const nonZero = Array.from(v).filter((x) => x > 0).length;
    expect(nonZero).toBeGreaterThan(v.length / 20);
    const meanAbs = Array.from(v).reduce((s, x) => s + Math.abs(x), 0) / v.length;
    console.log(`block5_pool: ${nonZero}/${v.length} active, mean |x| ${meanAbs.toFixed(3)}`);
    expect(meanAbs).toBeGreaterThan(1e-2);
    expect(meanAbs).toBeLessThan(1e4);
  });

  it('leaves the tensor count unchanged', () => {
    const before = tf.memory().numTensors;
    generateWeights(a, 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('draws uniforms in [0, 1) from mulberry32, reproducibly', () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => r1());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => r2()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
