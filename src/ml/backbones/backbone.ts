// The feature extractor the pipeline runs images through: a layers model cut at its feature layer,
// plus what the UI and the feature cache need to know about it (BackboneInfo). Whatever the source
// (generated VGG16, a descriptor URL, an imported .h5), everything goes through backboneFromModel.

import * as tf from '@tensorflow/tfjs';
import type { BackboneInfo, PreprocessMode, WeightsSource } from '../../shared/backbone';
import { parseDescriptor, resolveModelUrl } from './descriptor';
import { buildVgg16, VGG16_FEATURE_LAYER } from './vgg16';
import { hashModelWeights, hashWeights } from '../weights/weightsHash';
import { splitForFineTuning, type Tail, type TrainableLayers } from '../finetune/tail';

export interface Backbone {
  readonly info: BackboneInfo;
  /** Features for a preprocessed batch [n, s, s, 3]; caller owns the result. */
  extract(batch: tf.Tensor4D): tf.Tensor;
  /** The layers model cut at the feature layer (preprocessed pixels in, features out): for export. */
  readonly featureModel?: tf.LayersModel;
  /**
   * For fine-tuning: the part before `firstTrainable` (sharing this backbone's weights) and a tail of
   * copied layers from there to the feature layer (see finetune/tail.ts). The caller disposes the tail.
   */
  splitAt?(trainable: TrainableLayers): { frozen: Backbone; frozenLayer: string; tail: Tail };
  /** The layers its descriptor names for fine-tuning; built-ins name theirs in finetune/tail.ts. */
  readonly trainableLayers?: readonly string[];
  dispose(): void;
}

export interface BackboneMeta {
  readonly name: string;
  /** Wanted input size; a model with a fixed input size overrides it. */
  readonly inputSize: number;
  readonly preprocess: PreprocessMode;
  /** Layer whose output is the feature, or null for the model's output. */
  readonly featureLayer: string | null;
  readonly weights: WeightsSource;
  /** SHA-256 of the weight bytes; computed from the model's values when not given. */
  readonly weightsHash?: string;
  readonly trainableLayers?: readonly string[];
}

/**
 * Frees every weight of `model`. LayersModel.dispose() alone leaves a nested model's weights alive
 * when it still counts a use of that model (a Sequential inside a Sequential keeps its head's
 * weights), and the backbone owns all of them.
 */
export function disposeFully(model: tf.LayersModel): void {
  const variables = model.weights.map((w) => w.read());
  model.dispose();
  for (const v of variables) if (!v.isDisposed) v.dispose();
}

/** Square spatial size the model accepts, or null when it takes any size. */
function fixedInputSize(model: tf.LayersModel): number | null {
  const shape = model.inputs[0]?.shape;
  if (!shape || shape.length !== 4 || shape[3] !== 3) {
    throw new Error(
      `Backbone input must be [batch, height, width, 3], got ${JSON.stringify(shape)}`,
    );
  }
  const [, h, w] = shape;
  if (h == null && w == null) return null;
  if (h == null || w == null || h !== w) {
    throw new Error(`Backbone input must be square, got ${h ?? '?'}x${w ?? '?'}`);
  }
  return h;
}

/** The model up to `featureLayer`; the same model when that is already its output. */
function cutAt(model: tf.LayersModel, featureLayer: string | null): tf.LayersModel {
  if (featureLayer === null) return model;
  const names = model.layers.map((l) => l.name);
  if (!names.includes(featureLayer)) {
    throw new Error(
      `Feature layer "${featureLayer}" is not in the model; its layers are: ${names.join(', ')}`,
    );
  }
  const layer = model.getLayer(featureLayer);
  if (model.outputs.length === 1 && model.outputs[0] === layer.output) return model;
  // Works for nested models too: a Sequential used as a layer has one inbound node in its parent,
  // so its `output` is the parent graph's tensor.
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
}

/** Output shape without the batch axis; runs one zero image when the model leaves sizes open. */
function featureShapeOf(model: tf.LayersModel, inputSize: number): number[] {
  const declared = model.outputs[0]?.shape.slice(1);
  if (declared && declared.every((d): d is number => d != null)) return declared;
  return tf.tidy(() => {
    const out = model.predict(tf.zeros([1, inputSize, inputSize, 3])) as tf.Tensor;
    return out.shape.slice(1);
  });
}

/**
 * Wraps `model` (ownership passes to the backbone: its dispose() disposes the whole model, layers
 * past the feature layer included).
 */
