// Drives the engine worker from the UI: import, extract-then-train, cancel, predict.
// The reducer in session.ts holds the state; this hook sequences calls, forwards events, and
// recovers from a crashed worker by starting a new one and resuming from the feature cache.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { callback, EngineCrashedError, withEngine, type Engine } from '../bridge/engine';
import type {
  BackboneSpec,
  BackendPreference,
  WeightsInstallEvent,
  WeightsInstallSource,
} from '../shared/engine';
import type { BuiltinBackboneId } from '../shared/backbone';
import type { DroppedFile, WalkFindings } from '../shared/dataset';
import type {
  BackendChoiceEvent,
  BackendLostEvent,
  ExtractEvent,
  ImportEvent,
} from '../shared/events';
import type { TrainConfig, TrainEvent } from '../shared/training';
import type { OpenedProject, SavedPrediction } from '../shared/project';
import type { AugmentConfig } from '../shared/augment';
import { initialSession, sessionReducer } from './session';
import { trainFailure } from './trainFailure';
import { engineCalls } from './engineCalls';
import { specKey } from './settings';
import { useDoctor } from './useDoctor';
import { errorMessage as messageOf } from '../shared/text';
import { useDatasetEdits, type LastImport } from './useDatasetEdits';
import { useQuietRetrain } from './useQuietRetrain';

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/** A worker that dies mid-extraction is restarted this many times before we give up and say so. */
const MAX_RESTARTS = 2;

