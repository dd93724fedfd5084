// Evidence heatmaps in the worker: Grad-CAM (ml/explain) for one image of the dataset, one new image
// or one camera frame, with the model trained last. The map comes from the feature cache when the
// cached features are that map (VGG16 block5_pool, MobileNetV2 out_relu) and the image is the
// dataset's; otherwise from one forward pass. The head's gradient comes from the head alone. A
// person may choose an earlier layer (ml/explain/camLayers.ts); the choice is kept per backbone for
// this session, so the next image, and the webcam, use it too.
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec } from '../shared/engine';
import type { Evidence, EvidenceTarget } from '../shared/evidence';
import { NO_MODEL_ERROR } from '../shared/webcam';
import type { Backbone } from '../ml/backbones/backbone';
import { preprocessBatch } from '../ml/backbones/preprocess';
import { createExplainer, type Explainer } from '../ml/explain/explainer';
import { gradCam, type CamResult } from '../ml/explain/gradCam';
import { settingsIdOf, type EngineContext, type TrainedModel } from './context';
import { typicalByClass, type ClassAtAGlance } from '../shared/typical';
import { predictProbabilities } from '../ml/head/evaluate';
import { throughTail } from './fineTuneOps';

/** Explains already-decoded pixels (inputSize x inputSize RGBA) for the model trained on `spec`. */
export type ExplainPixels = (
  spec: BackboneSpec,
  pixels: Uint8ClampedArray,
  classIndex: number | null,
) => Promise<Evidence>;

function noModel(message: string): Error {
  const error = new Error(message);
  error.name = NO_MODEL_ERROR;
  return error;
}

