// The extraction pipeline: decode -> preprocess -> backbone -> feature cache, one batch at a time.
// Decoding of the next batch overlaps inference on the current one, and cache writes run behind
// inference, so the backend is kept busy. Memory is bounded by two batches, whatever the dataset size.
import * as tf from '@tensorflow/tfjs';
import type { ContentHash, FeatureSettingsId } from '../shared/brand';
import type { ExtractEvent } from '../shared/events';
import type { Backbone } from './backbone';
import { preprocessBatch } from './preprocess';
import type { FeatureCache, StoredFeature } from '../storage/featureCache';
import type { DecodeFn } from '../data/decode';

export interface ExtractionJob {
  readonly id: ContentHash;
  readonly path: string;
  readonly blob: Blob;
}

export interface ExtractionFailure {
  readonly id: ContentHash;
  readonly path: string;
  readonly detail: string;
}

export interface ExtractArgs {
  readonly jobs: readonly ExtractionJob[];
  /** Images of the dataset whose features were already cached (counted as done from the start). */
  readonly alreadyCached: number;
  readonly backbone: Backbone;
  readonly settingsId: FeatureSettingsId;
  readonly cache: FeatureCache;
  readonly decode: DecodeFn;
  readonly batchSize: number;
  readonly onEvent?: (event: ExtractEvent) => void;
  readonly signal?: AbortSignal;
}

export interface ExtractSummary {
  readonly computed: number;
  readonly failed: readonly ExtractionFailure[];
}

interface DecodedBatch {
  readonly ok: { readonly job: ExtractionJob; readonly pixels: Uint8ClampedArray }[];
  readonly failed: ExtractionFailure[];
}

async function decodeBatch(
  jobs: readonly ExtractionJob[],
  size: number,
  decode: DecodeFn,
): Promise<DecodedBatch> {
  const results = await Promise.allSettled(jobs.map((job) => decode(job.blob, size)));
  const batch: DecodedBatch = { ok: [], failed: [] };
  results.forEach((result, i) => {
    const job = jobs[i]!;
    if (result.status === 'fulfilled') batch.ok.push({ job, pixels: result.value });
    else batch.failed.push({ id: job.id, path: job.path, detail: messageOf(result.reason) });
  });
  return batch;
}

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function abortError(): DOMException {
  return new DOMException('Extraction cancelled', 'AbortError');
}

/** Runs the backbone on one decoded batch and returns one feature per image (copied off the device). */
export async function inferBatch(
  backbone: Backbone,
  pixels: readonly Uint8ClampedArray[],
): Promise<Float32Array[]> {
  const { inputSize, preprocess } = backbone.info;
  const features = tf.tidy(() => backbone.extract(preprocessBatch(pixels, inputSize, preprocess)));
  try {
    const flat = (await features.data()) as Float32Array;
    const size = flat.length / pixels.length;
    return pixels.map((_, i) => flat.subarray(i * size, (i + 1) * size));
  } finally {
    features.dispose();
  }
}

export async function extractFeatures(args: ExtractArgs): Promise<ExtractSummary> {
  const { jobs, backbone, cache, settingsId, decode, batchSize, onEvent, signal } = args;
  const total = args.alreadyCached + jobs.length;
  const batches: ExtractionJob[][] = [];
  for (let i = 0; i < jobs.length; i += batchSize) batches.push(jobs.slice(i, i + batchSize));

  const failed: ExtractionFailure[] = [];
  const startedAt = performance.now();
  /** Features committed to the cache: what progress shows, so a reload never loses a counted image. */
  let saved = 0;
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  let lastReportAt = -Infinity;

  // Progress at most every 100 ms (and always at the end), so the main thread is never flooded.
  const report = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastReportAt < 100) return;
    lastReportAt = now;
    const done = args.alreadyCached + saved + failed.length;
    const seconds = (performance.now() - startedAt) / 1000;
    const rate = seconds > 0 ? (saved + failed.length) / seconds : 0;
    const event: ExtractEvent = {
      type: 'extract-progress',
      done,
      total,
      imagesPerSecond: rate,
      etaSeconds: rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY,
    };
    onEvent?.(event);
  };

  let next = batches.length > 0 ? decodeBatch(batches[0]!, backbone.info.inputSize, decode) : null;
  try {
    for (let b = 0; b < batches.length; b++) {
      if (signal?.aborted) throw abortError();
      if (writeError) throw writeError;
      const decoded = await next!;
      // Start decoding the following batch before running this one through the backbone.
      next =
        b + 1 < batches.length
          ? decodeBatch(batches[b + 1]!, backbone.info.inputSize, decode)
          : null;

      for (const failure of decoded.failed) {
        failed.push(failure);
        onEvent?.({ type: 'extract-skipped', path: failure.path, detail: failure.detail });
      }
      if (decoded.ok.length > 0) {
        const vectors = await inferBatch(
          backbone,
          decoded.ok.map((d) => d.pixels),
        );
        const shape = backbone.info.featureShape;
        const records: StoredFeature[] = decoded.ok.map((d, i) => ({
          hash: d.job.id,
          shape,
          values: vectors[i]!,
        }));
        // Writes queue behind each other but not behind inference; a failed write (a full disk)
        // stops the run at the next batch, and everything written before it stays.
        writes = writes
          .then(async () => {
            if (writeError) return;
            await cache.putMany(settingsId, records);
            saved += records.length;
            report(false);
          })
          .catch((error: unknown) => {
            writeError ??= error;
          });
      }
      report(false);
    }
  } finally {
    // Whatever happens, let the writes already queued land: finished work is never thrown away.
    await next?.catch(() => undefined);
    await writes;
  }
  if (writeError) throw writeError;
  report(true);
  return { computed: saved, failed };
}