export function useSession(backendPreference: BackendPreference) {
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  /** Heard from the engine while it chooses the backend (first use of a backbone here). */
  const onBackendChoice = useCallback(
    (event: BackendChoiceEvent) => dispatch({ type: 'backend-choice', event }),
    [],
  );
  /** The dropped files by dataset path, for thumbnails and galleries (the worker keeps its own copies). */
  const [filesByPath, setFilesByPath] = useState<ReadonlyMap<string, Blob>>(new Map());
  /** What a fresh worker needs to pick up where a crashed one stopped. */
  const lastImport = useRef<LastImport | null>(null);
  const edits = useDatasetEdits(dispatch, setFilesByPath, lastImport);
  const { setCaptured, ...editCalls } = edits;
  /** The project opened last: what a fresh worker reopens when no folder was dropped since. */
  const lastProject = useRef<string | null>(null);

  useEffect(() => {
    withEngine((engine) => engine.startBackend(backendPreference))
      .then((backend) => dispatch({ type: 'backend-ready', backend }))
      .catch((error: unknown) =>
        dispatch({
          type: 'failed',
          message: `No compute backend could start: ${messageOf(error)}`,
        }),
      );
  }, [backendPreference]);

  /** Brings a fresh worker to the state the crashed one had: same backend, same dataset. */
  const restore = useCallback(
    async (engine: Engine) => {
      dispatch({ type: 'backend-ready', backend: await engine.startBackend(backendPreference) });
      const last = lastImport.current;
      // The saved project first: a model saved into it keeps going to it.
      if (lastProject.current) await engine.openProject(lastProject.current);
      else if (last)
        await engine.importDataset(last.files, last.splitSeed, undefined, last.findings);
    },
    [backendPreference],
  );

  const importFiles = useCallback(
    async (files: readonly DroppedFile[], splitSeed: number, findings?: WalkFindings) => {
      dispatch({ type: 'import-started', total: files.length });
      setFilesByPath(new Map(files.map((f) => [f.path, f.file])));
      setCaptured([]);
      lastImport.current = { files, splitSeed, findings };
      lastProject.current = null;
      try {
        const dataset = await withEngine((engine) =>
          engine.importDataset(
            files,
            splitSeed,
            callback((event: ImportEvent) =>
              dispatch({ type: 'import-progress', done: event.done, total: event.total }),
            ),
            findings,
          ),
        );
        dispatch({ type: 'import-finished', dataset });
      } catch (error) {
        if (isAbort(error)) dispatch({ type: 'cancelled', notice: 'Import cancelled.' });
        else dispatch({ type: 'failed', message: `Import failed: ${messageOf(error)}` });
      }
    },
    [setCaptured],
  );

  /** Extracts missing features; if the worker dies, restarts it and resumes from the cache. */
  const extract = useCallback(
    async (spec: BackboneSpec, augment?: AugmentConfig) => {
      for (let restarts = 0; ; restarts++) {
        try {
          return await withEngine(async (engine) => {
            if (restarts > 0) await restore(engine);
            dispatch({
              type: 'backbone-ready',
              backbone: await engine.loadBackbone(spec, callback(onBackendChoice)),
              specKey: specKey(spec),
            });
            return engine.extract(
              spec,
              callback((event: ExtractEvent) => dispatch({ type: 'extract-event', event })),
              augment,
            );
          });
        } catch (error) {
          if (!(error instanceof EngineCrashedError) || restarts >= MAX_RESTARTS) throw error;
          dispatch({
            type: 'notice',
            notice:
              'The compute worker stopped unexpectedly. It was restarted and extraction resumed from the features already saved.',
          });
        }
      }
    },
    [restore, onBackendChoice],
  );

  const train = useCallback(
    async (spec: BackboneSpec, config: TrainConfig, augment?: AugmentConfig) => {
      // The runs table says what the person waited for: from this click to the result.
      const clickedAt = performance.now();
      dispatch({ type: 'extract-started' });
      try {
        const extraction = await extract(spec, augment);
        dispatch({ type: 'extract-finished', result: extraction });
        // The backend actually used, with its measured speed ("WASM (SIMD, 2 threads), 94 ms/image").
        if (extraction.backend) dispatch({ type: 'backend-ready', backend: extraction.backend });
        dispatch({ type: 'train-started', epochs: config.epochs });
        const outcome = await withEngine((engine) =>
          engine.train(
            spec,
            config,
            callback((event: TrainEvent | BackendLostEvent) =>
              dispatch({ type: 'train-event', event }),
            ),
            augment,
          ),
        );
        const timing = {
          wallSeconds: (performance.now() - clickedAt) / 1000,
          extractSeconds: extraction.seconds,
        };
        dispatch({ type: 'train-finished', outcome, timing });
      } catch (error) {
        dispatch(trainFailure(error));
      }
    },
    [extract],
  );

  /** Fine-tunes the backbone's last block with the head trained last; same charts as training. */
  const fineTune = useCallback(
    async (spec: BackboneSpec, epochs: number, augment?: AugmentConfig) => {
      const clickedAt = performance.now();
      dispatch({ type: 'train-started', epochs });
      try {
        const outcome = await withEngine((engine) =>
          engine.fineTune(
            spec,
            callback((event: TrainEvent | ExtractEvent | BackendLostEvent) => {
              if (event.type === 'batch' || event.type === 'epoch' || event.type === 'backend-lost')
                dispatch({ type: 'train-event', event });
            }),
            undefined,
            augment,
          ),
        );
        // Its frozen-part extraction is part of the fine-tuning run's own seconds.
        const timing = {
          wallSeconds: (performance.now() - clickedAt) / 1000,
          extractSeconds: null,
        };
        dispatch({ type: 'train-finished', outcome, timing });
      } catch (error) {
        if (isAbort(error)) dispatch({ type: 'cancelled', notice: 'Fine-tuning stopped.' });
        else dispatch({ type: 'failed', message: `Fine-tuning failed: ${messageOf(error)}` });
      }
    },
    [],
  );

  const cancel = useCallback(() => {
    dispatch({ type: 'cancel-requested' });
    void withEngine((engine) => engine.cancel());
  }, []);

  const dismissError = useCallback(() => dispatch({ type: 'dismiss-error' }), []);
  const shownLast = useRef<string | null>(null);
  /**
   * Loads `spec`'s backbone so the status bar can say which weights are in use, and on which
   * backend at what speed (measured first, on first use of this backbone on this device). A slower
   * load of an earlier pick never replaces the later one's.
   */
  const showBackbone = useCallback(
    async (spec: BackboneSpec) => {
      const key = specKey(spec);
      shownLast.current = key;
      try {
        const [backbone, backend] = await withEngine(async (engine) => [
          await engine.loadBackbone(spec, callback(onBackendChoice)),
          await engine.chooseBackend(spec),
        ]);
        if (shownLast.current !== key) return;
        dispatch({ type: 'backbone-ready', backbone, specKey: key });
        dispatch({ type: 'backend-ready', backend });
      } catch (error) {
        if (shownLast.current !== key) return;
        dispatch({ type: 'backend-choice', event: null });
        dispatch({
          type: 'notice',
          notice: `The backbone could not be loaded: ${messageOf(error)}`,
        });
      }
    },
    [onBackendChoice],
  );

  const installWeights = useCallback(
    async (
      id: BuiltinBackboneId,
      source: WeightsInstallSource,
      onStage: (stage: WeightsInstallEvent['stage']) => void,
      reloadSpec: BackboneSpec,
    ) => {
      const installed = await withEngine((engine) =>
        engine.installWeights(
          id,
          source,
          callback((event: WeightsInstallEvent) => onStage(event.stage)),
        ),
      );
      await showBackbone(reloadSpec);
      return installed;
    },
    [showBackbone],
  );

  /** Shows a project the engine has just opened (or imported). */
  const showProject = useCallback((opened: OpenedProject) => {
    lastImport.current = null;
    lastProject.current = opened.project.id;
    setFilesByPath(new Map(opened.files.map((f) => [f.path, f.file])));
    dispatch({ type: 'project-opened', opened });
  }, []);

  const closeProject = useCallback(() => {
    lastImport.current = null;
    lastProject.current = null;
    setFilesByPath(new Map());
    dispatch({ type: 'project-closed' });
  }, []);

  /** Shows the last single-image prediction (the project keeps it: see useProjects). */
  const showPrediction = useCallback((prediction: SavedPrediction) => {
    dispatch({ type: 'prediction-made', prediction });
  }, []);

  /** A project was saved from the dataset imported last: a restarted worker reopens it. */
  const noteProject = useCallback((id: string) => {
    lastProject.current = id;
  }, []);

  return {
    state,
    filesByPath,
    showProject,
    closeProject,
    noteProject,
    showPrediction,
    importFiles,
    train,
    cancel,
    dismissError,
    ...engineCalls,
    fineTune,
    showBackbone,
    installWeights,
    ...editCalls,
    ...useDoctor(dispatch),
    ...useQuietRetrain(dispatch),
  };
}
