// Training a head on the cached features, evaluating it, and predicting with it.
import type { BackboneSpec, PredictOutcome, TrainOutcome } from '../shared/engine';
import type { BackendLostEvent } from '../shared/events';
import type { TrainConfig, TrainEvent } from '../shared/training';
import { inferBatch } from '../ml/backbones/infer';
import { trainHead } from '../ml/head/train';
import { evaluateHead, predictProbabilities } from '../ml/head/evaluate';
import { topK } from '../ml/head/metrics';
import type { EngineContext } from './context';

export function createModelOps(ctx: EngineContext) {
  const { compute, state } = ctx;
  return {
    /** Trains a new head on the cached features, keeps it, and evaluates it on the test split. */
    async train(
      spec: BackboneSpec,
      config: TrainConfig,
      onEvent?: (event: TrainEvent | BackendLostEvent) => void,
    ): Promise<TrainOutcome> {
      const { manifest } = ctx.requireDataset();
      return ctx.cancellable((signal) => {
        const trainOnce = async (): Promise<TrainOutcome> => {
          const [model, status] = await Promise.all([
            compute.ensureBackbone(spec),
            compute.backendFor(spec),
          ]);
          const { train, val, test } = await ctx.loadFeatureSets(model.info);
          if (train.vectors.length === 0)
            throw new Error('No training features: extract features first.');
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
          const evaluation = await evaluateHead(head, test, featureShape, numClasses);
          return { result, evaluation, backbone: model.info };
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
        const pixels = await ctx.deps.decode(file, model.info.inputSize);
        const vectors = await inferBatch(model, [pixels]);
        const [probabilities] = await predictProbabilities(head, vectors, model.info.featureShape);
        return { top: topK(probabilities!, 3) };
      });
    },
  };
}
