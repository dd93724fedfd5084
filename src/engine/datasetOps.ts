// Import and extraction: the dataset the person dropped, and its features in the cache.
import type { DroppedFile, WalkFindings } from '../shared/dataset';
import type { BackboneSpec, ExtractResult, ImportResult } from '../shared/engine';
import type { ExtractEvent, ImportEvent } from '../shared/events';
import { EXTRACTION_LOCK, withExclusiveLock } from '../shared/locks';
import { datasetProblems, ingestFiles } from '../data/ingest';
import { fileStamp } from '../data/fileStamp';
import type { KnownFile, KnownFileStore } from '../shared/stores';
import { extractionBatchFor } from '../ml/backends/batchSize';
import { extractFeatures } from './extract';
import { missingViewJobs } from './views';
import { augmentProblem, type AugmentConfig } from '../shared/augment';
import { settingsIdOf, type EngineContext } from './context';
import { EMPTY_POOL } from '../shared/labelAssist';
import { isUnlabeledPath } from '../data/labelPool';
import { examinePool } from './labelPoolOps';

/** What earlier imports learned about these files; nothing when that cannot be read. */
async function recallKnownFiles(
  store: KnownFileStore | undefined,
  files: readonly DroppedFile[],
): Promise<Map<string, KnownFile> | undefined> {
  const stamps = files.flatMap((f) => fileStamp(f) ?? []);
  if (!store || stamps.length === 0) return undefined;
  // Only a shortcut: without it, import reads and hashes every file as it always could.
  return store.recall(stamps).catch(() => undefined);
}

/** Saved in the background, best effort: a full disk must not fail an import that worked. */
function rememberKnownFiles(
  store: KnownFileStore | undefined,
  learned: ReadonlyMap<string, KnownFile>,
): void {
  if (store && learned.size > 0) store.remember(learned).catch(() => {});
}

export function createDatasetOps(ctx: EngineContext) {
  const { compute, state } = ctx;
  return {
    importDataset(
      files: readonly DroppedFile[],
      splitSeed: number,
      onEvent?: (event: ImportEvent) => void,
      findings?: WalkFindings,
    ): Promise<ImportResult> {
      return ctx.cancellable(async (signal) => {
        // A subfolder named `unlabeled` holds photos without a class: label assist's pool.
        const unlabeled = files.filter((f) => isUnlabeledPath(f.path));
        const labelled = files.filter((f) => !isUnlabeledPath(f.path));
        const known = await recallKnownFiles(ctx.deps.knownFiles, labelled);
        const { learned, ...loaded } = await ingestFiles(labelled, {
          splitSeed,
          alreadySkipped: findings?.unreadable ?? [],
          signal,
          known,
          onProgress: (done, total) => onEvent?.({ type: 'import-progress', done, total }),
        });
        rememberKnownFiles(ctx.deps.knownFiles, learned);
        const empty = { pool: EMPTY_POOL, blobs: new Map() };
        state.unlabeled = (await examinePool(unlabeled, loaded, empty)).set;
        state.dataset = loaded;
        state.projectId = null; // a new dataset: saved as a new project (projectOps.createProject)
        ctx.setTrained(null);
        return {
          manifest: loaded.manifest,
          problems: datasetProblems(loaded.manifest, findings?.emptyClassFolders ?? []),
        };
      });
    },

    /**
     * How many of the dataset's features (with `augment`, its views too) the cache holds already for
     * `spec`, counted as extraction would: what the cost estimate says before Train is pressed.
     */
    async countCached(
      spec: BackboneSpec,
      augment?: AugmentConfig,
    ): Promise<{ readonly total: number; readonly cached: number }> {
      const { manifest, blobs } = ctx.requireDataset();
      const [model, featureCache] = await Promise.all([
        compute.ensureBackbone(spec),
        ctx.getCache(),
      ]);
      const ids = manifest.images.map((i) => i.id);
      const missing = (await featureCache.missing(settingsIdOf(model.info), ids)).length;
      const valid = augment && !augmentProblem(augment) ? augment : undefined;
      const views = await missingViewJobs(manifest, blobs, model.info, valid, featureCache);
      const total = ids.length + views.planned;
      return { total, cached: total - missing - views.jobs.length };
    },

    /**
     * Computes the features the cache lacks for the imported dataset, and with `augment` its
     * augmented training views and mirrored test images; resumable, cancellable.
     */
    async extract(
      spec: BackboneSpec,
      onEvent?: (event: ExtractEvent) => void,
      augment?: AugmentConfig,
    ): Promise<ExtractResult> {
      const problem = augment && augmentProblem(augment);
      if (problem) throw new Error(problem);
      const { manifest, blobs, decodeHints } = ctx.requireDataset();
      const startedAt = performance.now();
      return ctx.cancellable((signal) => {
        const job = async (): Promise<ExtractResult> => {
          const [model, status, featureCache] = await Promise.all([
            compute.ensureBackbone(spec),
            compute.backendFor(spec),
            ctx.getCache(),
          ]);
          const settingsId = settingsIdOf(model.info);
          const ids = manifest.images.map((i) => i.id);
          const missing = new Set(await featureCache.missing(settingsId, ids));
          const wanted = manifest.images.filter((image) => missing.has(image.id));
          if (wanted.some((image) => !blobs.has(image.id)))
            throw new Error(
              'This project did not keep its images: drop the folder again to extract features for another backbone or size.',
            );
          const originals = wanted.map((image) => ({
            id: image.id,
            path: image.path,
            blob: blobs.get(image.id)!,
            hint: decodeHints?.get(image.id),
          }));
          // Originals first: a cancelled run keeps what training needs most.
          const views = await missingViewJobs(manifest, blobs, model.info, augment, featureCache);
          const jobs = [...originals, ...views.jobs];
          const total = manifest.images.length + views.planned;
          const cached = total - jobs.length;
          onEvent?.({
            type: 'extract-start',
            total,
            cached,
            toCompute: jobs.length,
          });
          const summary = await extractFeatures({
            jobs,
            alreadyCached: cached,
            backbone: model,
            settingsId,
            cache: featureCache,
            decode: ctx.deps.decode,
            batchSize: extractionBatchFor(status, model.info.inputSize),
            onEvent,
            signal,
          });
          return {
            total,
            cached,
            computed: summary.computed,
            // An undecodable image fails once per view: list it once.
            failed: [...new Map(summary.failed.map((f) => [f.path, f.detail])).entries()].map(
              ([path, detail]) => ({ path, detail }),
            ),
            seconds: (performance.now() - startedAt) / 1000,
            inferenceSeconds: summary.inferenceSeconds,
            backend: status,
          };
        };
        // One extraction at a time across tabs: the second waits, then finds the first one's features cached.
        return withExclusiveLock(
          EXTRACTION_LOCK,
          { signal, onWaiting: () => onEvent?.({ type: 'extract-waiting' }) },
          () => ctx.withFallback(job, onEvent),
        );
      });
    },
  };
}
