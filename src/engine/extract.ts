// The extraction pipeline: decode -> preprocess -> backbone -> feature cache, one batch at a time.
// Decoding of the next batch overlaps inference on the current one, and cache writes run behind
// inference, so the backend is kept busy; one untimed warm-up pass runs before the first of several
// batches.
// Memory is bounded by a few batches, whatever the dataset size.
import type { ContentHash, FeatureSettingsId } from '../shared/brand';
import type { ExtractEvent } from '../shared/events';
import type { Backbone } from '../ml/backbones/backbone';
import type { FeatureCache, StoredFeature } from '../storage/featureCache';
import type { DecodeFn, DecodeHint } from '../data/decode';
import { createThrottle, realClock, yieldToEventLoop, type Clock } from '../shared/throttle';
import { inferBatch, warmUp } from '../ml/backbones/infer';
import { errorMessage as messageOf } from '../shared/text';

/** Batches decoded ahead of the one in the backbone (memory: this many more batches of pixels). */
const DECODE_AHEAD = 2;
/** Least time between two progress events. */
const REPORT_INTERVAL_MS = 100;
/** Batches the rate (and so the ETA) is measured over. */
const RATE_WINDOW = 16;
/** Batches' worth of features that may wait for IndexedDB before the backbone waits for them. */
const MAX_UNSAVED_BATCHES = 2;

export interface ExtractionJob {
  readonly id: ContentHash;
  readonly path: string;
  readonly blob: Blob;
  /** How import said to decode it; without one, decoding reads the header itself. */
  readonly hint?: DecodeHint | undefined;
  /** For another view of the image (augmented, mirrored): its transform and the key it is saved under. */
  readonly view?: { readonly transform: readonly number[]; readonly settingsId: FeatureSettingsId };
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
  /** Most images per batch (see batchesOf). */
  readonly batchSize: number;
  readonly onEvent?: (event: ExtractEvent) => void;
  readonly signal?: AbortSignal;
  /** Time for the rate, the ETA and progress pacing; tests pass one they move by hand. */
  readonly clock?: Clock;
}

export interface ExtractSummary {
  readonly computed: number;
  readonly failed: readonly ExtractionFailure[];
  /** Time spent in the backbone (preprocess, forward pass, read-back): the rest is pipeline overhead. */
  readonly inferenceSeconds: number;
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
  const results = await Promise.allSettled(jobs.map((job) => decode(job.blob, size, job.hint)));
  const batch: DecodedBatch = { ok: [], failed: [] };
  results.forEach((result, i) => {
    const job = jobs[i]!;
    if (result.status === 'fulfilled') batch.ok.push({ job, pixels: result.value });
    else batch.failed.push({ id: job.id, path: job.path, detail: messageOf(result.reason) });
  });
  return batch;
}

function abortError(): DOMException {
  return new DOMException('Extraction cancelled', 'AbortError');
}

/**
 * `jobs` in as few batches as `maxBatch` allows, all of one size but the last, and that size as small
 * as the count of batches permits: 18 images at up to 16 go as 9 + 9, not 16 + 2. A GPU backend
 * compiles its shaders for each batch shape; this way a small job often needs one shape, not two.
 */
export function batchesOf<T>(jobs: readonly T[], maxBatch: number): T[][] {
  const count = Math.ceil(jobs.length / Math.max(1, maxBatch));
  const size = Math.ceil(jobs.length / Math.max(1, count));
  const batches: T[][] = [];
  for (let i = 0; i < jobs.length; i += size) batches.push(jobs.slice(i, i + size));
  return batches;
}

