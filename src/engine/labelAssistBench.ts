// bench:label-assist's work in the engine worker, on its backend and the cached features, as the
// app's own background retrain would run: the training split's labels are hidden except a few per
// class (chosen by the seed), then each requested simulation (labelAssistSim.ts) labels it in its
// order; the ceiling is a head trained with every training label known. Benchmark only.
import { predictProbabilities } from '../ml/head/evaluate';
import { trainHead } from '../ml/head/train';
import type { UncertaintyMeasure } from '../ml/labelAssist/measures';
import { createRng, shuffledIndices } from '../ml/random';
import { DEFAULT_TRAIN_CONFIG } from '../shared/training';
import { simulate, type SimData, type SimResult, type Strategy } from './labelAssistSim';

export interface LabelAssistRequest {
  readonly seed: number;
  readonly startPerClass: number;
  /** New labels each simulated person makes. */
  readonly budget: number;
  /** Each run: labelling order ('random' or an uncertainty measure) and labels between retrains. */
  readonly runs: readonly {
    readonly order: 'random' | UncertaintyMeasure;
    readonly every: number;
  }[];
  readonly calibrateAfter: readonly number[];
  readonly thresholds: readonly number[];
}

export interface LabelAssistRuns {
  readonly pool: number;
  readonly val: number;
  readonly test: number;
  readonly classes: number;
  /** Test accuracy with every training-split label known: the ceiling. */
  readonly allLabels: number;
  /** Keyed `random/10`, `margin/5`, …: order / retrain interval. */
  readonly runs: Record<string, SimResult>;
}

/** A few photos per class, chosen by the seed: what the person labelled before asking for help. */
export function startSet(labels: readonly number[], perClass: number, seed: number): number[] {
  const order = shuffledIndices(labels.length, createRng(seed * 7919 + 1));
  const taken = new Map<number, number>();
  return order.filter((i) => {
    const n = taken.get(labels[i]!) ?? 0;
    if (n >= perClass) return false;
    taken.set(labels[i]!, n + 1);
    return true;
  });
}

async function ceiling(data: SimData): Promise<number> {
  const { head } = await trainHead({
    train: data.pool,
    val: data.val,
    featureShape: data.featureShape,
    numClasses: data.numClasses,
    config: DEFAULT_TRAIN_CONFIG,
  });
  try {
    const probs = await predictProbabilities(head, data.test.vectors, data.featureShape);
    const right = probs.filter((p, i) => p.indexOf(Math.max(...p)) === data.test.labels[i]);
    return right.length / Math.max(1, probs.length);
  } finally {
    head.dispose();
  }
}

export async function runLabelAssistSeed(
  data: SimData,
  request: LabelAssistRequest,
  onRun?: (key: string, result: SimResult) => void,
): Promise<LabelAssistRuns> {
  const start = startSet(data.pool.labels, request.startPerClass, request.seed);
  const order = shuffledIndices(data.pool.labels.length, createRng(request.seed * 104729 + 3));
  const runs: Record<string, SimResult> = {};
  for (const run of request.runs) {
    const key = `${run.order}/${run.every}`;
    if (runs[key]) continue;
    const strategy: Strategy =
      run.order === 'random'
        ? { kind: 'random', order }
        : { kind: 'uncertain', measure: run.order };
    runs[key] = await simulate(data, {
      strategy,
      every: run.every,
      budget: request.budget,
      start,
      calibrateAfter: request.calibrateAfter,
      thresholds: request.thresholds,
      config: DEFAULT_TRAIN_CONFIG,
    });
    onRun?.(key, runs[key]);
  }
  return {
    pool: data.pool.labels.length,
    val: data.val.labels.length,
    test: data.test.labels.length,
    classes: data.numClasses,
    allLabels: await ceiling(data),
    runs,
  };
}
