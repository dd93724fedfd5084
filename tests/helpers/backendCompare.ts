// Comparing one computation across TensorFlow.js backends: inputs every backend builds the same,
// and the distance between two backends' results.
import { expect } from 'vitest';

/** Seeded values in [low, high), the same on every backend and every run. */
export function seeded(shape: readonly number[], seed: number, low = -1, high = 1): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let s = seed * 7919 + 1;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = low + (s / 2147483648) * (high - low);
  }
  return out;
}

/**
 * The largest absolute difference, divided by the reference's largest magnitude where that is
 * above 1: float32 sums of many terms agree to a number of digits, not of decimal places.
 */
export function maxDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst / scale;
}
