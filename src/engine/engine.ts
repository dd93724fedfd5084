// The worker's engine: the one object the main thread talks to (through Comlink). It owns the dataset's
// blobs, the trained head and what it computes with (backend and backbone: computeSlot.ts), and runs
// import, extraction, training, evaluation and prediction, moving to another backend when a device is
// lost. Dependencies are injected so tests run it in Node without a worker.
import * as tf from '@tensorflow/tfjs';
import type { ContentHash, FeatureSettingsId } from '../shared/brand';
import type { BackboneInfo, BackendName, BuiltinBackboneId } from '../shared/backbone';
import type { DatasetManifest, DroppedFile, SplitName, WalkFindings } from '../shared/dataset';
import type {
  BackboneSpec,
  BackendPreference,
  BackendStatus,
  ExtractResult,
  ImportResult,
  InstalledWeights,
  PredictOutcome,
  SavedFeatures,
  TrainOutcome,
  WeightsInstallEvent,
  WeightsInstallSource,
} from '../shared/engine';
import type { BackendLostEvent, ExtractEvent, ImportEvent } from '../shared/events';
import type { TrainConfig, TrainEvent } from '../shared/training';
import { describeSettingsId, featureSettingsId } from '../shared/featureKey';
import { EXTRACTION_LOCK, withExclusiveLock } from '../shared/locks';
import { datasetProblems, ingestFiles } from '../data/ingest';
import type { DecodeFn } from '../data/decode';
import type { FeatureCache } from '../storage/featureCache';
import type { WeightsStore } from '../shared/stores';
import { installWeights } from '../ml/weights/installWeights';
import { extractFeatures } from './extract';
import { inferBatch } from '../ml/backbones/infer';
import { extractionBatchFor } from '../ml/backends/batchSize';
import { createBenchApi } from './benchApi';
import { trainHead, type FeatureSet } from '../ml/head/train';
import type { Head } from '../ml/head/head';
import { evaluateHead, predictProbabilities } from '../ml/head/evaluate';
import { topK } from '../ml/head/metrics';
import { BackendLostError } from '../ml/backends/deviceLoss';
import { createComputeSlot, type ComputeSlotDeps } from './computeSlot';

/** Backend start, backbone loading and the measured chooser (see computeSlot.ts), and: */
export interface EngineDeps extends ComputeSlotDeps {
  readonly decode: DecodeFn;
  /** Opens the feature cache; `onClosed` runs if another tab's upgrade closes the connection. */
  readonly openCache: (onClosed: () => void) => Promise<FeatureCache>;
  /** Where weights installed from the Weights panel are kept. */
  readonly weights: WeightsStore;
}

interface LoadedDataset {
  readonly manifest: DatasetManifest;
  readonly blobs: Map<ContentHash, Blob>;
}

interface TrainedModel {
  readonly head: Head;
  readonly backboneInfo: BackboneInfo;
  /** Where the head's weights live: lost with that backend's device. */
  readonly backend: BackendName;
}

function settingsIdOf(info: BackboneInfo) {
  return featureSettingsId({
    backboneName: info.name,
    weightsHash: info.weightsHash,
    inputSize: info.inputSize,
    preprocess: info.preprocess,
    featureLayer: info.featureLayer,
    pooling: 'none',
    view: 'original',
  });
}

