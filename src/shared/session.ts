// What the page shows and edits: the session's phase and progress, the settings a person picks,
// storage figures. Main-thread view types, here so that ui/ gets them without reaching into app/.
import type { BuiltinBackboneId } from './backbone';
import type { EpochMetrics, RunSettings, TrainConfig } from './training';
import type { AugmentConfig } from './augment';

export type Phase = 'idle' | 'importing' | 'extracting' | 'training' | 'done' | 'error';

export interface ExtractProgress {
  readonly done: number;
  readonly total: number;
  readonly cached: number;
  readonly toCompute: number;
  readonly imagesPerSecond: number;
  readonly etaSeconds: number;
}

export interface TrainingCurves {
  readonly epochs: readonly EpochMetrics[];
  /** Training loss per batch, x = fractional epoch. */
  readonly batches: readonly { readonly x: number; readonly loss: number }[];
  readonly bestEpoch: number;
  readonly plannedEpochs: number;
}

export const DEFAULT_INPUT_SIZE = 224;
/** 150 is the seed tutorial's size; 224 is VGG16's native one. */
export const INPUT_SIZES = [64, 96, 128, 150, 160, 192, 224, 256] as const;

export type BackboneChoice =
  | { readonly kind: 'builtin'; readonly id: BuiltinBackboneId }
  | { readonly kind: 'descriptor'; readonly url: string }
  /** A backbone imported into this browser (shared/backboneImport.ts). */
  | { readonly kind: 'imported'; readonly id: string };

export interface Settings {
  readonly backbone: BackboneChoice;
  /** null: the backbone's own size (a descriptor's inputSize; 224 for VGG16). */
  readonly inputSize: number | null;
  readonly splitSeed: number;
  readonly train: TrainConfig;
  readonly augment: AugmentConfig;
}

/** One finished training run in the runs table: its settings and its test result. */
export interface RunRecord extends RunSettings {
  /** 1-based, in the order the runs finished. */
  readonly index: number;
  readonly accuracy: number;
  readonly correct: number;
  readonly tested: number;
  /** What the run took on the page's clock, and of that how long extraction took. */
  readonly timing: RunTiming;
}

/**
 * The time a person waited for a run, from the click to the result: choosing the backend and
 * loading the backbone, extraction, training and evaluation. `seconds` (RunSettings) is the
 * training and evaluation part alone.
 */
export interface RunTiming {
  readonly wallSeconds: number;
  /** Feature extraction before a head's training; null when the run has none of its own
   * (fine-tuning extracts the frozen part's outputs inside its `seconds`). */
  readonly extractSeconds: number | null;
}

export interface StorageUsage {
  readonly usageBytes: number;
  readonly quotaBytes: number;
  readonly persisted: boolean;
}
