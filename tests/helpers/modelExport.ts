// Small TensorFlow.js layers models written the way tfjs and Teachable Machine write them (model.json,
// weights.bin, metadata.json), generated and seeded: for the backbone import tests.
import * as tf from '@tensorflow/tfjs';

export interface ExportFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Conv → MaxPool → Conv → GlobalAveragePooling → Dense(8, relu) → Dropout → Dense(3, softmax). */
export function classifierModel(size = 16): tf.LayersModel {
  return tf.sequential({
    name: 'tiny_classifier',
    layers: [
      tf.layers.conv2d({
        inputShape: [size, size, 3],
        filters: 4,
        kernelSize: 3,
        name: 'conv_a',
        seed: 1,
      } as never),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool_a' }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu', name: 'conv_b' }),
      tf.layers.globalAveragePooling2d({ name: 'features_gap' }),
      tf.layers.dense({ units: 8, activation: 'relu', name: 'hidden' }),
      tf.layers.dropout({ rate: 0.5, name: 'drop' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'predictions' }),
    ],
  });
}

/** Teachable Machine's shape: Sequential[ Sequential base (… → global pooling), Sequential head ]. */
export function teachableModel(size = 16): tf.LayersModel {
  const base = tf.sequential({
    name: 'sequential_1',
    layers: [
      tf.layers.conv2d({ inputShape: [size, size, 3], filters: 5, kernelSize: 3, name: 'Conv1' }),
      tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }),
    ],
  });
  const head = tf.sequential({
    name: 'sequential_3',
    layers: [
      tf.layers.dense({ inputShape: [5], units: 4, activation: 'relu', name: 'dense_Dense1' }),
      tf.layers.dense({ units: 2, activation: 'softmax', name: 'dense_Dense2' }),
    ],
  });
  return tf.sequential({ name: 'sequential_4', layers: [base, head] });
}

export const TEACHABLE_METADATA = {
  tfjsVersion: '1.3.1',
  tmVersion: '2.4.5',
  packageVersion: '0.8.4-alpha2',
  packageName: '@teachablemachine/image',
  timeStamp: '2026-01-01T00:00:00.000Z',
  userMetadata: {},
  modelName: 'my-image-model',
  labels: ['cats', 'dogs'],
  imageSize: 16,
};

/** `model` as tfjs saves it: model.json (weights in weights.bin) and weights.bin. */
export async function exportModel(model: tf.LayersModel, dir = 'model'): Promise<ExportFile[]> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = saved! as tf.io.ModelArtifacts;
  const json = {
    format: 'layers-model',
    generatedBy: a.generatedBy,
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
  };
  const data = tf.io.concatenateArrayBuffers(a.weightData!);
  return [
    { path: `${dir}/model.json`, bytes: new TextEncoder().encode(JSON.stringify(json)) },
    { path: `${dir}/weights.bin`, bytes: new Uint8Array(data) },
  ];
}

export const asDropped = (files: readonly ExportFile[]) =>
  files.map((f) => ({ path: f.path, file: new Blob([f.bytes as BlobPart]) }));
