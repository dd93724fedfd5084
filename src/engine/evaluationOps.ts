// Estimates that need more than the one test split: k-fold cross-validation over the cached features
// of every image (train, validation and test alike), so a small dataset's accuracy comes with its
// spread over folds instead of one figure from a handful of test images.
import type { BackboneSpec } from '../shared/engine';
import type { KFoldResult, TrainConfig } from '../shared/training';
import { assignFolds } from '../data/folds';
import { crossValidate } from '../ml/head/kfold';
import type { EngineContext } from './context';

/** Folds' seed salt: independent of the split seed's numbers, so folds do not mirror the split. */
const FOLD_SEED_SALT = 0x5f0d;

export function createEvaluationOps(ctx: EngineContext) {
  return {
    /** k-fold estimate on the cached features; extract first. Cancel stops it between folds. */
    async crossValidate(
      spec: BackboneSpec,
      config: TrainConfig,
      k: number,
      onFold?: (done: number, k: number) => void,
    ): Promise<KFoldResult> {
      const { manifest } = ctx.requireDataset();
      return ctx.cancellable((signal) =>
        ctx.withFallback(async () => {
          const model = await ctx.compute.ensureBackbone(spec);
          const sets = await ctx.loadFeatureSets(model.info);
          const vectors = [sets.train, sets.val, sets.test].flatMap((s) => s.vectors);
          const labels = [sets.train, sets.val, sets.test].flatMap((s) => s.labels);
          const ids = [sets.train, sets.val, sets.test].flatMap((s) => s.ids);
          if (vectors.length === 0) throw new Error('No features yet: press Train first.');
          const folds = assignFolds(
            ids.map((id, i) => ({ id, classIndex: labels[i]! })),
            k,
            (manifest.splitSeed ^ FOLD_SEED_SALT) >>> 0,
          );
          return crossValidate({
            vectors,
            labels,
            folds: ids.map((id) => folds.get(id)!),
            k,
            featureShape: model.info.featureShape,
            numClasses: manifest.classes.length,
            config,
            shouldStop: () => signal.aborted,
            onFold,
          });
        }),
      );
    },
  };
}
