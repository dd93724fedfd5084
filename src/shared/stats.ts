// Small-sample statistics shown beside results: the Wilson interval of a proportion (test accuracy on
// a few dozen images) and mean / standard deviation over folds or seeds. Plain numbers, no tfjs.

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval for `successes` out of `n` (Wilson 1927). Unlike the normal approximation
 * it stays inside [0, 1] and is honest at 0 or n successes: 28 of 28 correct is [87.9%, 100%], not
 * [100%, 100%]. NaN bounds for n = 0 (nothing was measured).
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Bad sample size ${n}`);
  if (!(successes >= 0 && successes <= n)) {
    throw new RangeError(`${successes} successes out of ${n}`);
  }
  if (n === 0) return { low: NaN, high: NaN };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // p = 0 or 1 give exactly 0 or 1 in exact arithmetic: do not show float dust as 99.99...%.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

export interface MeanSd {
  readonly mean: number;
  /** Sample standard deviation (n - 1); 0 for a single value, NaN for none. */
  readonly sd: number;
  readonly n: number;
}

export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: 0, n };
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (n - 1)), n };
}
