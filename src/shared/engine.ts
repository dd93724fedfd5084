// Requests and results of the worker's engine that the UI builds or reads.
import type { BackendName, BackboneInfo } from './backbone';
import type { DatasetManifest, DatasetProblem } from './dataset';
import type { Evaluation, Prediction, TrainResult } from './training';

/** Which backbone to run. The built-in VGG16 uses real weights when installed, else generated ones. */
export type BackboneSpec =
  | { readonly kind: 'builtin-vgg16'; readonly inputSize: number }
  | { readonly kind: 'descriptor'; readonly url: string; readonly inputSize?: number };

export type BackendPreference = BackendName | 'auto';

export interface BackendStatus {
  readonly name: BackendName;
  /** Human words: 'WASM (SIMD, 2 threads)', 'WebGPU (SwiftShader, software)'. */
  readonly detail: string;
  readonly software: boolean;
}

export interface ImportResult {
  readonly manifest: DatasetManifest;
  readonly problems: readonly DatasetProblem[];
}

export interface ExtractResult {
  readonly total: number;
  readonly cached: number;
  readonly computed: number;
  /** Images that could not be decoded: left out of training and listed for the user. */
  readonly failed: readonly { readonly path: string; readonly detail: string }[];
  readonly seconds: number;
}

export interface TrainOutcome {
  readonly result: TrainResult;
  readonly evaluation: Evaluation;
  readonly backbone: BackboneInfo;
}

export interface PredictOutcome {
  readonly top: readonly Prediction[];
}

/** Features saved under one setting, for the storage panel. */
export interface SavedFeatures {
  readonly settingsId: string;
  /** Human words: backbone, size, layer, weights. */
  readonly label: string;
  readonly count: number;
  readonly bytes: number;
  /** Saved under the backbone loaded now. */
  readonly current: boolean;
}
