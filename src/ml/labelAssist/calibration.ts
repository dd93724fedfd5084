// "How often is the model right at P%?" estimated from held-out predictions (validation and test
// splits, or out-of-fold), never from the suggestions themselves: the suggestions have no labels,
// and a head's confidence on its own training images says nothing about new photos.

/** Top-1 probability on a held-out image and whether that top-1 class was the image's label. */
export interface HeldOutPrediction {
  readonly confidence: number;
  readonly correct: boolean;
}

/**
 * Precision among held-out predictions with confidence >= threshold, with a Wilson 95% interval
 * (honest at small support, unlike the normal approximation, and never outside [0, 1]).
 * precision, low and high are null together exactly when support is 0: no evidence, no number.
 */
export interface PrecisionEstimate {
  readonly threshold: number;
  readonly support: number;
  readonly precision: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

const Z95 = 1.959963984540054;

function checkThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new RangeError(`A confidence threshold is a probability in [0, 1], got ${threshold}`);
  }
}

/** Wilson score interval for `successes` out of `n` (n > 0). */
export function wilsonInterval(successes: number, n: number): { low: number; high: number } {
  if (!(n > 0)) throw new RangeError(`Wilson interval needs n > 0, got ${n}`);
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 or n successes the bound is exactly 0 or 1; the formula gets there only up to float error.
  return {
    low: successes <= 0 ? 0 : Math.max(0, centre - half),
    high: successes >= n ? 1 : Math.min(1, centre + half),
  };
}

export function estimatePrecisionAt(
  heldOut: readonly HeldOutPrediction[],
  threshold: number,
): PrecisionEstimate {
  checkThreshold(threshold);
  let support = 0;
  let correct = 0;
  for (const prediction of heldOut) {
    if (!(prediction.confidence >= threshold)) continue; // NaN confidence counts nowhere
    support++;
    if (prediction.correct) correct++;
  }
  if (support === 0) return { threshold, support, precision: null, low: null, high: null };
  const { low, high } = wilsonInterval(correct, support);
  return { threshold, support, precision: correct / support, low, high };
}

/** How many suggestions have top probability >= threshold. */
export function countAtOrAbove(topProbabilities: readonly number[], threshold: number): number {
  checkThreshold(threshold);
  let count = 0;
  for (const p of topProbabilities) if (p >= threshold) count++;
  return count;
}
