import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  calibrateJoint,
  confidentClass,
  findLabelIssues,
  perClassThresholds,
} from '../../../../src/ml/doctor/confidentLearning';
import { outOfFoldProbabilities } from '../../../../src/ml/doctor/outOfFold';
import { createRng } from '../../../../src/ml/random';
import { blobs } from '../../../helpers/headFixtures';
import { useCpu } from '../../../helpers/tfBackend';

beforeAll(useCpu);

/** Moves `count` labels (seeded choice) to another class; returns the moved indices. */
function flip(labels: number[], classes: number, count: number, seed: number): Set<number> {
  const rng = createRng(seed);
  const flipped = new Set<number>();
  while (flipped.size < count) {
    const i = Math.floor(rng() * labels.length);
    if (flipped.has(i)) continue;
    flipped.add(i);
    labels[i] = (labels[i]! + 1 + Math.floor(rng() * (classes - 1))) % classes;
  }
  return flipped;
}

async function oof(vectors: readonly Float32Array[], labels: readonly number[], classes: number) {
  const folds = labels.map((_, i) => Math.floor(i / classes) % 5); // stratified: classes interleaved
  return outOfFoldProbabilities({
    vectors,
    labels,
    folds,
    k: 5,
    numClasses: classes,
  });
}

describe('Confident Learning, step by step', () => {
  const p = [
    [0.9, 0.1],
    [0.7, 0.3],
    [0.2, 0.8], // labelled 0, confidently 1
    [0.4, 0.6],
    [0.1, 0.9],
  ];
  const labels = [0, 0, 0, 1, 1];

  it('thresholds are the mean self-confidence per class', () => {
    const t = perClassThresholds(p, labels, 2);
    expect(t[0]).toBeCloseTo((0.9 + 0.7 + 0.2) / 3, 10);
    expect(t[1]).toBeCloseTo((0.6 + 0.9) / 2, 10);
  });

  it('an image counts where the argmax of its confident classes is', () => {
    const t = [0.6, 0.75];
    expect(confidentClass([0.9, 0.1], t)).toBe(0);
    expect(confidentClass([0.2, 0.8], t)).toBe(1);
    expect(confidentClass([0.5, 0.5], t)).toBe(-1); // neither reaches its threshold
    expect(confidentClass([0.62, 0.78], [0.6, 0.75])).toBe(1); // both: the larger p
  });

  it('calibration scales rows to the label counts and the sum to n', () => {
    const q = calibrateJoint(
      [
        [2, 1],
        [0, 1],
      ],
      [3, 2],
    );
    expect(q[0]![0]! + q[0]![1]!).toBeCloseTo(3, 10);
    expect(q[1]).toEqual([0, 2]);
  });

  it('prunes the confidently off-diagonal image and ranks by margin', () => {
    const result = findLabelIssues(p, labels);
    expect(result.confidentJoint).toEqual([
      [2, 1],
      [0, 1],
    ]);
    expect(result.issues.map((i) => i.index)).toEqual([2]);
    expect(result.issues[0]).toMatchObject({ givenClass: 0, suggestedClass: 1 });
    expect(result.issues[0]!.margin).toBeCloseTo(0.6, 6);
  });

  it('refuses mismatched inputs', () => {
    expect(() => findLabelIssues([[0.5, 0.5]], [0, 1])).toThrow(/labels/);
    expect(() => findLabelIssues([[0.5, 0.5]], [2])).toThrow(/not in/);
  });
});

describe('Confident Learning on out-of-fold probabilities', () => {
  it('finds known flipped labels with high precision and recall', async () => {
    const [set] = blobs([8], 4, [40], 3);
    const labels = [...set!.labels];
    const flipped = flip(labels, 4, 10, 7); // 6% of 160
    const before = tf.memory().numTensors;
    const probabilities = await oof(set!.vectors, labels, 4);
    expect(tf.memory().numTensors).toBe(before);
    const { issues } = findLabelIssues(probabilities, labels);
    const found = issues.filter((i) => flipped.has(i.index)).length;
    expect(found / flipped.size).toBeGreaterThanOrEqual(0.8); // recall
    expect(found / issues.length).toBeGreaterThanOrEqual(0.8); // precision
    // The suggestion is the blob the image came from.
    for (const issue of issues.filter((i) => flipped.has(i.index))) {
      expect(issue.suggestedClass).toBe(set!.labels[issue.index]);
    }
    // Ranked: the flipped images come first.
    const top = issues.slice(0, flipped.size).filter((i) => flipped.has(i.index)).length;
    expect(top).toBeGreaterThanOrEqual(0.8 * flipped.size);
  });

  it('finds nothing (or next to nothing) on clean separable data', async () => {
    const [set] = blobs([8], 4, [40], 5);
    const probabilities = await oof(set!.vectors, set!.labels, 4);
    expect(findLabelIssues(probabilities, set!.labels).issues.length).toBeLessThanOrEqual(1);
  });
});
