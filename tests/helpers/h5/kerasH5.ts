// Writes HDF5 files in the layout of Keras's official weight files, with h5wasm: a root attribute
// `layer_names` (fixed-length byte strings, as h5py writes them), one group per layer with a
// `weight_names` attribute, layers without weights listed too, and seeded random values. Also sets
// the same values straight into a model, for the reference side of a round trip.

import { mulberry32 } from '../../../src/ml/random';
import * as tf from '@tensorflow/tfjs';
import h5wasm, { Group } from 'h5wasm';

export interface SpecWeight {
  /** The model's role for it: kernel, bias, gamma, beta, moving_mean, moving_variance... */
  readonly role: string;
  readonly shape: number[];
  readonly values: Float32Array;
}

export interface SpecLayer {
  readonly name: string;
  /** Empty for layers without weights (input, pooling, activations): listed, as Keras does. */
  readonly weights: SpecWeight[];
}

/**
 * legacy: Keras 1-era names as in the official VGG16 file (`block1_conv1_W_1:0`, datasets in the
 * layer group); modern: `block1_conv1/kernel:0` (h5py makes `block1_conv1/` a subgroup).
 */
export type WeightNaming = 'legacy' | 'modern';

export interface WriteOptions {
  readonly naming?: WeightNaming;
  /** A full-model save: weights under `model_weights`, plus a `model_config` attribute. */
  readonly fullModel?: boolean;
  /** Split layer_names into layer_names0, layer_names1... as Keras does past 64 KB. */
  readonly chunkLayerNames?: number;
}

const rng = mulberry32;

/**
 * Values that keep activations of a deep stack in a sane range but make every tensor matter: He
 * uniform kernels, and biases and batch-norm statistics far from their identity values, so that a
 * swapped mean and variance or a dropped bias changes the output.
 */
function fill(role: string, shape: readonly number[], rand: () => number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const uniform = (lo: number, hi: number) => {
    for (let i = 0; i < size; i++) out[i] = lo + (hi - lo) * rand();
  };
  if (role === 'gamma' || role === 'moving_variance') uniform(0.5, 1.5);
  else if (role === 'beta' || role === 'moving_mean' || role === 'bias') uniform(-0.2, 0.2);
  else {
    const fanIn =
      role === 'depthwise_kernel'
        ? shape.slice(0, -2).reduce((a, b) => a * b, 1)
        : shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const limit = Math.sqrt(6 / Math.max(1, fanIn));
    uniform(-limit, limit);
  }
  return out;
}

/** One spec layer per model layer (weights or not), with seeded values in the model's shapes. */
export function specFromModel(model: tf.LayersModel, seed: number): SpecLayer[] {
  const rand = rng(seed);
  return model.layers.map((layer) => ({
    name: layer.name,
    weights: layer.weights.map((w) => {
      const role = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const shape = w.shape as number[];
      return { role, shape, values: fill(role, shape, rand) };
    }),
  }));
}

const LEGACY_SUFFIX: Readonly<Record<string, string>> = { kernel: 'W', bias: 'b' };

function weightName(layer: string, role: string, naming: WeightNaming): string {
  return naming === 'legacy' ? `${layer}_${LEGACY_SUFFIX[role] ?? role}_1:0` : `${layer}/${role}:0`;
}

/** h5py writes name lists as fixed-length byte strings sized to the longest name. */
function writeNames(group: Group, attr: string, names: readonly string[]): void {
  if (names.length === 0) {
    group.create_attribute(attr, new Float64Array(0), [0]);
    return;
  }
  const width = Math.max(...names.map((n) => n.length));
  group.create_attribute(attr, [...names], [names.length], `S${width}`);
}

let fileCounter = 0;

/** The bytes of an HDF5 file holding `layers` in the Keras layout. */
export async function writeKerasH5(
  layers: readonly SpecLayer[],
  options: WriteOptions = {},
): Promise<Uint8Array> {
  const naming = options.naming ?? 'legacy';
  const module = await h5wasm.ready;
  const path = `/keras-test-${++fileCounter}.h5`;
  const file = new h5wasm.File(path, 'w');
  try {
    let root: Group = file;
    if (options.fullModel) {
      file.create_attribute('model_config', JSON.stringify({ class_name: 'Functional' }));
      root = file.create_group('model_weights');
    }
    root.create_attribute('backend', 'tensorflow');
    root.create_attribute('keras_version', '2.1.5');
    const names = layers.map((l) => l.name);
    const chunks = options.chunkLayerNames ?? 0;
    if (chunks > 1) {
      const per = Math.ceil(names.length / chunks);
      for (let c = 0; c < chunks; c++) {
        writeNames(root, `layer_names${c}`, names.slice(c * per, (c + 1) * per));
      }
    } else {
      writeNames(root, 'layer_names', names);
    }
    for (const layer of layers) {
      const group = root.create_group(layer.name);
      const wNames = layer.weights.map((w) => weightName(layer.name, w.role, naming));
      writeNames(group, 'weight_names', wNames);
      layer.weights.forEach((w, i) => {
        const name = wNames[i]!;
        const slash = name.lastIndexOf('/');
        const parent = slash === -1 ? group : ensureGroup(group, name.slice(0, slash));
        parent.create_dataset({ name: name.slice(slash + 1), data: w.values, shape: w.shape });
      });
    }
  } finally {
    file.close();
  }
  const bytes = module.FS.readFile(path);
  module.FS.unlink(path);
  return bytes;
}

function ensureGroup(parent: Group, name: string): Group {
  const existing = parent.get(name);
  return existing instanceof Group ? existing : parent.create_group(name);
}

/** Sets the spec's values straight into `model` (layers by name), bypassing any file. */
export function setSpecWeights(model: tf.LayersModel, layers: readonly SpecLayer[]): void {
  const byName = new Map(layers.map((l) => [l.name, l]));
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const spec = byName.get(layer.name);
    if (!spec) throw new Error(`spec has no layer ${layer.name}`);
    const tensors = spec.weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
}

/** The spec with one layer's weight replaced by another shape (fresh values). */
export function withWrongShape(
  layers: readonly SpecLayer[],
  layerName: string,
  role: string,
  shape: number[],
): SpecLayer[] {
  return layers.map((l) =>
    l.name !== layerName
      ? l
      : {
          name: l.name,
          weights: l.weights.map((w) =>
            w.role === role
              ? { role, shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) }
              : w,
          ),
        },
  );
}
