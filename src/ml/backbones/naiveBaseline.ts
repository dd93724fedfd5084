// The baseline the benchmark compares against: the seed tutorial's extraction done literally in a
// browser page. Main thread, whatever backend TensorFlow.js picks by default, one image per predict
// (decode, resize, preprocess, predict, read back), nothing cached, nothing overlapped. Used only by
// the benchmark page (bench.html), never by the app.
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec } from '../../shared/engine';
import type { PreprocessMode } from '../../shared/backbone';
import { loadBackboneFromDescriptor, type Backbone } from './backbone';
import { loadBuiltinBackbone } from './builtinBackbones';
import { CAFFE_MEAN_BGR } from './preprocess';

export interface NaiveOptions {
  readonly spec: BackboneSpec;
  readonly files: readonly Blob[];
  /** Stop timing after this many images, or once this much time went in, whichever comes first. */
  readonly maxImages: number;
  readonly maxMs: number;
  readonly onImage?: (done: number, ms: number) => void;
}

export interface NaiveResult {
  /** tfjs's own default backend in this page. */
  readonly backend: string;
  /** Timed images (the first one, which also compiles shaders, is run before timing starts). */
  readonly images: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
  readonly firstImageMs: number;
}

function preprocess(rgb: tf.Tensor3D, mode: PreprocessMode): tf.Tensor3D {
  switch (mode) {
    case 'caffe':
      return tf.sub(tf.reverse(rgb, -1), tf.tensor1d([...CAFFE_MEAN_BGR]));
    case 'tf':
      return tf.sub(tf.div(rgb, 127.5), 1);
    case 'unit':
      return tf.div(rgb, 255);
  }
}

function loadBackbone(spec: BackboneSpec): Promise<Backbone> {
  if (spec.kind === 'imported') {
    return Promise.reject(new Error('The naive baseline runs built-in and descriptor backbones.'));
  }
  if (spec.kind === 'descriptor') {
    return loadBackboneFromDescriptor(
      spec.url,
      spec.inputSize ? { inputSize: spec.inputSize } : {},
    );
  }
  return loadBuiltinBackbone(spec.id, spec.inputSize, null, new URL('./', location.href).href);
}

/** load_img(target_size) -> img_to_array -> preprocess_input -> model.predict, for one file. */
async function predictOne(backbone: Backbone, file: Blob): Promise<Float32Array> {
  const { inputSize, preprocess: mode } = backbone.info;
  const bitmap = await createImageBitmap(file);
  const features = tf.tidy(() => {
    const pixels = tf.browser.fromPixels(bitmap).toFloat();
    const resized = tf.image.resizeBilinear(pixels, [inputSize, inputSize]);
    return backbone.extract(tf.expandDims(preprocess(resized, mode)) as tf.Tensor4D);
  });
  bitmap.close();
  try {
    return (await features.data()) as Float32Array;
  } finally {
    features.dispose();
  }
}

export async function runNaiveBaseline(options: NaiveOptions): Promise<NaiveResult> {
  await tf.ready();
  const backend = tf.getBackend();
  const backbone = await loadBackbone(options.spec);
  try {
    const [first, ...rest] = options.files;
    if (!first) throw new Error('The naive baseline needs at least one image');
    let start = performance.now();
    await predictOne(backbone, first);
    const firstImageMs = performance.now() - start;
    start = performance.now();
    let images = 0;
    for (const file of rest) {
      if (images >= options.maxImages || performance.now() - start >= options.maxMs) break;
      await predictOne(backbone, file);
      images++;
      options.onImage?.(images, performance.now() - start);
    }
    const seconds = (performance.now() - start) / 1000;
    return { backend, images, seconds, imagesPerSecond: images / seconds, firstImageMs };
  } finally {
    backbone.dispose();
  }
}
