// The data doctor's report (issue #27), on both sides of the worker boundary: what "Check data"
// found in the cached features, by image, ranked. Paths are as dropped (`roses/123.jpg`).
import type { ContentHash } from './brand';
import type { DatasetManifest, DatasetProblem, SplitName } from './dataset';

export type FindingKind = 'mislabeled' | 'duplicate' | 'leak' | 'outlier';

export interface DataCheckOptions {
  /** Folds whose heads give the out-of-fold probabilities. */
  readonly k: number;
  /** Cosine similarity of pooled features at or above which two images are near-duplicates. */
  readonly duplicateThreshold: number;
  /** Neighbours kept per image in the all-pairs search. */
  readonly neighbours: number;
  /** Benchmark only: also rank by one head trained on everything, and return every neighbour list. */
  readonly diagnostics?: boolean;
}

/**
 * Chosen by measurement (npm run bench:hygiene, flowers-dev, 3 seeds): at 0.90 MobileNetV2 0.35
 * pairs 93% of re-encoded, 40% of half-size and 47% of cropped copies with their originals, and
 * 0.8% of the untouched photos with another of their class (flowers-dev has a few real near-copies);
 * Darknet tiny 100% / 53% / 80%, with 3.4% of untouched photos paired. Higher thresholds lose the
 * resized and cropped copies first; lower ones pair distinct photos quickly on Darknet.
 */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.9;

export const DEFAULT_DATA_CHECK: DataCheckOptions = {
  k: 5,
  duplicateThreshold: DEFAULT_DUPLICATE_THRESHOLD,
  neighbours: 5,
};

export interface CheckedImage {
  readonly id: ContentHash;
  readonly path: string;
  readonly classIndex: number;
  readonly split: SplitName;
}

export interface MislabeledFinding extends CheckedImage {
  readonly suggestedClass: number;
  readonly givenProbability: number;
  readonly suggestedProbability: number;
  /** suggestedProbability - givenProbability: the ranking key, largest first. */
  readonly margin: number;
}

export interface DuplicateGroup {
  readonly members: readonly CheckedImage[];
  /** Highest similarity between two members. */
  readonly similarity: number;
  /** Members sit in more than one of train / validation / test. */
  readonly leak: boolean;
}

export interface OutlierFinding extends CheckedImage {
  /** 1 - highest cosine similarity to a class centroid. */
  readonly score: number;
  /** Robust z-score of `score` in this dataset. */
  readonly z: number;
  readonly nearestClass: number;
}

export interface DataCheckReport {
  readonly images: number;
  readonly classes: readonly string[];
  readonly options: DataCheckOptions;
  readonly mislabeled: readonly MislabeledFinding[];
  readonly duplicates: readonly DuplicateGroup[];
  readonly outliers: readonly OutlierFinding[];
  /** Wall time of each check, seconds. */
  readonly seconds: {
    readonly labels: number;
    readonly duplicates: number;
    readonly outliers: number;
  };
  /** Present when options.diagnostics: the naive ranking and every image's neighbours. */
  readonly diagnostics?: {
    readonly selfConfidence: readonly MislabeledFinding[];
    readonly neighbours: readonly {
      readonly path: string;
      readonly near: readonly { readonly path: string; readonly similarity: number }[];
    }[];
  };
}

export type DataCheckEvent =
  /** Training of the out-of-fold heads (all folds at once): steps done of all. */
  | { readonly type: 'heads'; readonly done: number; readonly total: number }
  | { readonly type: 'duplicates'; readonly done: number; readonly total: number }
  | { readonly type: 'done' };

/** What a fix did to one image. Move keeps the path as dropped: only the project's label changes. */
export type FixAction =
  | { readonly type: 'move'; readonly to: string }
  | { readonly type: 'remove' }
  | { readonly type: 'keep' };

/** One entry of the edit log: changes the project (manifest), never the person's files. */
export interface DataFix {
  readonly id: ContentHash;
  /** Path as dropped, class folder included. */
  readonly path: string;
  readonly problem: FindingKind;
  readonly folderClass: string;
  readonly suggestedClass: string | null;
  readonly action: FixAction;
}

/** The doctor's part of a project: the manifest as imported, the edit log, the groups kept together. */
export interface DoctorRecord {
  readonly base: DatasetManifest;
  readonly log: readonly DataFix[];
  /** Near-duplicate groups (by hash) found by the last check: the split keeps each on one side. */
  readonly groups: readonly (readonly ContentHash[])[];
}

/** What the page shows after a check or a fix. */
export interface DoctorState {
  readonly log: readonly DataFix[];
  /** Images moved between train / validation / test to keep near-duplicate groups together. */
  readonly movedForLeaks: number;
  readonly manifest: DatasetManifest;
  readonly problems: readonly DatasetProblem[];
}
