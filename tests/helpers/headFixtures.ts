// Tiny synthetic features for the head tests: Gaussian blobs, one per class, in any feature shape.
import { createRng } from '../../src/ml/random';
import type { FeatureSet } from '../../src/ml/head/train';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/shared/training';

/**
 * Sets drawn from the same Gaussian blobs (one random centre per class, spread 3, noise `noise`):
 * `perClass[k]` points per class in set k, classes interleaved.
 */
export function blobs(
  featureShape: readonly number[],
  numClasses: number,
  perClass: readonly number[],
  seed: number,
  noise = 0.7,
): FeatureSet[] {
  const size = featureShape.reduce((a, b) => a * b, 1);
  const rng = createRng(seed);
  // Box-Muller normal.
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const centres = Array.from({ length: numClasses }, () =>
    Float32Array.from({ length: size }, () => 3 * normal()),
  );
  return perClass.map((count) => {
    const vectors: Float32Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < numClasses; c++) {
        vectors.push(centres[c]!.map((v) => v + noise * normal()));
        labels.push(c);
      }
    }
    return { vectors, labels };
  });
}

/** Same data, every label moved to the next class: a validation set the model gets worse on. */
export function shiftedLabels(set: FeatureSet, numClasses: number): FeatureSet {
  return { vectors: set.vectors, labels: set.labels.map((l) => (l + 1) % numClasses) };
}

export function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { ...DEFAULT_TRAIN_CONFIG, learningRate: 1e-2, epochs: 8, batchSize: 16, ...overrides };
}
