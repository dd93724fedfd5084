// Maps a Keras file's weights onto a tfjs model by layer name, then by each layer's weight order
// (Conv2D: kernel, bias; BatchNormalization: gamma, beta, moving_mean, moving_variance;
// DepthwiseConv2D: depthwise_kernel, bias?; Dense: kernel, bias), checking every shape. The model
// says which weights it needs: nothing here is specific to one architecture.

import * as tf from '@tensorflow/tfjs';
import type { KerasLayer, KerasWeights } from './readKerasH5';

export type MatchResult =
  | {
      readonly ok: true;
      /** Keyed by the model's weight names (`block1_conv1/kernel`); the caller owns the tensors. */
      readonly weights: tf.NamedTensorMap;
      /** Classifier layers of the file that the model has no use for (fc1, predictions...). */
      readonly ignoredLayers: readonly string[];
    }
  | { readonly ok: false; readonly message: string };

export interface MatchOptions {
  /** How messages name the architecture ("is it a VGG16 file?"); defaults to the model's name. */
  readonly architecture?: string;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;
const sameShape = (a: readonly number[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** The weight's own name without layer scope and tfjs's uniqueness suffix: `kernel`, `gamma`... */
function modelRole(originalName: string): string {
  return originalName.slice(originalName.lastIndexOf('/') + 1);
}

/** Old Keras 1 names (`_W`, `_b`, `_running_std`) and their Keras 2 meaning. */
const LEGACY_ROLES: Readonly<Record<string, string>> = {
  W: 'kernel',
  b: 'bias',
  running_mean: 'moving_mean',
  running_std: 'moving_variance',
};

/**
 * The role a file's weight name claims, if any: `bn_Conv1/moving_mean:0` -> moving_mean,
 * `block1_conv1_W_1:0` -> kernel. Only used to catch weights stored out of order.
 */
function fileRole(weightName: string, layerName: string): string {
  let name = weightName.replace(/:\d+$/, '');
  name = name.slice(name.lastIndexOf('/') + 1);
  if (name.startsWith(`${layerName}_`))
    name = name.slice(layerName.length + 1).replace(/_\d+$/, '');
  return LEGACY_ROLES[name] ?? name;
}

const count = (n: number) => `${n} weight${n === 1 ? '' : 's'}`;

function listNames(names: readonly string[], max = 6): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... ${names.length} in all` : shown;
}

/** Dense-like: a 2-D kernel. Only such layers may follow the backbone as its classifier top. */
function looksLikeTopLayer(layer: KerasLayer): boolean {
  return layer.weights[0]?.shape.length === 2;
}

function checkLayer(fileLayer: KerasLayer, modelLayer: tf.layers.Layer): string | null {
  const expected = modelLayer.weights;
  const roles = expected.map((w) => modelRole(w.originalName));
  if (fileLayer.weights.length !== expected.length) {
    const have = fileLayer.weights.map((w) => w.name).join(', ');
    return (
      `Layer ${modelLayer.name}: file has ${count(fileLayer.weights.length)} (${have}), ` +
      `model expects ${expected.length} (${roles.join(', ')})`
    );
  }
  for (let i = 0; i < expected.length; i++) {
    const fileWeight = fileLayer.weights[i]!;
    const claimed = fileRole(fileWeight.name, fileLayer.name);
    if (claimed !== roles[i] && roles.includes(claimed)) {
      return `Layer ${modelLayer.name} weight ${i + 1}: file has ${claimed} (${fileWeight.name}), model expects ${roles[i]}`;
    }
    if (!sameShape(fileWeight.shape, expected[i]!.shape)) {
      return (
        `Layer ${modelLayer.name} ${roles[i]}: file has ${shapeText(fileWeight.shape)}, ` +
        `model expects ${shapeText(expected[i]!.shape as number[])}`
      );
    }
  }
  return null;
}

/**
 * Finds, for every model layer with weights, the file layer of the same name and checks its
 * weights. Refuses with the first mismatch: a missing layer, a weight count, an out-of-order
 * weight, a shape; or file layers the model lacks, unless they are only the classifier on top.
 * Creates tensors only when everything matches.
 */
export function matchToModel(
  keras: KerasWeights,
  model: tf.LayersModel,
  options: MatchOptions = {},
): MatchResult {
  const architecture = options.architecture ?? model.name;
  const byName = new Map(keras.layers.map((l) => [l.name, l]));
  const fileNames = keras.layers.map((l) => l.name);
  const modelLayers = model.layers.filter((l) => l.weights.length > 0);

  for (const layer of modelLayers) {
    const fileLayer = byName.get(layer.name);
    if (!fileLayer) {
      return {
        ok: false,
        message:
          `This file has no layer ${layer.name} (it holds: ${listNames(fileNames)}` +
          ` — is it a ${architecture} file?)`,
      };
    }
    const problem = checkLayer(fileLayer, layer);
    if (problem) return { ok: false, message: problem };
  }

  const wanted = new Set(modelLayers.map((l) => l.name));
  const lastMatched = Math.max(...keras.layers.map((l, i) => (wanted.has(l.name) ? i : -1)));
  const extras = keras.layers.filter((l) => !wanted.has(l.name));
  const misplaced = extras.filter(
    (l) => keras.layers.indexOf(l) < lastMatched || !looksLikeTopLayer(l),
  );
  if (misplaced.length > 0) {
    return {
      ok: false,
      message:
        `This file has layers that ${architecture} does not (${listNames(misplaced.map((l) => l.name))})` +
        ` — is it a ${architecture} file?`,
    };
  }

  const unread = modelLayers.find((l) => byName.get(l.name)!.weights.some((w) => !w.values));
  if (unread) throw new Error(`matchToModel: the values of layer ${unread.name} were not read`);

  const weights: tf.NamedTensorMap = {};
  for (const layer of modelLayers) {
    const fileLayer = byName.get(layer.name)!;
    layer.weights.forEach((w, i) => {
      const source = fileLayer.weights[i]!;
      weights[w.originalName] = tf.tensor(source.values!, source.shape, 'float32');
    });
  }
  return { ok: true, weights, ignoredLayers: extras.map((l) => l.name) };
}
