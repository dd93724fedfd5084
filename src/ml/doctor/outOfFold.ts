// Out-of-fold probabilities for Confident Learning: every image is predicted by a head that never
// saw it. The folds are the k-fold estimate's (src/data/folds.ts, stratified by hash); unlike the
// estimate (kfold.ts), which keeps a fold aside for early stopping, each head here trains on all
// k - 1 other folds for a fixed number of epochs: the probabilities are only as good as the heads,
// and on flowers-dev training on 80% instead of 60% of the images ranks the flipped labels better.
import { trainHead } from '../head/train';
import { pick, type CrossValidateArgs } from '../head/kfold';
import { predictProbabilities } from '../head/evaluate';

/** The k-fold estimate's arguments: the same features, folds and training settings. */
export type OutOfFoldArgs = CrossValidateArgs;

function abortError(): DOMException {
  return new DOMException('Data check cancelled', 'AbortError');
}

/** One probability row per vector, each from the head of the fold that held it out. */
export async function outOfFoldProbabilities(args: OutOfFoldArgs): Promise<Float32Array[]> {
  const { folds, k, featureShape, numClasses } = args;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`Out-of-fold needs k >= 2, got ${k}`);
  if (folds.length !== args.vectors.length) {
    throw new RangeError(`${folds.length} fold indices for ${args.vectors.length} vectors`);
  }
  const rows = new Array<Float32Array | undefined>(args.vectors.length);
  for (let f = 0; f < k; f++) {
    if (args.shouldStop?.()) throw abortError();
    const test: number[] = [];
    const train: number[] = [];
    folds.forEach((fold, i) => (fold === f ? test : train).push(i));
    if (test.length > 0) {
      if (train.length === 0)
        throw new RangeError(`Fold ${f + 1} of ${k} leaves nothing to train on.`);
      const { head } = await trainHead({
        train: pick(args, train),
        val: { vectors: [], labels: [] },
        featureShape,
        numClasses,
        config: args.config,
        shouldStop: args.shouldStop,
      });
      try {
        const probabilities = await predictProbabilities(
          head,
          test.map((i) => args.vectors[i]!),
          featureShape,
        );
        test.forEach((index, i) => (rows[index] = probabilities[i]));
      } finally {
        head.dispose();
      }
    }
    if (args.shouldStop?.()) throw abortError();
    args.onFold?.(f + 1, k);
  }
  return rows.map((row, i) => {
    if (!row) throw new Error(`Image ${i} was in no fold`);
    return row;
  });
}