export async function backboneFromModel(
  model: tf.LayersModel,
  meta: BackboneMeta,
): Promise<Backbone> {
  let feature: tf.LayersModel;
  let info: BackboneInfo;
  try {
    feature = cutAt(model, meta.featureLayer);
    // A model built for one size cannot take another: its input layer is fixed. Use the model's
    // size then, rather than failing on the first batch.
    const inputSize = fixedInputSize(feature) ?? meta.inputSize;
    info = {
      name: meta.name,
      inputSize,
      preprocess: meta.preprocess,
      featureLayer: meta.featureLayer,
      featureShape: featureShapeOf(feature, inputSize),
      weights: meta.weights,
      weightsHash: meta.weightsHash ?? (await hashModelWeights(model)),
      paramCount: feature.countParams(),
    };
  } catch (e) {
    disposeFully(model);
    throw e;
  }
  let disposed = false;
  return {
    info,
    featureModel: feature,
    ...(meta.trainableLayers ? { trainableLayers: meta.trainableLayers } : {}),
    splitAt(trainable) {
      const { frozen, tail } = splitForFineTuning(feature, trainable, null);
      const frozenLayer = frozen.outputs[0]!.sourceLayer.name;
      const frozenInfo: BackboneInfo = {
        ...info,
        featureLayer: frozenLayer,
        featureShape: [...tail.inputShape],
        paramCount: frozen.countParams(),
      };
      return {
        frozenLayer,
        tail,
        frozen: {
          info: frozenInfo,
          featureModel: frozen,
          extract: (batch) =>
            tf.tidy(() => frozen.predict(batch, { batchSize: batch.shape[0] }) as tf.Tensor),
          dispose: () => undefined, // its layers are this backbone's
        },
      };
    },
    extract(batch) {
      if (disposed) throw new Error(`Backbone ${info.name} is disposed`);
      const [n, h, w, c] = batch.shape;
      if (h !== info.inputSize || w !== info.inputSize || c !== 3) {
        throw new Error(
          `Backbone ${info.name} takes [n, ${info.inputSize}, ${info.inputSize}, 3], got [${batch.shape.join(', ')}]`,
        );
      }
      // One pass for the whole batch: the caller sized it for the device.
      return tf.tidy(() => feature.predict(batch, { batchSize: n }) as tf.Tensor);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // The cut model shares the full model's layers; disposing the full one frees them all.
      disposeFully(model);
    },
  };
}

/** Keras VGG16 (no top) with seeded random weights: exercises the VGG16 path without real weights. */
export async function createGeneratedVgg16(inputSize: number, seed: number): Promise<Backbone> {
  const model = buildVgg16(inputSize, seed);
  return backboneFromModel(model, {
    name: 'VGG16',
    inputSize,
    preprocess: 'caffe',
    featureLayer: VGG16_FEATURE_LAYER,
    weights: { kind: 'generated', seed },
  });
}

/** A descriptor is a few lines of JSON; anything this long is something else. */
const MAX_DESCRIPTOR_CHARS = 64 * 1024;
/** Keras's VGG16 with its classifier is 553 MB; refuse what could only exhaust memory. */
const MAX_BACKBONE_WEIGHT_BYTES = 600 * 2 ** 20;

export interface LoadOptions {
  /** Overrides the descriptor's input size where the model allows it. */
  readonly inputSize?: number;
  readonly fetchFunc?: typeof fetch;
}

/** Loads the descriptor at `descriptorUrl`, then its layers model, hashing the weight bytes as loaded. */
export async function loadBackboneFromDescriptor(
  descriptorUrl: string,
  options: LoadOptions = {},
): Promise<Backbone> {
  // Wrapped: tfjs calls it as a method of its own object, and a bare `fetch` then throws
  // "Illegal invocation" in browsers.
  const fetchFunc: typeof fetch = options.fetchFunc ?? ((input, init) => fetch(input, init));
  const response = await fetchFunc(descriptorUrl);
  if (!response.ok) {
    throw new Error(`Backbone descriptor ${descriptorUrl}: HTTP ${response.status}`);
  }
  const text = await response.text();
  if (text.length > MAX_DESCRIPTOR_CHARS) {
    throw new Error(
      `Backbone descriptor ${descriptorUrl} is ${text.length} characters: not a descriptor`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Backbone descriptor ${descriptorUrl} is not valid JSON`);
  }
  const descriptor = parseDescriptor(json);
  const modelUrl = resolveModelUrl(descriptorUrl, descriptor);

  const handler = tf.io.browserHTTPRequest(modelUrl, { fetchFunc });
  if (!handler.load) throw new Error('tfjs HTTP handler cannot load');
  const artifacts = await handler.load();
  if (artifacts.weightData === undefined) {
    throw new Error(`Backbone model ${modelUrl} has no weights`);
  }
  const weightBytes = tf.io.concatenateArrayBuffers(artifacts.weightData).byteLength;
  if (weightBytes > MAX_BACKBONE_WEIGHT_BYTES) {
    throw new Error(
      `Backbone model ${modelUrl} has ${weightBytes} bytes of weights: more than any backbone needs`,
    );
  }
  const weightsHash = await hashWeights(artifacts.weightData);
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return backboneFromModel(model, {
    name: descriptor.name,
    inputSize: options.inputSize ?? descriptor.inputSize,
    preprocess: descriptor.preprocess,
    featureLayer: descriptor.featureLayer,
    weights: { kind: 'url', url: modelUrl },
    weightsHash,
    ...(descriptor.trainableLayers ? { trainableLayers: descriptor.trainableLayers } : {}),
  });
}
