// The three checks of the data doctor over one dataset's cached features, by image index: label
// issues (Confident Learning on out-of-fold heads), near-duplicate groups (blocked all-pairs search)
// and outliers (distance to every class centroid). The engine maps indices to images.
import type { TrainConfig } from '../../shared/training';
import type { FeatureSet } from '../head/train';
import { trainHead } from '../head/train';
import { predictProbabilities } from '../head/evaluate';
import { findLabelIssues, rankBySelfConfidence, type LabelIssue } from './confidentLearning';
import { outOfFoldProbabilities } from './outOfFold';
import {
  duplicateGroups,
  nearestNeighbours,
  pooledVectors,
  unitVectors,
  type Neighbour,
} from './nearDuplicates';
import { findOutliers, type OutlierScore } from './outliers';

export interface RunChecksArgs extends FeatureSet {
  readonly folds: readonly number[];
  readonly k: number;
  readonly featureShape: readonly number[];
  readonly numClasses: number;
  /** Settings of the naive baseline's head (the app's own head, trained on everything). */
  readonly config: TrainConfig;
  readonly duplicateThreshold: number;
  readonly neighbours: number;
  readonly blockSize?: number;
  /** Also train one head on everything and rank by its in-sample self-confidence (benchmark). */
  readonly baseline?: boolean;
  readonly shouldStop?: () => boolean;
  /** Training of the out-of-fold heads: (steps done, steps). */
  readonly onHeads?: (done: number, total: number) => void;
  readonly onDuplicates?: (done: number, total: number) => void;
}

export interface ChecksResult {
  readonly issues: readonly LabelIssue[];
  /** Groups of indices, each with the highest similarity between two of its members. */
  readonly groups: readonly { readonly members: readonly number[]; readonly similarity: number }[];
  readonly outliers: readonly OutlierScore[];
  readonly neighbours: readonly (readonly Neighbour[])[];
  readonly baseline: readonly LabelIssue[] | null;
  readonly seconds: {
    readonly labels: number;
    readonly duplicates: number;
    readonly outliers: number;
  };
}

const now = () => performance.now() / 1000;

/**
 * The naive baseline's head: at most 20 epochs, batches grown up to 128 while an epoch of the k-fold
 * training size keeps at least 8 steps, as the benchmark's earlier figures were measured.
 */
export function baselineConfig(config: TrainConfig, size: number, k: number): TrainConfig {
  const trainSize = Math.round((size * (k - 1)) / k);
  const batchSize = Math.max(config.batchSize, Math.min(128, Math.floor(trainSize / 8)));
  return { ...config, batchSize, epochs: Math.min(config.epochs, 20) };
}

/** The naive ranking: one head trained on every image, its own training images ranked. */
async function selfConfidence(args: RunChecksArgs): Promise<LabelIssue[]> {
  const { head } = await trainHead({
    train: args,
    val: { vectors: [], labels: [] },
    featureShape: args.featureShape,
    numClasses: args.numClasses,
    config: baselineConfig(args.config, args.vectors.length, args.k),
    shouldStop: args.shouldStop,
  });
  try {
    const probabilities = await predictProbabilities(head, args.vectors, args.featureShape);
    return rankBySelfConfidence(probabilities, args.labels);
  } finally {
    head.dispose();
  }
}

export async function runChecks(args: RunChecksArgs): Promise<ChecksResult> {
  let t = now();
  // Pooled once, in memory, for all three checks (a no-op for backbones that pool themselves).
  const pooled = pooledVectors(args.vectors, args.featureShape);
  const probabilities = await outOfFoldProbabilities({
    vectors: pooled,
    labels: args.labels,
    folds: args.folds,
    k: args.k,
    numClasses: args.numClasses,
    shouldStop: args.shouldStop,
    onProgress: args.onHeads,
  });
  const { issues } = findLabelIssues(probabilities, args.labels);
  const labels = now() - t;

  t = now();
  const unit = unitVectors(pooled);
  const neighbours = await nearestNeighbours(unit, {
    k: args.neighbours,
    blockSize: args.blockSize,
    shouldStop: args.shouldStop,
    onProgress: args.onDuplicates,
  });
  const groups = duplicateGroups(neighbours, args.duplicateThreshold).map((members) => {
    const inGroup = new Set(members);
    let similarity = -1;
    for (const i of members) {
      for (const n of neighbours[i]!) {
        if (inGroup.has(n.index)) similarity = Math.max(similarity, n.similarity);
      }
    }
    return { members, similarity };
  });
  const duplicates = now() - t;

  t = now();
  const outliers = findOutliers(unit, args.labels, args.numClasses);
  const outlierSeconds = now() - t;

  const baseline = args.baseline ? await selfConfidence(args) : null;
  return {
    issues,
    groups,
    outliers,
    neighbours,
    baseline,
    seconds: { labels, duplicates, outliers: outlierSeconds },
  };
}
