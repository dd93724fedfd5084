// What fine-tuning trains on: the backbone split before its trainable layers, and the frozen part's
// outputs for every image (and, with augmentation, for each training image's K views and each test
// image's mirror image), extracted once and cached under the frozen layer's name like any feature.
import type { BackboneSpec } from '../shared/engine';
import type { ExtractEvent } from '../shared/events';
import type { AugmentConfig } from '../shared/augment';
import type { BuiltinBackboneId } from '../shared/backbone';
import { extractionBatchFor } from '../ml/backends/batchSize';
import { FINE_TUNE_FROM } from '../ml/finetune/tail';
import { extractFeatures } from './extract';
import { loadAugmentedTrain, loadFlipped, missingViewJobs } from './views';
import { settingsIdOf, type EngineContext } from './context';

/** The loaded backbone, split for fine-tuning. The caller disposes `tail` unless it keeps it. */
export async function splitBackbone(ctx: EngineContext, spec: BackboneSpec) {
  const [model, status, cache] = await Promise.all([
    ctx.compute.ensureBackbone(spec),
    ctx.compute.backendFor(spec),
    ctx.getCache(),
  ]);
  const trainable =
    spec.kind === 'builtin' ? FINE_TUNE_FROM[spec.id as BuiltinBackboneId] : model.trainableLayers;
  if (!trainable || !model.splitAt)
    throw new Error(
      `${model.info.name} names no layers to fine-tune: its descriptor needs "trainableLayers" (the last block's layer names).`,
    );
  const { frozen, tail } = model.splitAt(trainable);
  return { model, status, cache, frozen, tail };
}

export type SplitBackbone = Awaited<ReturnType<typeof splitBackbone>>;

/** Frozen-part outputs the cache lacks, and how many it has, for this dataset and `augment`. */
export async function missingFrozenJobs(
  ctx: EngineContext,
  split: SplitBackbone,
  augment: AugmentConfig | undefined,
) {
  const { manifest, blobs } = ctx.requireDataset();
  const { cache, frozen } = split;
  const ids = manifest.images.map((i) => i.id);
  const missing = new Set(await cache.missing(settingsIdOf(frozen.info), ids));
  const originals = manifest.images
    .filter((i) => missing.has(i.id))
    .map((i) => ({ id: i.id, path: i.path, blob: blobs.get(i.id)! }));
  const views = await missingViewJobs(manifest, blobs, frozen.info, augment, cache);
  const jobs = [...originals, ...views.jobs];
  const total = ids.length + views.planned;
  return { jobs, total, cached: total - jobs.length };
}

/** Computes and caches the frozen-part outputs that are missing; resumable like extraction. */
export async function extractFrozen(
  ctx: EngineContext,
  split: SplitBackbone,
  augment: AugmentConfig | undefined,
  onEvent: ((event: ExtractEvent) => void) | undefined,
  signal: AbortSignal,
): Promise<{ computed: number; total: number }> {
  const { jobs, total, cached } = await missingFrozenJobs(ctx, split, augment);
  onEvent?.({ type: 'extract-start', total, cached, toCompute: jobs.length });
  const summary = await extractFeatures({
    jobs,
    alreadyCached: cached,
    backbone: split.frozen,
    settingsId: settingsIdOf(split.frozen.info),
    cache: split.cache,
    decode: ctx.deps.decode,
    batchSize: extractionBatchFor(split.status, split.model.info.inputSize),
    onEvent,
    signal,
  });
  return { computed: summary.computed, total };
}

/** The cached frozen-part outputs by split; training gets the augmented views too. */
export async function loadFrozenSets(
  ctx: EngineContext,
  split: SplitBackbone,
  augment: AugmentConfig | undefined,
) {
  const { manifest } = ctx.requireDataset();
  const { frozen, cache } = split;
  const { train, val, test } = await ctx.loadFeatureSets(frozen.info);
  const extra =
    augment && augment.views > 0
      ? await loadAugmentedTrain(manifest, frozen.info, augment, cache)
      : { vectors: [], labels: [] };
  const flipped = augment?.testTimeFlip
    ? await loadFlipped(test.ids, test.vectors, frozen.info, cache)
    : null;
  return {
    train: {
      vectors: [...train.vectors, ...extra.vectors],
      labels: [...train.labels, ...extra.labels],
    },
    val,
    test,
    flipped,
  };
}
