import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossValidate } from '../../../../src/ml/head/kfold';
import { blobs, config } from '../../../helpers/headFixtures';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

describe('crossValidate', () => {
  it('tests every image once and separates separable blobs', async () => {
    const [set] = blobs([8], 3, [20], 5);
    // Interleaved labels: fold = index mod 5 is stratified (20 per class, 4 per class per fold).
    const folds = set!.labels.map((_, i) => Math.floor(i / 3) % 5);
    const before = tf.memory().numTensors;
    const result = await crossValidate({
      ...set!,
      folds,
      k: 5,
      featureShape: [8],
      numClasses: 3,
      config: config({ epochs: 15 }),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.foldSizes).toEqual([12, 12, 12, 12, 12]);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expect(result.perClass.map((r) => r.support)).toEqual([20, 20, 20]);
    expect(result.accuracy.mean).toBeGreaterThan(0.9);
    // The summary is the folds' own figures.
    const mean = result.foldAccuracies.reduce((a, b) => a + b, 0) / 5;
    expect(result.accuracy.mean).toBeCloseTo(mean, 10);
    expect(result.pooledAccuracy).toBeCloseTo(mean, 10); // equal folds: pooled = mean
  });

  it('scores labels that carry no signal near chance, with a spread', async () => {
    const [set] = blobs([8], 3, [20], 6);
    // Labels shuffled away from the blobs: nothing to learn.
    const labels = set!.labels.map((_, i) => (i * 7 + Math.floor(i / 5)) % 3);
    const folds = labels.map((_, i) => i % 5);
    const result = await crossValidate({
      vectors: set!.vectors,
      labels,
      folds,
      k: 5,
      featureShape: [8],
      numClasses: 3,
      config: config({ epochs: 10 }),
    });
    expect(result.accuracy.mean).toBeLessThan(0.6);
    expect(result.accuracy.sd).toBeGreaterThan(0);
  });

  it('refuses k below 3 and mismatched folds', async () => {
    const [set] = blobs([4], 2, [5], 1);
    const base = { ...set!, featureShape: [4], numClasses: 2, config: config() };
    await expect(crossValidate({ ...base, folds: set!.labels.map(() => 0), k: 2 })).rejects.toThrow(
      /k >= 3/,
    );
    await expect(crossValidate({ ...base, folds: [0], k: 3 })).rejects.toThrow(/fold indices/);
  });
});
