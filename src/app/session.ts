// The session's state and its reducer: what the app is doing now and what it has produced so far.
// Pure, so every transition is testable without React or a worker.
import { BACKEND_DEVICE, type BackboneInfo } from '../shared/backbone';
import type { BackendStatus, ExtractResult, ImportResult, TrainOutcome } from '../shared/engine';
import type {
  BackendChoiceEvent,
  BackendChoiceProgress,
  BackendLostEvent,
  ExtractEvent,
} from '../shared/events';
import type { TrainEvent } from '../shared/training';
import type { ExtractProgress, RunRecord, RunTiming, TrainingCurves } from '../shared/session';
import type { DatasetManifest } from '../shared/dataset';
import type { OpenedProject, SavedPrediction } from '../shared/project';
import { onExtractEvent, onTrainEvent } from './sessionEvents';

/** What is happening right now; each phase carries only what it needs. */
export type Activity =
  | { readonly phase: 'idle' }
  | { readonly phase: 'importing'; readonly done: number; readonly total: number }
  | {
      readonly phase: 'extracting';
      readonly progress: ExtractProgress | null;
      readonly cancelling: boolean;
      /** Another tab is extracting; this one starts when it is done. */
      readonly waitingForOtherTab: boolean;
    }
  | { readonly phase: 'training'; readonly stopping: boolean; readonly epochEtaSeconds: number }
  | { readonly phase: 'done' }
  | { readonly phase: 'error'; readonly message: string; readonly storageFull: boolean };

export interface SessionState {
  readonly activity: Activity;
  readonly backend: BackendStatus | null;
  /** The backend choice in progress (first use of a backbone on this device), else null. */
  readonly backendChoice: BackendChoiceProgress | null;
  readonly backbone: BackboneInfo | null;
  /** Which spec `backbone` (and the measurement in `backend`) belongs to: a key, see useSession. */
  readonly backboneSpec: string | null;
  readonly dataset: ImportResult | null;
  /**
   * The dataset as it started: an import finished, or a first edit with nothing loaded (webcam
   * frames). Each new one becomes a new project; an edit of a loaded dataset changes `dataset` only.
   */
  readonly started: ImportResult | null;
  /**
   * The extraction run in this visit (a reopened project's saved one is history: the cache may hold
   * everything since, and the cost estimate counts it).
   */
  readonly extraction: ExtractResult | null;
  /** Images per second of the last extraction that computed any, measured over its last batches. */
  readonly extractionRate: number | null;
  readonly decodeFailures: readonly { readonly path: string; readonly detail: string }[];
  readonly curves: TrainingCurves | null;
  readonly outcome: TrainOutcome | null;
  /** The dataset the outcome was trained and evaluated on: frames captured since do not relabel it. */
  readonly trainedOn: DatasetManifest | null;
  /** A message that does not stop the session: a cancelled run, a fallback. */
  readonly notice: string | null;
  /** Every run finished on this dataset, oldest first, for the comparison table. */
  readonly runs: readonly RunRecord[];
  /** The last image classified with the model shown (saved with the project). */
  readonly lastPrediction: SavedPrediction | null;
}

export const initialSession: SessionState = {
  activity: { phase: 'idle' },
  backend: null,
  backendChoice: null,
  backbone: null,
  backboneSpec: null,
  dataset: null,
  started: null,
  extraction: null,
  extractionRate: null,
  decodeFailures: [],
  curves: null,
  outcome: null,
  trainedOn: null,
  notice: null,
  runs: [],
  lastPrediction: null,
};

function runRecord(outcome: TrainOutcome, index: number, timing: RunTiming): RunRecord {
  const { predictions, accuracy } = outcome.evaluation;
  return {
    ...outcome.run,
    index,
    accuracy,
    correct: predictions.filter((p) => p.predictedClass === p.trueClass).length,
    tested: predictions.length,
    timing,
  };
}

