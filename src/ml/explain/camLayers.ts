// The layers a person may choose for Grad-CAM, and running a backbone from one of them. A layer
// qualifies when its output is spatial (4-D), ends a step of the network (a non-linearity, a
// residual sum, a pooling, a convolution with its activation) and cuts the graph: every path from
// the photo to the features passes through it, so the features are a function of that map alone
// (a layer inside a MobileNetV2 residual block is not: the block's sum also reads its input). The
// run walks the layers model's own graph (tfjs-layers has no public "feed an inner tensor"), through
// nested models (a Teachable Machine export wraps MobileNetV2 in two Sequentials), with every layer
// in inference mode, so tf.grad differentiates the backbone's rest from the chosen map.
import * as tf from '@tensorflow/tfjs';

type Symbolic = tf.SymbolicTensor;
type Layer = tf.layers.Layer;

/** How many layers the chooser offers at most (the default and the ones just before it). */
export const MAX_CAM_LAYERS = 8;

/** Classes whose output ends a step of the network, beside convolutions with an activation. */
const STEP_ENDS = new Set([
  'ReLU',
  'Activation',
  'LeakyReLU',
  'ELU',
  'Add',
  'Concatenate',
  'MaxPooling2D',
  'AveragePooling2D',
]);
const CONVOLUTIONS = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);

function isInput(layer: Layer): boolean {
  return layer.getClassName() === 'InputLayer';
}

/** The node that produced `t`, and what it read. */
function producer(t: Symbolic) {
  return t.sourceLayer.inboundNodes[t.nodeIndex]!;
}

/** Every layer `model` runs, nested models' own layers included, in the order the models list them. */
export function allLayers(model: tf.LayersModel): Layer[] {
  return model.layers.flatMap((l) => (l instanceof tf.LayersModel ? allLayers(l) : [l]));
}

function outputShapeOf(layer: Layer): (number | null)[] {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  return Array.isArray(shape[0]) ? (shape[0] as (number | null)[]) : (shape as (number | null)[]);
}

/**
 * Whether `model`'s output can be computed from `layer`'s output alone: a walk back from the
 * output that stops at `layer` never reaches the photo.
 */
export function cutsGraph(model: tf.LayersModel, layer: Layer): boolean {
  // Tensor ids are unique across models, so one memo serves the nested graphs too.
  const memo = new Map<number, boolean>();
  const reaches = (t: Symbolic, scope: ReadonlyMap<number, () => boolean>): boolean => {
    if (t.sourceLayer === layer) return false;
    const outer = scope.get(t.id);
    if (outer) return outer();
    const known = memo.get(t.id);
    if (known !== undefined) return known;
    const source = t.sourceLayer;
    let result = isInput(source);
    if (!result) {
      const node = producer(t);
      if (source instanceof tf.LayersModel) {
        // Inside the nested model, its inputs stand for what this node read.
        const inner = new Map(
          source.inputs.map((i, k) => [i.id, () => reaches(node.inputTensors[k]!, scope)]),
        );
        result = source.outputs.some((o) => reaches(o, inner));
      } else result = node.inputTensors.some((i) => reaches(i, scope));
    }
    memo.set(t.id, result);
    return result;
  };
  return !model.outputs.some((o) => reaches(o, new Map()));
}

function endsStep(layer: Layer): boolean {
  const kind = layer.getClassName();
  if (STEP_ENDS.has(kind)) return true;
  if (!CONVOLUTIONS.has(kind)) return false;
  const activation = (layer.getConfig() as { activation?: unknown }).activation;
  return activation !== undefined && activation !== 'linear';
}

/**
 * The layers offered for Grad-CAM on `model` (a backbone cut at its feature layer): `preferred` (the
 * default map) first, then the qualifying layers before it, nearest first, `MAX_CAM_LAYERS` in all.
 */
export function camLayerChoices(model: tf.LayersModel, preferred: string): string[] {
  const layers = allLayers(model);
  const at = layers.findIndex((l) => l.name === preferred);
  const before = layers.slice(0, at < 0 ? layers.length : at).reverse();
  const choices = [preferred];
  for (const layer of before) {
    if (choices.length >= MAX_CAM_LAYERS) break;
    const shape = outputShapeOf(layer);
    if (shape.length !== 4 || isInput(layer) || !endsStep(layer)) continue;
    if (cutsGraph(model, layer)) choices.push(layer.name);
  }
  return choices;
}

/**
 * Runs `model` on `input` (a preprocessed batch), every layer in inference mode. With `from`, the
 * layer `from.layer`'s output is `from.value` instead (what tf.grad differentiates against); the
 * photo is then never read, so a layer that does not cut the graph throws. `capture` keeps the
 * output of that layer (in `captured`). Call inside tf.tidy: intermediate tensors are not freed here.
 */
export function runFrom(
  model: tf.LayersModel,
  input: tf.Tensor | null,
  from: { readonly layer: string; readonly value: tf.Tensor } | null,
  capture?: { readonly layer: string; captured?: tf.Tensor },
): tf.Tensor {
  const values = new Map<number, tf.Tensor>();
  const evaluate = (t: Symbolic, scope: Map<number, tf.Tensor>): tf.Tensor => {
    const fed = scope.get(t.id) ?? values.get(t.id);
    if (fed) return fed;
    const source = t.sourceLayer;
    if (from && source.name === from.layer) return from.value;
    if (isInput(source)) {
      if (!input) throw new Error(`The features depend on more than layer "${from?.layer}".`);
      return input;
    }
    const node = producer(t);
    const inputs = node.inputTensors.map((i) => evaluate(i, scope));
    let outputs: tf.Tensor[];
    if (source instanceof tf.LayersModel) {
      const inner = new Map(source.inputs.map((i, k) => [i.id, inputs[k]!]));
      outputs = source.outputs.map((o) => evaluate(o, inner));
    } else {
      const out = source.apply(inputs.length === 1 ? inputs[0]! : inputs, {
        ...node.callArgs,
        training: false,
      }) as tf.Tensor | tf.Tensor[];
      outputs = Array.isArray(out) ? out : [out];
    }
    node.outputTensors.forEach((o, k) => values.set(o.id, outputs[k]!));
    if (capture && source.name === capture.layer) capture.captured = outputs[0];
    return values.get(t.id)!;
  };
  return evaluate(model.outputs[0]!, new Map());
}
