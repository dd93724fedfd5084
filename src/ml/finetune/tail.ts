// The trainable tail of a backbone for fine-tuning: the layers from the first unfrozen one (VGG16
// `block5_conv1`, MobileNetV2 `block_16_expand`) to the feature layer, rebuilt as their own model
// on COPIES of the weights, and the frozen part in front of them. The copies matter: the loaded
// backbone keeps its weights (and so its weights hash, which keys the feature cache), while the
// fine-tuned model owns its own. The tail must be a chain (each layer feeds only the next), which the
// last block of VGG16 and of MobileNetV2 (no residual add: it changes width) both are.
import * as tf from '@tensorflow/tfjs';

/** The first layer trained when fine-tuning each built-in backbone: its last block onwards. */
export const FINE_TUNE_FROM = { vgg16: 'block5_conv1', mobilenetv2: 'block_16_expand' } as const;

export interface Tail {
  /** Shape of one frozen-part output (the tail's input), without the batch axis. */
  readonly inputShape: readonly number[];
  readonly layerNames: readonly string[];
  /** Trainable weights: kernels, biases, batch-norm gamma and beta (moving statistics stay). */
  readonly variables: readonly tf.Variable[];
  /** Batch-norm layers run in inference mode, as Keras advises when fine-tuning. */
  apply(x: tf.Tensor): tf.Tensor;
  snapshot(): tf.Tensor[];
  restore(weights: readonly tf.Tensor[]): void;
  dispose(): void;
}

type LayerClass = {
  fromConfig(cls: unknown, config: tf.serialization.ConfigDict): tf.layers.Layer;
};

/**
 * Splits `model` at `firstTrainable`: returns the frozen part (sharing `model`'s layers: dispose
 * `model` to free it) and a tail of copied layers up to `lastLayer` (the model's output when null).
 */
export function splitForFineTuning(
  model: tf.LayersModel,
  firstTrainable: string,
  lastLayer: string | null,
): { frozen: tf.LayersModel; tail: Tail } {
  const names = model.layers.map((l) => l.name);
  const start = names.indexOf(firstTrainable);
  const end = lastLayer === null ? names.length - 1 : names.indexOf(lastLayer);
  if (start < 1 || end < start) {
    throw new Error(
      `Cannot fine-tune from "${firstTrainable}"${lastLayer ? ` to "${lastLayer}"` : ''}: not in this model in that order.`,
    );
  }
  const layers = model.layers.slice(start, end + 1);
  const before = model.layers[start - 1]!;
  layers.forEach((layer, i) => {
    const feeding = i === 0 ? before : layers[i - 1]!;
    const inbound = layer.inboundNodes.flatMap((n) => n.inboundLayers);
    if (inbound.length !== 1 || inbound[0] !== feeding) {
      throw new Error(
        `Fine-tuning needs a chain of layers; "${layer.name}" is not fed by "${feeding.name}" alone.`,
      );
    }
  });
  const frozenOutput = before.output as tf.SymbolicTensor;
  const frozen = tf.model({ inputs: model.inputs, outputs: frozenOutput });
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
  const tailModel = tf.model({ inputs: input, outputs: x });
  copies.forEach((copy, i) => copy.setWeights(layers[i]!.getWeights()));
  const variables = tailModel.trainableWeights.map((w) => w.read() as tf.Variable);
  const all = () => tailModel.weights.map((w) => w.read() as tf.Variable);

  return {
    frozen,
    tail: {
      inputShape,
      layerNames: layers.map((l) => l.name),
      variables,
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
