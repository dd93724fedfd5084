// How the worker's progress events move the session: extraction progress and training curves.
import type { BackendLostEvent, ExtractEvent } from '../shared/events';
import type { TrainEvent } from '../shared/training';
import type { SessionState } from './session';

export function onExtractEvent(
  state: SessionState,
  event: Exclude<ExtractEvent, BackendLostEvent>,
): SessionState {
  if (state.activity.phase !== 'extracting') return state;
  const previous = state.activity.progress;
  switch (event.type) {
    case 'extract-waiting':
      return { ...state, activity: { ...state.activity, waitingForOtherTab: true } };
    case 'extract-start':
      return {
        ...state,
        activity: {
          ...state.activity,
          waitingForOtherTab: false,
          progress: {
            done: event.cached,
            total: event.total,
            cached: event.cached,
            toCompute: event.toCompute,
            imagesPerSecond: 0,
            etaSeconds: Number.POSITIVE_INFINITY,
          },
        },
      };
    case 'extract-progress':
      if (!previous) return state;
      return {
        ...state,
        activity: {
          ...state.activity,
          progress: {
            ...previous,
            done: event.done,
            imagesPerSecond: event.imagesPerSecond,
            etaSeconds: event.etaSeconds,
          },
        },
      };
    case 'extract-skipped':
      return {
        ...state,
        decodeFailures: [...state.decodeFailures, { path: event.path, detail: event.detail }],
      };
  }
}

export function onTrainEvent(state: SessionState, event: TrainEvent): SessionState {
  const curves = state.curves;
  if (!curves || state.activity.phase !== 'training') return state;
  switch (event.type) {
    case 'batch':
      return {
        ...state,
        curves: {
          ...curves,
          batches: [
            ...curves.batches,
            { x: event.epoch - 1 + event.batch / event.batches, loss: event.loss },
          ],
        },
      };
    case 'epoch':
      return {
        ...state,
        activity: { ...state.activity, epochEtaSeconds: event.etaSeconds },
        curves: {
          ...curves,
          epochs: [...curves.epochs, event.metrics],
          bestEpoch: event.bestEpoch,
        },
      };
  }
}
