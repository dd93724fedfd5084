// Live classification of camera frames, in the worker: the same resize, preprocessing and backbone
// as training, then the trained head. The page sends one frame at a time (it drops frames while one
// is here); this module counts frames held at once, so a test can check that promise from inside.
import type { BackboneSpec } from '../shared/engine';
import { NO_MODEL_ERROR, type FramePrediction } from '../shared/webcam';
import type { Evidence } from '../shared/evidence';
import { browserFrameCodec } from '../data/frames';
import { inferBatch } from '../ml/backbones/infer';
import { predictProbabilities } from '../ml/head/evaluate';
import type { EngineContext } from './context';
import { throughTail } from './fineTuneOps';
import type { ExplainPixels } from './evidenceOps';

function noModel(message: string): Error {
  const error = new Error(message);
  error.name = NO_MODEL_ERROR;
  return error;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export function createWebcamOps(ctx: EngineContext, explainPixels: ExplainPixels) {
  const { compute, state } = ctx;
  const frames = ctx.deps.frames ?? browserFrameCodec;
  let inFlight = 0;
  let maxInFlight = 0;

  return {
    /** Class probabilities for one camera frame, with the model trained last. Closes `frame`. */
    async classifyFrame(spec: BackboneSpec, frame: ImageBitmap): Promise<FramePrediction> {
      const startedAt = performance.now();
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await ctx.withFallback(async () => {
          const trained = state.trained;
          if (!trained) {
            throw noModel(
              state.modelLost ??
                'No trained model yet: add photos of at least two classes and press Train, then the camera names what it sees.',
            );
          }
          const model = await compute.ensureBackbone(spec);
          const { featureShape } = model.info;
          if (!sameShape(featureShape, trained.head.featureShape)) {
            throw noModel(
              `The model was trained on ${trained.backboneInfo.name} features; press Train to train one for ${model.info.name}.`,
            );
          }
          const pixels = await frames.toPixels(frame, model.info.inputSize);
          // A fine-tuned model's head takes its tuned block's features, as in predict().
          const tuned = trained.fineTuned;
          const vectors = tuned
            ? await throughTail(tuned.tail, await inferBatch(tuned.frozen, [pixels]))
            : await inferBatch(model, [pixels]);
          const [probabilities] = await predictProbabilities(trained.head, vectors, featureShape);
          return {
            classNames: trained.classNames,
            probabilities: Array.from(probabilities!),
            workerMs: performance.now() - startedAt,
            maxInFlight,
          };
        });
      } finally {
        inFlight--;
        frame.close();
      }
    },

    /**
     * One camera frame's prediction with its evidence heatmap (for `classIndex`, null: the class
     * predicted): the webcam's "Show evidence" switch. Counts as a frame in flight; closes `frame`.
     */
    async explainFrame(
      spec: BackboneSpec,
      frame: ImageBitmap,
      classIndex: number | null,
    ): Promise<FramePrediction & { readonly evidence: Evidence }> {
      const startedAt = performance.now();
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await ctx.withFallback(async () => {
          const model = await compute.ensureBackbone(spec);
          const pixels = await frames.toPixels(frame, model.info.inputSize);
          const evidence = await explainPixels(spec, pixels, classIndex);
          return {
            classNames: evidence.classNames,
            probabilities: evidence.probabilities,
            workerMs: performance.now() - startedAt,
            maxInFlight,
            evidence,
          };
        });
      } finally {
        inFlight--;
        frame.close();
      }
    },
  };
}
