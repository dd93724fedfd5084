// When the loop closes: after every N new labels the head retrains from the cached features in the
// background and the suggestions refresh. Small N spends more retrains per label; large N lets the
// person label photos the model would no longer ask about.

/**
 * Labels between background retrains, chosen by measurement in bench:label-assist.
 * (Provisional until the benchmark's figures are in.)
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
