import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argMax,
  classReports,
  confusionMatrix,
  topK,
} from '../../../../src/ml/head/metrics';

describe('confusionMatrix', () => {
  it('counts rows by true class and columns by predicted class', () => {
    const confusion = confusionMatrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 1, 0, 1], 3);
    expect(confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 2, 0],
    ]);
  });

  it('rejects labels out of range and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(RangeError);
  });
});

describe('classReports', () => {
  it('gives precision, recall and F1 per class, 0 for a class never predicted', () => {
    const reports = classReports([
      [1, 1, 0],
      [0, 2, 0],
      [1, 2, 0],
    ]);
    // Class 0: 1 of 2 predicted-0 correct, 1 of 2 true-0 found.
    expect(reports[0]!.precision).toBeCloseTo(0.5, 10);
    expect(reports[0]!.recall).toBeCloseTo(0.5, 10);
    expect(reports[0]!.f1).toBeCloseTo(0.5, 10);
    expect(reports[0]!.support).toBe(2);
    // Class 1: 2 of 5 predicted-1 correct, both true-1 found.
    expect(reports[1]!.precision).toBeCloseTo(0.4, 10);
    expect(reports[1]!.recall).toBeCloseTo(1, 10);
    expect(reports[1]!.f1).toBeCloseTo((2 * 0.4) / 1.4, 10);
    expect(reports[1]!.support).toBe(2);
    // Class 2 is never predicted: precision's denominator is 0, so everything is 0.
    expect(reports[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 3 });
  });

  it('gives zeros and support 0 for a class with no test images', () => {
    const reports = classReports([
      [2, 0],
      [0, 0],
    ]);
    expect(reports[0]).toEqual({ precision: 1, recall: 1, f1: 1, support: 2 });
    expect(reports[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});

describe('accuracy', () => {
  it('is the diagonal over the total', () => {
    expect(
      accuracy([
        [1, 1, 0],
        [0, 2, 0],
        [1, 2, 0],
      ]),
    ).toBeCloseTo(3 / 7, 10);
  });

  it('is NaN with no images', () => {
    expect(
      accuracy([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNaN();
  });
});

describe('argMax and topK', () => {
  it('finds the first largest value', () => {
    expect(argMax([0.1, 0.7, 0.7, 0.2])).toBe(1);
    expect(argMax([])).toBe(-1);
  });

  it('returns the k most probable classes in order, lower index first on ties', () => {
    const probs = Float32Array.from([0.1, 0.4, 0.1, 0.4]);
    expect(topK(probs, 3).map((p) => p.classIndex)).toEqual([1, 3, 0]);
    expect(topK(probs, 1)[0]!.probability).toBeCloseTo(0.4, 6);
    expect(topK([0.2, 0.8], 5)).toEqual([
      { classIndex: 1, probability: 0.8 },
      { classIndex: 0, probability: 0.2 },
    ]);
    expect(topK([0.2, 0.8], 0)).toEqual([]);
  });
});
