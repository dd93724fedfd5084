// Drives the engine worker from the UI: import, extract-then-train, cancel, predict.
// The reducer in session.ts holds the state; this hook only sequences calls and forwards events.
import { useCallback, useEffect, useReducer, useState } from 'react';
import { callback, getEngine } from '../bridge/engine';
import type { BackboneSpec, BackendPreference } from '../shared/engine';
import type { DroppedFile } from '../shared/dataset';
import type { TrainConfig, TrainEvent } from '../shared/training';
import type { ExtractEvent, ImportEvent } from '../shared/events';
import { initialSession, sessionReducer } from './session';

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function useSession(backendPreference: BackendPreference) {
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  /** The dropped files by dataset path, for thumbnails and galleries (the worker keeps its own copies). */
  const [filesByPath, setFilesByPath] = useState<ReadonlyMap<string, Blob>>(new Map());

  useEffect(() => {
    getEngine()
      .startBackend(backendPreference)
      .then((backend) => dispatch({ type: 'backend-ready', backend }))
      .catch((error: unknown) =>
        dispatch({
          type: 'failed',
          message: `No compute backend could start: ${messageOf(error)}`,
        }),
      );
  }, [backendPreference]);

  const importFiles = useCallback(async (files: readonly DroppedFile[], splitSeed: number) => {
    dispatch({ type: 'import-started', total: files.length });
    setFilesByPath(new Map(files.map((f) => [f.path, f.file])));
    try {
      const dataset = await getEngine().importDataset(
        files,
        splitSeed,
        callback((event: ImportEvent) =>
          dispatch({ type: 'import-progress', done: event.done, total: event.total }),
        ),
      );
      dispatch({ type: 'import-finished', dataset });
    } catch (error) {
      if (isAbort(error)) dispatch({ type: 'cancelled', notice: 'Import cancelled.' });
      else dispatch({ type: 'failed', message: `Import failed: ${messageOf(error)}` });
    }
  }, []);

  const train = useCallback(async (spec: BackboneSpec, config: TrainConfig) => {
    const engine = getEngine();
    dispatch({ type: 'extract-started' });
    try {
      const backbone = await engine.loadBackbone(spec);
      dispatch({ type: 'backbone-ready', backbone });
      const extraction = await engine.extract(
        spec,
        callback((event: ExtractEvent) => dispatch({ type: 'extract-event', event })),
      );
      dispatch({ type: 'extract-finished', result: extraction });
      dispatch({ type: 'train-started', epochs: config.epochs });
      const outcome = await engine.train(
        spec,
        config,
        callback((event: TrainEvent) => dispatch({ type: 'train-event', event })),
      );
      dispatch({ type: 'train-finished', outcome });
    } catch (error) {
      if (isAbort(error)) {
        dispatch({
          type: 'cancelled',
          notice:
            'Extraction stopped. Features computed so far are saved; Train resumes from there.',
        });
      } else {
        dispatch({ type: 'failed', message: messageOf(error) });
      }
    }
  }, []);

  const cancel = useCallback(() => {
    dispatch({ type: 'cancel-requested' });
    void getEngine().cancel();
  }, []);

  const dismissError = useCallback(() => dispatch({ type: 'dismiss-error' }), []);

  const predict = useCallback(
    (spec: BackboneSpec, file: Blob) => getEngine().predict(spec, file),
    [],
  );

  return { state, filesByPath, importFiles, train, cancel, dismissError, predict };
}
