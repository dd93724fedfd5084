// The trainable tail of a backbone for fine-tuning: the layers from the first unfrozen one (VGG16
// `block5_conv1`, MobileNetV2 `block_16_expand`, or the first a descriptor names) to the feature
// layer, rebuilt as their own model on COPIES of the weights, and the frozen part in front of them.
// The copies matter: the loaded backbone keeps its weights (and so its weights hash, which keys the
// feature cache), while the fine-tuned model owns its own. The tail must be a chain (each layer
// feeds only the next), which the last block of VGG16 and of MobileNetV2 (no residual add: it
// changes width) both are. The first trainable layer may sit inside a nested model (a Teachable
// Machine export wraps MobileNetV2 in two Sequentials): the tail then goes on through the layers
// that follow that nested model in its parents (global pooling, say) up to the feature layer.
import * as tf from '@tensorflow/tfjs';

/** The first layer trained when fine-tuning each built-in backbone: its last block onwards. */
export const FINE_TUNE_FROM = { vgg16: 'block5_conv1', mobilenetv2: 'block_16_expand' } as const;

/**
 * Which layers fine-tuning trains: every layer from `from` to the feature layer, or only the
 * `named` ones (a descriptor's `trainableLayers`; the tail starts at the first of them in the model
 * and the layers between them are carried along frozen).
 */
export type TrainableLayers = string | readonly string[];

export interface Tail {
  /** Shape of one frozen-part output (the tail's input), without the batch axis. */
  readonly inputShape: readonly number[];
  readonly layerNames: readonly string[];
  /** Trainable weights: kernels, biases, batch-norm gamma and beta (moving statistics stay). */
  readonly variables: readonly tf.Variable[];
  /**
   * The block as its own layers model (frozen-part output in, features out), for export and for
   * loading saved weights by name; its layers keep the backbone's names. Not for training: `apply`.
   */
  readonly model: tf.LayersModel;
  /** Batch-norm layers run in inference mode, as Keras advises when fine-tuning. */
  apply(x: tf.Tensor): tf.Tensor;
  snapshot(): tf.Tensor[];
  restore(weights: readonly tf.Tensor[]): void;
  dispose(): void;
}

type LayerClass = {
  fromConfig(cls: unknown, config: tf.serialization.ConfigDict): tf.layers.Layer;
};

/** Layer names of `model`, nested models' layers included. */
function allLayerNames(model: tf.LayersModel): string[] {
  return model.layers.flatMap((l) =>
    l instanceof tf.LayersModel ? [l.name, ...allLayerNames(l)] : [l.name],
  );
}

/**
 * The layers that feed `layer` inside `model` (a nested model also has a node of its own). A set:
 * applying a nested model to a new input gives its layers another node from the same feeders.
 */
function feedersIn(
  model: tf.LayersModel,
  layer: tf.layers.Layer,
  also: ReadonlySet<tf.layers.Layer> = new Set(),
): tf.layers.Layer[] {
  const inModel = new Set(model.layers);
  const feeders = layer.inboundNodes
    .flatMap((n) => n.inboundLayers)
    .filter((l) => inModel.has(l) || also.has(l) || l.getClassName() === 'InputLayer');
  return [...new Set(feeders)];
}

/**
 * Checks that each of `layers` is fed by the one before it alone, the first by `before`. A nested
 * model's layers may be fed by the nested model or, where a Sequential was built by adding a model,
 * by that model's last layer: both count as `before`.
 */
function checkChain(
  model: tf.LayersModel,
  layers: readonly tf.layers.Layer[],
  before: tf.layers.Layer,
) {
  layers.forEach((layer, i) => {
    const feeding = i === 0 ? before : layers[i - 1]!;
    const accepted = new Set([feeding]);
    if (feeding instanceof tf.LayersModel) accepted.add(feeding.outputs[0]!.sourceLayer);
    const inbound = feedersIn(model, layer, accepted);
    if (inbound.length !== 1 || !accepted.has(inbound[0]!)) {
      throw new Error(
        `Fine-tuning needs a chain of layers; "${layer.name}" is not fed by "${feeding.name}" alone.`,
      );
    }
  });
}

