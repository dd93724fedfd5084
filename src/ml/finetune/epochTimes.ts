// The fine-tuning cost that `npm run bench` (engine/benchFineTune.ts) and the fine-tuning perf test
// both measure: wall time per epoch of the real fineTune(), nothing else timed.
import type { Head } from '../head/head';
import type { FeatureSet } from '../head/train';
import { DEFAULT_FINE_TUNE, fineTune } from './fineTune';
import type { Tail } from './tail';

/**
 * Trains `tail` and `head` in place for `epochs` epochs on `train` with the app's fine-tuning
 * defaults (SGD, batches of 16) and no validation, so no epoch is cut by early stopping; returns
 * each epoch's milliseconds, the first (warm-up: allocation, shader compilation) first.
 */
export async function fineTuneEpochMs(
  tail: Tail,
  head: Head,
  train: FeatureSet,
  epochs: number,
): Promise<number[]> {
  const stamps = [performance.now()];
  await fineTune({
    tail,
    head,
    train,
    val: { vectors: [], labels: [] },
    config: { ...DEFAULT_FINE_TUNE, epochs, patience: 0 },
    onEvent: (e) => e.type === 'epoch' && stamps.push(performance.now()),
  });
  return stamps.slice(1).map((t, i) => t - stamps[i]!);
}
