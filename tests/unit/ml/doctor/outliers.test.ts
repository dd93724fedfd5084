import { describe, expect, it } from 'vitest';
import { pooledUnitVectors } from '../../../../src/ml/doctor/nearDuplicates';
import { findOutliers, outlierScores } from '../../../../src/ml/doctor/outliers';
import { blobs } from '../../../helpers/headFixtures';

describe('outliers', () => {
  // Positive blobs (like ReLU features), 3 classes of 30.
  const [set] = blobs([32], 3, [30], 4, 0.7);
  const vectors = set!.vectors.map((v) => v.map((x) => Math.abs(x)));
  const labels = [...set!.labels];

  it('finds planted outliers: a constant vector and a black frame', () => {
    const withPlanted = [...vectors, new Float32Array(32).fill(1), new Float32Array(32)];
    const planted = [vectors.length, vectors.length + 1];
    const unit = pooledUnitVectors(withPlanted, [32]);
    const found = findOutliers(unit, [...labels, 0, 2], 3);
    expect(found.map((o) => o.index).sort((a, b) => a - b)).toEqual(planted);
    expect(found[0]!.index).toBe(vectors.length + 1); // zero: similar to nothing, score 1
  });

  it('flags nothing in clean data', () => {
    const unit = pooledUnitVectors(vectors, [32]);
    expect(findOutliers(unit, labels, 3)).toEqual([]);
    const scores = outlierScores(unit, labels, 3);
    // Every image is nearest to its own class's centroid (which leaves it out).
    expect(scores.every((s) => s.nearestClass === labels[s.index])).toBe(true);
  });

  it('refuses mismatched inputs', () => {
    expect(() => outlierScores([new Float32Array(2)], [0, 1], 2)).toThrow(/labels/);
    expect(() => outlierScores([new Float32Array(2)], [5], 2)).toThrow(/not in/);
  });
});
