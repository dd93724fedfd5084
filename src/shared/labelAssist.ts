// Label assist (issue #29), on both sides of the worker boundary: the pool of photos that have no
// label yet, the decisions a person made about them (each one reversible), and the model's
// suggestions. The pool is part of the project: it survives a reload with every decision.
import type { ContentHash } from './brand';
import type { ImageFormat } from './dataset';
import type { ImportResult } from './engine';
import type { DatasetEdit } from './webcam';

/** The folder inside a dropped dataset whose photos have no class (compared without case). */
export const UNLABELED_FOLDER = 'unlabeled';

/** One photo of the pool, as imported (same checks and hash as a labelled image). */
export interface UnlabeledPhoto {
  readonly id: ContentHash;
  /** Where it sat in the drop, under `unlabeled/`: `unlabeled/IMG_0001.jpg`. */
  readonly path: string;
  readonly format: ImageFormat;
  readonly bytes: number;
}

/** How a label came about: typed or picked by the person, or accepted from the model's suggestion. */
export type LabelSource = 'picked' | 'suggestion' | 'threshold';

/** One entry of the decision log. A later entry for the same photo replaces an earlier one. */
export type LabelDecision =
  | {
      readonly kind: 'label';
      readonly id: ContentHash;
      readonly className: string;
      readonly source: LabelSource;
      /** The model's top probability for that class when it was decided (null: no suggestion). */
      readonly probability: number | null;
    }
  | { readonly kind: 'skip'; readonly id: ContentHash };

/** The pool as a project keeps it. */
export interface UnlabeledPool {
  readonly photos: readonly UnlabeledPhoto[];
  /** Oldest first; undo removes an entry (the photo's earlier entry, if any, applies again). */
  readonly log: readonly LabelDecision[];
  /** Classes made from the grid that have no image yet (a class exists once it has one). */
  readonly newClasses: readonly string[];
  /**
   * Labels made since the model was last trained: the head retrains at `retrainEvery`. Kept with the
   * project so that a reload carries on counting; absent (pools saved before it was kept): 0.
   */
  readonly labelsSinceTrain?: number;
}

export const EMPTY_POOL: UnlabeledPool = { photos: [], log: [], newClasses: [] };

/** Where one photo of the pool stands now. */
export type PhotoStatus =
  | { readonly kind: 'open' }
  | { readonly kind: 'skipped' }
  | {
      readonly kind: 'labelled';
      readonly className: string;
      readonly source: LabelSource;
    };

export interface PoolPhotoView extends UnlabeledPhoto {
  readonly status: PhotoStatus;
}

/** What the page shows of the pool after any change. */
export interface LabelPoolState {
  readonly photos: readonly PoolPhotoView[];
  /** Photos that still have no label (open or skipped). */
  readonly unlabeledCount: number;
  /** Classes a photo can go to: the dataset's, then the new ones made from the grid. */
  readonly classes: readonly string[];
  readonly canUndo: boolean;
  /** Labels made since the head was trained last, and after how many it retrains. */
  readonly labelsSinceTrain: number;
  readonly retrainEvery: number;
  /** Files the last addition refused, with the reason in words. */
  readonly refused: readonly { readonly path: string; readonly detail: string }[];
  /** The dataset after the change (labelled photos are ordinary images of it). */
  readonly dataset: ImportResult | null;
}

/** A decision's result: the pool now, and whether enough labels came in to retrain the head. */
export interface LabelChange {
  readonly pool: LabelPoolState;
  readonly retrain: boolean;
}

/** The model's suggestion for one unlabelled photo. */
export interface Suggestion {
  readonly id: ContentHash;
  readonly path: string;
  readonly suggested: string;
  /** The suggested class's probability, 0..1. */
  readonly probability: number;
  /** How unsure the model is (the grid's order), 0..1, higher = more unsure. */
  readonly uncertainty: number;
}

export interface SuggestionList {
  /** Most uncertain first (the photos whose labels teach the model most). */
  readonly uncertain: readonly Suggestion[];
  /** Most confident first (quick bulk acceptance). */
  readonly confident: readonly Suggestion[];
  /** Held-out predictions the threshold estimate rests on (validation and test images). */
  readonly heldOut: number;
  /** Why there are none, when there are none for a reason the person can act on. */
  readonly unavailable: string | null;
}

/** "Accept every suggestion at or above P%" before it is applied. */
export interface AcceptPreview {
  readonly threshold: number;
  readonly count: number;
  /** From held-out predictions at that confidence; null values when none reach it. */
  readonly support: number;
  readonly precision: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/** Webcam frames captured into the pool: the pool now, and the frames that joined it or not. */
export interface UnlabeledCapture extends Pick<DatasetEdit, 'added' | 'refused'> {
  readonly pool: LabelPoolState;
}

/** A background retrain as it goes: features for images not extracted yet, then the head's epochs. */
export type RetrainProgress =
  | { readonly stage: 'starting' }
  | { readonly stage: 'extracting'; readonly done: number; readonly total: number }
  | { readonly stage: 'training'; readonly epoch: number; readonly epochs: number };
