// The engine's state and the plumbing every operation shares: the compute slot (backend and
// backbone), the feature cache, the imported dataset, the trained model, the one cancellable
// operation in flight, and the retry on another backend when a device is lost.
import type { ContentHash } from '../shared/brand';
import type { BackboneInfo, BackendName, BuiltinBackboneId } from '../shared/backbone';
import type { DatasetManifest, SplitName } from '../shared/dataset';
import { EMPTY_POOL, type UnlabeledPool } from '../shared/labelAssist';
import type { BackendStatus } from '../shared/engine';
import type { BackendLostEvent } from '../shared/events';
import { featureSettingsId } from '../shared/featureKey';
import type { DecodeFn, DecodeHint } from '../data/decode';
import type { FrameCodec } from '../data/frames';
import type { FeatureView } from '../shared/augment';
import type { FeatureCache } from '../storage/featureCache';
import type {
  ImportedBackboneStore,
  KnownFileStore,
  ProjectStore,
  WeightsStore,
} from '../shared/stores';
import type { FeatureSet } from '../ml/head/train';
import type { Head } from '../ml/head/head';
import type { Backbone } from '../ml/backbones/backbone';
import type { Tail } from '../ml/finetune/tail';
import { BackendLostError } from '../ml/backends/deviceLoss';
import { createComputeSlot, type ComputeSlotDeps } from './computeSlot';

/** Backend start, backbone loading and the measured chooser (see computeSlot.ts), and: */
export interface EngineDeps extends ComputeSlotDeps {
  readonly decode: DecodeFn;
  /** Opens the feature cache; `onClosed` runs if another tab's upgrade closes the connection. */
  readonly openCache: (onClosed: () => void) => Promise<FeatureCache>;
  /** Where weights installed from the Weights panel are kept. */
  readonly weights: WeightsStore;
  /** Camera frames to pixels and files (webcamOps); the browser's when absent. */
  readonly frames?: FrameCodec;
  /** Where projects (dataset index, images, trained model) are kept; without it, nothing is. */
  readonly projects?: ProjectStore;
  /** Where imported backbones are kept (absent: importing is refused). */
  readonly backbones?: ImportedBackboneStore;
  /** Files read by earlier imports (absent: every import reads and hashes every file). */
  readonly knownFiles?: KnownFileStore;
}

export interface LoadedDataset {
  readonly manifest: DatasetManifest;
  readonly blobs: Map<ContentHash, Blob>;
  /** What import learned about each file, so extraction does not read its header again. */
  readonly decodeHints?: ReadonlyMap<ContentHash, DecodeHint>;
}

export interface UnlabeledSet {
  readonly pool: UnlabeledPool;
  readonly blobs: ReadonlyMap<ContentHash, Blob>;
}

export interface TrainedModel {
  readonly head: Head;
  /** After fine-tuning: the backbone's part before its last block, and that block's trained copy. */
  readonly fineTuned?: { readonly frozen: Backbone; readonly tail: Tail };
  readonly backboneInfo: BackboneInfo;
  /** Where the head's weights live: lost with that backend's device. */
  readonly backend: BackendName;
  /** The classes it was trained on, by output: the dataset may gain classes after training. */
  readonly classNames: readonly string[];
}

/** One split's cached features, with their labels and image ids. */
export interface LabelledSet extends FeatureSet {
  readonly vectors: Float32Array[];
  readonly labels: number[];
  readonly ids: ContentHash[];
}

export function settingsIdOf(info: BackboneInfo, view: FeatureView = 'original') {
  return featureSettingsId({
    backboneName: info.name,
    weightsHash: info.weightsHash,
    inputSize: info.inputSize,
    preprocess: info.preprocess,
    featureLayer: info.featureLayer,
    pooling: 'none',
    view,
  });
}

export function createEngineContext(deps: EngineDeps) {
  const compute = createComputeSlot(deps);
  let cache: Promise<FeatureCache> | null = null;
  /** The long operation in flight (import, extraction or training), cancelled by `cancel()`. */
  let current: AbortController | null = null;
  const state = {
    dataset: null as LoadedDataset | null,
    /** Label assist's photos without a label, with their files (labelOps.ts); goes with the dataset. */
    unlabeled: { pool: EMPTY_POOL, blobs: new Map() } as UnlabeledSet,
    trained: null as TrainedModel | null,
    /** Why there is no trained model any more, when a device loss took it. */
    modelLost: null as string | null,
    /** The project the dataset and model belong to (projectOps.ts); null until one is saved. */
    projectId: null as string | null,
    /** The trained model predicts with test-time flip (its run was evaluated that way). */
    testTimeFlip: false,
  };

  const getCache = () =>
    (cache ??= deps.openCache(() => {
      cache = null; // reopened (at the new version, or with a clear error) on next use
    }));

  function setTrained(model: TrainedModel | null) {
    const old = state.trained;
    if (old && old.head !== model?.head) old.head.dispose();
    if (old?.fineTuned && old.fineTuned.tail !== model?.fineTuned?.tail)
      old.fineTuned.tail.dispose();
    state.trained = model;
    if (model) state.modelLost = null;
    // A new head (trained, reopened, imported): label assist counts labels towards its retrain anew.
    if (model && model.head !== old?.head && state.unlabeled.pool.labelsSinceTrain)
      state.unlabeled = {
        ...state.unlabeled,
        pool: { ...state.unlabeled.pool, labelsSinceTrain: 0 },
      };
  }

  /** Forgets built-in `id`'s loaded backbone, and the model trained on its old weights' features. */
  function forgetBuiltin(id: BuiltinBackboneId) {
    if (compute.forgetBuiltin(id)) setTrained(null);
  }

  /** Moves to the next backend after `error`, dropping the trained model if it lived on the lost one. */
  function replaceLostBackend(error: BackendLostError): Promise<BackendStatus> {
    if (state.trained?.backend === error.backend) {
      setTrained(null);
      state.modelLost = `${error.message} The trained model was on it: press Train to train it again (the features are saved, so this is quick).`;
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
    if (!state.dataset) throw new Error('Import a dataset first.');
    return state.dataset;
  }

  /** Runs `operation` as the one cancellable operation; starting another cancels it. */
  async function cancellable<T>(operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    try {
      return await operation(controller.signal);
    } finally {
      if (current === controller) current = null;
    }
  }

  /** The dataset's cached features by split, read in one transaction. */
  async function loadFeatureSets(info: BackboneInfo): Promise<Record<SplitName, LabelledSet>> {
    const { manifest } = requireDataset();
    const features = await (
      await getCache()
    ).getMany(
      settingsIdOf(info),
      manifest.images.map((i) => i.id),
    );
    const setOf = (split: SplitName): LabelledSet => {
      const set: LabelledSet = { vectors: [], labels: [], ids: [] };
      for (const image of manifest.images) {
        const feature = image.split === split ? features.get(image.id) : undefined;
        if (!feature) continue; // another split, or could not be decoded (reported at extraction)
        set.vectors.push(feature.values);
        set.labels.push(image.classIndex);
        set.ids.push(image.id);
      }
      return set;
    };
    return { train: setOf('train'), val: setOf('val'), test: setOf('test') };
  }

  return {
    deps,
    compute,
    state,
    getCache,
    setTrained,
    forgetBuiltin,
    withFallback,
    requireDataset,
    cancellable,
    cancel: () => current?.abort(),
    loadFeatureSets,
  };
}

export type EngineContext = ReturnType<typeof createEngineContext>;
