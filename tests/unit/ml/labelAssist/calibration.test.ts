import { describe, expect, it } from 'vitest';
import {
  countAtOrAbove,
  estimatePrecisionAt,
  wilsonInterval,
  type HeldOutPrediction,
} from '../../../../src/ml/labelAssist/calibration';
import { createRng } from '../../../../src/ml/random';

/** `n` held-out predictions at `confidence`, the first `right` of them correct. */
function bucket(confidence: number, n: number, right: number): HeldOutPrediction[] {
  return Array.from({ length: n }, (_, i) => ({ confidence, correct: i < right }));
}

describe('estimatePrecisionAt', () => {
  // Three confidence levels whose right rate is known exactly.
  const heldOut = [...bucket(0.55, 100, 55), ...bucket(0.75, 100, 75), ...bucket(0.95, 100, 95)];

  it('counts only held-out predictions at or above the threshold', () => {
    expect(estimatePrecisionAt(heldOut, 0.9)).toMatchObject({ support: 100, precision: 0.95 });
    expect(estimatePrecisionAt(heldOut, 0.75)).toMatchObject({ support: 200, precision: 0.85 });
    expect(estimatePrecisionAt(heldOut, 0.5)).toMatchObject({ support: 300, precision: 0.75 });
    expect(estimatePrecisionAt(heldOut, 0)).toMatchObject({ threshold: 0, support: 300 });
  });

  it('gives the Wilson 95% interval, which holds the estimate', () => {
    const e = estimatePrecisionAt(heldOut, 0.9);
    // Wilson score interval for 95 of 100 (z = 1.96): 0.8882 to 0.9785.
    expect(e.low).toBeCloseTo(0.8882, 3);
    expect(e.high).toBeCloseTo(0.9785, 3);
    for (const t of [0, 0.5, 0.6, 0.8, 0.95]) {
      const { precision, low, high } = estimatePrecisionAt(heldOut, t);
      expect(low!).toBeLessThanOrEqual(precision!);
      expect(high!).toBeGreaterThanOrEqual(precision!);
    }
  });

  it('says nothing, rather than 0% or 100%, when no held-out prediction reaches the threshold', () => {
    expect(estimatePrecisionAt(heldOut, 0.99)).toEqual({
      threshold: 0.99,
      support: 0,
      precision: null,
      low: null,
      high: null,
    });
    expect(estimatePrecisionAt([], 0.5).precision).toBeNull();
  });

  it('keeps the interval honest at small support and inside [0, 1]', () => {
    const allRight = estimatePrecisionAt(bucket(0.97, 3, 3), 0.9);
    expect(allRight.precision).toBe(1);
    expect(allRight.high).toBe(1);
    expect(allRight.low!).toBeLessThan(0.5); // 3 of 3 proves little
    const allWrong = estimatePrecisionAt(bucket(0.97, 3, 0), 0.9);
    expect(allWrong.low).toBe(0);
    expect(allWrong.high!).toBeGreaterThan(0.4);
  });

  it('recovers the right rate of a calibrated model from its held-out predictions', () => {
    // Confidence uniform in [0.2, 1), right with probability equal to the confidence: the
    // precision at or above t is the mean confidence there, (1 + t) / 2.
    const rng = createRng(29);
    const predictions: HeldOutPrediction[] = Array.from({ length: 20_000 }, () => {
      const confidence = 0.2 + 0.8 * rng();
      return { confidence, correct: rng() < confidence };
    });
    for (const t of [0.5, 0.7, 0.8, 0.9, 0.95]) {
      const e = estimatePrecisionAt(predictions, t);
      const truth = (1 + t) / 2;
      expect(e.low!).toBeLessThanOrEqual(truth);
      expect(e.high!).toBeGreaterThanOrEqual(truth);
      expect(Math.abs(e.precision! - truth)).toBeLessThan(0.02);
    }
  });

  it('and shows an overconfident one for what it is', () => {
    // Claims 90-100% but is right half the time: the estimate says ~50%, not ~95%.
    const rng = createRng(7);
    const predictions = Array.from({ length: 2_000 }, () => ({
      confidence: 0.9 + 0.1 * rng(),
      correct: rng() < 0.5,
    }));
    const e = estimatePrecisionAt(predictions, 0.9);
    expect(e.high!).toBeLessThan(0.6);
    expect(e.low!).toBeGreaterThan(0.4);
  });

  it('ignores predictions with no usable confidence', () => {
    const e = estimatePrecisionAt([{ confidence: NaN, correct: true }, ...bucket(0.8, 4, 2)], 0);
    expect(e).toMatchObject({ support: 4, precision: 0.5 });
  });

  it('refuses a threshold that is not a probability', () => {
    expect(() => estimatePrecisionAt(heldOut, 80)).toThrow(/in \[0, 1\], got 80/);
    expect(() => estimatePrecisionAt(heldOut, -0.1)).toThrow(RangeError);
    expect(() => estimatePrecisionAt(heldOut, NaN)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  it('narrows as support grows around the same rate', () => {
    const small = wilsonInterval(8, 10);
    const large = wilsonInterval(800, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeLessThan(0.8);
    expect(large.high).toBeGreaterThan(0.8);
  });

  it('needs at least one observation', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
});

describe('countAtOrAbove', () => {
  it('counts suggestions at or above the threshold, the threshold itself included', () => {
    const tops = [0.3, 0.8, 0.8, 0.95, 0.99, 0.5];
    expect(countAtOrAbove(tops, 0.8)).toBe(4);
    expect(countAtOrAbove(tops, 0.81)).toBe(2);
    expect(countAtOrAbove(tops, 0)).toBe(6);
    expect(countAtOrAbove(tops, 1)).toBe(0);
    expect(countAtOrAbove([], 0.5)).toBe(0);
    expect(() => countAtOrAbove(tops, 1.5)).toThrow(RangeError);
  });
});
