// Which layer's map Grad-CAM weighs, for a given backbone: the last spatial (4-D) output before the
// features lose their positions. When the cached features are that map already (VGG16 block5_pool,
// MobileNetV2 out_relu, Darknet's last leaky ReLU) the cache is used as is; when the feature layer
// comes after a global pooling (a Teachable Machine MobileNetV2: sequential_5 ends in one), the map
// is an inner layer and the layers from it to the feature (the pooling) run again for the gradient.
import * as tf from '@tensorflow/tfjs';

export type CamSource =
  /** The cached features are the spatial map: Grad-CAM needs the head alone. */
  | { readonly kind: 'features'; readonly layer: string }
  /**
   * Run the backbone to `layer` (the last 4-D output), then the layers from `poolFrom` to the
   * feature layer (the pooling), then the head.
   */
  | { readonly kind: 'forward'; readonly layer: string; readonly poolFrom: string };

/** The layers of `model` in order, nested models replaced by their own layers; input layers left out. */
function flatLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((l) =>
    l instanceof tf.LayersModel ? flatLayers(l) : l.getClassName() === 'InputLayer' ? [] : [l],
  );
}

function outputRank(layer: tf.layers.Layer): number {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  const first = Array.isArray(shape[0]) ? (shape[0] as (number | null)[]) : shape;
  return first.length;
}

/**
 * Where the evidence map comes from for a backbone cut at its feature layer (`featureModel`, whose
 * output has `featureShape` without the batch axis). Throws with the reason when no layer fits.
 */
export function chooseCamSource(
  featureModel: tf.LayersModel,
  featureShape: readonly number[],
): CamSource {
  const layers = flatLayers(featureModel);
  const last = layers.at(-1);
  if (!last) throw new Error('The backbone has no layers to explain.');
  if (featureShape.length === 3) return { kind: 'features', layer: last.name };
  let at = -1;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (outputRank(layers[i]!) === 4) {
      at = i;
      break;
    }
  }
  if (at < 0 || at === layers.length - 1) {
    throw new Error(
      `No spatial (height x width x channels) layer before the features [${featureShape.join(', ')}]: nothing to map back onto the photo.`,
    );
  }
  return { kind: 'forward', layer: layers[at]!.name, poolFrom: layers[at + 1]!.name };
}
