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
  /**
   * Layers fine-tuning trains (kernels, biases, batch-norm scales), for example MobileNetV2's
   * `block_16_*` and `Conv_1`: the tail starts at the first of them and runs to the feature layer.
   * Absent: the backbone is not fine-tuned.
   */
  readonly trainableLayers?: readonly string[];
}

/** Where the backbone's weights came from. `generated` weights are random: fine for tests, useless for accuracy. */
export type WeightsSource =
  | { readonly kind: 'generated'; readonly seed: number }
  | { readonly kind: 'url'; readonly url: string }
  /** Installed by the person from the Weights panel (an .h5, a model folder or a URL), kept in IndexedDB. */
  | { readonly kind: 'installed'; readonly from: string; readonly installedAt: string };

/** Backbones the app knows by name; their weights come from Keras's official ImageNet files. */
export const BUILTIN_BACKBONES = ['vgg16', 'mobilenetv2'] as const;
export type BuiltinBackboneId = (typeof BUILTIN_BACKBONES)[number];

/** Facts a person weighs when choosing a backbone (Keras's published figures, at 224 x 224). */
export interface BuiltinBackboneFacts {
  readonly label: string;
  readonly summary: string;
  readonly params: number;
  /** Multiply-adds of the feature extractor (no classifier top) for one 224 x 224 image, in G. */
  readonly gMultiplyAddsAt224: number;
  readonly featureShapeAt224: readonly number[];
  readonly defaultInputSize: number;
  /** Keras's official no-top weights file, as the Weights panel asks for it. */
  readonly kerasFileName: string;
}

export const BUILTIN_BACKBONE_FACTS: Readonly<Record<BuiltinBackboneId, BuiltinBackboneFacts>> = {
  vgg16: {
    label: 'VGG16',
    summary: 'The classic: large and slow, strong general features.',
    params: 14_714_688,
    // Counted from the layers (ml/backbones/flops.ts): 15.35 G; 15.47 G is with the classifier.
    gMultiplyAddsAt224: 15.35,
    featureShapeAt224: [7, 7, 512],
    defaultInputSize: 224,
    kerasFileName: 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
  },
  mobilenetv2: {
    label: 'MobileNetV2',
    summary: 'About 50 times fewer operations than VGG16: for webcams and slower devices.',
    params: 2_257_984,
    gMultiplyAddsAt224: 0.3,
    featureShapeAt224: [7, 7, 1280],
    defaultInputSize: 224,
    kerasFileName: 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5',
  },
};

/** GFLOP per 224 x 224 image: two per multiply-add, as the benchmark counts them. */
export const gflopsAt224 = (facts: BuiltinBackboneFacts) => 2 * facts.gMultiplyAddsAt224;

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

/** What a backend computes on, in words: what a device loss takes away. */
export const BACKEND_DEVICE: Record<BackendName, string> = {
  webgpu: 'WebGPU device',
  webgl: 'WebGL context',
  wasm: 'WASM backend',
  cpu: 'CPU backend',
};

/**
 * What a result computed with these weights is worth. Generated weights are random: any accuracy
 * from them is chance plus the shape of the data, never a measure of the backbone. Weights the
 * person supplied (installed, imported, a URL) are taken as meant; with no backbone known, unknown.
 */
export type WeightsTrust = 'pretrained' | 'untrained' | 'unknown';

export function weightsTrust(info: BackboneInfo | null | undefined): WeightsTrust {
  if (!info) return 'unknown';
  return info.weights.kind === 'generated' ? 'untrained' : 'pretrained';
}
