// Looks inside any layers model and proposes how to use it as a backbone: which layer gives the
// features (the last one before the classifier), what input size and preprocessing it expects, each
// with the reason in words, so a person can check or change them without knowing the model.
import type * as tf from '@tensorflow/tfjs';
import type { PreprocessMode } from '../../shared/backbone';
import type { LayerCandidate } from '../../shared/backboneImport';

/** What Teachable Machine writes beside an image model (metadata.json). */
export interface TeachableMetadata {
  readonly labels: readonly string[];
  readonly imageSize: number | null;
  readonly modelName: string | null;
}

/** A Teachable Machine image export's metadata.json, or null when `json` is something else. */
export function readTeachableMetadata(json: unknown): TeachableMetadata | null {
  if (typeof json !== 'object' || json === null) return null;
  const m = json as Record<string, unknown>;
  const isTm = m['packageName'] === '@teachablemachine/image' || typeof m['tmVersion'] === 'string';
  if (!isTm || !Array.isArray(m['labels'])) return null;
  return {
    labels: m['labels'].map(String),
    imageSize: typeof m['imageSize'] === 'number' ? m['imageSize'] : null,
    modelName: typeof m['modelName'] === 'string' ? m['modelName'] : null,
  };
}

export interface Proposal {
  readonly candidates: LayerCandidate[];
  readonly proposedLayer: string;
  readonly layerReason: string;
  readonly inputSize: number;
  readonly inputSizeFixed: boolean;
  readonly inputSizeReason: string;
  readonly preprocess: PreprocessMode;
  readonly preprocessReason: string;
}

const POOLING = new Set([
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Flatten',
  'MaxPooling2D',
  'AveragePooling2D',
]);
/** Layers that make up a classifier top: dropped to reach the features. */
const TOP = new Set(['Dense', 'Dropout', 'Activation', 'Softmax', 'Reshape']);
const NESTED = new Set(['Sequential', 'Model', 'Functional']);

function outputShapeOf(layer: tf.layers.Layer): (number | null)[] {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  const first = Array.isArray(shape[0]) ? (shape[0] as (number | null)[]) : shape;
  return (first as (number | null)[]).slice(1);
}

const candidateOf = (l: tf.layers.Layer): LayerCandidate => ({
  name: l.name,
  className: l.getClassName(),
  outputShape: outputShapeOf(l),
});

/** Index of the feature layer among the model's top-level layers, and why. */
function proposeLayer(layers: readonly tf.layers.Layer[], tm: boolean): [number, string] {
  const kinds = layers.map((l) => l.getClassName());
  const last = layers.length - 1;
  if (tm && layers.length >= 2 && NESTED.has(kinds[0]!)) {
    return [
      0,
      `A Teachable Machine export: its base "${layers[0]!.name}" gives the features; the layers after it are the classifier trained in Teachable Machine.`,
    ];
  }
  // A nested model that ends in a Dense layer is a classifier head too (Teachable Machine's shape).
  const isTop = (i: number) =>
    TOP.has(kinds[i]!) ||
    (NESTED.has(kinds[i]!) &&
      (layers[i] as tf.LayersModel).layers?.at(-1)?.getClassName() === 'Dense');
  let end = last;
  while (end > 0 && isTop(end)) end--;
  const droppedDense =
    end < last && kinds.slice(end + 1).some((k) => k === 'Dense' || NESTED.has(k));
  // A convolutional classifier (Darknet, SqueezeNet): a convolution to one map per class, then a
  // global pooling to the class scores. The features are what feeds that convolution.
  if (
    !droppedDense &&
    end >= 2 &&
    kinds[end]!.startsWith('Global') &&
    kinds[end - 1] === 'Conv2D'
  ) {
    return [
      end - 2,
      `"${layers[end - 1]!.name}" and "${layers[end]!.name}" turn the features into class scores (a convolutional classifier); the layer before them gives the features.`,
    ];
  }
  if (end === last) {
    return [last, 'The model has no classifier on top: its output is the feature.'];
  }
  const why = POOLING.has(kinds[end]!)
    ? 'the last pooling or flatten layer'
    : 'the penultimate layer';
  return [
    end,
    `The layers after it (${layers
      .slice(end + 1)
      .map((l) => l.name)
      .join(', ')}) are a classifier; "${layers[end]!.name}" is ${why} before it.`,
  ];
}

function guessPreprocess(
  modelName: string,
  tm: boolean,
): { preprocess: PreprocessMode; reason: string } {
  if (tm)
    return {
      preprocess: 'tf',
      reason: 'Teachable Machine image models take pixels scaled to [-1, 1].',
    };
  if (/mobilenet|efficientnet|inception|xception|nasnet/i.test(modelName))
    return {
      preprocess: 'tf',
      reason: `"${modelName}" looks like a Keras MobileNet/Inception family model: pixels scaled to [-1, 1].`,
    };
  if (/vgg|resnet/i.test(modelName))
    return {
      preprocess: 'caffe',
      reason: `"${modelName}" looks like a Keras VGG/ResNet: BGR minus the ImageNet means (caffe).`,
    };
  return {
    preprocess: 'unit',
    reason:
      'Nothing in the model says how it was trained; [0, 1] is the commonest. If accuracy is poor, try [-1, 1].',
  };
}

/** Proposes feature layer, input size and preprocessing for `model`, with reasons. */
export function proposeBackbone(
  model: tf.LayersModel,
  hints: { readonly name: string; readonly teachable: TeachableMetadata | null },
): Proposal {
  const layers = model.layers;
  if (layers.length === 0) throw new Error('The model has no layers.');
  const tm = hints.teachable !== null;
  const [index, layerReason] = proposeLayer(layers, tm);
  // Offered: every pooling, flatten and nested-model layer, and the last few layers.
  const offered = layers.filter(
    (l, i) =>
      i === index ||
      i >= layers.length - 6 ||
      POOLING.has(l.getClassName()) ||
      NESTED.has(l.getClassName()),
  );
  const input = model.inputs[0]?.shape ?? [];
  const fixed = typeof input[1] === 'number' && input[1] === input[2] ? input[1] : null;
  const metaSize = hints.teachable?.imageSize ?? null;
  const { preprocess, reason: preprocessReason } = guessPreprocess(
    `${hints.name} ${model.name}`,
    tm,
  );
  return {
    candidates: offered.map(candidateOf),
    proposedLayer: layers[index]!.name,
    layerReason,
    inputSize: fixed ?? metaSize ?? 224,
    inputSizeFixed: fixed !== null,
    inputSizeReason:
      fixed !== null
        ? `The model's input layer is fixed at ${fixed} × ${fixed}.`
        : metaSize !== null
          ? `metadata.json says the model was trained at ${metaSize} × ${metaSize}.`
          : 'The model takes any size; 224 × 224 is the usual size for ImageNet models.',
    preprocess,
    preprocessReason,
  };
}
