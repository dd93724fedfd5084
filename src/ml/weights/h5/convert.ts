// Keras .h5 bytes -> a tfjs layers model holding those weights, plus its save artifacts (topology,
// weight specs, weight bytes) and the SHA-256 of the weight bytes. One path for the Node script
// (which writes model.json + shards from the artifacts) and the browser worker (which keeps the
// model, or saves it with `model.save('indexeddb://...')`).

import * as tf from '@tensorflow/tfjs';
import type { BackboneDescriptor } from '../../../shared/backbone';
import {
  buildMobileNetV2,
  MOBILENETV2_FEATURE_LAYER,
  MOBILENETV2_PREPROCESS,
} from '../../backbones/mobilenetv2';
import { buildVgg16, VGG16_FEATURE_LAYER } from '../../backbones/vgg16';
import { hashWeights } from '../weightsHash';
import { KERAS_WEIGHT_FILES, type KerasArchitecture } from './kerasFiles';
import { matchToModel } from './matchWeights';
import { modelArtifacts } from '../modelArtifacts';
import { withH5File } from './openH5';
import { readKerasWeights } from './readKerasH5';

/**
 * Weights do not depend on the input size (no top), so conversion builds at 224 and the app may
 * rebuild at another size and load the same weights (see `loadWeightsInto`).
 */
export const CONVERSION_INPUT_SIZE = 224;

const BUILDERS: Readonly<Record<KerasArchitecture, (inputSize: number) => tf.LayersModel>> = {
  vgg16: (size) => buildVgg16(size),
  mobilenetv2: (size) => buildMobileNetV2(size),
};

/** How to feed a converted model: what `backbone.json` beside its model.json says. */
export function convertedDescriptor(architecture: KerasArchitecture): BackboneDescriptor {
  const name = KERAS_WEIGHT_FILES[architecture].label;
  const common = { name, modelUrl: 'model.json', inputSize: CONVERSION_INPUT_SIZE };
  return architecture === 'vgg16'
    ? { ...common, preprocess: 'caffe', featureLayer: VGG16_FEATURE_LAYER }
    : { ...common, preprocess: MOBILENETV2_PREPROCESS, featureLayer: MOBILENETV2_FEATURE_LAYER };
}

export interface ConvertOptions {
  /** Input size of the returned model (default 224). */
  readonly inputSize?: number;
}

export type ConvertResult =
  | {
      readonly ok: true;
      /** The caller owns the model and must dispose it. */
      readonly model: tf.LayersModel;
      /** Topology, weight specs and weight bytes: what model.json and its shards hold. */
      readonly artifacts: tf.io.ModelArtifacts & {
        readonly weightSpecs: tf.io.WeightsManifestEntry[];
        readonly weightData: ArrayBuffer;
      };
      /** SHA-256 (hex) of `artifacts.weightData`: the BackboneInfo's weightsHash. */
      readonly weightsHash: string;
      /** Classifier layers in the file that the backbone does not use. */
      readonly ignoredLayers: readonly string[];
    }
  | { readonly ok: false; readonly message: string };

export { loadWeightsInto } from '../loadWeights';

/**
 * Converts a Keras 2 `.h5` weights file (weights-only or full-model save) for `architecture`.
 * Refuses non-HDF5 or truncated bytes, files of another architecture, and any layer whose
 * weights do not match, with a one-line message naming the first problem.
 */
export async function convertKerasH5(
  bytes: Uint8Array | ArrayBuffer,
  architecture: KerasArchitecture,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const model = BUILDERS[architecture](options.inputSize ?? CONVERSION_INPUT_SIZE);
  try {
    // Values only for the model's layers: a classifier on top is checked by shape, never loaded.
    const wanted = new Set(model.layers.map((l) => l.name));
    const read = await withH5File(data, (file) =>
      readKerasWeights(file, { valuesFor: (name) => wanted.has(name) }),
    );
    if (!read.ok) {
      model.dispose();
      return read;
    }
    const label = KERAS_WEIGHT_FILES[architecture].label;
    const match = matchToModel(read.value, model, { architecture: label });
    if (!match.ok) {
      model.dispose();
      return match;
    }
    try {
      model.loadWeights(match.weights, true);
    } finally {
      tf.dispose(Object.values(match.weights));
    }
    const saved = await modelArtifacts(model);
    const weightData = tf.io.concatenateArrayBuffers(saved.weightData ?? []);
    const artifacts = { ...saved, weightSpecs: saved.weightSpecs ?? [], weightData };
    const weightsHash = await hashWeights(weightData);
    return { ok: true, model, artifacts, weightsHash, ignoredLayers: match.ignoredLayers };
  } catch (e) {
    model.dispose();
    throw e;
  }
}
