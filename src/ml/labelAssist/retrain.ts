// When the loop closes: after every N new labels the head retrains from the cached features in the
// background and the suggestions refresh. Small N spends more retrains per label; large N lets the
// person label photos the model would no longer ask about.

/**
 * Labels between background retrains, chosen by measurement in bench:label-assist (MobileNetV2 0.35
 * on flowers-dev, 15 starting labels, margin order, 5 split seeds, 2026-12-05): mean test accuracy
 * over 40/80/120 new labels was 82.4% retraining every 5 labels, 83.1% every 10, 83.8% every 20,
 * 82.2% every 40, all within the seed-to-seed spread (about +-5 points on a 30-image test split):
 * on these figures the interval barely matters for accuracy per label. A retrain costs about 0.4 s
 * (WASM, 2 threads), so 10 keeps the suggestions and the accuracy shown fresh (every ~20 s at 30
 * labels a minute) at a negligible cost; 5 would double the retrains for nothing measurable.
 */
export const DEFAULT_RETRAIN_EVERY = 10;

/** True once `every` labels have been made since the head last trained. */
export function shouldRetrain(labelsSinceLastTrain: number, every: number): boolean {
  if (!Number.isInteger(every) || every < 1) {
    throw new RangeError(`Retrain every N labels needs a whole N >= 1, got ${every}`);
  }
  if (!Number.isInteger(labelsSinceLastTrain) || labelsSinceLastTrain < 0) {
    throw new RangeError(
      `Labels since the last retrain must be a whole number >= 0, got ${labelsSinceLastTrain}`,
    );
  }
  return labelsSinceLastTrain >= every;
}
