// k-fold cross-validation over cached features: heads are cheap to train, so on a small dataset the
// estimate can use every image as test data once instead of trusting one 10% test split. Fold f is
// the test fold, fold f + 1 the validation fold (early stopping, as in the app), the rest train.
import type { TrainConfig, KFoldResult } from '../../shared/training';
import { meanSd } from '../../shared/stats';
import { trainHead, type FeatureSet } from './train';
import { predictProbabilities } from './evaluate';
import { accuracy, argMax, classReports } from './metrics';

export interface CrossValidateArgs extends FeatureSet {
  /** Fold index in [0, k) of each vector. */
  readonly folds: readonly number[];
  readonly k: number;
  readonly featureShape: readonly number[];
  readonly numClasses: number;
  readonly config: TrainConfig;
  readonly shouldStop?: () => boolean;
  readonly onFold?: (done: number, k: number) => void;
}

/** The vectors and labels at `indices`. */
export function pick(set: FeatureSet, indices: readonly number[]): FeatureSet {
  return {
    vectors: indices.map((i) => set.vectors[i]!),
    labels: indices.map((i) => set.labels[i]!),
  };
}

function abortError(): DOMException {
  return new DOMException('Cross-validation cancelled', 'AbortError');
}

export async function crossValidate(args: CrossValidateArgs): Promise<KFoldResult> {
  const { folds, k, featureShape, numClasses, config } = args;
  if (!Number.isInteger(k) || k < 3) {
    throw new RangeError(
      `k-fold needs k >= 3 (a test, a validation and a training fold), got ${k}`,
    );
  }
  if (folds.length !== args.vectors.length) {
    throw new RangeError(`${folds.length} fold indices for ${args.vectors.length} vectors`);
  }
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const foldAccuracies: number[] = [];
  const foldSizes: number[] = [];
  for (let f = 0; f < k; f++) {
    if (args.shouldStop?.()) throw abortError();
    const val = (f + 1) % k;
    const roles = { test: [] as number[], val: [] as number[], train: [] as number[] };
    folds.forEach((fold, i) =>
      (fold === f ? roles.test : fold === val ? roles.val : roles.train).push(i),
    );
    if (roles.test.length === 0 || roles.train.length === 0) {
      throw new RangeError(
        `Fold ${f + 1} of ${k} has no test or no training images: use fewer folds.`,
      );
    }
    const { head } = await trainHead({
      train: pick(args, roles.train),
      val: pick(args, roles.val),
      featureShape,
      numClasses,
      config,
      shouldStop: args.shouldStop,
    });
    try {
      const test = pick(args, roles.test);
      const probabilities = await predictProbabilities(head, test.vectors, featureShape);
      let correct = 0;
      probabilities.forEach((p, i) => {
        const predicted = argMax(p);
        const truth = test.labels[i]!;
        confusion[truth]![predicted]! += 1;
        if (predicted === truth) correct++;
      });
      foldAccuracies.push(correct / roles.test.length);
      foldSizes.push(roles.test.length);
    } finally {
      head.dispose();
    }
    if (args.shouldStop?.()) throw abortError();
    args.onFold?.(f + 1, k);
  }
  return {
    k,
    foldAccuracies,
    foldSizes,
    accuracy: meanSd(foldAccuracies),
    pooledAccuracy: accuracy(confusion),
    perClass: classReports(confusion),
    confusion,
  };
}
