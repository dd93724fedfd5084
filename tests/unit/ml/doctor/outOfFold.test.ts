import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { outOfFoldProbabilities } from '../../../../src/ml/doctor/outOfFold';
import { blobs } from '../../../helpers/headFixtures';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

const [set] = blobs([6], 3, [20], 11, 1.5);
const vectors = set!.vectors;
const folds = vectors.map((_, i) => Math.floor(i / 3) % 4); // classes interleaved: stratified

describe('outOfFoldProbabilities (k linear heads trained at once)', () => {
  it('gives every image a probability row, mostly right on separable blobs, leaking no tensor', async () => {
    const before = tf.memory().numTensors;
    const rows = await outOfFoldProbabilities({
      vectors,
      labels: set!.labels,
      folds,
      k: 4,
      numClasses: 3,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(rows).toHaveLength(vectors.length);
    for (const row of rows) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const right = rows.filter((row, i) => row.indexOf(Math.max(...row)) === set!.labels[i]);
    expect(right.length / rows.length).toBeGreaterThan(0.9);
  });

  it("never sees the labels of the fold it predicts: relabelling fold 0 leaves fold 0's rows alone", async () => {
    const labels = [...set!.labels];
    const settings = { steps: 30, learningRate: 0.05, l2: 0.1 };
    const a = await outOfFoldProbabilities({
      vectors,
      labels,
      folds,
      k: 4,
      numClasses: 3,
      settings,
    });
    const relabelled = labels.map((l, i) => (folds[i] === 0 ? (l + 1) % 3 : l));
    const b = await outOfFoldProbabilities({
      vectors,
      labels: relabelled,
      folds,
      k: 4,
      numClasses: 3,
      settings,
    });
    folds.forEach((f, i) => {
      if (f === 0) for (let c = 0; c < 3; c++) expect(b[i]![c]).toBeCloseTo(a[i]![c]!, 5);
    });
    // ...while the other folds' heads, which trained on those labels, do change.
    const moved = folds.some((f, i) => f !== 0 && Math.abs(b[i]![0]! - a[i]![0]!) > 1e-3);
    expect(moved).toBe(true);
  });

  it('stops when asked, between steps, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    let polls = 0;
    await expect(
      outOfFoldProbabilities({
        vectors,
        labels: set!.labels,
        folds,
        k: 4,
        numClasses: 3,
        shouldStop: () => ++polls > 2,
      }),
    ).rejects.toThrow(/cancelled/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses folds that leave a head nothing to train on, and bad labels', async () => {
    const base = { vectors, labels: set!.labels, k: 2, numClasses: 3 };
    await expect(outOfFoldProbabilities({ ...base, folds: vectors.map(() => 0) })).rejects.toThrow(
      /nothing to train on/,
    );
    await expect(
      outOfFoldProbabilities({ ...base, folds, k: 4, labels: set!.labels.map(() => 3) }),
    ).rejects.toThrow(/not in/);
  });
});
