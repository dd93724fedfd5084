// Saved weights (specs + bytes) into a model of the same architecture. The backbones have no top,
// so weights saved at one input size load into a model built at any other.
import * as tf from '@tensorflow/tfjs';

/**
 * Loads weights saved from one model (specs + bytes, e.g. a converted model.json's shards) into
 * another of the same architecture, whatever its input size. Creates no lasting tensors.
 */
export function loadWeightsInto(
  model: tf.LayersModel,
  weightSpecs: readonly tf.io.WeightsManifestEntry[],
  weightData: tf.io.WeightData,
): void {
  const named = tf.io.decodeWeights(weightData, [...weightSpecs]);
  try {
    model.loadWeights(named, true);
  } finally {
    tf.dispose(Object.values(named));
  }
}
