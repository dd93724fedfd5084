// Requests and results of the worker's engine that the UI builds or reads.
import type { BackendName, BackboneInfo, BuiltinBackboneId } from './backbone';
import type { DatasetManifest, DatasetProblem, DroppedFile } from './dataset';
import type { Evaluation, Prediction, RunSettings, TrainResult } from './training';
import type { ConfidenceFloor } from './confidence';

/**
 * Which backbone to run. A built-in one uses the weights installed in this browser, else those the
 * app serves (public/models/<id>), else generated test weights (and says so).
 */
export type BackboneSpec =
  | { readonly kind: 'builtin'; readonly id: BuiltinBackboneId; readonly inputSize: number }
  | { readonly kind: 'descriptor'; readonly url: string; readonly inputSize?: number }
  /** A model imported into this browser (shared/backboneImport.ts), by its id. */
  | { readonly kind: 'imported'; readonly id: string; readonly inputSize?: number };

export type BackendPreference = BackendName | 'auto';

export interface BackendStatus {
  readonly name: BackendName;
  /** Human words: 'WASM (SIMD, 2 threads)', 'WebGPU (SwiftShader, software)'. */
  readonly detail: string;
  readonly software: boolean;
  /** For 'auto': the measurement that chose this backend for the backbone in use. */
  readonly measured?: BackendMeasurement;
}

/** One backend in the backend micro-benchmark. */
export interface BackendTiming {
  readonly name: BackendName;
  readonly detail: string;
  readonly software: boolean;
  /** Warm raw forward pass of the backbone, ms per image at `batch`; null when not run (see note). */
  readonly msPerImage: number | null;
  /** Images per pass: the batch this backend extracts with. */
  readonly batch: number;
  readonly passes: number;
  /** ms of one warm probe convolution: the quick first look every backend gets. */
  readonly probeMs: number | null;
  readonly note?: string;
}

/** Why a backend was chosen: the micro-benchmark, remembered per device, backbone and input size. */
export interface BackendMeasurement {
  readonly backend: BackendName;
  readonly msPerImage: number;
  readonly batch: number;
  readonly timings: readonly BackendTiming[];
  /** Date.now() of the measurement. */
  readonly measuredAt: number;
  /** True when read back from an earlier visit rather than measured now. */
  readonly remembered: boolean;
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
  /** Of `seconds`, the time the backbone was computing: the rest is decoding, writing and waiting. */
  readonly inferenceSeconds?: number;
  /** The backend it ran on, with the measurement that chose it (for 'auto'). */
  readonly backend?: BackendStatus;
}

export interface TrainOutcome {
  readonly result: TrainResult;
  readonly evaluation: Evaluation;
  readonly backbone: BackboneInfo;
  readonly run: RunSettings;
  /**
   * Below it a prediction is "not sure" (shared/confidence.ts), measured on held-out predictions.
   * Absent on models saved or exported before it was measured.
   */
  readonly confidenceFloor?: ConfidenceFloor;
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

/** Where a person's weights for a built-in backbone come from, in the Weights panel. */
export type WeightsInstallSource =
  | { readonly kind: 'h5'; readonly file: Blob; readonly name: string }
  | { readonly kind: 'folder'; readonly files: readonly DroppedFile[] }
  | { readonly kind: 'url'; readonly url: string };

export type WeightsInstallEvent = {
  readonly type: 'weights-progress';
  readonly stage: 'reading' | 'converting' | 'verifying' | 'saving';
};

/** Weights installed in this browser for a built-in backbone. */
export interface InstalledWeights {
  readonly id: BuiltinBackboneId;
  readonly weightsHash: string;
  readonly from: string;
  readonly installedAt: string;
  readonly bytes: number;
}

/** Training images beside their augmented views (RGBA tiles of `size` px), for the preview grid. */
export interface AugmentPreview {
  readonly size: number;
  readonly rows: readonly {
    readonly path: string;
    readonly classIndex: number;
    readonly original: Uint8ClampedArray;
    readonly views: readonly Uint8ClampedArray[];
  }[];
}

/** What fine-tuning will cost, measured on one batch before it starts (fineTuneOps.estimateFineTune). */
export interface FineTuneEstimate {
  /** Frozen-part outputs to compute and save, and those already saved. */
  readonly toCompute: number;
  readonly cached: number;
  /** Bytes one frozen-part output takes in the cache, and what the ones to compute add. */
  readonly bytesPerImage: number;
  readonly newBytes: number;
  /** Measured on one batch of the backend in use, times the images to compute. */
  readonly extractSeconds: number;
  /** Vectors one epoch trains on (training images and their augmented views). */
  readonly trainExamples: number;
  /** The batch the training step was timed on: training's own, or every vector when there are fewer. */
  readonly batchSize: number;
  /** One training step measured, times the steps of an epoch; null when this backend cannot train convolutions. */
  readonly secondsPerEpoch: number | null;
  readonly epochs: number;
  readonly backend: string;
}
