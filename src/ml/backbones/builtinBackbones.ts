// The built-in backbones (VGG16, MobileNetV2): their architectures, and where their weights come
// from, in order: installed in this browser (Weights panel) > served by the app (public/models/<id>,
// written by `npm run weights`) > generated test weights, which the UI labels as such.
import * as tf from '@tensorflow/tfjs';
import {
  BUILTIN_BACKBONE_FACTS,
  type BuiltinBackboneId,
  type PreprocessMode,
} from '../../shared/backbone';
import { backboneFromModel, type Backbone } from './backbone';
import { generateWeights } from './generatedWeights';
import { buildMobileNetV2, MOBILENETV2_FEATURE_LAYER, MOBILENETV2_PREPROCESS } from './mobilenetv2';
import { buildVgg16, VGG16_FEATURE_LAYER } from './vgg16';
import { hashModelWeights } from '../weights/weightsHash';
import { loadWeightsInto } from '../weights/loadWeights';
import type { WeightsStore } from '../../shared/stores';

interface Architecture {
  /** The architecture with zero weights, for real weights to be loaded into. */
  readonly build: (inputSize: number) => tf.LayersModel;
  /** The architecture with the generated weights of `seed`. */
  readonly buildGenerated: (inputSize: number, seed: number) => tf.LayersModel;
  readonly preprocess: PreprocessMode;
  readonly featureLayer: string;
  /** Seed of the generated weights used when no real ones are available. */
  readonly generatedSeed: number;
  /**
   * SHA-256 of those generated weights' bytes (hashModelWeights), known ahead: the same seed gives
   * the same bytes at every input size on every machine, and hashing 59 MB anew on every page open
   * cost about a CPU-second. Not a stand-in: tests/unit/ml/backbones/generatedWeightsHash.test.ts
   * generates the weights and hashes them, so a change to the generator or the architecture that
   * left this stale fails there.
   */
  readonly generatedWeightsHash: string;
}

export const ARCHITECTURES: Readonly<Record<BuiltinBackboneId, Architecture>> = {
  vgg16: {
    build: (size) => buildVgg16(size),
    // Drawn as the layers are built: no zero weights made, then replaced.
    buildGenerated: buildVgg16,
    preprocess: 'caffe',
    featureLayer: VGG16_FEATURE_LAYER,
    generatedSeed: 16,
    generatedWeightsHash: '53385856780f5165d728f89e6cdf82a64fbbb800e5deca1b7dcab9628b7f5e4e',
  },
  mobilenetv2: {
    build: (size) => buildMobileNetV2(size),
    // Not a chain built in weight order, so filled in afterwards.
    buildGenerated: (size, seed) => {
      const model = buildMobileNetV2(size);
      try {
        generateWeights(model, seed);
      } catch (error) {
        model.dispose();
        throw error;
      }
      return model;
    },
    preprocess: MOBILENETV2_PREPROCESS,
    featureLayer: MOBILENETV2_FEATURE_LAYER,
    generatedSeed: 2,
    generatedWeightsHash: 'f89009c94a12f1e6c2f30e342891fd468593d11061c50983a6ee087d9eeee2a2',
  },
};

/** The served copy written by `npm run weights`, if the app has one: null when it is not there. */
async function loadServed(id: BuiltinBackboneId, baseUrl: string) {
  const folder = new URL(`models/${id}/`, baseUrl);
  const response = await fetch(new URL('backbone.json', folder)).catch(() => null);
  // A dev server answers a missing file with its index page: only JSON counts.
  if (!response?.ok || !response.headers.get('content-type')?.includes('json')) return null;
  const descriptor = (await response.json()) as { weightsHash?: unknown };
  const handler = tf.io.browserHTTPRequest(new URL('model.json', folder).href);
  const artifacts = await handler.load!();
  if (!artifacts.weightSpecs || !artifacts.weightData) return null;
  return {
    weightSpecs: artifacts.weightSpecs,
    weightData: artifacts.weightData,
    url: new URL('model.json', folder).href,
    weightsHash: typeof descriptor.weightsHash === 'string' ? descriptor.weightsHash : null,
  };
}

export async function loadBuiltinBackbone(
  id: BuiltinBackboneId,
  inputSize: number,
  store: WeightsStore | null,
  baseUrl: string,
): Promise<Backbone> {
  const arch = ARCHITECTURES[id];
  const meta = {
    name: BUILTIN_BACKBONE_FACTS[id].label,
    inputSize,
    preprocess: arch.preprocess,
    featureLayer: arch.featureLayer,
  };
  const installed = (await store?.load(id)) ?? null;
  const served = installed ? null : await loadServed(id, baseUrl);
  const model =
    installed || served
      ? arch.build(inputSize)
      : arch.buildGenerated(inputSize, arch.generatedSeed);
  try {
    if (installed) {
      loadWeightsInto(model, installed.weightSpecs, installed.weightData);
      const { from, installedAt, weightsHash } = installed.meta;
      return await backboneFromModel(model, {
        ...meta,
        weights: { kind: 'installed', from, installedAt },
        weightsHash,
      });
    }
    if (served) {
      loadWeightsInto(model, served.weightSpecs, served.weightData);
      const weightsHash = served.weightsHash ?? (await hashModelWeights(model));
      return await backboneFromModel(model, {
        ...meta,
        weights: { kind: 'url', url: served.url },
        weightsHash,
      });
    }
    return await backboneFromModel(model, {
      ...meta,
      weights: { kind: 'generated', seed: arch.generatedSeed },
      weightsHash: arch.generatedWeightsHash,
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
}
