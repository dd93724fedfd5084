// Evidence heatmaps for one backbone: picks the map's default layer once (camLayer.ts), keeps what
// the forward case needs (the backbone up to that layer, sharing its weights, and a copy of the
// pooling after it), and explains a decoded image with any head trained on this backbone's
// features. A person may pick an earlier layer (camLayers.ts): the backbone then runs to it and
// the gradient flows through the backbone's remaining layers as well as the head.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessMode } from '../../shared/backbone';
import type { Backbone } from '../backbones/backbone';
import { preprocessBatch } from '../backbones/preprocess';
import { GRADIENT_KERNELS } from '../finetune/fineTune';
import { splitForFineTuning, type Tail } from '../finetune/tail';
import type { Head } from '../head/head';
import { chooseCamSource, type CamSource } from './camLayer';
import { camLayerChoices, runFrom } from './camLayers';
import { gradCam, type CamResult } from './gradCam';

export interface Explanation extends CamResult {
  /** The layer whose map was weighed. */
  readonly layer: string;
}

export interface Explainer {
  /** The default map: the last spatial one. */
  readonly source: CamSource;
  /** The layers a person may choose, the default first, then earlier ones (nearest first). */
  readonly layers: readonly string[];
  /** Throws a clear error, naming the layers offered, when `layer` is not one of them. */
  assertOffered(layer: string): void;
  /**
   * `pixels`: one `inputSize` x `inputSize` RGBA image, decoded as for prediction. `layer`: one of
   * `layers` (the default when omitted).
   */
  explain(
    pixels: Uint8ClampedArray,
    head: Head,
    classIndex: number | null,
    layer?: string,
  ): Promise<Explanation>;
  /** Frees the pooling copy; the backbone's own weights stay the backbone's. */
  dispose(): void;
}

export function createExplainer(backbone: Backbone): Explainer {
  const { featureModel, info } = backbone;
  if (!featureModel) throw new Error(`Backbone ${info.name} cannot be explained: no layers model.`);
  const source = chooseCamSource(featureModel, info.featureShape);
  let split: { frozen: tf.LayersModel; tail: Tail } | null = null;
  if (source.kind === 'forward') split = splitForFineTuning(featureModel, source.poolFrom, null);
  const preprocess: PreprocessMode = info.preprocess;
  const layers = camLayerChoices(featureModel, source.layer);

  const lacking = (layer: string, backend: string, kernels: string) =>
    new Error(
      `Grad-CAM on ${layer} needs the gradient of the layers after it, and the ${backend.toUpperCase()} backend lacks ${kernels}; the last spatial map (${source.layer}) works on every backend.`,
    );

  /** Grad-CAM on an earlier layer: the backbone's rest is part of the differentiated function. */
  async function explainAt(
    layer: string,
    pixels: Uint8ClampedArray,
    head: Head,
    classIndex: number | null,
  ): Promise<Explanation> {
    const model = featureModel!;
    // Checked first: tfjs leaves a failed gradient's saved tensors behind.
    const backend = tf.getBackend();
    const missing = GRADIENT_KERNELS.filter((k) => !tf.getKernel(k, backend));
    if (missing.length > 0) throw lacking(layer, backend, missing.join(', '));
    const map = tf.tidy(() => {
      const batch = preprocessBatch([pixels], info.inputSize, preprocess);
      const capture: { layer: string; captured?: tf.Tensor } = { layer };
      runFrom(model, batch, null, capture);
      return capture.captured as tf.Tensor4D;
    });
    try {
      const rest = (value: tf.Tensor4D) => runFrom(model, null, { layer, value });
      return { ...(await gradCam(head, map, classIndex, rest)), layer };
    } catch (error) {
      const kernel = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(String(error));
      if (!kernel) throw error;
      throw lacking(layer, kernel[2]!, kernel[1]!);
    } finally {
      map.dispose();
    }
  }

  const assertOffered = (layer: string) => {
    if (!layers.includes(layer)) {
      throw new Error(
        `Layer "${layer}" cannot be explained on ${info.name}; choose one of: ${layers.join(', ')}.`,
      );
    }
  };

  return {
    source,
    layers,
    assertOffered,
    async explain(pixels, head, classIndex, layer = source.layer) {
      assertOffered(layer);
      if (layer !== source.layer) return explainAt(layer, pixels, head, classIndex);
      const batch = preprocessBatch([pixels], info.inputSize, preprocess);
      let map: tf.Tensor4D;
      try {
        map = tf.tidy(() =>
          split
            ? (split.frozen.predict(batch) as tf.Tensor4D)
            : (backbone.extract(batch) as tf.Tensor4D),
        );
      } finally {
        batch.dispose();
      }
      try {
        const tail = split?.tail;
        const result = await gradCam(
          head,
          map,
          classIndex,
          tail ? (a) => tail.apply(a) : undefined,
        );
        return { ...result, layer: source.layer };
      } finally {
        map.dispose();
      }
    },
    dispose() {
      split?.tail.dispose();
      split = null;
    },
  };
}
