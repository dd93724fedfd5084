// metadata.json of an exported classifier: what a program outside this app needs to feed the head
// (labels in output order, the backbone, its weights' hash, input size, preprocessing, feature layer)
// and what it scored. Also what an import checks before anything changes.
import type { BackboneSpec } from '../../shared/engine';
import type { PreprocessMode } from '../../shared/backbone';
import type { HeadKind, TrainConfig } from '../../shared/training';

export const BUNDLE_FORMAT = 'graft-classifier';
export const BUNDLE_FORMAT_VERSION = 1;

export interface BundleMetadata {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: number;
  readonly name: string;
  /** Class names in the order of the model's outputs. */
  readonly labels: readonly string[];
  readonly backbone: {
    readonly name: string;
    /** How this app loads it again: a built-in id or a descriptor URL. */
    readonly spec: BackboneSpec;
    readonly weightsHash: string;
    readonly inputSize: number;
    readonly preprocess: PreprocessMode;
    readonly featureLayer: string | null;
    readonly featureShape: readonly number[];
  };
  readonly head: {
    readonly kind: HeadKind;
    readonly featureShape: readonly number[];
    readonly numClasses: number;
  };
  readonly metrics: {
    readonly testAccuracy: number | null;
    readonly perClass: readonly {
      readonly label: string;
      readonly precision: number;
      readonly recall: number;
      readonly f1: number;
      readonly support: number;
    }[];
    readonly confusion: readonly (readonly number[])[];
    readonly bestEpoch: number;
    readonly epochs: number;
  };
  readonly training: TrainConfig;
  readonly date: string;
  readonly appVersion: string;
}

/** Names in the classifier .zip. */
export const BUNDLE_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  metadata: 'metadata.json',
  readme: 'README.md',
} as const;