export type SessionAction =
  | { readonly type: 'backend-ready'; readonly backend: BackendStatus }
  /** The backend choice's progress; null: it ended without a result (an error says why). */
  | { readonly type: 'backend-choice'; readonly event: BackendChoiceEvent | null }
  | { readonly type: 'backbone-ready'; readonly backbone: BackboneInfo; readonly specKey: string }
  | { readonly type: 'import-started'; readonly total: number }
  | { readonly type: 'import-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'import-finished'; readonly dataset: ImportResult }
  /** Images were added to the dataset or removed from it (webcam capture, review). */
  | { readonly type: 'dataset-updated'; readonly dataset: ImportResult }
  | { readonly type: 'extract-started' }
  | { readonly type: 'extract-event'; readonly event: ExtractEvent }
  | { readonly type: 'extract-finished'; readonly result: ExtractResult }
  | { readonly type: 'train-started'; readonly epochs: number }
  | { readonly type: 'train-event'; readonly event: TrainEvent | BackendLostEvent }
  /** `timing`: the page's clock from the click to the result (see RunTiming). */
  | { readonly type: 'train-finished'; readonly outcome: TrainOutcome; readonly timing: RunTiming }
  | { readonly type: 'prediction-made'; readonly prediction: SavedPrediction }
  | { readonly type: 'cancel-requested' }
  | { readonly type: 'cancelled'; readonly notice: string }
  | { readonly type: 'failed'; readonly message: string; readonly storageFull?: boolean }
  | { readonly type: 'notice'; readonly notice: string }
  | { readonly type: 'dismiss-error' }
  /** A saved project was opened: its dataset and, when it has one, its model's results. */
  | { readonly type: 'project-opened'; readonly opened: OpenedProject }
  /** The open project was deleted: back to an empty page. */
  | { readonly type: 'project-closed' };

/** The run moved to another backend: say so, and restart the charts if training starts over. */
function onBackendLost(state: SessionState, event: BackendLostEvent): SessionState {
  const training = state.activity.phase === 'training';
  const notice =
    `The ${BACKEND_DEVICE[event.lost]} was lost (${event.reason}). ` +
    (training
      ? `Training started again on ${event.now.detail}.`
      : `Carrying on with ${event.now.detail}; the features already saved are kept.`);
  return {
    ...state,
    backend: event.now,
    notice,
    curves:
      training && state.curves
        ? { ...state.curves, epochs: [], batches: [], bestEpoch: 0 }
        : state.curves,
  };
}

/** A new dataset or project starts the page over; the backend and the backbone stay as they are. */
function freshSession(state: SessionState): SessionState {
  const { backend, backendChoice, backbone, backboneSpec } = state;
  return { ...initialSession, backend, backendChoice, backbone, backboneSpec };
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'backend-ready':
      return { ...state, backend: action.backend, backendChoice: null };
    case 'backend-choice':
      if (action.event?.stage === 'chosen')
        return { ...state, backend: action.event.status, backendChoice: null };
      return { ...state, backendChoice: action.event };
    case 'backbone-ready':
      return { ...state, backbone: action.backbone, backboneSpec: action.specKey };
    case 'import-started':
      return {
        ...freshSession(state),
        activity: { phase: 'importing', done: 0, total: action.total },
      };
    case 'import-progress':
      return state.activity.phase === 'importing'
        ? { ...state, activity: { phase: 'importing', done: action.done, total: action.total } }
        : state;
    case 'import-finished':
      return {
        ...state,
        dataset: action.dataset,
        started: action.dataset,
        activity: { phase: 'idle' },
      };
    case 'dataset-updated':
      return {
        ...state,
        dataset: action.dataset,
        ...(state.dataset === null && { started: action.dataset }),
      };
    case 'extract-started':
      return {
        ...state,
        notice: null,
        extraction: null,
        decodeFailures: [],
        outcome: null,
        curves: null,
        activity: {
          phase: 'extracting',
          progress: null,
          cancelling: false,
          waitingForOtherTab: false,
        },
      };
    case 'extract-event':
      return action.event.type === 'backend-lost'
        ? onBackendLost(state, action.event)
        : onExtractEvent(state, action.event);
    case 'extract-finished': {
      const progress = state.activity.phase === 'extracting' ? state.activity.progress : null;
      const rate = action.result.computed > 0 ? (progress?.imagesPerSecond ?? 0) : 0;
      return {
        ...state,
        extraction: action.result,
        extractionRate: rate > 0 ? rate : null,
        decodeFailures: action.result.failed,
      };
    }
    case 'train-started':
      return {
        ...state,
        curves: { epochs: [], batches: [], bestEpoch: 0, plannedEpochs: action.epochs },
        activity: { phase: 'training', stopping: false, epochEtaSeconds: Number.POSITIVE_INFINITY },
      };
    case 'train-event':
      return action.event.type === 'backend-lost'
        ? onBackendLost(state, action.event)
        : onTrainEvent(state, action.event);
    case 'train-finished':
      return {
        ...state,
        outcome: action.outcome,
        trainedOn: state.dataset?.manifest ?? null,
        runs: [...state.runs, runRecord(action.outcome, state.runs.length + 1, action.timing)],
        lastPrediction: null, // the old model's
        // The result's history is authoritative: progress callbacks travel on their own channel and
        // the last epochs' events may land after the result, when 'done' ignores them.
        curves: state.curves && {
          ...state.curves,
          epochs: action.outcome.result.history,
          bestEpoch: action.outcome.result.bestEpoch,
        },
        activity: { phase: 'done' },
      };
    case 'cancel-requested':
      if (state.activity.phase === 'extracting')
        return { ...state, activity: { ...state.activity, cancelling: true } };
      if (state.activity.phase === 'training')
        return { ...state, activity: { ...state.activity, stopping: true } };
      return state;
    case 'cancelled':
      return { ...state, notice: action.notice, activity: { phase: 'idle' } };
    case 'failed':
      return {
        ...state,
        backendChoice: null, // a measurement in flight failed with the run, or will be redone
        activity: {
          phase: 'error',
          message: action.message,
          storageFull: action.storageFull ?? false,
        },
      };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'prediction-made':
      return { ...state, lastPrediction: action.prediction };
    case 'project-opened': {
      const model = action.opened.model;
      return {
        ...freshSession(state),
        dataset: action.opened.dataset,
        decodeFailures: model?.extraction?.failed ?? [],
        curves: model?.curves ?? null,
        outcome: model?.outcome ?? null,
        runs: action.opened.runs,
        lastPrediction: model ? action.opened.lastPrediction : null,
        activity: model ? { phase: 'done' } : { phase: 'idle' },
      };
    }
    case 'project-closed':
      return freshSession(state);
    case 'dismiss-error':
      return { ...state, activity: { phase: state.outcome ? 'done' : 'idle' } };
  }
}
