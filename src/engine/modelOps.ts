// Training a head on the cached features, evaluating it, and predicting with it.
import type { BackboneSpec, PredictOutcome, TrainOutcome } from '../shared/engine';
import type { BackendLostEvent } from '../shared/events';
import type { DataFixSummary, RunSettings, TrainConfig, TrainEvent } from '../shared/training';
import { inferBatch } from '../ml/backbones/infer';
import { trainHead } from '../ml/head/train';
import { averageProbabilities, evaluateHead, predictProbabilities } from '../ml/head/evaluate';
import { flipRow } from '../ml/augment/affine';
import type { AugmentConfig } from '../shared/augment';
import { loadAugmentedTrain, loadFlipped } from './views';
import { throughTail } from './fineTuneOps';
import { topK } from '../ml/head/metrics';
import type { EngineContext } from './context';
import { heldOutFloor } from './floor';

/**
 * `dataFixSummary` says what the data doctor changed in the dataset (doctorOps), recorded with each
 * run so the runs table and the evaluation can say a run came after fixes.
 */
export function createModelOps(
  ctx: EngineContext,
  dataFixSummary: () => Promise<DataFixSummary> = async () => ({ edits: 0, movedForLeaks: 0 }),
) {
  const { compute, state } = ctx;
  return {
    /** Trains a new head on the cached features, keeps it, and evaluates it on the test split. */
    async train(
      spec: BackboneSpec,
      config: TrainConfig,
      onEvent?: (event: TrainEvent | BackendLostEvent) => void,
      augment?: AugmentConfig,
    ): Promise<TrainOutcome> {
      const { manifest } = ctx.requireDataset();
      const dataFixes = await dataFixSummary();
      const startedAt = performance.now();
      return ctx.cancellable((signal) => {
        const trainOnce = async (): Promise<TrainOutcome> => {
          const [model, status] = await Promise.all([
            compute.ensureBackbone(spec),
            compute.backendFor(spec),
          ]);
          const { train: originals, val, test } = await ctx.loadFeatureSets(model.info);
          if (originals.vectors.length === 0)
            throw new Error('No training features: extract features first.');
          const cache = await ctx.getCache();
          const extra =
            augment && augment.views > 0
              ? await loadAugmentedTrain(manifest, model.info, augment, cache)
              : { vectors: [], labels: [] };
          const train = {
            vectors: [...originals.vectors, ...extra.vectors],
            labels: [...originals.labels, ...extra.labels],
          };
          const numClasses = manifest.classes.length;
          const featureShape = model.info.featureShape;
          const { head, result } = await trainHead({
            train,
            val,
            featureShape,
            numClasses,
            config,
            onEvent,
            shouldStop: () => signal.aborted,
          });
          ctx.setTrained({
            head,
            backboneInfo: model.info,
            backend: status.name,
            classNames: manifest.classes.map((c) => c.name),
          });
          const flipped = augment?.testTimeFlip
            ? [await loadFlipped(test.ids, test.vectors, model.info, cache)]
            : [];
          const evaluation = await evaluateHead(head, test, featureShape, numClasses, flipped);
          const confidenceFloor = await heldOutFloor(head, val, evaluation, featureShape);
          state.testTimeFlip = augment?.testTimeFlip ?? false;
          const run: RunSettings = {
            backbone: model.info.name,
            inputSize: model.info.inputSize,
            head: config.head,
            optimizer: config.optimizer,
            learningRate: config.learningRate,
            augmentViews: augment?.views ?? 0,
            testTimeFlip: state.testTimeFlip,
            fineTuned: false,
            trainExamples: train.vectors.length,
            seconds: (performance.now() - startedAt) / 1000,
            backend: status.name,
            dataFixes,
          };
          return { result, evaluation, backbone: model.info, run, confidenceFloor };
        };
        return ctx.withFallback(trainOnce, onEvent);
      });
    },

    /** Stops the running import or extraction (what was written stays), or training (the best model so far stays). */
    cancel(): void {
      ctx.cancel();
    },

    /** Top-3 classes for one image, with the model trained last. */
    predict(spec: BackboneSpec, file: Blob): Promise<PredictOutcome> {
      return ctx.withFallback(async () => {
        if (!state.trained) throw new Error(state.modelLost ?? 'Train a model first.');
        const { head } = state.trained;
        const model = await compute.ensureBackbone(spec);
        const trainedOn = state.trained.backboneInfo;
        if (model.info.weightsHash !== trainedOn.weightsHash || model.info.name !== trainedOn.name)
          throw new Error(
            `This model was trained on ${trainedOn.name} (weights ${trainedOn.weightsHash.slice(0, 12)}…, ${trainedOn.inputSize} px), not on the backbone selected now (${model.info.name}, ${model.info.weightsHash.slice(0, 12)}…). Select that backbone, or install those weights.`,
          );
        const size = model.info.inputSize;
        const pixels = await ctx.deps.decode(file, size);
        // With test-time flip, the image and its mirror image, probabilities averaged.
        const tuned = state.trained.fineTuned;
        const [images, views] = state.testTimeFlip
          ? [
              [pixels, pixels],
              [null, flipRow(size)],
            ]
          : [[pixels], [null]];
        const vectors = tuned
          ? await throughTail(tuned.tail, await inferBatch(tuned.frozen, images, views))
          : await inferBatch(model, images, views);
        const probabilities = await predictProbabilities(head, vectors, model.info.featureShape);
        const [averaged] = averageProbabilities(probabilities.map((p) => [p]));
        return { top: topK(averaged!, 3) };
      });
    },
  };
}
