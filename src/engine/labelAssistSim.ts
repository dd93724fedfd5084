// One simulated person labelling a pool of photos whose labels are hidden (bench:label-assist): from
// a few labelled photos, the head is retrained from the cached features after every `every` labels
// and the person labels the next `every` photos either in the order the app asks (most uncertain
// first, by one measure) or in a random order. After each retrain: test accuracy, and at chosen
// moments the calibration of "right at P%" as the app estimates it (held-out predictions) against
// what is true on the pool's hidden labels. The head and its training are the app's own.
import { predictProbabilities } from '../ml/head/evaluate';
import type { Head } from '../ml/head/head';
import { trainHead, type FeatureSet } from '../ml/head/train';
import {
  countAtOrAbove,
  estimatePrecisionAt,
  type HeldOutPrediction,
  type PrecisionEstimate,
} from '../ml/labelAssist/calibration';
import { UNCERTAINTY_MEASURES, type UncertaintyMeasure } from '../ml/labelAssist/measures';
import { orderBy } from '../ml/labelAssist/order';
import type { TrainConfig } from '../shared/training';

export interface SimData {
  /** The training split: every label known to the simulation, shown to the head only once "made". */
  readonly pool: FeatureSet;
  readonly val: FeatureSet;
  readonly test: FeatureSet;
  readonly featureShape: readonly number[];
  readonly numClasses: number;
}

export type Strategy =
  | { readonly kind: 'random'; readonly order: readonly number[] }
  | { readonly kind: 'uncertain'; readonly measure: UncertaintyMeasure };

export interface SimPlan {
  readonly strategy: Strategy;
  /** Labels between retrains. */
  readonly every: number;
  /** New labels made in all (a multiple of `every`). */
  readonly budget: number;
  /** Pool indices labelled before the first training. */
  readonly start: readonly number[];
  /** New-label counts after which to measure calibration. */
  readonly calibrateAfter: readonly number[];
  readonly thresholds: readonly number[];
  readonly config: TrainConfig;
}

export interface CurvePoint {
  /** New labels made so far (the start's excluded). */
  readonly added: number;
  readonly accuracy: number;
}

export interface ThresholdCheck {
  /** From held-out predictions (validation + test), as the app shows before accepting. */
  readonly estimate: PrecisionEstimate;
  /** Unlabelled pool photos at or above the threshold, and how many of them the model has right. */
  readonly suggestions: number;
  readonly actual: number | null;
}

export interface CalibrationPoint {
  readonly added: number;
  readonly thresholds: readonly ThresholdCheck[];
}

export interface SimResult {
  readonly curve: readonly CurvePoint[];
  readonly calibration: readonly CalibrationPoint[];
  readonly trainSeconds: readonly number[];
}

const argMax = (p: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
};

const pick = (set: FeatureSet, indices: readonly number[]): FeatureSet => ({
  vectors: indices.map((i) => set.vectors[i]!),
  labels: indices.map((i) => set.labels[i]!),
});

async function train(data: SimData, labelled: readonly number[], config: TrainConfig) {
  const t = performance.now();
  const { head } = await trainHead({
    train: pick(data.pool, labelled),
    val: data.val,
    featureShape: data.featureShape,
    numClasses: data.numClasses,
    config,
  });
  return { head, seconds: (performance.now() - t) / 1000 };
}

async function predictions(head: Head, data: SimData, set: FeatureSet): Promise<Float32Array[]> {
  return predictProbabilities(head, set.vectors, data.featureShape);
}

async function testAccuracy(head: Head, data: SimData): Promise<number> {
  const probs = await predictions(head, data, data.test);
  const right = probs.filter((p, i) => argMax(p) === data.test.labels[i]).length;
  return right / Math.max(1, probs.length);
}

async function calibrate(
  head: Head,
  data: SimData,
  unlabelled: readonly number[],
  poolProbs: readonly Float32Array[],
  thresholds: readonly number[],
): Promise<ThresholdCheck[]> {
  const heldOut: HeldOutPrediction[] = [];
  for (const set of [data.val, data.test]) {
    const probs = await predictions(head, data, set);
    probs.forEach((p, i) =>
      heldOut.push({ confidence: p[argMax(p)]!, correct: argMax(p) === set.labels[i] }),
    );
  }
  const tops = poolProbs.map((p) => p[argMax(p)]!);
  return thresholds.map((threshold) => {
    let right = 0;
    let support = 0;
    poolProbs.forEach((p, k) => {
      if (tops[k]! < threshold) return;
      support++;
      if (argMax(p) === data.pool.labels[unlabelled[k]!]) right++;
    });
    return {
      estimate: estimatePrecisionAt(heldOut, threshold),
      suggestions: countAtOrAbove(tops, threshold),
      actual: support === 0 ? null : right / support,
    };
  });
}

/** The next photos the simulated person labels: the first `count` unlabelled in the strategy's order. */
function nextBatch(
  strategy: Strategy,
  unlabelled: readonly number[],
  poolProbs: readonly Float32Array[],
  count: number,
): number[] {
  if (strategy.kind === 'random') {
    const open = new Set(unlabelled);
    return strategy.order.filter((i) => open.has(i)).slice(0, count);
  }
  const items = unlabelled.map((index, k) => ({
    index,
    probabilities: poolProbs[k]!,
    key: String(index).padStart(8, '0'),
  }));
  return orderBy(items, 'uncertain', UNCERTAINTY_MEASURES[strategy.measure])
    .slice(0, count)
    .map((item) => item.index);
}

export async function simulate(data: SimData, plan: SimPlan): Promise<SimResult> {
  if (plan.every < 1 || plan.budget % plan.every !== 0) {
    throw new RangeError(`Budget ${plan.budget} is not a multiple of ${plan.every}`);
  }
  const labelled = new Set(plan.start);
  const curve: CurvePoint[] = [];
  const calibration: CalibrationPoint[] = [];
  const trainSeconds: number[] = [];
  for (let added = 0; ; added += plan.every) {
    const { head, seconds } = await train(data, [...labelled], plan.config);
    trainSeconds.push(seconds);
    try {
      curve.push({ added, accuracy: await testAccuracy(head, data) });
      const last = added >= plan.budget;
      const wantsCalibration = plan.calibrateAfter.includes(added);
      if (last && !wantsCalibration) break;
      const unlabelled = data.pool.labels.map((_, i) => i).filter((i) => !labelled.has(i));
      if (unlabelled.length < plan.every && !last) {
        throw new RangeError(`The pool runs out before ${plan.budget} new labels`);
      }
      const needsProbs = wantsCalibration || plan.strategy.kind === 'uncertain';
      const poolProbs = needsProbs
        ? await predictions(head, data, pick(data.pool, unlabelled))
        : [];
      if (wantsCalibration) {
        calibration.push({
          added,
          thresholds: await calibrate(head, data, unlabelled, poolProbs, plan.thresholds),
        });
      }
      if (last) break;
      for (const i of nextBatch(plan.strategy, unlabelled, poolProbs, plan.every)) labelled.add(i);
    } finally {
      head.dispose();
    }
  }
  return { curve, calibration, trainSeconds };
}