/** The frozen part (a model sharing `model`'s layers) and the layers the tail copies, in order. */
function locate(
  model: tf.LayersModel,
  first: string,
  lastLayer: string | null,
): { frozen: tf.LayersModel; layers: tf.layers.Layer[] } {
  const names = model.layers.map((l) => l.name);
  const end = lastLayer === null ? names.length - 1 : names.indexOf(lastLayer);
  const refuse = () =>
    new Error(
      `Cannot fine-tune from "${first}"${lastLayer ? ` to "${lastLayer}"` : ''}: not in this model in that order.`,
    );
  const start = names.indexOf(first);
  if (start >= 0) {
    if (start < 1 || end < start) throw refuse();
    const layers = model.layers.slice(start, end + 1);
    const before = model.layers[start - 1]!;
    checkChain(model, layers, before);
    return {
      frozen: tf.model({ inputs: model.inputs, outputs: before.output as tf.SymbolicTensor }),
      layers,
    };
  }
  const at = model.layers.findIndex(
    (l) => l instanceof tf.LayersModel && allLayerNames(l).includes(first),
  );
  if (at < 0 || end < at) throw refuse();
  const nested = model.layers[at] as tf.LayersModel;
  // The nested model must take this model's input as it is: its frozen part is then this one's.
  const fedBy = feedersIn(model, nested);
  if (fedBy.some((l) => l.getClassName() !== 'InputLayer')) {
    throw new Error(
      `Cannot fine-tune inside "${nested.name}": it is not the first part of "${model.name}".`,
    );
  }
  const inner = locate(nested, first, null);
  const after = model.layers.slice(at + 1, end + 1);
  checkChain(model, after, nested);
  return { frozen: inner.frozen, layers: [...inner.layers, ...after] };
}

/**
 * Splits `model` at `trainable`: returns the frozen part (sharing `model`'s layers: dispose `model`
 * to free it) and a tail of copied layers up to `lastLayer` (the model's output when null).
 */
export function splitForFineTuning(
  model: tf.LayersModel,
  trainable: TrainableLayers,
  lastLayer: string | null,
): { frozen: tf.LayersModel; tail: Tail } {
  const named = typeof trainable === 'string' ? null : new Set(trainable);
  let first: string;
  if (named === null) first = trainable as string;
  else {
    const order = allLayerNames(model);
    const unknown = [...named].filter((n) => !order.includes(n));
    if (named.size === 0 || unknown.length > 0)
      throw new Error(
        named.size === 0
          ? 'No trainable layers named.'
          : `Trainable layers not in this model: ${unknown.join(', ')}`,
      );
    first = order.find((n) => named.has(n))!;
  }
  const { frozen, layers } = locate(model, first, lastLayer);
  const outside = named ? [...named].filter((n) => !layers.some((l) => l.name === n)) : [];
  if (outside.length > 0)
    throw new Error(`Trainable layers past the feature layer: ${outside.join(', ')}`);
  const frozenOutput = frozen.outputs[0]!;
  const inputShape = frozenOutput.shape.slice(1) as number[];
  if (inputShape.some((d) => d == null))
    throw new Error('The frozen part must have a fixed output shape.');

  const input = tf.input({ shape: inputShape });
  let x: tf.SymbolicTensor = input;
  const copies = layers.map((layer) => {
    const cls = layer.constructor as unknown as LayerClass;
    const copy = cls.fromConfig(cls, { ...layer.getConfig(), name: layer.name });
    x = copy.apply(x) as tf.SymbolicTensor;
    return copy;
  });
  const tailModel = tf.model({ inputs: input, outputs: x, name: 'graft_tuned_block' });
  copies.forEach((copy, i) => {
    copy.setWeights(layers[i]!.getWeights());
    if (named && !named.has(copy.name)) copy.trainable = false;
  });
  const variables = tailModel.trainableWeights.map((w) => w.read() as tf.Variable);
  // Every copy's weights, frozen ones included (the model's own list leaves out untrainable layers).
  const all = () => copies.flatMap((c) => c.weights).map((w) => w.read() as tf.Variable);

  return {
    frozen,
    tail: {
      inputShape,
      layerNames: layers.map((l) => l.name),
      variables,
      model: tailModel,
      apply: (t) => tailModel.apply(t, { training: false }) as tf.Tensor,
      snapshot: () => all().map((v) => v.clone()),
      restore: (weights) => all().forEach((v, i) => v.assign(weights[i]!)),
      dispose: () => {
        const owned = all();
        tailModel.dispose();
        for (const v of owned) if (!v.isDisposed) v.dispose();
      },
    },
  };
}
