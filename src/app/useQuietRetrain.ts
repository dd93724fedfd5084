// The retrain label assist starts after every N labels (issue #29): the same extract-then-train as
// the Train button, run in the background. The session's phase stays 'done' the whole time, so the
// results step keeps showing the model in use (no training charts take its place); the new model
// then lands like any run ('train-finished': results, runs table, saved into the project).
import { useCallback, type Dispatch } from 'react';
import { callback, withEngine } from '../bridge/engine';
import type { AugmentConfig } from '../shared/augment';
import type { BackboneSpec } from '../shared/engine';
import type { BackendLostEvent, ExtractEvent } from '../shared/events';
import type { RetrainProgress } from '../shared/labelAssist';
import type { TrainConfig, TrainEvent } from '../shared/training';
import type { SessionAction } from './session';

export function useQuietRetrain(dispatch: Dispatch<SessionAction>) {
  const retrainQuietly = useCallback(
    async (
      spec: BackboneSpec,
      config: TrainConfig,
      augment: AugmentConfig | undefined,
      onProgress: (progress: RetrainProgress) => void,
    ) => {
      const startedAt = performance.now();
      onProgress({ stage: 'starting' });
      // Nothing to say when every feature is cached already (the usual case: see labelSuggestOps).
      let computing = false;
      const onExtract = (event: ExtractEvent) => {
        if (event.type === 'extract-start') computing = event.toCompute > 0;
        if (event.type === 'extract-start' && computing)
          onProgress({ stage: 'extracting', done: event.cached, total: event.total });
        else if (event.type === 'extract-progress' && computing)
          onProgress({ stage: 'extracting', done: event.done, total: event.total });
      };
      const onTrain = (event: TrainEvent | BackendLostEvent) => {
        if (event.type === 'epoch')
          onProgress({ stage: 'training', epoch: event.metrics.epoch, epochs: config.epochs });
      };
      const { extraction, outcome } = await withEngine(async (engine) => {
        const extraction = await engine.extract(spec, callback(onExtract), augment);
        const outcome = await engine.train(spec, config, callback(onTrain), augment);
        return { extraction, outcome };
      });
      const timing = {
        wallSeconds: (performance.now() - startedAt) / 1000,
        extractSeconds: extraction.seconds,
      };
      dispatch({ type: 'train-finished', outcome, timing });
    },
    [dispatch],
  );
  return { retrainQuietly };
}
