// Evidence heatmaps for one backbone: picks the map's layer once (camLayer.ts), keeps what the
// forward case needs (the backbone up to that layer, sharing its weights, and a copy of the pooling
// after it), and explains a decoded image with any head trained on this backbone's features.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessMode } from '../../shared/backbone';
import type { Backbone } from '../backbones/backbone';
import { preprocessBatch } from '../backbones/preprocess';
import { splitForFineTuning, type Tail } from '../finetune/tail';
import type { Head } from '../head/head';
import { chooseCamSource, type CamSource } from './camLayer';
import { gradCam, type CamResult } from './gradCam';

export interface Explanation extends CamResult {
  /** The layer whose map was weighed. */
  readonly layer: string;
}

export interface Explainer {
  readonly source: CamSource;
  /** `pixels`: one `inputSize` x `inputSize` RGBA image, decoded as for prediction. */
  explain(pixels: Uint8ClampedArray, head: Head, classIndex: number | null): Promise<Explanation>;
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
  return {
    source,
    async explain(pixels, head, classIndex) {
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
