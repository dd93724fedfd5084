// Reads the weights out of an opened Keras 2 HDF5 file (weights-only `save_weights` files and
// full-model saves, whose weights sit in a `model_weights` group), in the file's layer order. The
// layer list comes from the `layer_names` attribute and each layer's weights from its
// `weight_names` attribute, never from hard-coded paths: files from different Keras eras name
// their datasets differently (`block1_conv1_W_1:0` or `block1_conv1/kernel:0`).

import type { Dataset, Entity, Group } from 'h5wasm';
import type { H5Result } from './openH5';

export interface KerasWeight {
  /** The name as the file stores it, e.g. `block1_conv1_W_1:0` or `block1_conv1/kernel:0`. */
  readonly name: string;
  readonly shape: number[];
  /** null when the caller chose not to read it (a layer the model has no use for). */
  readonly values: Float32Array | null;
}

export interface KerasLayer {
  readonly name: string;
  readonly weights: KerasWeight[];
}

/** Layers that hold weights, in file order (layers without weights are left out, as Keras does). */
export interface KerasWeights {
  readonly layers: KerasLayer[];
}

// By the `type` tag rather than instanceof, so that any h5wasm-like object (or a test double) works.
const isGroup = (e: Entity | null): e is Group => e !== null && 'type' in e && e.type === 'Group';
const isDataset = (e: Entity | null): e is Dataset =>
  e !== null && 'type' in e && e.type === 'Dataset';

/**
 * One name from an attribute value. h5py writes these as fixed-length byte strings, padded with
 * NULs (or spaces, for space-padded types); h5wasm may hand them over as text or as bytes.
 */
function decodeName(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Uint8Array || value instanceof Int8Array) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const end = bytes.indexOf(0);
    text = new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
  } else {
    throw new Error(`expected text, found ${typeof value}`);
  }
  const nul = text.indexOf('\0');
  return (nul === -1 ? text : text.slice(0, nul)).trimEnd();
}

function decodeNames(value: unknown): string[] {
  if (value == null) return [];
  if (Array.isArray(value)) return value.flat(Infinity).map(decodeName);
  // A layer without weights: h5py stores `np.asarray([])`, an empty float64 array.
  if (ArrayBuffer.isView(value) && value.byteLength === 0) return [];
  return [decodeName(value)];
}

/**
 * A list-of-names attribute. Keras splits attributes over 64 KB (HDF5's limit for attributes in
 * the object header) into `name0`, `name1`, ... (`save_attributes_to_hdf5_group`).
 */
function readNameList(group: Group, name: string): string[] | null {
  const attrs = group.attrs;
  if (name in attrs) return decodeNames(attrs[name]?.value);
  if (!(`${name}0` in attrs)) return null;
  const names: string[] = [];
  for (let i = 0; `${name}${i}` in attrs; i++)
    names.push(...decodeNames(attrs[`${name}${i}`]?.value));
  return names;
}

/** The group that holds `layer_names`: the root of a weights file, `model_weights` of a full save. */
function findWeightsRoot(file: Group): Group | null {
  if (readNameList(file, 'layer_names') !== null) return file;
  const nested = file.get('model_weights');
  if (isGroup(nested) && readNameList(nested, 'layer_names') !== null) return nested;
  return null;
}

function describeNotKeras(file: Group): string {
  const keys = file.keys();
  if (keys.includes('layers') || keys.includes('vars')) {
    return 'This looks like a Keras 3 weights file (.weights.h5); only Keras 2 .h5 files (layer_names) are supported';
  }
  const shown = keys.slice(0, 8).join(', ') || 'nothing';
  return `This HDF5 file is not a Keras weights file: it has no layer_names attribute (it holds ${shown})`;
}

export interface ReadOptions {
  /**
   * Whether to read a layer's values (default: all). Shapes are always read. Skipping the
   * classifier of a full VGG16 file (fc1 alone is 411 MB) keeps memory to what the model needs.
   */
  readonly valuesFor?: (layerName: string) => boolean;
}

function readWeight(
  group: Group,
  layerName: string,
  weightName: string,
  withValues: boolean,
): H5Result<KerasWeight> {
  const entity = group.get(weightName);
  if (!isDataset(entity)) {
    return {
      ok: false,
      message: `Layer ${layerName} lists weight ${weightName}, but the file has no such dataset`,
    };
  }
  const shape = entity.shape ?? [];
  if (!withValues) return { ok: true, value: { name: weightName, shape, values: null } };
  const raw = entity.value;
  let values: Float32Array;
  if (raw instanceof Float32Array) values = raw;
  else if (raw instanceof Float64Array) values = Float32Array.from(raw);
  else {
    return {
      ok: false,
      message: `Layer ${layerName} weight ${weightName} is stored as ${String(entity.dtype)}, not floats`,
    };
  }
  const expected = shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    return {
      ok: false,
      message: `Layer ${layerName} weight ${weightName} has ${values.length} values for shape [${shape.join(',')}]`,
    };
  }
  return { ok: true, value: { name: weightName, shape, values } };
}

/** Reads every layer with weights, in `layer_names` order. Refusals name what is wrong. */
export function readKerasWeights(file: Group, options: ReadOptions = {}): H5Result<KerasWeights> {
  const root = findWeightsRoot(file);
  if (root === null) return { ok: false, message: describeNotKeras(file) };
  const layerNames = readNameList(root, 'layer_names') ?? [];

  const layers: KerasLayer[] = [];
  for (const layerName of layerNames) {
    const group = root.get(layerName);
    if (!isGroup(group)) {
      return {
        ok: false,
        message: `The file lists layer ${layerName} in layer_names but has no group for it`,
      };
    }
    const weightNames = readNameList(group, 'weight_names') ?? [];
    if (weightNames.length === 0) continue;
    const withValues = options.valuesFor?.(layerName) ?? true;
    const weights: KerasWeight[] = [];
    for (const weightName of weightNames) {
      const weight = readWeight(group, layerName, weightName, withValues);
      if (!weight.ok) return weight;
      weights.push(weight.value);
    }
    layers.push({ name: layerName, weights });
  }
  if (layers.length === 0)
    return { ok: false, message: 'This Keras file holds no layers with weights' };
  return { ok: true, value: { layers } };
}
