// Out-of-fold probabilities for Confident Learning: every image is predicted by a head that never
// saw it, trained through the same k-fold machinery as the cross-validated estimate (kfold.ts:
// fold f tested, fold f + 1 for early stopping, the rest trained).
import type { TrainConfig } from '../../shared/training';
import type { FeatureSet } from '../head/train';
import { crossValidate } from '../head/kfold';

export interface OutOfFoldArgs extends FeatureSet {
  /** Fold index in [0, k) of each vector (src/data/folds.ts assigns them, stratified). */
  readonly folds: readonly number[];
  readonly k: number;
  readonly featureShape: readonly number[];
  readonly numClasses: number;
  readonly config: TrainConfig;
  readonly shouldStop?: () => boolean;
  readonly onFold?: (done: number, k: number) => void;
}

/** One probability row per vector, each from the head of the fold that held it out. */
export async function outOfFoldProbabilities(args: OutOfFoldArgs): Promise<Float32Array[]> {
  const rows = new Array<Float32Array | undefined>(args.vectors.length);
  await crossValidate({
    ...args,
    onTestProbabilities: (indices, probabilities) =>
      indices.forEach((index, i) => (rows[index] = probabilities[i])),
  });
  return rows.map((row, i) => {
    if (!row) throw new Error(`Image ${i} was in no test fold`);
    return row;
  });
}
