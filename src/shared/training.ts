// Head and training settings, training events, and evaluation results.
import type { BackendName } from './backbone';
import type { ContentHash } from './brand';

/** pooled: GlobalAveragePooling -> Dense(256, relu) -> Dropout(0.5) -> Dense(C, softmax). flatten: the tutorial's head. */
export type HeadKind = 'pooled' | 'flatten';
export type OptimizerKind = 'adam' | 'sgd';

export interface TrainConfig {
  readonly head: HeadKind;
  readonly optimizer: OptimizerKind;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Epochs without a better validation loss before stopping; 0 turns early stopping off. */
  readonly patience: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  head: 'pooled',
  optimizer: 'adam',
  learningRate: 1e-3,
  epochs: 30,
  batchSize: 32,
  patience: 5,
  seed: 42,
};

export interface EpochMetrics {
  readonly epoch: number; // 1-based
  readonly loss: number;
  readonly accuracy: number;
  /** NaN when there is no validation split. */
  readonly valLoss: number;
  readonly valAccuracy: number;
}

export type TrainEvent =
  | {
      readonly type: 'batch';
      readonly epoch: number;
      readonly batch: number;
      readonly batches: number;
      readonly loss: number;
    }
  | {
      readonly type: 'epoch';
      readonly metrics: EpochMetrics;
      readonly bestEpoch: number;
      readonly etaSeconds: number;
    };

export type TrainStopReason = 'completed' | 'early-stopped' | 'stopped-by-user';

export interface TrainResult {
  readonly history: readonly EpochMetrics[];
  /** 1-based epoch whose weights the model kept (best validation loss). */
  readonly bestEpoch: number;
  readonly stopReason: TrainStopReason;
}

export interface ClassReport {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Misclassified {
  readonly id: ContentHash;
  readonly trueClass: number;
  readonly predictedClass: number;
  readonly confidence: number;
}

export interface Evaluation {
  readonly accuracy: number;
  readonly perClass: readonly ClassReport[];
  /** confusion[true][predicted] = count. */
  readonly confusion: readonly (readonly number[])[];
  /** For each test image: its id and the predicted class, so a confusion cell can list its images. */
  readonly predictions: readonly {
    readonly id: ContentHash;
    readonly trueClass: number;
    readonly predictedClass: number;
    readonly confidence: number;
  }[];
  readonly misclassified: readonly Misclassified[];
}

export interface Prediction {
  readonly classIndex: number;
  readonly probability: number;
}

/** A k-fold estimate over the cached features: every image is a test image once. */
export interface KFoldResult {
  readonly k: number;
  readonly foldAccuracies: readonly number[];
  readonly foldSizes: readonly number[];
  /** Mean and sample standard deviation of the folds' accuracies. */
  readonly accuracy: { readonly mean: number; readonly sd: number; readonly n: number };
  /** Correct over all images (each tested once). */
  readonly pooledAccuracy: number;
  /** Per class over all folds' test images. */
  readonly perClass: readonly ClassReport[];
  readonly confusion: readonly (readonly number[])[];
}

/** What a training run was, for the runs table: its settings beside its test metrics. */
export interface RunSettings {
  readonly backbone: string;
  readonly inputSize: number;
  readonly head: HeadKind;
  readonly optimizer: OptimizerKind;
  readonly learningRate: number;
  /** Augmented views per training image (0: none). */
  readonly augmentViews: number;
  readonly testTimeFlip: boolean;
  /** The backbone's last block was trained too (fine-tuning). */
  readonly fineTuned: boolean;
  /** Feature vectors trained on: the training images and their augmented views. */
  readonly trainExamples: number;
  /** Training and evaluation, not extraction (the page's RunTiming has the whole wait). */
  readonly seconds: number;
  /** The backend it trained on (absent from runs recorded before it was kept). */
  readonly backend?: BackendName;
  /** What the data doctor had changed in the dataset it trained on (absent before #27's runs). */
  readonly dataFixes?: DataFixSummary;
}

export interface DataFixSummary {
  /** Entries of the edit log applied (Move, Remove, Keep). */
  readonly edits: number;
  /** Images moved between train / validation / test to keep near-duplicate groups on one side. */
  readonly movedForLeaks: number;
}
