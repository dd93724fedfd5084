// metadata.json of an exported model, the image-in model or the head alone: what a program outside
// this app needs to feed it (what it takes, labels in output order, the backbone, its weights' hash
// and source, input size, preprocessing, feature layer), what it scored, and below which confidence
// it is not sure. Also what an import checks before anything changes.
import type { BackboneSpec } from '../../shared/engine';
import type { PreprocessMode, WeightsSource } from '../../shared/backbone';
import type { ConfidenceFloor } from '../../shared/confidence';
import type { HeadKind, TrainConfig } from '../../shared/training';

/**
 * What the exported layers model takes: `image`, RGB pixels (preprocessing, backbone and head in one
 * model); `features`, the backbone's features (the head alone).
 */
export type BundleInput = 'image' | 'features';

export const BUNDLE_FORMAT = 'graft-classifier';
export const BUNDLE_FORMAT_VERSION = 1;

export interface BundleMetadata {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: number;
  readonly name: string;
  /** Written by every export; absent in files from before the image-in model was the default. */
  readonly input?: BundleInput;
  /** Class names in the order of the model's outputs. */
  readonly labels: readonly string[];
  readonly backbone: {
    readonly name: string;
    /** How this app loads it again: a built-in id or a descriptor URL. */
    readonly spec: BackboneSpec;
    readonly weightsHash: string;
    /** `generated`: random test weights, so the model's predictions are meaningless. */
    readonly weightsSource?: WeightsSource['kind'];
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
  /** The backbone's last block was trained too: the head needs that block's features. */
  readonly fineTuned?: boolean;
  /** With `fineTuned`: the trained block (absent in files from before it could leave the app). */
  readonly tunedBlock?: TunedBlockMetadata;
  /** Below it a prediction is "not sure" (shared/confidence.ts); null when none was measured. */
  readonly confidenceFloor?: ConfidenceFloor | null;
  readonly date: string;
  readonly appVersion: string;
}

/**
 * A fine-tuned model's trained block: the backbone's layers from the first one trained to the
 * feature layer, taking the frozen layer's output. The image-in model holds it inside model.json
 * (frozen part, then this block, then the head); the head-only export holds it as its own layers
 * model, `files`, whose output the head takes.
 */
export interface TunedBlockMetadata {
  /** The stock backbone's last untrained layer (VGG16: block4_pool): the block takes its output. */
  readonly frozenLayer: string;
  /** The block's layers in order, named as in the backbone (VGG16: block5_conv1 .. block5_pool). */
  readonly layers: readonly string[];
  /** The block's input shape (the frozen layer's output), without the batch axis. */
  readonly inputShape: readonly number[];
  /** In the head-only export: the block's own layers model, by path in the .zip. */
  readonly files?: { readonly model: string; readonly weights: string };
}

/** Names in the classifier .zip. */
export const BUNDLE_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  metadata: 'metadata.json',
  readme: 'README.md',
  /** The fine-tuned block of a head-only export; its model.json points at its weights.bin. */
  blockModel: 'tuned-block/model.json',
  blockWeights: 'tuned-block/weights.bin',
} as const;
