// A trained head in and out of bytes: its four tensors for the project store, a TensorFlow.js layers
// model (model.json + weights) for export, and the full model (preprocessing, backbone and head in
// one layers model) that needs nothing from this app.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessMode } from '../../shared/backbone';
import type { SavedHead } from '../../shared/project';
import { createHead, HIDDEN_UNITS, preparedSize, type Head } from './head';
import { CAFFE_MEAN_BGR } from '../backbones/preprocess';
import { modelArtifacts } from '../weights/modelArtifacts';

/** The head's weights as one buffer, in `variables` order. */
export async function saveHead(head: Head): Promise<SavedHead> {
  const parts = await Promise.all(head.variables.map((v) => v.data<'float32'>()));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return {
    kind: head.kind,
    featureShape: [...head.featureShape],
    numClasses: head.numClasses,
    weightData: all.buffer,
  };
}

/** The shapes of a head's four tensors. */
export function headShapes(saved: Omit<SavedHead, 'weightData'>): number[][] {
  const fanIn = preparedSize(saved.kind, saved.featureShape);
  return [
    [fanIn, HIDDEN_UNITS],
    [HIDDEN_UNITS],
    [HIDDEN_UNITS, saved.numClasses],
    [saved.numClasses],
  ];
}

/** Rebuilds a head from saved weights; throws when the bytes do not fit the shapes. */
export function loadHead(saved: SavedHead): Head {
  const shapes = headShapes(saved);
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const expected = sizes.reduce((a, b) => a + b, 0) * 4;
  if (saved.weightData.byteLength !== expected) {
    throw new RangeError(
      `The head's weights have ${saved.weightData.byteLength} bytes, expected ${expected}`,
    );
  }
  const head = createHead(saved.kind, saved.featureShape, saved.numClasses, 0);
  const values = new Float32Array(saved.weightData);
  let at = 0;
  head.variables.forEach((v, i) => {
    tf.tidy(() => v.assign(tf.tensor(values.subarray(at, at + sizes[i]!), shapes[i])));
    at += sizes[i]!;
  });
  return head;
}

/**
 * The head's weights by name in a layers model, in `variables` order (toLayersModel names its
 * layers): an image-in model lists them among the backbone's, not necessarily last.
 */
export const HEAD_WEIGHT_NAMES = [
  'head_dense/kernel',
  'head_dense/bias',
  'head_output/kernel',
  'head_output/bias',
] as const;

/** The head alone as a layers model: features in, class probabilities out. */
export async function headArtifacts(head: Head): Promise<tf.io.ModelArtifacts> {
  const model = head.toLayersModel();
  try {
    return await modelArtifacts(model);
  } finally {
    model.dispose();
  }
}

/**
 * The backbone's preprocessing as a 1x1 convolution with fixed weights: every mode is per-pixel
 * affine (caffe swaps RGB to BGR and subtracts the means; tf and unit scale), so a standard Conv2D
 * layer carries it and the exported model takes raw RGB pixels in [0, 255].
 */
function preprocessLayer(mode: PreprocessMode): { layer: tf.layers.Layer; init: tf.Tensor[] } {
  const kernel = new Float32Array(9);
  let bias = [0, 0, 0];
  if (mode === 'caffe') {
    // output channel c (BGR) reads input channel 2 - c (RGB)
    for (let c = 0; c < 3; c++) kernel[(2 - c) * 3 + c] = 1;
    bias = CAFFE_MEAN_BGR.map((m) => -m);
  } else {
    const scale = mode === 'tf' ? 1 / 127.5 : 1 / 255;
    for (let c = 0; c < 3; c++) kernel[c * 3 + c] = scale;
    if (mode === 'tf') bias = [-1, -1, -1];
  }
  const init = [tf.tensor4d(kernel, [1, 1, 3, 3]), tf.tensor1d(bias)];
  const layer = tf.layers.conv2d({
    filters: 3,
    kernelSize: 1,
    name: 'graft_preprocess',
    trainable: false,
    weights: init,
  });
  return { layer, init };
}

/**
 * One layers model: RGB pixels [b, size, size, 3] in [0, 255] -> preprocessing -> backbone up to its
 * feature layer -> head -> class probabilities. Loads with `tf.loadLayersModel` alone. The backbone
 * may come in parts applied in turn: a fine-tuned model's frozen part, then its trained block (each
 * a nested model, so the block's layers may carry the backbone's names: the frozen part ends before
 * them, and each part's names live in its own model).
 */
export async function fullModelArtifacts(
  backboneParts: readonly tf.LayersModel[],
  inputSize: number,
  preprocess: PreprocessMode,
  head: Head,
): Promise<tf.io.ModelArtifacts> {
  const headModel = head.toLayersModel();
  const { layer: pre, init } = preprocessLayer(preprocess);
  try {
    const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'image' });
    const x = pre.apply(input) as tf.SymbolicTensor;
    const features = backboneParts.reduce(
      (t: tf.SymbolicTensor, part: tf.LayersModel) => part.apply(t) as tf.SymbolicTensor,
      x,
    );
    const output = headModel.apply(features) as tf.SymbolicTensor;
    const full = tf.model({ inputs: input, outputs: output, name: 'graft_classifier' });
    return await modelArtifacts(full);
  } finally {
    // The head's copy and the preprocessing weights are ours; the backbone's stay with it.
    headModel.dispose();
    tf.dispose(init);
    tf.dispose(pre.weights.map((w) => w.read()));
  }
}
