// Classification metrics in plain JS (no tfjs): confusion matrix, per-class precision/recall/F1,
// accuracy, argmax and top-k. Inputs are class indices 0..numClasses-1.
import type { ClassReport, Prediction } from '../../shared/training';

function checkLabel(label: number, numClasses: number, what: string): void {
  if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
    throw new RangeError(`${what} label ${label} is not a class index in [0, ${numClasses})`);
  }
}

/** confusion[true][predicted] = number of images of class `true` predicted as `predicted`. */
export function confusionMatrix(
  trueLabels: readonly number[],
  predicted: readonly number[],
  numClasses: number,
): number[][] {
  if (trueLabels.length !== predicted.length) {
    throw new RangeError(`${trueLabels.length} true labels but ${predicted.length} predictions`);
  }
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const t = trueLabels[i]!;
    const p = predicted[i]!;
    checkLabel(t, numClasses, 'true');
    checkLabel(p, numClasses, 'predicted');
    confusion[t]![p]! += 1;
  }
  return confusion;
}

/**
 * Precision, recall and F1 per class (one-vs-rest). Where a denominator is 0 the value is 0, as
 * scikit-learn does with `zero_division=0`: a class never predicted has precision 0, a class with no
 * test images has recall 0 (and support 0, which tells the two cases apart), and F1 is 0 when
 * precision + recall is 0.
 */
export function classReports(confusion: readonly (readonly number[])[]): ClassReport[] {
  const n = confusion.length;
  return confusion.map((row, c) => {
    const truePositives = row[c] ?? 0;
    const support = row.reduce((sum, v) => sum + v, 0);
    let predictedAsC = 0;
    for (let r = 0; r < n; r++) predictedAsC += confusion[r]![c] ?? 0;
    const precision = predictedAsC === 0 ? 0 : truePositives / predictedAsC;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}

/** Fraction of images on the diagonal; NaN for an empty matrix (no images: nothing to score). */
export function accuracy(confusion: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, r) => {
    row.forEach((v, c) => {
      total += v;
      if (r === c) correct += v;
    });
  });
  return total === 0 ? NaN : correct / total;
}

/** Index of the largest value; the first one on ties; -1 for an empty array. */
export function argMax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (best === -1 || v > bestValue) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/** The k most probable classes, most probable first (lower index first on ties); k is clamped. */
export function topK(probabilities: Float32Array | readonly number[], k: number): Prediction[] {
  const all: Prediction[] = Array.from(probabilities, (probability, classIndex) => ({
    classIndex,
    probability,
  }));
  all.sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex);
  return all.slice(0, Math.max(0, Math.floor(k)));
}
