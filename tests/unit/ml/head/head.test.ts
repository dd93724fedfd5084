import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHead, HIDDEN_UNITS } from '../../../../src/ml/head/head';
import type { HeadKind } from '../../../../src/shared/training';
import { blobs } from '../../../helpers/headFixtures';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

function batchOf(featureShape: readonly number[], n: number, seed: number): tf.Tensor {
  const [set] = blobs(featureShape, 1, [n], seed);
  const size = featureShape.reduce((a, b) => a * b, 1);
  const flat = new Float32Array(n * size);
  set!.vectors.forEach((v, i) => flat.set(v, i * size));
  return tf.tensor(flat, [n, ...featureShape]);
}

async function values(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

describe('createHead', () => {
  it.each([
    ['pooled', [2, 2, 8], 8],
    ['flatten', [2, 2, 8], 32],
    ['pooled', [16], 16],
    ['flatten', [16], 16],
    ['pooled', [4, 8], 8],
  ] as const)('%s head on %j features has a dense layer of fan-in %i', (kind, shape, fanIn) => {
    const head = createHead(kind, shape, 3, 1);
    expect(head.variables.map((v) => v.shape)).toEqual([
      [fanIn, HIDDEN_UNITS],
      [HIDDEN_UNITS],
      [HIDDEN_UNITS, 3],
      [3],
    ]);
    expect(head.inputSize).toBe(fanIn);
    head.dispose();
  });

  it('initialises from the seed: Glorot-uniform kernels, zero biases', async () => {
    const a = createHead('pooled', [16], 3, 7);
    const b = createHead('pooled', [16], 3, 7);
    const c = createHead('pooled', [16], 3, 8);
    const [ka, kb, kc, bias] = await Promise.all([
      a.variables[0]!.data(),
      b.variables[0]!.data(),
      c.variables[0]!.data(),
      a.variables[1]!.data(),
    ]);
    expect(ka).toEqual(kb);
    expect(ka).not.toEqual(kc);
    const limit = Math.sqrt(6 / (16 + HIDDEN_UNITS));
    expect(Math.max(...Array.from(ka, Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...Array.from(ka, Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(Array.from(bias).every((v) => v === 0)).toBe(true);
    [a, b, c].forEach((h) => h.dispose());
  });

  it('rejects features of the wrong shape and bad class counts', () => {
    const head = createHead('pooled', [2, 2, 8], 3, 1);
    const wrong = tf.zeros([4, 2, 2, 7]);
    expect(() => head.logits(wrong, false)).toThrow(/shape/);
    wrong.dispose();
    head.dispose();
    expect(() => createHead('pooled', [16], 1, 1)).toThrow(RangeError);
  });
});

describe('Head forward pass', () => {
  it('gives the same logits for raw and pre-pooled features', async () => {
    const head = createHead('pooled', [2, 2, 8], 3, 3);
    const x = batchOf([2, 2, 8], 5, 1);
    const prepared = head.prepare(x);
    expect(prepared.shape).toEqual([5, 8]);
    const direct = await values(head.logits(x, false));
    const viaPrepared = await values(head.logits(prepared, false));
    expect(maxAbsDiff(direct, viaPrepared)).toBeLessThan(1e-6);
    tf.dispose([x, prepared]);
    head.dispose();
  });

  it('draws a fresh but reproducible dropout mask from each step seed', async () => {
    const head = createHead('flatten', [16], 4, 3);
    const x = batchOf([16], 6, 2);
    const eval1 = await values(head.logits(x, false));
    const eval2 = await values(head.logits(x, false));
    const seedA1 = await values(head.logits(x, { dropoutSeed: 101 }));
    const seedA2 = await values(head.logits(x, { dropoutSeed: 101 }));
    const seedB = await values(head.logits(x, { dropoutSeed: 102 }));
    expect(eval1).toEqual(eval2);
    expect(seedA1).toEqual(seedA2);
    expect(maxAbsDiff(seedA1, seedB)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(seedA1, eval1)).toBeGreaterThan(1e-3);
    x.dispose();
    head.dispose();
  });

  it('predicts probabilities that sum to 1', async () => {
    const head = createHead('pooled', [2, 2, 8], 3, 3);
    const x = batchOf([2, 2, 8], 4, 1);
    const p = await values(head.predictProbabilities(x));
    for (let i = 0; i < 4; i++) expect(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!).toBeCloseTo(1, 5);
    x.dispose();
    head.dispose();
  });
});

describe('snapshot and restore', () => {
  it('brings back the weights of the snapshot, and the snapshot can be disposed after', async () => {
    const head = createHead('pooled', [16], 3, 5);
    const x = batchOf([16], 4, 1);
    const before = await values(head.predictProbabilities(x));
    const saved = head.snapshot();
    // Overwrite every weight, as an optimizer step would.
    head.variables.forEach((v) => v.assign(tf.tidy(() => tf.add(v, 0.5))));
    const changed = await values(head.predictProbabilities(x));
    expect(maxAbsDiff(before, changed)).toBeGreaterThan(1e-3);
    head.restore(saved);
    saved.dispose();
    expect(saved.tensors.every((t) => t.isDisposed)).toBe(true);
    const after = await values(head.predictProbabilities(x));
    expect(after).toEqual(before);
    x.dispose();
    head.dispose();
  });
});

describe('toLayersModel', () => {
  const cases: [HeadKind, number[]][] = [
    ['pooled', [2, 2, 8]],
    ['flatten', [2, 2, 8]],
    ['pooled', [16]],
    ['flatten', [16]],
    ['pooled', [3, 8]],
  ];
  it.each(cases)('%s head on %j predicts what the head predicts', async (kind, shape) => {
    const start = tf.memory().numTensors;
    const head = createHead(kind, shape, 3, 9);
    const model = head.toLayersModel();
    const x = batchOf(shape, 6, 4);
    const expected = await values(head.predictProbabilities(x));
    const actual = await values(model.predict(x) as tf.Tensor);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-5);
    const names = model.layers.map((l) => l.name);
    const first = shape.length === 1 ? [] : [kind === 'pooled' ? 'head_pool' : 'head_flatten'];
    expect(names).toEqual([...first, 'head_dense', 'head_dropout', 'head_output']);
    // The model keeps its weights after the head is gone.
    head.dispose();
    const again = await values(model.predict(x) as tf.Tensor);
    expect(again).toEqual(actual);
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('tensor ownership', () => {
  it('leaves no tensors behind after forward passes, snapshots and dispose', async () => {
    const start = tf.memory().numTensors;
    const head = createHead('pooled', [2, 2, 8], 3, 1);
    const x = batchOf([2, 2, 8], 3, 1);
    await values(head.logits(x, { dropoutSeed: 1 }));
    await values(head.predictProbabilities(x));
    await values(head.prepare(x));
    const saved = head.snapshot();
    head.restore(saved);
    saved.dispose();
    x.dispose();
    head.dispose();
    expect(tf.memory().numTensors).toBe(start);
    const late = tf.zeros([1, 2, 2, 8]);
    expect(() => head.logits(late, false)).toThrow(/disposed/);
    late.dispose();
  });
});