export async function extractFeatures(args: ExtractArgs): Promise<ExtractSummary> {
  const { jobs, backbone, cache, settingsId, decode, batchSize, onEvent, signal } = args;
  const total = args.alreadyCached + jobs.length;
  const batches = batchesOf(jobs, batchSize);

  // The warm-up keeps shader compilation (or WASM's weight packing) out of the rate, so that the ETA
  // shown during the second batch on is honest. A run of one batch has no later ETA to protect: a
  // warm-up there would only double the work.
  if (batches.length > 1) await warmUp(backbone, batches[0]!.length);
  const failed: ExtractionFailure[] = [];
  const clock = args.clock ?? realClock;
  const startedAt = clock.now();
  /** Features committed to the cache: what progress shows, so a reload never loses a counted image. */
  let saved = 0;
  /** Images through the backbone (their writes may still be queued): what the rate is measured on. */
  let inferred = 0;
  /** When the last batch left the backbone: the rate is measured up to there, not up to now. */
  let inferredAt = startedAt;
  /** (time, images processed) after each batch: the rate is taken over the recent ones. */
  const marks: { t: number; n: number }[] = [{ t: startedAt, n: 0 }];
  let inferenceMs = 0;
  /** Features read back and waiting for the next transaction, with the key each is saved under. */
  let pending: { settingsId: FeatureSettingsId; record: StoredFeature }[] = [];
  /** Features queued or being written, not yet committed. */
  let unsaved = 0;
  /** The writer in flight (it runs until `pending` is empty; never rejects), or null. */
  let writing: Promise<void> | null = null;
  let writeError: unknown = null;
  // Progress at most every 100 ms (and always at the end), so the main thread is never flooded.
  const progress = createThrottle(
    REPORT_INTERVAL_MS,
    () => {
      const now = clock.now();
      const done = args.alreadyCached + saved + failed.length;
      // Rate from the images through the backbone over the time they took, and the ETA less what the
      // batch in flight already spent: counting saved images (they trail by a batch) or the time up to
      // now (a report can come mid-batch) would make the ETA too long by a batch's share.
      const processed = inferred + failed.length;
      // Over the last RATE_WINDOW batches: a first batch slower than the rest (files opened, caches
      // filled) or another program slowing the machine for a while then weighs only as long as it lasts.
      const first = marks[Math.max(0, marks.length - 1 - RATE_WINDOW)]!;
      const span = (inferredAt - first.t) / 1000;
      const rate = span > 0 ? (processed - first.n) / span : 0;
      const remaining = jobs.length - processed;
      const inFlight = (now - inferredAt) / 1000;
      const event: ExtractEvent = {
        type: 'extract-progress',
        done,
        total,
        imagesPerSecond: rate,
        etaSeconds: rate > 0 ? Math.max(0, remaining / rate - inFlight) : Number.POSITIVE_INFINITY,
      };
      onEvent?.(event);
    },
    clock,
  );
  const report = (force: boolean) => progress.request(force);

  // Writes run behind inference, one transaction for everything that waited: this thread sees a
  // transaction's completion only between two forward passes, so a transaction per batch fell ever
  // further behind on a fast backbone. A failed write (a full disk) stops the run at the next batch,
  // and everything committed before it stays.
  const writePending = async () => {
    while (pending.length > 0 && !writeError) {
      const records = pending;
      pending = [];
      try {
        // One transaction per key: in practice a run writes one view at a time, so one at a time.
        const bySettings = new Map<FeatureSettingsId, StoredFeature[]>();
        for (const { settingsId: key, record } of records) {
          const list = bySettings.get(key) ?? [];
          list.push(record);
          bySettings.set(key, list);
        }
        for (const [key, list] of bySettings) await cache.putMany(key, list);
        saved += records.length;
        report(false);
      } catch (error) {
        writeError ??= error;
      } finally {
        unsaved -= records.length;
      }
    }
    writing = null;
  };

  // Batches being decoded ahead of the backbone. A WASM forward pass holds this thread, so a decode's
  // steps (read, decode, draw) only advance between batches; with two batches ahead, the next one is
  // usually complete when the backbone is free again, instead of starting its last steps then.
  const ahead: Promise<DecodedBatch>[] = [];
  const decodeAhead = (b: number) => {
    while (ahead.length < DECODE_AHEAD && b + ahead.length < batches.length) {
      ahead.push(decodeBatch(batches[b + ahead.length]!, backbone.info.inputSize, decode));
    }
  };
  decodeAhead(0);
  try {
    for (let b = 0; b < batches.length; b++) {
      // A forward pass holds this thread, and a decoded batch that is already waiting resumes the
      // loop without a turn of the event loop: let IndexedDB's completions (the writes queue would
      // grow) and a cancel message in first.
      await yieldToEventLoop();
      if (signal?.aborted) throw abortError();
      if (writeError) throw writeError;
      const decoded = await ahead.shift()!;
      decodeAhead(b + 1);

      for (const failure of decoded.failed) {
        failed.push(failure);
        onEvent?.({ type: 'extract-skipped', path: failure.path, detail: failure.detail });
      }
      if (decoded.ok.length > 0) {
        const inferStart = clock.now();
        const views = decoded.ok.some((d) => d.job.view)
          ? decoded.ok.map((d) => d.job.view?.transform ?? null)
          : undefined;
        const vectors = await inferBatch(
          backbone,
          decoded.ok.map((d) => d.pixels),
          views,
        );
        inferredAt = clock.now();
        inferenceMs += inferredAt - inferStart;
        inferred += decoded.ok.length;
        marks.push({ t: inferredAt, n: inferred + failed.length });
        if (marks.length > 4 * RATE_WINDOW) marks.splice(0, marks.length - RATE_WINDOW - 1);
        const shape = backbone.info.featureShape;
        const records = decoded.ok.map((d, i) => ({
          settingsId: d.job.view?.settingsId ?? settingsId,
          record: { hash: d.job.id, shape, values: vectors[i]! },
        }));
        pending.push(...records);
        unsaved += records.length;
        writing ??= writePending();
      }
      report(false);
      // Should the cache fall behind (big features, a slow disk), wait for it rather than holding
      // ever more features in memory: progress counts saved features, and memory stays flat.
      while (writing && unsaved > MAX_UNSAVED_BATCHES * batchSize) await writing;
    }
  } finally {
    // Whatever happens, let the writes already queued land: finished work is never thrown away.
    await Promise.all(ahead.map((p) => p.catch(() => undefined)));
    await writing;
    progress.cancel();
  }
  if (writeError) throw writeError;
  report(true);
  return { computed: saved, failed, inferenceSeconds: inferenceMs / 1000 };
}
