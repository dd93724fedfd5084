// Backbones are data, not code paths: a descriptor says where a layers model is and how to feed it.

export const PREPROCESS_MODES = ['caffe', 'tf', 'unit'] as const;
/** caffe: RGB->BGR minus ImageNet means (Keras VGG16); tf: scale to [-1, 1]; unit: scale to [0, 1]. */
export type PreprocessMode = (typeof PREPROCESS_MODES)[number];

export interface BackboneDescriptor {
  readonly name: string;
  /** URL of the TensorFlow.js layers `model.json`, relative to the descriptor's own URL. */
  readonly modelUrl: string;
  readonly inputSize: number;
  readonly preprocess: PreprocessMode;
  /** Name of the layer whose output is the feature, or null for the model's output. */
  readonly featureLayer: string | null;
}

/** Where the backbone's weights came from. `generated` weights are random: fine for tests, useless for accuracy. */
export type WeightsSource =
  | { readonly kind: 'generated'; readonly seed: number }
  | { readonly kind: 'url'; readonly url: string };

/** What the UI shows about the backbone in use. */
export interface BackboneInfo {
  readonly name: string;
  readonly inputSize: number;
  readonly preprocess: PreprocessMode;
  readonly featureLayer: string | null;
  readonly featureShape: readonly number[];
  readonly weights: WeightsSource;
  /** SHA-256 of the weight bytes, hex. Part of every feature cache key. */
  readonly weightsHash: string;
  readonly paramCount: number;
}

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