export function createEngine(deps: EngineDeps) {
  const compute = createComputeSlot(deps);
  const { ensureBackend, backendFor, ensureBackbone } = compute;
  let cache: Promise<FeatureCache> | null = null;
  let dataset: LoadedDataset | null = null;
  let trained: TrainedModel | null = null;
  /** The long operation in flight (import, extraction or training), cancelled by `cancel()`. */
  let current: AbortController | null = null;
  /** Why there is no trained model any more, when a device loss took it. */
  let modelLost: string | null = null;

  const getCache = () =>
    (cache ??= deps.openCache(() => {
      cache = null; // reopened (at the new version, or with a clear error) on next use
    }));

  function dropTrained() {
    trained?.head.dispose();
    trained = null;
  }

  /** Forgets built-in `id`'s loaded backbone, and the model trained on its old weights' features. */
  function forgetBuiltin(id: BuiltinBackboneId) {
    if (compute.forgetBuiltin(id)) dropTrained();
  }

  /** Moves to the next backend after `error`, dropping the trained model if it lived on the lost one. */
  function replaceLostBackend(error: BackendLostError): Promise<BackendStatus> {
    if (trained?.backend === error.backend) {
      dropTrained();
      modelLost = `${error.message} The trained model was on it: press Train to train it again (the features are saved, so this is quick).`;
    }
    return compute.replaceLostBackend(error.backend);
  }

  /**
   * Runs `operation`; when the device under it is lost, moves to the next backend, says so through
   * `onLost`, and runs it again. What was saved stays saved: extraction resumes from the cache.
   * Ends, since CPU and WASM have no device to lose and initBackend throws once none is left.
   */
  async function withFallback<T>(
    operation: () => Promise<T>,
    onLost?: (event: BackendLostEvent) => void,
  ): Promise<T> {
    for (;;) {
      try {
        return await operation();
      } catch (error) {
        if (!(error instanceof BackendLostError)) throw error;
        const now = await replaceLostBackend(error);
        onLost?.({ type: 'backend-lost', lost: error.backend, reason: error.reason, now });
      }
    }
  }

  function requireDataset(): LoadedDataset {
    if (!dataset) throw new Error('Import a dataset first.');
    return dataset;
  }

  /** Starts a cancellable operation; only one runs at a time. */
  function begin(): AbortController {
    current?.abort();
    current = new AbortController();
    return current;
  }

  function end(controller: AbortController) {
    if (current === controller) current = null;
  }

  /** The dataset's cached features by split, read in one transaction. */
  async function loadFeatureSets(info: BackboneInfo) {
    const { manifest } = requireDataset();
    const features = await (
      await getCache()
    ).getMany(
      settingsIdOf(info),
      manifest.images.map((i) => i.id),
    );
    const setOf = (split: SplitName) => {
      const vectors: Float32Array[] = [];
      const labels: number[] = [];
      const ids: ContentHash[] = [];
      for (const image of manifest.images) {
        const feature = image.split === split ? features.get(image.id) : undefined;
        if (!feature) continue; // another split, or could not be decoded (reported at extraction)
        vectors.push(feature.values);
        labels.push(image.classIndex);
        ids.push(image.id);
      }
      return { vectors, labels, ids } satisfies FeatureSet & { ids: ContentHash[] };
    };
    return { train: setOf('train'), val: setOf('val'), test: setOf('test') };
  }

  return {
    startBackend(preference: BackendPreference): Promise<BackendStatus> {
      return ensureBackend(preference);
    },

    /** The backend `spec` runs on and why: for 'auto', measured on this device ("WASM, 45 ms/image"). */
    chooseBackend(spec: BackboneSpec): Promise<BackendStatus> {
      return backendFor(spec);
    },

    async importDataset(
      files: readonly DroppedFile[],
      splitSeed: number,
      onEvent?: (event: ImportEvent) => void,
      findings?: WalkFindings,
    ): Promise<ImportResult> {
      const controller = begin();
      try {
        const loaded = await ingestFiles(files, {
          splitSeed,
          alreadySkipped: findings?.unreadable ?? [],
          signal: controller.signal,
          onProgress: (done, total) => onEvent?.({ type: 'import-progress', done, total }),
        });
        dataset = loaded;
        dropTrained();
        return {
          manifest: loaded.manifest,
          problems: datasetProblems(loaded.manifest, findings?.emptyClassFolders ?? []),
        };
      } finally {
        end(controller);
      }
    },

    /** Loads `spec`'s backbone; `onMeasuring` hears if its backend is being measured first. */
    async loadBackbone(spec: BackboneSpec, onMeasuring?: () => void): Promise<BackboneInfo> {
      return (await ensureBackbone(spec, onMeasuring)).info;
    },

    /** Computes the features the cache lacks for the imported dataset; resumable, cancellable. */
    async extract(
      spec: BackboneSpec,
      onEvent?: (event: ExtractEvent) => void,
    ): Promise<ExtractResult> {
      const { manifest, blobs } = requireDataset();
      const controller = begin();
      const startedAt = performance.now();
      // One extraction at a time across tabs: the second waits, then finds the first one's features cached.
      const job = async (): Promise<ExtractResult> => {
        const [model, status, featureCache] = await Promise.all([
          ensureBackbone(spec),
          backendFor(spec),
          getCache(),
        ]);
        const settingsId = settingsIdOf(model.info);
        const missing = new Set(
          await featureCache.missing(
            settingsId,
            manifest.images.map((i) => i.id),
          ),
        );
        const jobs = manifest.images
          .filter((image) => missing.has(image.id))
          .map((image) => ({ id: image.id, path: image.path, blob: blobs.get(image.id)! }));
        const cached = manifest.images.length - jobs.length;
        onEvent?.({
          type: 'extract-start',
          total: manifest.images.length,
          cached,
          toCompute: jobs.length,
        });
        const summary = await extractFeatures({
          jobs,
          alreadyCached: cached,
          backbone: model,
          settingsId,
          cache: featureCache,
          decode: deps.decode,
          batchSize: extractionBatchFor(status, model.info.inputSize),
          onEvent,
          signal: controller.signal,
        });
        return {
          total: manifest.images.length,
          cached,
          computed: summary.computed,
          failed: summary.failed.map(({ path, detail }) => ({ path, detail })),
          seconds: (performance.now() - startedAt) / 1000,
          inferenceSeconds: summary.inferenceSeconds,
          backend: status,
        };
      };
      try {
        return await withExclusiveLock(
          EXTRACTION_LOCK,
          { signal: controller.signal, onWaiting: () => onEvent?.({ type: 'extract-waiting' }) },
          () => withFallback(job, onEvent),
        );
      } finally {
        end(controller);
      }
    },

    /** Trains a new head on the cached features, keeps it, and evaluates it on the test split. */
    async train(
      spec: BackboneSpec,
      config: TrainConfig,
      onEvent?: (event: TrainEvent | BackendLostEvent) => void,
    ): Promise<TrainOutcome> {
      const { manifest } = requireDataset();
      const controller = begin();
      const trainOnce = async (): Promise<TrainOutcome> => {
        const [model, status] = await Promise.all([ensureBackbone(spec), backendFor(spec)]);
        const { train, val, test } = await loadFeatureSets(model.info);
        if (train.vectors.length === 0)
          throw new Error('No training features: extract features first.');
        const numClasses = manifest.classes.length;
        const featureShape = model.info.featureShape;
        const { head, result } = await trainHead({
          train,
          val,
          featureShape,
          numClasses,
          config,
          onEvent,
          shouldStop: () => controller.signal.aborted,
        });
        trained?.head.dispose();
        trained = { head, backboneInfo: model.info, backend: status.name };
        modelLost = null;
        const evaluation = await evaluateHead(head, test, featureShape, numClasses);
        return { result, evaluation, backbone: model.info };
      };
      try {
        return await withFallback(trainOnce, onEvent);
      } finally {
        end(controller);
      }
    },

    /** Stops the running import or extraction (what was written stays), or training (the best model so far stays). */
    cancel(): void {
      current?.abort();
    },

    /** Top-3 classes for one image, with the model trained last. */
    predict(spec: BackboneSpec, file: Blob): Promise<PredictOutcome> {
      return withFallback(async () => {
        if (!trained) throw new Error(modelLost ?? 'Train a model first.');
        const { head } = trained;
        const model = await ensureBackbone(spec);
        const pixels = await deps.decode(file, model.info.inputSize);
        const vectors = await inferBatch(model, [pixels]);
        const [probabilities] = await predictProbabilities(head, vectors, model.info.featureShape);
        return { top: topK(probabilities!, 3) };
      });
    },

    /**
     * Verifies and stores real weights for a built-in backbone; the next load of that backbone uses
     * them. A refused source throws WeightsRefusedError and leaves installed weights untouched.
     */
    async installWeights(
      id: BuiltinBackboneId,
      source: WeightsInstallSource,
      onEvent?: (event: WeightsInstallEvent) => void,
    ): Promise<InstalledWeights> {
      await ensureBackend();
      const installed = await installWeights(id, source, deps.weights, onEvent);
      forgetBuiltin(id);
      return installed;
    },

    installedWeights(): Promise<InstalledWeights[]> {
      return deps.weights.list();
    },

    async removeInstalledWeights(id: BuiltinBackboneId): Promise<void> {
      await deps.weights.remove(id);
      forgetBuiltin(id);
    },

    /** Saved features per setting, the loaded backbone's marked, so a person can free space. */
    async savedFeatures(): Promise<SavedFeatures[]> {
      const loaded = await compute.loaded();
      const current = loaded ? settingsIdOf(loaded.info) : null;
      const summary = await (await getCache()).summary();
      return summary.map((s) => ({
        settingsId: s.settingsId,
        label: describeSettingsId(s.settingsId),
        count: s.count,
        bytes: s.bytes,
        current: s.settingsId === current,
      }));
    },

    async deleteSavedFeatures(settingsId: string): Promise<void> {
      await (await getCache()).deleteSettings(settingsId as FeatureSettingsId);
    },

    /** Reads every imported image's features back from the cache, as training does (benchmark). */
    async readFeatures(spec: BackboneSpec): Promise<{ images: number; bytes: number }> {
      const { info } = await ensureBackbone(spec);
      const sets = await loadFeatureSets(info);
      const vectors = [sets.train, sets.val, sets.test].flatMap((set) => set.vectors);
      return { images: vectors.length, bytes: vectors.reduce((n, v) => n + v.byteLength, 0) };
    },

    /** Measurements for `npm run bench`, on this engine's backend and backbone. */
    benchmark: createBenchApi({
      chooser: deps.chooser ?? null,
      modelFor: async (spec) => {
        const [model, status] = await Promise.all([ensureBackbone(spec), backendFor(spec)]);
        return {
          backbone: model,
          status,
          batch: extractionBatchFor(status, model.info.inputSize),
        };
      },
    }),

    /** Tensors alive in the worker: for leak checks from tests and the benchmark. */
    memory(): { numTensors: number; numBytes: number } {
      const { numTensors, numBytes } = tf.memory();
      return { numTensors, numBytes };
    },
  };
}

export type EngineApi = ReturnType<typeof createEngine>;