export function createEvidenceOps(ctx: EngineContext) {
  const { compute, state } = ctx;
  /** One explainer, for the backbone loaded now: its pooling copy is freed when the backbone changes. */
  let kept: { readonly backbone: Backbone; readonly explainer: Explainer } | null = null;
  /** The layer last chosen, by backbone (name and weights): a session's preference, not saved. */
  const chosen = new Map<string, string>();
  const keyOf = (model: Backbone) => `${model.info.name}\u0000${model.info.weightsHash}`;

  /** The layer to explain on: the one asked for (then kept), or the one kept, or the default. */
  function layerFor(model: Backbone, explainer: Explainer, asked: string | null): string {
    if (asked === null) return chosen.get(keyOf(model)) ?? explainer.source.layer;
    explainer.assertOffered(asked);
    chosen.set(keyOf(model), asked);
    return asked;
  }

  function explainerFor(backbone: Backbone): Explainer {
    if (kept?.backbone !== backbone) {
      kept?.explainer.dispose();
      kept = null;
      kept = { backbone, explainer: createExplainer(backbone) };
    }
    return kept.explainer;
  }

  /** The trained model and the backbone it was trained on; a clear error when they do not match. */
  async function modelFor(spec: BackboneSpec): Promise<{ trained: TrainedModel; model: Backbone }> {
    const trained = state.trained;
    if (!trained) throw noModel(state.modelLost ?? 'Train a model first: evidence explains it.');
    const model = await compute.ensureBackbone(spec);
    const on = trained.backboneInfo;
    if (model.info.weightsHash !== on.weightsHash || model.info.name !== on.name) {
      throw noModel(
        `This model was trained on ${on.name}, not on the backbone selected now (${model.info.name}): select that backbone to see its evidence.`,
      );
    }
    return { trained, model };
  }

  function evidenceOf(
    trained: TrainedModel,
    cam: CamResult,
    layer: string,
    layers: readonly string[],
    mapFrom: Evidence['mapFrom'],
  ): Evidence {
    const { classNames } = trained;
    return {
      heatmap: cam.heatmap,
      layer,
      layers,
      classIndex: cam.classIndex,
      className: classNames[cam.classIndex] ?? `class ${cam.classIndex}`,
      classNames,
      probabilities: Array.from(cam.probabilities),
      mapFrom,
    };
  }

  /**
   * A fine-tuned model: the map is its tuned block's output, which is what its head takes; no other
   * layer is offered (the layers before the block are the frozen backbone's, not the tuned model's).
   */
  async function explainTuned(
    trained: TrainedModel,
    model: Backbone,
    pixels: Uint8ClampedArray,
    classIndex: number | null,
    asked: string | null,
  ): Promise<Evidence> {
    const tuned = trained.fineTuned!;
    const { info } = model;
    const layer = tuned.tail.layerNames.at(-1) ?? info.name;
    if (asked !== null && asked !== layer) {
      throw new Error(
        `A fine-tuned model is explained on its tuned block's output (${layer}) only, not on "${asked}".`,
      );
    }
    if (info.featureShape.length !== 3) {
      throw new Error(
        `Evidence for a fine-tuned model needs features that keep their positions; ${info.name} pools them (features [${info.featureShape.join(', ')}]).`,
      );
    }
    const map = tf.tidy(() => {
      const batch = preprocessBatch([pixels], info.inputSize, info.preprocess);
      return tuned.tail.apply(tuned.frozen.extract(batch)) as tf.Tensor4D;
    });
    try {
      const cam = await gradCam(trained.head, map, classIndex);
      return evidenceOf(trained, cam, layer, [layer], 'forward');
    } finally {
      map.dispose();
    }
  }

  async function explainWith(
    trained: TrainedModel,
    model: Backbone,
    pixels: Uint8ClampedArray,
    classIndex: number | null,
    asked: string | null,
  ): Promise<Evidence> {
    if (trained.fineTuned) return explainTuned(trained, model, pixels, classIndex, asked);
    const explainer = explainerFor(model);
    const layer = layerFor(model, explainer, asked);
    const explanation = await explainer.explain(pixels, trained.head, classIndex, layer);
    return evidenceOf(trained, explanation, explanation.layer, explainer.layers, 'forward');
  }

  /** The webcam's frames: on the layer last chosen for this backbone. */
  const explainPixels: ExplainPixels = async (spec, pixels, classIndex) => {
    const { trained, model } = await modelFor(spec);
    return explainWith(trained, model, pixels, classIndex, null);
  };

  /** The dataset image's cached features, as its map, when they are the map Grad-CAM weighs. */
  async function fromCache(
    trained: TrainedModel,
    model: Backbone,
    target: Extract<EvidenceTarget, { kind: 'dataset' }>,
    classIndex: number | null,
    asked: string | null,
  ): Promise<Evidence | null> {
    if (trained.fineTuned) return null; // the cache holds the features before the tuned block
    const explainer = explainerFor(model);
    if (explainer.source.kind !== 'features') return null;
    if (layerFor(model, explainer, asked) !== explainer.source.layer) return null;
    const cache = await ctx.getCache();
    const feature = (await cache.getMany(settingsIdOf(model.info), [target.id])).get(target.id);
    if (!feature) return null;
    const map = tf.tensor4d(feature.values, [1, ...model.info.featureShape] as [
      number,
      number,
      number,
      number,
    ]);
    try {
      const cam = await gradCam(trained.head, map, classIndex);
      return evidenceOf(trained, cam, explainer.source.layer, explainer.layers, 'cache');
    } finally {
      map.dispose();
    }
  }

  return {
    explainPixels,
    api: {
      /**
       * The evidence heatmap of one image for `classIndex` (null: the class the model predicts), on
       * `layer` (null: the one last chosen for this backbone, at first its default). A dataset image
       * without cached map and without its pixels here gets a clear error.
       */
      explainImage(
        spec: BackboneSpec,
        target: EvidenceTarget,
        classIndex: number | null,
        layer: string | null = null,
      ): Promise<Evidence> {
        return ctx.withFallback(async () => {
          const { trained, model } = await modelFor(spec);
          const size = model.info.inputSize;
          if (target.kind === 'file') {
            const pixels = await ctx.deps.decode(target.file, size);
            return explainWith(trained, model, pixels, classIndex, layer);
          }
          const cached = await fromCache(trained, model, target, classIndex, layer);
          if (cached) return cached;
          const dataset = ctx.requireDataset();
          const blob = dataset.blobs.get(target.id);
          if (!blob) {
            throw new Error(
              'This photo is not in this session: the project keeps no copy of its images and the folder was not dropped again. Drop the folder again to see its evidence.',
            );
          }
          const pixels = await ctx.deps.decode(blob, size, dataset.decodeHints?.get(target.id));
          return explainWith(trained, model, pixels, classIndex, layer);
        });
      },

      /**
       * Per class of the model, the `k` training photos it finds most typical (highest probability
       * for their own class) and the `k` least typical, from the cached features: no extraction.
       */
      typicalImages(spec: BackboneSpec, k: number): Promise<ClassAtAGlance[]> {
        return ctx.withFallback(async () => {
          const { trained, model } = await modelFor(spec);
          const { train } = await ctx.loadFeatureSets(model.info);
          const names = ctx.requireDataset().manifest.classes.map((c) => c.name);
          // Dataset classes by the model's outputs: classes added since training are left out.
          const output = names.map((n) => trained.classNames.indexOf(n));
          const keep = train.labels.map((l) => (output[l] ?? -1) >= 0);
          const vectors = train.vectors.filter((_, i) => keep[i]);
          const labels = train.labels.filter((_, i) => keep[i]).map((l) => output[l]!);
          const ids = train.ids.filter((_, i) => keep[i]);
          const tuned = trained.fineTuned;
          const features = tuned ? await throughTail(tuned.tail, vectors) : vectors;
          const probabilities = await predictProbabilities(
            trained.head,
            features,
            model.info.featureShape,
          );
          const own = probabilities.map((p, i) => p[labels[i]!]!);
          return typicalByClass(ids, labels, own, trained.classNames.length, k);
        });
      },
    },
  };
}
