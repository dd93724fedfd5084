// The three classic uncertainty-sampling scores for one probability vector, all mapped to [0, 1]
// with higher = more unsure, so the order code and the benchmark can swap them freely. Plain JS:
// the triage grid ranks thousands of suggestions on the main thread, no tensors needed.

/** The largest and second-largest finite probabilities (0 where missing). */
function topTwo(probabilities: ArrayLike<number>): { first: number; second: number } {
  let first = 0;
  let second = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (!Number.isFinite(p)) continue; // a broken row must not look confident
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) second = p;
  }
  return { first, second };
}

/** 1 - top probability: unsure when the best guess is weak, whatever the runner-up does. */
export function leastConfidence(probabilities: ArrayLike<number>): number {
  return clamp01(1 - topTwo(probabilities).first);
}

/** 1 - (top - runner-up): unsure when two classes are nearly tied. */
export function marginUncertainty(probabilities: ArrayLike<number>): number {
  const { first, second } = topTwo(probabilities);
  return clamp01(1 - (first - second));
}

/** Shannon entropy over ln(classes): unsure when the mass is spread over many classes. */
export function normalizedEntropy(probabilities: ArrayLike<number>): number {
  const n = probabilities.length;
  if (n < 2) return n === 0 ? 1 : 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    if (Number.isFinite(p) && p > 0) total += p;
  }
  if (total <= 0) return 1;
  let h = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    if (!Number.isFinite(p) || p <= 0) continue;
    const q = p / total; // renormalised: softmax rows sum to 1 only up to float error
    h -= q * Math.log(q);
  }
  return clamp01(h / Math.log(n));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

export const UNCERTAINTY_MEASURES = {
  margin: marginUncertainty,
  entropy: normalizedEntropy,
  leastConfidence,
} as const;

export type UncertaintyMeasure = keyof typeof UNCERTAINTY_MEASURES;
