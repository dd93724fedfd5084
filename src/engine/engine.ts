// The worker's engine: the one object the main thread talks to (through Comlink). It composes the
// operations (datasetOps, modelOps, storageOps) over one shared context (context.ts): the dataset's
// blobs, the trained head and what it computes with, moving to another backend when a device is
// lost. Dependencies are injected so tests run it in Node without a worker.
import * as tf from '@tensorflow/tfjs';
import type { BackboneInfo } from '../shared/backbone';
import type { BackboneSpec, BackendPreference, BackendStatus } from '../shared/engine';
import type { BackendChoiceEvent } from '../shared/events';
import { extractionBatchFor } from '../ml/backends/batchSize';
import { createBenchApi } from './benchApi';
import {
  runLabelAssistSeed,
  type LabelAssistRequest,
  type LabelAssistRuns,
} from './labelAssistBench';
import type { SimResult } from './labelAssistSim';
import { createEngineContext, type EngineDeps } from './context';
import { createAugmentOps } from './augmentOps';
import { createDatasetOps } from './datasetOps';
import { createFineTuneOps } from './fineTuneOps';
import { createEvaluationOps } from './evaluationOps';
import { createModelOps } from './modelOps';
import { createStorageOps } from './storageOps';
import { createWebcamOps } from './webcamOps';
import { createDatasetEditOps } from './datasetEditOps';
import { createProjectOps } from './projectOps';
import { createExportOps } from './exportOps';
import { createImportModelOps } from './importModelOps';
import { createBackboneImportOps } from './backboneImportOps';
import { createDoctorOps } from './doctorOps';
import { createEvidenceOps } from './evidenceOps';
import { createLabelPoolOps } from './labelPoolOps';
import { createLabelSuggestOps } from './labelSuggestOps';

export type { EngineDeps } from './context';

export function createEngine(deps: EngineDeps) {
  const ctx = createEngineContext(deps);
  const { compute } = ctx;
  const { dataFixSummary, ...doctorOps } = createDoctorOps(ctx);
  const evidence = createEvidenceOps(ctx);
  const labelPool = createLabelPoolOps(ctx);
  return {
    ...createDatasetOps(ctx),
    ...createModelOps(ctx, dataFixSummary),
    ...createStorageOps(ctx),
    ...createWebcamOps(ctx, evidence.explainPixels),
    ...evidence.api,
    ...createDatasetEditOps(ctx),
    ...createProjectOps(ctx),
    ...createExportOps(ctx),
    ...createImportModelOps(ctx),
    ...createEvaluationOps(ctx),
    ...createAugmentOps(ctx),
    ...createFineTuneOps(ctx),
    ...createBackboneImportOps(ctx),
    ...doctorOps,
    ...labelPool.ops,
    ...createLabelSuggestOps(ctx, labelPool),

    startBackend(preference: BackendPreference): Promise<BackendStatus> {
      return compute.ensureBackend(preference);
    },

    /**
     * The backend `spec` runs on and why: for 'auto', measured on this device ("WASM, 45 ms/image").
     * `onChoice` hears the measurement's progress when this call starts one.
     */
    chooseBackend(
      spec: BackboneSpec,
      onChoice?: (event: BackendChoiceEvent) => void,
    ): Promise<BackendStatus> {
      return compute.backendFor(spec, onChoice);
    },

    /** Loads `spec`'s backbone; `onChoice` hears the progress if its backend is measured first. */
    async loadBackbone(
      spec: BackboneSpec,
      onChoice?: (event: BackendChoiceEvent) => void,
    ): Promise<BackboneInfo> {
      return (await compute.ensureBackbone(spec, onChoice)).info;
    },

    /** Reads every imported image's features back from the cache, as training does (benchmark). */
    async readFeatures(spec: BackboneSpec): Promise<{ images: number; bytes: number }> {
      const { info } = await compute.ensureBackbone(spec);
      const sets = await ctx.loadFeatureSets(info);
      const vectors = [sets.train, sets.val, sets.test].flatMap((set) => set.vectors);
      return { images: vectors.length, bytes: vectors.reduce((n, v) => n + v.byteLength, 0) };
    },

    /**
     * bench:label-assist: simulated labelling with hidden labels on the cached features, heads
     * retrained here as the app's label assist does (labelAssistBench.ts). Benchmark only.
     */
    async simulateLabelling(
      spec: BackboneSpec,
      request: LabelAssistRequest,
      onRun?: (key: string, result: SimResult) => void,
    ): Promise<LabelAssistRuns> {
      const { info } = await compute.ensureBackbone(spec);
      const sets = await ctx.loadFeatureSets(info);
      const data = {
        pool: sets.train,
        val: sets.val,
        test: sets.test,
        featureShape: info.featureShape,
        numClasses: ctx.requireDataset().manifest.classes.length,
      };
      return runLabelAssistSeed(data, request, onRun);
    },

    /** Measurements for `npm run bench`, on this engine's backend and backbone. */
    benchmark: createBenchApi({
      chooser: deps.chooser ?? null,
      loadBackbone: deps.loadBackbone,
      modelFor: async (spec) => {
        const [model, status] = await Promise.all([
          compute.ensureBackbone(spec),
          compute.backendFor(spec),
        ]);
        return { backbone: model, status, batch: extractionBatchFor(status, model.info.inputSize) };
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
