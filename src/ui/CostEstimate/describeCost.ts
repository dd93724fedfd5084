// The extraction cost in words, before Train is pressed: for the backbone selected now, counting
// the features already saved, at the speed measured on the last extraction when there was one.
import { about, plural } from '../format';

/** How many of the dataset's features (and augmented views) the cache holds for this backbone. */
export interface CacheCount {
  readonly total: number;
  readonly cached: number;
}

/** A speed: measured on a whole extraction here, or by the one-batch benchmark that chose the backend. */
export interface ExtractionRate {
  readonly secondsPerImage: number;
  readonly basis: 'extraction' | 'benchmark';
  /** The backend, in words: "WASM (SIMD, 2 threads)". */
  readonly backendDetail: string;
}

/** Images still to extract, and the time at `rate`; null time when no speed is known. */
export function extractionCost(count: CacheCount, rate: ExtractionRate | null) {
  const toExtract = Math.max(0, count.total - count.cached);
  return { toExtract, seconds: rate ? toExtract * rate.secondsPerImage : null };
}

export function describeCost(
  label: string,
  count: CacheCount | null,
  rate: ExtractionRate | null,
): string {
  if (!count) return `Counting the features already saved for ${label}…`;
  const { toExtract, seconds } = extractionCost(count, rate);
  if (toExtract === 0)
    return `All ${plural(count.total, 'image')}' features for ${label} are saved: nothing to extract.`;
  const saved =
    count.cached > 0
      ? ` (${count.cached.toLocaleString('en')} of ${count.total.toLocaleString('en')} saved already)`
      : '';
  const head = `Extracting ${plural(toExtract, 'new image')} with ${label}${saved}`;
  if (!rate || seconds === null) return `${head}: its speed here is measured on the first batch.`;
  const basis =
    rate.basis === 'extraction'
      ? 'at the speed of the last extraction here'
      : 'from a one-batch benchmark';
  return `${head} takes ${about(seconds)} on ${rate.backendDetail}, ${basis}.`;
}
